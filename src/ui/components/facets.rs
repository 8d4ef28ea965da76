//! The filters sidebar. It reads nothing from the explorer context: its facet counts and the
//! facet part of the state come as props and its edits go out through one callback, so typing
//! a query (which changes neither) does not render it again.

use std::rc::Rc;

use yew::prelude::*;

use crate::corpus::House;
use crate::filter::FilterState;
use crate::index::{Answered, Attributes, FacetCount, Facets, Kind, ValueTable};
use crate::ui::words::Thousands;

/// A change to the view state, applied by the page to its current state.
pub type Edit = Rc<dyn Fn(&mut FilterState)>;

/// Which list of `FilterState` a facet group edits.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Facet {
    Kind,
    House,
    Answered,
    Party,
    Member,
    Department,
    Answerer,
}

impl Facet {
    fn selected(self, s: &FilterState) -> Vec<String> {
        match self {
            Facet::Kind => s.kinds.iter().map(|k| k.slug().to_string()).collect(),
            Facet::House => s.houses.iter().map(|h| h.as_str().to_string()).collect(),
            Facet::Answered => s.answered.iter().map(|a| a.slug().to_string()).collect(),
            Facet::Party => s.parties.clone(),
            Facet::Member => s.members.clone(),
            Facet::Department => s.departments.clone(),
            Facet::Answerer => s.answerers.clone(),
        }
    }

    /// The name a selected value is shown by when no result has it (so it has no count to
    /// bring its name): the fixed facets' own names, else its name in `names`, else the slug.
    fn name_of(self, slug: &str, names: &SelectedNames) -> String {
        let fixed = match self {
            Facet::Kind => Kind::from_slug(slug).map(Kind::label),
            Facet::House => House::from_slug(slug).map(House::label),
            Facet::Answered => Answered::from_slug(slug).map(Answered::label),
            _ => None,
        };
        fixed.map(str::to_string).unwrap_or_else(|| {
            names
                .0
                .iter()
                .find(|(facet, s, _)| *facet == self && s == slug)
                .map_or_else(|| slug.to_string(), |(_, _, name)| name.clone())
        })
    }

    /// Adds `slug` when absent, removes it when present.
    fn toggle(self, s: &mut FilterState, slug: &str) {
        fn flip<T: PartialEq>(list: &mut Vec<T>, value: T) {
            match list.iter().position(|v| *v == value) {
                Some(i) => {
                    list.remove(i);
                }
                None => list.push(value),
            }
        }
        match self {
            Facet::Kind => {
                if let Some(k) = Kind::from_slug(slug) {
                    flip(&mut s.kinds, k)
                }
            }
            Facet::House => {
                if let Some(h) = House::from_slug(slug) {
                    flip(&mut s.houses, h)
                }
            }
            Facet::Answered => {
                if let Some(a) = Answered::from_slug(slug) {
                    flip(&mut s.answered, a)
                }
            }
            Facet::Party => flip(&mut s.parties, slug.to_string()),
            Facet::Member => flip(&mut s.members, slug.to_string()),
            Facet::Department => flip(&mut s.departments, slug.to_string()),
            Facet::Answerer => flip(&mut s.answerers, slug.to_string()),
        }
        s.selected = None;
    }
}

/// The names of the selected values of the facets with value tables (party, member,
/// department, answerer), as `(facet, slug, name)`: a selected value no result has is shown by
/// its name, not its slug.
#[derive(Debug, Default, PartialEq)]
pub struct SelectedNames(Vec<(Facet, String, String)>);

impl SelectedNames {
    pub fn of(state: &FilterState, attrs: &Attributes) -> SelectedNames {
        let tables: [(Facet, &[String], &ValueTable); 4] = [
            (Facet::Party, &state.parties, &attrs.parties),
            (Facet::Member, &state.members, &attrs.members),
            (Facet::Department, &state.departments, &attrs.departments),
            (Facet::Answerer, &state.answerers, &attrs.answerers),
        ];
        let mut names = Vec::new();
        for (facet, slugs, table) in tables {
            for slug in slugs {
                if let Some(name) = table.name_of_slug(slug) {
                    names.push((facet, slug.clone(), name.to_string()));
                }
            }
        }
        SelectedNames(names)
    }
}

#[derive(Properties, PartialEq)]
struct FacetGroupProps {
    title: AttrValue,
    facet: Facet,
    values: Vec<FacetCount>,
    selected: Vec<String>,
    names: Rc<SelectedNames>,
    on_edit: Callback<Edit>,
    #[prop_or(8)]
    limit: usize,
}

