use yew::prelude::*;

use crate::corpus::lines::slugify;
use crate::filter::{FilterState, View};
use crate::index::response::{Median, ResponseTimes, NO_DEPARTMENT};
use crate::ui::components::link::Link;
use crate::ui::words::{count, Thousands};

#[derive(Properties, PartialEq)]
pub struct ResponseTimesTableProps {
    pub caption: AttrValue,
    /// What the rows are: "Department", "Minister".
    pub column: AttrValue,
    pub rows: Vec<ResponseTimes>,
    /// What else a reader should know of these rows, said under the table.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// The search each department's row links to, narrowed to its department (rows of
    /// departments only).
    #[prop_or_default]
    pub search: Option<FilterState>,
}

/// Days from tabling to answer, per department or minister, estimated over every question
/// (`index::response`): one seen unanswered counts for as long as it was seen waiting. When no
/// record carries a tabled date the table is replaced by a line saying why.
#[function_component(ResponseTimesTable)]
pub fn response_times_table(props: &ResponseTimesTableProps) -> Html {
    if props.rows.is_empty() {
        return html! {
            <p class="meta response-times-missing">{ "Response times need tabled and answered dates, which only official written-questions API records carry; import API JSON to see them." }</p>
        };
    }
    let in_department = |row: &ResponseTimes| {
        let mut to = props.search.clone()?;
        // Questions with no department are not a department to search.
        if row.name == NO_DEPARTMENT {
            return None;
        }
        to.departments = vec![slugify(&row.name, 80)];
        to.view = View::Search;
        Some(to)
    };
    let waiting: u32 = props.rows.iter().map(|r| r.questions - r.answered).sum();
    // Only Commons questions have named days: the columns show when any row has one whose day
    // had passed.
    let named_days = props.rows.iter().any(|r| r.named_days.known() > 0);
    let untold = || html! { <span title="Too few questions were seen waiting this long to tell">{ "—" }</span> };
    let share = |percent: Option<u32>| match percent {
        Some(p) => html! { { format!("{p}%") } },
        None => untold(),
    };
    html! {
        <div class="table-wrap response-times">
            <table>
                <caption>{ props.caption.clone() }</caption>
                <thead><tr>
                    <th scope="col">{ props.column.clone() }</th>
                    <th scope="col" class="num">{ "Questions" }</th>
                    <th scope="col" class="num">{ "Answered" }</th>
                    <th scope="col" class="num">{ "Median working days" }</th>
                    <th scope="col" class="num">{ "Within 5 working days" }</th>
                    <th scope="col" class="num">{ "Within 10 working days" }</th>
                    if named_days {
                        <th scope="col" class="num">{ "Named day" }</th>
                        <th scope="col" class="num">{ "On the day" }</th>
                    }
                </tr></thead>
                <tbody>
                    { for props.rows.iter().take(30).map(|r| html! {
                        <tr>
                            <th scope="row">{ match in_department(r) {
                                Some(to) => html! { <Link {to} title={AttrValue::from(format!("Search the questions to {}", r.name))}>{ r.name.clone() }</Link> },
                                None => html! { { r.name.clone() } },
                            } }</th>
                            <td class="num">{ Thousands::from(r.questions).to_string() }</td>
                            <td class="num">{ Thousands::from(r.answered).to_string() }</td>
                            <td class="num">{ match r.estimate.median() {
                                Some(Median::Days(days)) => html! { { days } },
                                Some(Median::Over(days)) => html! { { format!("over {days}") } },
                                None => untold(),
                            } }</td>
                            <td class="num">{ share(r.estimate.percent_within(5)) }</td>
                            <td class="num">{ share(r.estimate.percent_within(10)) }</td>
                            if named_days {
                                <td class="num">{ Thousands::from(r.named_days.known()).to_string() }</td>
                                <td class="num">{ match r.named_days.percent_on_time() {
                                    Some(p) => html! { { format!("{p}%") } },
                                    None => html! { <span title="No named day question whose day had passed">{ "—" }</span> },
                                } }</td>
                            }
                        </tr>
                    }) }
                </tbody>
            </table>
            if waiting > 0 {
                <p class="meta">{ format!(
                    "{} no answer in the source. The source has each question as it stood when it was taken, so one without an answer counts as waiting up to the source's latest date, not as slow; the shares and medians are estimated over every question so. — marks a figure too few questions were seen waiting long enough to tell.",
                    count(waiting as usize, "question has", "questions have")) }</p>
            }
            if named_days {
                <p class="meta">{ "Named day: the questions whose asker named the day they are to be answered on, counted once that day has passed. On the day: the share of them answered in substance by that day (a holding answer does not count). One unanswered in a source taken on or before its day may yet be answered on time, so is not counted." }</p>
            }
            if let Some(note) = &props.note {
                <p class="meta">{ note.clone() }</p>
            }
        </div>
    }
}
