use std::rc::Rc;

use yew::prelude::*;

use super::highlighted::Highlighted;
use super::link::Link;
use super::party_badge::PartyBadge;
use crate::corpus::lines::{after_words, without_formal_opening};
use crate::index::highlight::{Highlighter, Segment};
use crate::index::response::NamedDay;
use crate::index::{Answered, DocRef};
use crate::ui::context::{use_explorer, Explorer};
use crate::ui::deferred::use_after_paint;
use crate::ui::words::Thousands;

/// Every row is this tall, so the list can place any row without measuring it.
pub const ROW_HEIGHT: f64 = 124.0;
/// Rows rendered beyond the visible ones, above and below (where the list has them).
const OVERSCAN: usize = 3;
/// Words of a question with no heading its row's title shows (`Question::title`).
const ROW_TITLE_WORDS: usize = 14;

#[derive(Properties, PartialEq)]
pub struct ResultListProps {
    /// How many results there are; the rows in view are ranked through the explorer.
    pub total: usize,
    /// The id of the selected record, if it is in the list.
    #[prop_or_default]
    pub selected: Option<String>,
}

/// The results, windowed: only the rows in view (and a few either side) are in the DOM, so a
/// hundred thousand results scroll as smoothly as ten.
#[function_component(ResultList)]
pub fn result_list(props: &ResultListProps) -> Html {
    let explorer = use_explorer();
    let scroll_top = use_state(|| 0.0f64);
    let viewport = use_state(|| 800.0f64);
    let list_ref = use_node_ref();
    let onscroll = {
        let scroll_top = scroll_top.clone();
        let viewport = viewport.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            scroll_top.set(f64::from(el.scroll_top()));
            viewport.set(f64::from(el.client_height()));
        })
    };
    let total = props.total;
    // Size the list before anything scrolls it (effects run in this order).
    {
        let list_ref = list_ref.clone();
        use_effect_with(total, move |&total| size_list(&list_ref, total));
    }
    // The most the list shows at once (it is as tall as its rows up to that cap), measured
    // once laid out and again whenever the window's size changes: a taller list shows more
    // rows than the first guess, a shorter one needs fewer drawn.
    {
        let list_ref = list_ref.clone();
        let viewport = viewport.clone();
        use_effect_with((), move |()| {
            let measure = move || {
                if let Some(el) = list_ref.cast::<web_sys::Element>() {
                    let height = height_cap(&el).unwrap_or_else(|| f64::from(el.client_height()));
                    if height > 0.0 {
                        viewport.set(height);
                    }
                }
            };
            measure();
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| {
                    measure()
                });
            move || drop(listener)
        });
    }
    // Keep the selected row in view when j/k move the selection or an address selects one.
    let selected_doc = props
        .selected
        .as_deref()
        .and_then(|id| explorer.doc_of_id(id));
    {
        let list_ref = list_ref.clone();
        let explorer = explorer.clone();
        use_effect_with(selected_doc, move |doc| {
            let index = doc.and_then(|doc| explorer.position_of(doc));
            if let (Some(i), Some(el)) = (index, list_ref.cast::<web_sys::Element>()) {
                let top = i as f64 * ROW_HEIGHT;
                let view_top = f64::from(el.scroll_top());
                let view_h = f64::from(el.client_height());
                if top < view_top {
                    el.set_scroll_top(top as i32);
                } else if top + ROW_HEIGHT > view_top + view_h {
                    el.set_scroll_top((top + ROW_HEIGHT - view_h) as i32);
                }
            }
        });
    }
    // The rows in view and `OVERSCAN` either side, where there are any: at the top of the list
    // (where typing leaves it) nothing is above, and no extra rows are drawn below instead.
    // New results draw the rows in view first, so a keystroke's paint waits for no row it
    // does not show; the rows beyond follow in the task after that paint, long before a
    // scroll could reach them (a scroll draws what it shows in any case).
    let settled = use_after_paint(explorer.results.clone(), false);
    let overscan = if Rc::ptr_eq(&settled, &explorer.results) {
        OVERSCAN
    } else {
        0
    };
    let top = (*scroll_top / ROW_HEIGHT) as usize;
    let visible = (*viewport / ROW_HEIGHT).ceil() as usize;
    let first = top.saturating_sub(overscan).min(total);
    let last = (top + visible + overscan).clamp(first, total);
    html! {
        <div class="result-list" ref={list_ref.clone()} {onscroll} tabindex="-1">
            <Rows {explorer} {first} {last} {total} {selected_doc} list={list_ref} />
        </div>
    }
}

/// The list's largest height in CSS pixels, as its style sets it (`max-height`); `None` when
/// the style sets none in pixels, so the caller measures the height the list has.
fn height_cap(el: &web_sys::Element) -> Option<f64> {
    let style = gloo::utils::window().get_computed_style(el).ok()??;
    let cap = style.get_property_value("max-height").ok()?;
    cap.strip_suffix("px")?.parse().ok()
}

