//! The home page: one search box, facets, the result count, sort, a month histogram and the
//! windowed result list. `/` focuses the box; `j`/`k` move the selection; Enter opens it.

use std::sync::Arc;

use yew::prelude::*;

use crate::filter::{FilterState, View};
use crate::index::Sort;
use crate::ui::components::bar_chart::BarChart;
use crate::ui::components::chips::Chips;
use crate::ui::components::corpus_summary::{CorpusSummary, CorpusSummaryProps};
use crate::ui::components::export_buttons::ExportButtons;
use crate::ui::components::facets::{Edit, FacetSidebar, SelectedNames};
use crate::ui::components::notices::Notices;
use crate::ui::components::result_list::ResultList;
use crate::ui::components::search_box::{focus_search_box, SearchBox};
use crate::ui::components::suggestions::Suggestions;
use crate::ui::context::{use_explorer, Explorer};
use crate::ui::deferred::use_after_paint;
use crate::ui::same::Same;
use crate::ui::words::count;

/// Consecutive months from the first to the last in `months` (ascending, as results give
/// them), with their counts.
fn fill_months(months: &[(Arc<str>, u32)]) -> (Vec<String>, Vec<Vec<u32>>) {
    let parse = |m: &str| -> Option<(u32, u32)> {
        Some((m.get(..4)?.parse().ok()?, m.get(5..7)?.parse().ok()?))
    };
    let (Some(first), Some(last)) = (
        months.first().and_then(|(m, _)| parse(m)),
        months.last().and_then(|(m, _)| parse(m)),
    ) else {
        return (Vec::new(), Vec::new());
    };
    let mut out = Vec::new();
    let mut counts = Vec::new();
    let mut given = months.iter().peekable();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        let key = format!("{y:04}-{m:02}");
        while given.next_if(|(k, _)| **k < *key).is_some() {}
        let count = given.next_if(|(k, _)| **k == *key).map_or(0, |(_, c)| *c);
        out.push(key);
        counts.push(vec![count]);
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    (out, counts)
}

fn is_typing(e: &KeyboardEvent) -> bool {
    let tag = e
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .map(|el| el.tag_name().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(tag.as_str(), "input" | "textarea" | "select")
}

/// Handles `/`, `j`, `k` and Enter for the search page.
fn on_key(explorer: &Explorer, e: &KeyboardEvent) {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return;
    }
    let key = e.key();
    if key == "/" && !is_typing(e) {
        e.prevent_default();
        focus_search_box();
        return;
    }
    if is_typing(e) {
        return;
    }
    let total = explorer.results.total as usize;
    let current = explorer
        .state
        .selected
        .as_deref()
        .and_then(|id| explorer.doc_of_id(id));
    let position = current.and_then(|doc| explorer.position_of(doc));
    let next = match (key.as_str(), position) {
        ("j", None) => Some(0),
        ("j", Some(i)) => Some((i + 1).min(total.saturating_sub(1))),
        ("k", Some(i)) => Some(i.saturating_sub(1)),
        ("Enter", Some(_)) => {
            if let Some(view) = current.and_then(|doc| explorer.view_of(doc)) {
                e.prevent_default();
                explorer.nav.push(explorer.at(view));
            }
            return;
        }
        _ => None,
    };
    if let Some(hit) = next.and_then(|i| explorer.hits(i..i + 1).first().copied()) {
        let id = explorer.id_of(hit.doc);
        explorer.nav.replace(explorer.with(|s| s.selected = id));
    }
}

