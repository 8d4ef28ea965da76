//! The overview: questions and press releases per month across the corpus (with the current
//! search and filters applied), stacked by department, party or kind.

use std::rc::Rc;

use yew::prelude::*;

use crate::filter::View;
use crate::index::insight::{month_stacks, StackBy};
use crate::index::response::{late_named_days, named_days_by_month, response_times, ResponseBy};
use crate::ui::components::bar_chart::BarChart;
use crate::ui::components::named_days::{LateNamedDays, NamedDaysByMonth};
use crate::ui::components::response_times::ResponseTimesTable;
use crate::ui::context::use_explorer;
use crate::ui::words::{count, Thousands};

#[function_component(TimelinePage)]
pub fn timeline_page() -> Html {
    let explorer = use_explorer();
    let by = use_state(StackBy::default);
    let data = &explorer.data;
    let (query, filters) = explorer.state.to_search();
    let docs = data.index.matching(&query, &filters);
    let stacks = month_stacks(&data.index, &docs, *by, 8);
    let ends = data.snapshot_ends();
    let by_department = response_times(
        &data.corpus,
        &data.index,
        &docs,
        ResponseBy::Department,
        ends,
    );
    let late = Rc::new(late_named_days(&data.corpus, &data.index, &docs, ends));
    let months = Rc::new(named_days_by_month(&data.corpus, &data.index, &docs, ends));
    let by_minister = response_times(&data.corpus, &data.index, &docs, ResponseBy::Minister, ends);
    let choose = |option: StackBy| {
        let by = by.clone();
        Callback::from(move |_: Event| by.set(option))
    };
    let on_month = {
        let explorer = explorer.clone();
        Callback::from(move |month: String| {
            let mut next = (*explorer.state).clone().in_month(&month);
            next.view = View::Search;
            explorer.nav.push(next)
        })
    };
    html! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{ "Timeline" }</h2>
            <p class="meta">{ format!("{}{}", count(stacks.total() as usize, "record", "records"), if explorer.state.is_unfiltered() { String::new() } else { " matching the current search and filters".into() }) }</p>
            <fieldset class="segmented">
                <legend>{ "Split bars by" }</legend>
                { for [(StackBy::Department, "Department"), (StackBy::Party, "Party"), (StackBy::Kind, "Kind")].into_iter().map(|(option, label)| html! {
                    <label><input type="radio" name="stack-by" checked={*by == option} onchange={choose(option)} />{ format!(" {label}") }</label>
                }) }
            </fieldset>
            <BarChart label={format!("Records per month by {}; choose a month to search it", by.slug())}
                months={stacks.months.clone()} series={stacks.series.clone()} counts={stacks.counts.clone()}
                undated={stacks.undated.clone()} on_select={on_month} />
            <div class="table-wrap">
                <table class="timeline-table">
                    <caption>{ "Counts per month" }</caption>
                    <thead><tr><th scope="col">{ "Month" }</th>{ for stacks.series.iter().map(|s| html! { <th scope="col" class="num">{ s.clone() }</th> }) }</tr></thead>
                    <tbody>
                        { for stacks.months.iter().zip(&stacks.counts).filter(|(_, c)| c.iter().any(|&n| n > 0)).map(|(m, c)| html! {
                            <tr><th scope="row" class="date">{ m.clone() }</th>{ for c.iter().map(|&n| html! { <td class="num">{ Thousands::from(n).to_string() }</td> }) }</tr>
                        }) }
                        if stacks.undated.iter().any(|&n| n > 0) {
                            <tr><th scope="row">{ "undated" }</th>{ for stacks.undated.iter().map(|&n| html! { <td class="num">{ Thousands::from(n).to_string() }</td> }) }</tr>
                        }
                    </tbody>
                </table>
            </div>
            <h3>{ "Response times" }</h3>
            <ResponseTimesTable caption="By department" column="Department" rows={by_department} search={explorer.at(View::Search)} />
            <NamedDaysByMonth {months} />
            <LateNamedDays {late} search={explorer.at(View::Search)} />
            if !by_minister.is_empty() {
                <ResponseTimesTable caption="By answering minister" column="Minister" rows={by_minister}
                    note="A question with no answer has no answering minister, so this table counts only the answered ones (a holding answer as still waiting): ministers look quicker here than their departments above." />
            }
        </section>
    }
}
