//! A member's page: who they are, a timeline of their questions per month stacked by
//! department (with undated questions shown as their own bar), and the list of their questions;
//! choosing a month narrows the list to it. The list shows the newest `LISTED` at first, and
//! more on request: a member who asked thousands of questions would otherwise have them all
//! drawn before the page shows.

use std::rc::Rc;
use std::sync::Arc;

use yew::prelude::*;

use crate::corpus::member_url;
use crate::filter::{FilterState, View};
use crate::index::insight::{month_stacks, StackBy};
use crate::index::response::{late_named_days, response_times, ResponseBy};
use crate::index::{DocRef, DocSet, Filters, Query, ValueMatch};
use crate::ui::components::bar_chart::BarChart;
use crate::ui::components::gist::{gist, GIST_WORDS};
use crate::ui::components::link::{external, Link};
use crate::ui::components::named_days::LateNamedDays;
use crate::ui::components::not_found::NotFound;
use crate::ui::components::party_badge::PartyBadge;
use crate::ui::components::response_times::ResponseTimesTable;
use crate::ui::components::show_more::{use_listed, ShowMore};
use crate::ui::context::use_explorer;
use crate::ui::words::{count, Thousands, ANSWERED_AS_FETCHED};

/// Questions the list shows at first, and more each time more are asked for.
const LISTED: usize = 200;

#[derive(Properties, PartialEq)]
pub struct MemberPageProps {
    pub slug: String,
}

#[function_component(MemberPage)]
pub fn member_page(props: &MemberPageProps) -> Html {
    let explorer = use_explorer();
    // How many of the list are shown: `LISTED` again for another member or month.
    let (shown, more) = use_listed(
        LISTED,
        (
            props.slug.clone(),
            explorer.state.chosen_month().map(str::to_string),
        ),
    );
    let data = &explorer.data;
    let Some(member) = data.members().iter().find(|m| m.slug == props.slug) else {
        let why = format!(
            "No member called {} asked questions in this corpus.",
            props.slug
        );
        return html! {
            <NotFound what="Member" {why} back={View::Members} back_label="All members" />
        };
    };
    let filters = Filters {
        members: vec![ValueMatch::Exact(member.slug.clone())],
        ..Filters::default()
    };
    let docs: DocSet = data.index.matching(&Query::default(), &filters);
    let stacks = month_stacks(&data.index, &docs, StackBy::Department, 8);
    let undated: u32 = stacks.undated.iter().sum();
    let times = response_times(
        &data.corpus,
        &data.index,
        &docs,
        ResponseBy::Department,
        data.snapshot_ends(),
    );
    let late = Rc::new(late_named_days(
        &data.corpus,
        &data.index,
        &docs,
        data.snapshot_ends(),
    ));
    // A department's row in the response times links to their questions to it.
    let their_questions = FilterState {
        members: vec![member.slug.clone()],
        corpus: explorer.state.corpus.clone(),
        ..FilterState::default()
    };
    // The month chosen on the chart (from = to = that month) narrows the list.
    let chosen = explorer.state.chosen_month().map(str::to_string);
    let on_month = {
        let explorer = explorer.clone();
        let chosen = chosen.clone();
        Callback::from(move |month: String| {
            let again = chosen.as_deref() == Some(month.as_str());
            explorer.nav.push(explorer.with(|s| {
                s.from = (!again).then(|| month.clone());
                s.to = (!again).then(|| month.clone());
            }))
        })
    };
    let mut questions: Vec<(Arc<str>, u32)> = docs
        .iter()
        .filter_map(|doc| {
            let DocRef::Question(i) = data.index.doc_ref(doc)? else {
                return None;
            };
            let q = data.corpus.questions.get(i as usize)?;
            let date = q.date.clone().unwrap_or_default();
            let in_month = chosen.as_ref().is_none_or(|m| date.starts_with(m.as_str()));
            in_month.then_some((date, i))
        })
        .collect();
    questions.sort_by(|a, b| b.0.cmp(&a.0));
    let listed = questions.len();
    questions.truncate(shown);
    let places: Vec<u32> = questions.iter().map(|&(_, i)| i).collect();
    let labels = data.question_labels(&places, GIST_WORDS);
    html! {
        <article class="record member">
            <header>
                <p class="kicker">{ member.house.full_name() }</p>
                <h2>{ member.name.clone() }</h2>
                <p class="facts-line">
                    <PartyBadge party={member.party.clone().map(AttrValue::from)} />
                    if let Some(c) = &member.constituency { { format!(" {c}") } }
                    { format!("{}{} · {}% answered",
                        // After a party or constituency, a separator; a member the source names
                        // by id alone has neither.
                        if member.party.is_some() || member.constituency.is_some() { " · " } else { "" },
                        count(member.questions as usize, "question", "questions"), member.answered_percent()) }
                </p>
                // Member ids come from the official API (`ANSWERED_AS_FETCHED`).
                if member.member_id.is_some() {
                    <p class="meta">{ ANSWERED_AS_FETCHED }</p>
                }
                <p class="member-links">
                    <Link to={explorer.with(|s| { *s = crate::filter::FilterState { members: vec![member.slug.clone()], ..Default::default() } })}>{ "Search within their questions" }</Link>
                    <Link to={explorer.at(View::Compare(vec![member.slug.clone()]))}>{ "Compare with other members" }</Link>
                    if let Some(id) = member.member_id { { external(member_url(id), "Their page on parliament.uk") } }
                </p>
            </header>
            <section aria-labelledby="timeline-heading">
                <h3 id="timeline-heading">{ "Questions per month, by department" }</h3>
                <BarChart label={format!("Questions by {} per month, stacked by department", member.name)}
                    months={stacks.months.clone()} series={stacks.series.clone()} counts={stacks.counts.clone()}
                    undated={stacks.undated.clone()} on_select={on_month} selected={chosen.clone()} />
                if undated > 0 {
                    <p class="meta">{ format!("{} no date in the source and {} counted under “undated”.",
                        count(undated as usize, "question has", "questions have"), if undated == 1 { "is" } else { "are" }) }</p>
                }
            </section>
            <section aria-labelledby="response-heading">
                <h3 id="response-heading">{ "How quickly they were answered" }</h3>
                <ResponseTimesTable caption="Working days from tabling to answer, by department" column="Department" rows={times} search={their_questions.clone()} />
                <LateNamedDays {late} askers={false} search={their_questions} />
            </section>
            <section aria-labelledby="questions-heading">
                <h3 id="questions-heading">
                    { match &chosen { Some(m) => format!("Questions in {m} ({})", Thousands::from(listed)), None => format!("All questions ({})", Thousands::from(listed)) } }
                </h3>
                if chosen.is_some() {
                    <button type="button" class="link-button" onclick={ let explorer = explorer.clone(); Callback::from(move |_: MouseEvent| explorer.nav.push(explorer.with(|s| { s.from = None; s.to = None; }))) }>{ "Show all months" }</button>
                }
                <ul class="question-list">
                    { for questions.iter().zip(&labels).filter_map(|((date, i), label)| {
                        let q = data.corpus.questions.get(*i as usize)?;
                        Some(html! {
                            <li key={*i}>
                                <Link to={explorer.at(View::Question(q.id.clone()))}>{ label.title.clone() }</Link>
                                <span class="meta">{ format!(" — {}, {}", if date.is_empty() { "undated" } else { date }, q.department.as_deref().unwrap_or_default()) }</span>
                                { gist(label) }
                            </li>
                        })
                    }) }
                </ul>
                <ShowMore shown={questions.len()} total={listed} step={LISTED} onclick={more} />
            </section>
        </article>
    }
}
