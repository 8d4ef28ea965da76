use yew::prelude::*;

use crate::filter::FilterState;
use crate::ui::context::use_explorer;

/// A facet's label, its selected slugs, their names, and where they live in the state.
type ValueList<'a> = (
    &'static str,
    &'a Vec<String>,
    &'a crate::index::ValueTable,
    fn(&mut FilterState) -> &mut Vec<String>,
);

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
    let state = &explorer.state;
    let a = &explorer.data.index.attrs;
    let name = |table: &crate::index::ValueTable, slug: &str| {
        table
            .name_of_slug(slug)
            .map_or_else(|| slug.to_string(), |name| name.to_string())
    };
    let mut items = Vec::new();
    for k in &state.kinds {
        items.push(chip(
            k.label().into(),
            explorer.with(|s| s.kinds.retain(|x| x != k)),
            &explorer.nav,
        ));
    }
    for h in &state.houses {
        items.push(chip(
            h.label().into(),
            explorer.with(|s| s.houses.retain(|x| x != h)),
            &explorer.nav,
        ));
    }
    for x in &state.answered {
        items.push(chip(
            x.label().into(),
            explorer.with(|s| s.answered.retain(|y| y != x)),
            &explorer.nav,
        ));
    }
    let lists: [ValueList; 4] = [
        ("Party", &state.parties, &a.parties, |s| &mut s.parties),
        ("Member", &state.members, &a.members, |s| &mut s.members),
        ("Department", &state.departments, &a.departments, |s| {
            &mut s.departments
        }),
        ("Answered by", &state.answerers, &a.answerers, |s| {
            &mut s.answerers
        }),
    ];
    for (what, values, table, field) in lists {
        for v in values {
            let label = format!("{what}: {}", name(table, v));
            items.push(chip(
                label,
                explorer.with(|s| field(s).retain(|x| x != v)),
                &explorer.nav,
            ));
        }
    }
    if let Some(from) = &state.from {
        items.push(chip(
            format!("From {from}"),
            explorer.with(|s| s.from = None),
            &explorer.nav,
        ));
    }
    if let Some(to) = &state.to {
        items.push(chip(
            format!("To {to}"),
            explorer.with(|s| s.to = None),
            &explorer.nav,
        ));
    }
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