/// One facet: checkboxes with live counts, the longest lists shortened until asked.
#[function_component(FacetGroup)]
fn facet_group(props: &FacetGroupProps) -> Html {
    let expanded = use_state(|| false);
    let selected = &props.selected;
    let mut values = props.values.clone();
    for slug in selected {
        if !values.iter().any(|v| *v.slug == **slug) {
            values.push(FacetCount {
                name: props.facet.name_of(slug, &props.names).into(),
                slug: slug.as_str().into(),
                count: 0,
            });
        }
    }
    if values.is_empty() {
        return html! {};
    }
    let total = values.len();
    let shown = if *expanded {
        total
    } else {
        props.limit.min(total)
    };
    let id = format!("facet-{}", props.title.to_lowercase().replace(' ', "-"));
    html! {
        <fieldset class="facet" id={id}>
            <legend>{ props.title.clone() }</legend>
            <ul>
                { for values.iter().take(shown).map(|v| {
                    let checked = selected.iter().any(|s| **s == *v.slug);
                    let onchange = {
                        let on_edit = props.on_edit.clone();
                        let slug = v.slug.clone();
                        let facet = props.facet;
                        Callback::from(move |_: Event| {
                            let slug = slug.clone();
                            on_edit.emit(Rc::new(move |s: &mut FilterState| facet.toggle(s, &slug)));
                        })
                    };
                    html! {
                        <li key={&*v.name}>
                            <label>
                                <input type="checkbox" {checked} {onchange} />
                                <span class="facet-name">{ v.name.clone() }</span>
                                <span class="count">{ Thousands::from(v.count).to_string() }<span class="visually-hidden">{ if v.count == 1 { " result" } else { " results" } }</span></span>
                            </label>
                        </li>
                    }
                }) }
            </ul>
            if total > props.limit {
                <button type="button" class="link-button" aria-expanded={(*expanded).to_string()}
                    onclick={ let expanded = expanded.clone(); Callback::from(move |_: MouseEvent| expanded.set(!*expanded)) }>
                    { if *expanded { "Show fewer".to_string() } else { format!("Show all {}", Thousands::from(total)) } }
                </button>
            }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct FacetSidebarProps {
    /// Counts of the results shown.
    pub facets: Rc<Facets>,
    /// The facet selections and dates of the view state (its query does not matter here).
    pub selection: Rc<FilterState>,
    /// The names of the selected values, for those no result has.
    pub names: Rc<SelectedNames>,
    pub on_edit: Callback<Edit>,
}

/// The filters sidebar: every facet with counts for the current results, and a date range.
#[function_component(FacetSidebar)]
pub fn facet_sidebar(props: &FacetSidebarProps) -> Html {
    let f = &props.facets;
    let state = &props.selection;
    let on_date = |to: bool| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let value = input.value();
            let value = (!value.is_empty()).then_some(value);
            on_edit.emit(Rc::new(move |s: &mut FilterState| {
                if to {
                    s.to = value.clone()
                } else {
                    s.from = value.clone()
                }
            }));
        })
    };
    let group = |title: &'static str, facet: Facet, values: &[FacetCount]| {
        html! {
            <FacetGroup {title} {facet} values={values.to_vec()}
                selected={facet.selected(state)} names={props.names.clone()} on_edit={props.on_edit.clone()} />
        }
    };
    html! {
        <aside class="sidebar" id="filters" aria-label="Filters">
            <h2 class="sidebar-title">{ "Filters" }</h2>
            // On a small screen the filters follow the results: a way back up past them.
            <a class="jump" href="#results-heading">{ "Back to the results" }</a>
            { group("Kind", Facet::Kind, &f.kind) }
            { group("House", Facet::House, &f.house) }
            { group("Answer", Facet::Answered, &f.answered) }
            <fieldset class="facet dates">
                <legend>{ "Dates" }</legend>
                <label>{ "From " }<input type="month" value={state.from.clone().unwrap_or_default()} onchange={on_date(false)} /></label>
                <label>{ "To " }<input type="month" value={state.to.clone().unwrap_or_default()} onchange={on_date(true)} /></label>
            </fieldset>
            { group("Party", Facet::Party, &f.party) }
            { group("Member", Facet::Member, &f.member) }
            { group("Department", Facet::Department, &f.department) }
            { group("Answered by", Facet::Answerer, &f.answerer) }
        </aside>
    }
}
