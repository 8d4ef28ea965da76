//! Two or three members side by side: their questions per month on one time axis, and their
//! departments, answered shares and dates in columns.

use yew::prelude::*;

use crate::filter::{View, MAX_COMPARED};
use crate::index::insight::{department_counts, month_stacks, StackBy};
use crate::index::{DocSet, Filters, Query, ValueMatch};
use crate::ui::components::bar_chart::BarChart;
use crate::ui::components::link::Link;
use crate::ui::components::party_badge::PartyBadge;
use crate::ui::context::use_explorer;
use crate::ui::words::{Thousands, ANSWERED_AS_FETCHED};

#[derive(Properties, PartialEq)]
pub struct ComparePageProps {
    pub slugs: Vec<String>,
}

#[function_component(ComparePage)]
pub fn compare_page(props: &ComparePageProps) -> Html {
    let explorer = use_explorer();
    let data = &explorer.data;
    let members: Vec<_> = props
        .slugs
        .iter()
        .filter_map(|slug| data.members().iter().find(|m| &m.slug == slug))
        .collect();
    let missing: Vec<&String> = props
        .slugs
        .iter()
        .filter(|slug| !data.members().iter().any(|m| &m.slug == *slug))
        .collect();
    let docs_of = |slug: &str| -> DocSet {
        let filters = Filters {
            members: vec![ValueMatch::Exact(slug.to_string())],
            ..Filters::default()
        };
        data.index.matching(&Query::default(), &filters)
    };
    let mut all = DocSet::empty(data.index.len());
    for m in &members {
        all.union_with(&docs_of(&m.slug));
    }
    // The chart's series in the columns' order, so its legend and colours read as they do.
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    let stacks =
        month_stacks(&data.index, &all, StackBy::Member, MAX_COMPARED + 1).in_order(&names);
    let others: Vec<_> = data
        .members()
        .iter()
        .filter(|m| !props.slugs.contains(&m.slug))
        .collect();
    let on_add = {
        let explorer = explorer.clone();
        let slugs = props.slugs.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            if !value.is_empty() {
                let mut next = slugs.clone();
                next.push(value);
                explorer.nav.push(explorer.at(View::Compare(next)));
            }
        })
    };
    html! {
        <section class="compare" aria-labelledby="compare-heading">
            <h2 id="compare-heading">{ "Compare members" }</h2>
            if !missing.is_empty() {
                <p class="notice">{ format!("Not in this corpus: {}", missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")) }</p>
            }
            if members.len() < MAX_COMPARED {
                <label class="add-member">{ "Add a member " }
                    <select onchange={on_add}>
                        <option value="" selected=true>{ "Choose…" }</option>
                        { for others.iter().map(|m| html! { <option value={m.slug.clone()}>{ m.name.clone() }</option> }) }
                    </select>
                </label>
            }
            if !members.is_empty() {
                <BarChart label="Questions per month by member" months={stacks.months.clone()} series={stacks.series.clone()}
                    counts={stacks.counts.clone()} undated={stacks.undated.clone()} />
            }
            <div class="compare-columns">
                { for members.iter().map(|m| {
                    let depts = department_counts(&data.index, &docs_of(&m.slug));
                    let without: Vec<String> = props.slugs.iter().filter(|s| **s != m.slug).cloned().collect();
                    html! {
                        <article class="compare-column">
                            <h3><Link to={explorer.at(View::Member(m.slug.clone()))}>{ m.name.clone() }</Link></h3>
                            <p><PartyBadge party={m.party.clone().map(AttrValue::from)} />
                                { format!(" {}", m.constituency.as_deref().unwrap_or(m.house.full_name())) }</p>
                            <dl class="facts">
                                <div><dt>{ "Questions" }</dt><dd>{ Thousands::from(m.questions).to_string() }</dd></div>
                                <div><dt>{ "Answered" }</dt><dd>{ format!("{}%", m.answered_percent()) }</dd></div>
                                <div><dt>{ "First" }</dt><dd>{ m.first.clone().unwrap_or_else(|| "undated".into()) }</dd></div>
                                <div><dt>{ "Last" }</dt><dd>{ m.last.clone().unwrap_or_else(|| "undated".into()) }</dd></div>
                            </dl>
                            <h4>{ "Departments asked" }</h4>
                            <ol class="departments">{ for depts.iter().take(5).map(|(d, n)| html! { <li>{ format!("{d} ({})", Thousands::from(*n)) }</li> }) }</ol>
                            if !without.is_empty() {
                                <Link to={explorer.at(View::Compare(without))} class="remove">{ format!("Remove {}", m.name) }</Link>
                            }
                        </article>
                    }
                }) }
            </div>
            // Member ids come from the official API (`ANSWERED_AS_FETCHED`).
            if members.iter().any(|m| m.member_id.is_some()) {
                <p class="meta">{ ANSWERED_AS_FETCHED }</p>
            }
        </section>
    }
}
