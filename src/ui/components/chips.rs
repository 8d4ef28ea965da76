use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::filter::FilterState;
use crate::ui::components::search_box::focus_search_box;
use crate::ui::context::use_explorer;

/// Where the keyboard's focus goes once a chip's removal has rendered: the chip now at the
/// removed one's place (the next), else the last one left, else the search box. Set by a
/// click, with how many chips there were, and taken by the first render with fewer.
#[derive(Default)]
struct FocusAfter(Option<(usize, usize)>);

/// One removable chip: its label and the state without it.
fn chip(
    label: String,
    without: FilterState,
    place: (usize, usize),
    focus_after: &Rc<RefCell<FocusAfter>>,
    nav: &crate::ui::location::Navigator,
) -> Html {
    let (nav, focus_after) = (nav.clone(), focus_after.clone());
    let onclick = Callback::from(move |_: MouseEvent| {
        focus_after.borrow_mut().0 = Some(place);
        nav.push(without.clone())
    });
    let aria = format!("Remove filter {label}");
    html! {
        <li><button type="button" class="chip" {onclick} aria-label={aria}>{ label }<span aria-hidden="true">{ " ×" }</span></button></li>
    }
}

/// Moves the focus as `FocusAfter` says, now that `shown` chips are in `list`.
fn refocus(focus_after: &RefCell<FocusAfter>, list: &NodeRef, shown: usize) {
    let mut focus_after = focus_after.borrow_mut();
    let Some((place, before)) = focus_after.0 else {
        return;
    };
    if shown >= before {
        // The removal has not rendered yet.
        return;
    }
    focus_after.0 = None;
    let buttons = list
        .cast::<web_sys::Element>()
        .and_then(|ul| ul.query_selector_all("button.chip").ok());
    let button = buttons.and_then(|b| match b.length() {
        0 => None,
        n => b.item((place as u32).min(n - 1)),
    });
    match button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(button) => {
            // Focusing an element in the page cannot fail in a way worth reporting.
            let _ = button.focus();
        }
        None => focus_search_box(),
    }
}

/// The selected facet values and dates as chips, with "Clear all". A chip removed, or all of
/// them cleared, leaves the keyboard's focus on the next chip or the search box, not the page.
#[function_component(Chips)]
pub fn chips() -> Html {
    let explorer = use_explorer();
    let focus_after = use_mut_ref(FocusAfter::default);
    let list = use_node_ref();
    let selections = explorer.state.selections(&explorer.data.index.attrs);
    let shown = selections.len();
    {
        let (focus_after, list) = (focus_after.clone(), list.clone());
        use_effect(move || refocus(&focus_after, &list, shown));
    }
    if selections.is_empty() {
        return html! {};
    }
    let items: Vec<Html> = selections
        .into_iter()
        .enumerate()
        .map(|(k, s)| chip(s.label, s.without, (k, shown), &focus_after, &explorer.nav))
        .collect();
    let clear = {
        let nav = explorer.nav.clone();
        let next = explorer.with(|s| {
            *s = FilterState {
                query: s.query.clone(),
                sort: s.sort,
                view: s.view.clone(),
                ..FilterState::default()
            }
        });
        Callback::from(move |_: MouseEvent| {
            focus_after.borrow_mut().0 = Some((0, shown));
            nav.push(next.clone())
        })
    };
    html! {
        <div class="chips">
            <ul aria-label="Selected filters" ref={list}>{ for items }</ul>
            <button type="button" class="link-button" onclick={clear}>{ "Clear all" }</button>
        </div>
    }
}
