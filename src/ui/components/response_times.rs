use yew::prelude::*;

use crate::index::insight::ResponseTimes;
use crate::ui::words::Thousands;

#[derive(Properties, PartialEq)]
pub struct ResponseTimesTableProps {
    pub caption: AttrValue,
    /// What the rows are: "Department", "Minister".
    pub column: AttrValue,
    pub rows: Vec<ResponseTimes>,
}

/// Days from tabling to answer, per department or minister. When no record carries both dates
/// the table is replaced by a line saying why.
#[function_component(ResponseTimesTable)]
pub fn response_times_table(props: &ResponseTimesTableProps) -> Html {
    if props.rows.is_empty() {
        return html! {
            <p class="meta response-times-missing">{ "Response times need tabled and answered dates, which only official written-questions API records carry; import API JSON to see them." }</p>
        };
    }
    html! {
        <div class="table-wrap response-times">
            <table>
                <caption>{ props.caption.clone() }</caption>
                <thead><tr>
                    <th scope="col">{ props.column.clone() }</th>
                    <th scope="col" class="num">{ "Answered" }</th>
                    <th scope="col" class="num">{ "Median working days" }</th>
                    <th scope="col" class="num">{ "Within 5 working days" }</th>
                    <th scope="col" class="num">{ "Within 10 working days" }</th>
                </tr></thead>
                <tbody>
                    { for props.rows.iter().take(30).map(|r| html! {
                        <tr>
                            <th scope="row">{ r.name.clone() }</th>
                            <td class="num">{ Thousands::from(r.answered).to_string() }</td>
                            <td class="num">{ r.median_days }</td>
                            <td class="num">{ format!("{}%", r.percent(r.within_5)) }</td>
                            <td class="num">{ format!("{}%", r.percent(r.within_10)) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