#[derive(Properties)]
struct RowsProps {
    explorer: Explorer,
    /// The rows `first..last` of `total`.
    first: usize,
    last: usize,
    total: usize,
    selected_doc: Option<u32>,
    /// The list the rows are placed in.
    list: NodeRef,
}

/// The rows show the results and the query they answer, not the state a keystroke has changed
/// since: a keystroke renders them again only once its search has run, so the paint of the
/// typed character waits for no rows.
impl PartialEq for RowsProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.explorer, &other.explorer);
        Rc::ptr_eq(&a.data, &b.data)
            && Rc::ptr_eq(&a.results, &b.results)
            && Rc::ptr_eq(&a.searched, &b.searched)
            // Rows link to their records with the selection kept (`Explorer::from_results`).
            && a.state.selected == b.state.selected
            && (self.first, self.last, self.total, self.selected_doc)
                == (other.first, other.last, other.total, other.selected_doc)
            && self.list == other.list
    }
}

/// The rows `first..last`, each placed at its index once rendered, and keyed by it: yew matches
/// unkeyed children from the end, so the rows beyond those in view, dropped for a keystroke's
/// paint and drawn after it, would have moved every row to another place and back, rewriting
/// each twice a keystroke.
#[function_component(Rows)]
fn rows(props: &RowsProps) -> Html {
    let RowsProps {
        explorer,
        first,
        last,
        total,
        selected_doc,
        list,
    } = props;
    {
        let list = list.clone();
        use_effect(move || place_rows(&list));
    }
    let highlighter = Highlighter::new(&explorer.searched.to_search().0);
    let hits = explorer.hits(*first..*last);
    let rows = hits.iter().enumerate().map(|(k, hit)| {
        let selected = *selected_doc == Some(hit.doc);
        row(explorer, &highlighter, hit.doc, first + k, *total, selected)
    });
    html! {
        <ol class="rows" aria-label="Results">
            { for rows }
        </ol>
    }
}

fn row(
    explorer: &Explorer,
    highlighter: &Highlighter,
    doc: u32,
    index: usize,
    total: usize,
    selected: bool,
) -> Html {
    let data = &explorer.data;
    let Some(view) = explorer.view_of(doc) else {
        return html! {};
    };
    let to = explorer.from_results(view);
    let row_index = index.to_string();
    let class = classes!("row", selected.then_some("selected"));
    let position = (index + 1).to_string();
    let setsize = total.to_string();
    match data.index.doc_ref(doc) {
        Some(DocRef::Question(i)) => {
            let Some(q) = data.question(i) else {
                return html! {};
            };
            let title = q.title(ROW_TITLE_WORDS);
            let snippet = match data.text_missing(DocRef::Question(i)) {
                Some(why) => html! { <p class="snippet pending">{ why }</p> },
                None => best_text(highlighter, &q)
                    .map_or_else(Html::default, |text| snippet(highlighter, text)),
            };
            let shared = Some(data.group_size(i)).filter(|&n| n > 1);
            let status = match &q.answer {
                None => Some(Answered::No.label()),
                Some(a) if a.holding => Some(Answered::Holding.label()),
                _ => None,
            };
            // Only API records have named days: other corpora never need the snapshot's ends.
            let late = q.named_day
                && NamedDay::of(&q, data.snapshot_ends()).is_some_and(NamedDay::is_late);
            html! {
                <li key={index} {class} data-index={row_index} aria-posinset={position} aria-setsize={setsize} aria-current={selected.then_some("true")}>
                    <h3 class="row-title"><Link to={to}><Highlighted segments={highlighter.segments(&title)} /></Link></h3>
                    <p class="row-meta">
                        <span class="who">{ q.asker.display_name() }</span>
                        <PartyBadge party={q.asker.party.as_deref().map(AttrValue::from)} />
                        <span>{ q.date.clone().unwrap_or_else(|| "undated".into()) }</span>
                        if let Some(d) = &q.department { <span>{ d.clone() }</span> }
                        if let Some(s) = status { <span class="status">{ s }</span> }
                        if late { <span class="status late" title="A named day question not answered in substance on the day its asker named">{ "late for its named day" }</span> }
                        if let Some(n) = shared { <span class="shared" title="The same answer was given to other questions">{ format!("answer shared by {} questions", Thousands::from(n)) }</span> }
                    </p>
                    { snippet }
                </li>
            }
        }
        Some(DocRef::PressRelease(i)) => {
            let Some(p) = data.press_release(i) else {
                return html! {};
            };
            let body = highlighter
                .best(p.paragraphs.iter().map(String::as_str))
                .or(p.paragraphs.first().map(String::as_str))
                .unwrap_or("");
            let snippet = match data.text_missing(DocRef::PressRelease(i)) {
                Some(why) => html! { <p class="snippet pending">{ why }</p> },
                None => snippet(
                    highlighter,
                    SnippetText {
                        text: body,
                        cut: false,
                        goes_on: false,
                    },
                ),
            };
            html! {
                <li key={index} {class} data-index={row_index} aria-posinset={position} aria-setsize={setsize} aria-current={selected.then_some("true")}>
                    <h3 class="row-title"><Link to={to}><Highlighted segments={highlighter.segments(&p.title)} /></Link></h3>
                    <p class="row-meta">
                        <span class="kind-press">{ "Press release" }</span>
                        <span>{ p.date.clone().or_else(|| p.month.clone()).unwrap_or_else(|| "undated".into()) }</span>
                        if let Some(d) = &p.department { <span>{ d.clone() }</span> }
                    </p>
                    { snippet }
                </li>
            }
        }
        None => html! {},
    }
}

