use yew::prelude::*;

use crate::filter::FilterState;
use crate::ui::context::use_explorer;

/// One removable chip: its label and the state without it.
fn chip(label: String, without: FilterState, nav: &crate::ui::location::Navigator) -> Html {
    let nav = nav.clone();
    let onclick = Callback::from(move |_: MouseEvent| nav.push(without.clone()));
    let aria = format!("Remove filter {label}");
    html! {
        <li><button type="button" class="chip" {onclick} aria-label={aria}>{ label }<span aria-hidden="true">{ " ×" }</span></button></li>
    }
}

/// The selected facet values and dates as chips, with "Clear all".
#[function_component(Chips)]
pub fn chips() -> Html {
    let explorer = use_explorer();
    let items: Vec<Html> = explorer
        .state
        .selections(&explorer.data.index.attrs)
        .into_iter()
        .map(|s| chip(s.label, s.without, &explorer.nav))
        .collect();
    if items.is_empty() {
        return html! {};
    }
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
        Callback::from(move |_: MouseEvent| nav.push(next.clone()))
    };
    html! {
        <div class="chips">
            <ul aria-label="Selected filters">{ for items }</ul>
            <button type="button" class="link-button" onclick={clear}>{ "Clear all" }</button>
        </div>
    }
}