#[function_component(SearchPage)]
pub fn search_page() -> Html {
    let explorer = use_explorer();
    {
        let explorer = explorer.clone();
        use_effect_with(explorer.clone(), move |explorer| {
            let explorer = explorer.clone();
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let listener = gloo::events::EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                options,
                move |e| {
                    if let Some(e) = wasm_bindgen::JsCast::dyn_ref::<KeyboardEvent>(e) {
                        on_key(&explorer, e);
                    }
                },
            );
            move || drop(listener)
        });
    }
    // The facets and the chart show the results after the next paint (`use_after_paint`), and
    // their callbacks stay the same across renders, reading the explorer of the latest one: so
    // a keystroke renders and paints the count and the rows without them.
    let latest = use_mut_ref(|| explorer.clone());
    *latest.borrow_mut() = explorer.clone();
    let on_edit = use_callback((), {
        let latest = latest.clone();
        move |edit: Edit, _| {
            let explorer = latest.borrow().clone();
            explorer.nav.push(explorer.with(|s| edit(s)));
        }
    });
    let on_month = use_callback((), {
        let latest = latest.clone();
        move |month: String, _| {
            let explorer = latest.borrow().clone();
            explorer
                .nav
                .push((*explorer.state).clone().in_month(&month))
        }
    });
    let shown = use_after_paint(explorer.results.clone(), false);
    let shown_facets = use_memo(Same::of(&shown), |shown| shown.0.facets.clone());
    let selection = use_memo(explorer.state.clone(), |state| FilterState {
        query: String::new(),
        selected: None,
        sort: Sort::default(),
        view: View::default(),
        ..(**state).clone()
    });
    let names = use_memo(
        (selection.clone(), explorer.data.clone()),
        |(selection, data)| SelectedNames::of(selection, &data.index.attrs),
    );
    let results = &explorer.results;
    let summary = use_memo(explorer.data.clone(), |data| {
        CorpusSummaryProps::of(&data.corpus)
    });
    let chart = use_memo(Same::of(&shown), |shown| fill_months(&shown.0.months));
    let (months, counts) = (*chart).clone();
    let chosen_month = explorer.state.chosen_month().map(str::to_string);
    let on_sort = {
        let explorer = explorer.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let sort = Sort::from_slug(&select.value()).unwrap_or_default();
            explorer.nav.push(explorer.with(|s| s.sort = sort));
        })
    };
    let total = results.total;
    let count_text = match total {
        0 => "No results".to_string(),
        n => count(n as usize, "result", "results"),
    };
    html! {
        <div class="search-layout">
            <FacetSidebar facets={shown_facets} {selection} {names} {on_edit} />
            <section class="results" aria-labelledby="results-heading" aria-busy={(!explorer.settled()).then_some("true")}>
                <SearchBox />
                if explorer.state.is_unfiltered() {
                    <CorpusSummary ..(*summary).clone() />
                }
                <Notices notes={results.notes.clone()} ignored={(*explorer.ignored).clone()} />
                <Chips />
                <div class="results-header">
                    <h2 id="results-heading" class="count" aria-live="polite">{ count_text }</h2>
                    // On a small screen the filters follow the results: a way down past them.
                    <a class="jump" href="#filters">{ "Filters" }</a>
                    if total > 0 { <ExportButtons /> }
                    <label class="sort">{ "Sort " }
                        <select onchange={on_sort}>
                            { for [Sort::Relevance, Sort::Newest, Sort::Oldest].into_iter().map(|s| html! {
                                <option value={s.slug()} selected={explorer.state.sort == s}>{ s.slug() }</option>
                            }) }
                        </select>
                    </label>
                </div>
                <Suggestions searched={explorer.searched.clone()} {total} />
                if total > 0 {
                    <BarChart label="Results per month; choose a month to narrow to it" months={months}
                        series={vec!["Results".to_string()]} counts={counts}
                        undated={vec![shown.undated]} on_select={on_month} selected={chosen_month} />
                    <ResultList total={total as usize} selected={explorer.state.selected.clone()} />
                }
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::fill_months;
    use std::sync::Arc;

    #[test]
    fn months_between_the_first_and_last_are_filled_with_zeros() {
        let months: Vec<(Arc<str>, u32)> = vec![
            ("2024-11".into(), 3),
            ("2025-02".into(), 5),
            ("2025-03".into(), 1),
        ];
        let (labels, counts) = fill_months(&months);
        assert_eq!(
            labels,
            ["2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]
        );
        assert_eq!(counts, [[3], [0], [0], [5], [1]]);
        assert_eq!(fill_months(&[]), (Vec::new(), Vec::new()));
    }
}
