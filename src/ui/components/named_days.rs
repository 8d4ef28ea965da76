//! Named day questions: the share answered on the day by the month of their day
//! (`NamedDaysByMonth`), and those not answered in substance on their day, the latest day
//! first (`LateNamedDays`: the list behind the response-time tables' "On the day" share), each
//! with how late it was. `against_named_day` words where any named day question stood, for
//! these and for a question's page.

use std::rc::Rc;

use yew::prelude::*;

use crate::filter::{FilterState, View};
use crate::index::response::{NamedDay, NamedDays};
use crate::ui::components::gist::{gist, GIST_WORDS};
use crate::ui::components::link::Link;
use crate::ui::components::show_more::{use_listed, ShowMore};
use crate::ui::context::use_explorer;
use crate::ui::words::{count, Thousands};

/// Questions listed at first, and added by each press of "Show more".
const LISTED: usize = 50;

#[derive(Properties, PartialEq)]
pub struct LateNamedDaysProps {
    /// Each late question's place among the corpus's questions, and where it stood
    /// (`index::response::late_named_days`).
    pub late: Rc<Vec<(u32, NamedDay)>>,
    /// Whether each question names its asker (not on the asker's own page).
    #[prop_or(true)]
    pub askers: bool,
    /// The search the questions were listed from, which the list links to with `named:late`.
    pub search: FilterState,
}

/// `search` narrowed to its named day questions not answered on their day: `named:late` put
/// first, so the query's last word stays a prefix.
fn late_in(search: &FilterState) -> FilterState {
    FilterState {
        query: format!("named:late {}", search.query)
            .trim_end()
            .to_string(),
        view: View::Search,
        selected: None,
        ..search.clone()
    }
}

/// How a named day question's answer stood against its day, said after the day.
pub fn against_named_day(day: NamedDay) -> String {
    // A day after it may be a weekend's: no working day after it.
    let after = |n: u32| match n {
        0 => "after it".to_string(),
        n => format!(
            "{} after it",
            count(n as usize, "working day", "working days")
        ),
    };
    match day {
        NamedDay::OnTime { early: 0 } => "answered on the day".into(),
        NamedDay::OnTime { early } => format!(
            "answered {} before it",
            count(early as usize, "working day", "working days")
        ),
        NamedDay::Late { by } => format!("answered {}, late", after(by)),
        NamedDay::Overdue { by } => format!(
            "no answer in substance by its file's latest date, {}: late",
            after(by)
        ),
        NamedDay::Pending => {
            "no answer in substance by its file's latest date, which is not after it: it may have been answered on time".into()
        }
    }
}

/// The late named day questions, `LISTED` at a time; nothing when there are none.
#[function_component(LateNamedDays)]
pub fn late_named_days(props: &LateNamedDaysProps) -> Html {
    let explorer = use_explorer();
    // `LISTED` again for another list (the timeline's search changed).
    let (shown, more) = use_listed(LISTED, props.late.clone());
    let data = &explorer.data;
    let total = props.late.len();
    if total == 0 {
        return html! {};
    }
    let listed = &props.late[..total.min(shown)];
    let places: Vec<u32> = listed.iter().map(|&(i, _)| i).collect();
    let labels = data.question_labels(&places, GIST_WORDS);
    html! {
        <section class="late-named-days" aria-labelledby="late-named-days-heading">
            <h4 id="late-named-days-heading">{ format!("Named day questions not answered on the day ({})", Thousands::from(total)) }</h4>
            <p class="meta">
                <Link to={late_in(&props.search)}>{ "Search them" }</Link>
                { " (with " }<code>{ "named:late" }</code>{ ": sort them, filter them, export them)" }
            </p>
            <ul class="question-list">
                { for listed.iter().zip(&labels).filter_map(|(&(i, day), label)| {
                    let q = data.corpus.questions.get(i as usize)?;
                    let named = q.date_for_answer.as_deref().unwrap_or_default();
                    let asker = match props.askers {
                        true => format!("{}, ", q.asker.display_name()),
                        false => String::new(),
                    };
                    Some(html! {
                        <li>
                            <Link to={explorer.at(View::Question(q.id.clone()))}>{ label.title.clone() }</Link>
                            <span class="meta">{ format!(" — {asker}{}; named day {named}, {}", q.department.as_deref().unwrap_or("no department"), against_named_day(day)) }</span>
                            { gist(label) }
                        </li>
                    })
                }) }
            </ul>
            <ShowMore shown={listed.len()} {total} step={LISTED} onclick={more} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct NamedDaysByMonthProps {
    /// `index::response::named_days_by_month`.
    pub months: Rc<Vec<(String, NamedDays)>>,
}

/// How many named day questions had their day in each month, and the share answered on it;
/// nothing when there are none.
#[function_component(NamedDaysByMonth)]
pub fn named_days_by_month(props: &NamedDaysByMonthProps) -> Html {
    if props.months.is_empty() {
        return html! {};
    }
    html! {
        <div class="table-wrap named-days-by-month">
            <table>
                <caption>{ "Named day questions by the month of their named day" }</caption>
                <thead><tr>
                    <th scope="col">{ "Month" }</th>
                    <th scope="col" class="num">{ "Day passed in the source" }</th>
                    <th scope="col" class="num">{ "On the day" }</th>
                    <th scope="col" class="num">{ "Day not passed in the source" }</th>
                </tr></thead>
                <tbody>
                    { for props.months.iter().map(|(month, days)| html! {
                        <tr>
                            <th scope="row" class="date">{ month.clone() }</th>
                            <td class="num">{ Thousands::from(days.known()).to_string() }</td>
                            <td class="num">{ days.percent_on_time().map_or_else(|| html! { <span title="No named day question whose day had passed">{ "—" }</span> }, |p| html! { { format!("{p}%") } }) }</td>
                            <td class="num">{ Thousands::from(days.pending).to_string() }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <p class="meta">{ "A month's named day questions still unanswered in a source taken on or before their day are counted apart: the source cannot tell whether they were answered on time." }</p>
        </div>
    }
}