/// The list's rows, as an element styles can be set on.
fn rows_of(list: &NodeRef) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    list.cast::<web_sys::Element>()
        .and_then(|el| el.first_element_child())
        .and_then(|ol| ol.dyn_into::<web_sys::HtmlElement>().ok())
}

/// `rows` rows' height in CSS pixels.
fn px(rows: f64) -> String {
    format!("{}px", rows * ROW_HEIGHT)
}

/// Sizes the list for `total` rows. Through the CSSOM rather than `style` attributes, which
/// the page's Content-Security-Policy (`style-src 'self'`) blocks.
fn size_list(list: &NodeRef, total: usize) {
    if let Some(ol) = rows_of(list) {
        // Setting a style property cannot fail for this name and value; nothing to report.
        let _ = ol.style().set_property("height", &px(total as f64));
    }
}

/// Places each rendered row at its index, through the CSSOM as `size_list` does. Runs after
/// every render of the rows, before the browser paints, so rows never show unplaced.
fn place_rows(list: &NodeRef) {
    use wasm_bindgen::JsCast;
    let Some(ol) = rows_of(list) else {
        return;
    };
    let rows = ol.children();
    for i in 0..rows.length() {
        let Some(li) = rows
            .item(i)
            .and_then(|li| li.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        if let Some(index) = li
            .get_attribute("data-index")
            .and_then(|v| v.parse::<f64>().ok())
        {
            let _ = li.style().set_property("top", &px(index));
        }
    }
}

/// A row's snippet of `text`: the stretch where the query matches best, with the matches
/// marked, and `…` at its end where the snippet or, when `cut` says so, the source cut the text
/// short, and at its start where it goes on from the title.
fn snippet(highlighter: &Highlighter, text: SnippetText<'_>) -> Html {
    let mut segments = highlighter.snippet(text.text, 220);
    let ellipsis = || Segment {
        text: "…".into(),
        hit: false,
    };
    let is_ellipsis = |s: Option<&Segment>| s.is_some_and(|s| !s.hit && s.text == "…");
    if text.cut && !is_ellipsis(segments.last()) {
        segments.push(ellipsis());
    }
    if text.goes_on && !is_ellipsis(segments.first()) {
        segments.insert(0, ellipsis());
    }
    html! { <p class="snippet"><Highlighted {segments} /></p> }
}

/// What a row's snippet shows of a question.
struct SnippetText<'a> {
    text: &'a str,
    /// The source cut the text short (an official API record's question: an answer it cut says
    /// so with its own `...`).
    cut: bool,
    /// It goes on from the row's title, which shows the question's first words.
    goes_on: bool,
}

/// The question or, when only the answer matches, the answer paragraph that matches best. A
/// question with no heading is titled by its first `ROW_TITLE_WORDS` words, so its snippet goes
/// on after them; `None` when the title shows the whole question and the answer has none of
/// the words.
fn best_text<'a>(
    highlighter: &Highlighter,
    q: &'a crate::corpus::Question,
) -> Option<SnippetText<'a>> {
    let matches = |t: &str| highlighter.finds(t);
    // What the question asks, without "To ask the Secretary of State for …," (the row names the
    // department already), unless only that opening has the words searched for.
    let asked = without_formal_opening(&q.text);
    let cut = q.text_looks_cut_short();
    let question = |text, goes_on| SnippetText { text, cut, goes_on };
    let answer = || {
        let paragraphs = &q.answer.as_ref()?.paragraphs;
        let paragraph = highlighter.best(paragraphs.iter().map(String::as_str))?;
        Some(SnippetText {
            text: paragraph,
            cut: false,
            goes_on: false,
        })
    };
    if q.heading.is_none() {
        let rest = after_words(asked, ROW_TITLE_WORDS).map(|rest| question(rest, true));
        return match rest {
            Some(rest) if highlighter.is_empty() || matches(rest.text) => Some(rest),
            _ if highlighter.is_empty() => None,
            // The words are in the title, the formal opening or the answer.
            rest => answer().or(rest),
        };
    }
    if highlighter.is_empty() || matches(asked) {
        return Some(question(asked, false));
    }
    if matches(&q.text) {
        return Some(question(&q.text, false));
    }
    answer().or(Some(question(asked, false)))
}
