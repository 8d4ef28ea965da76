//! The members directory: every asker with house, party, constituency, number of questions,
//! share answered and first and last dates; searchable by name, filterable by party and house,
//! sortable by any column. The table draws the first `LISTED` rows of its order and more on
//! request (a corpus of 100,000 records has about 650 askers: drawn whole, the view took a
//! fifth of a second to open), as a member's page lists questions.

use yew::prelude::*;

use crate::corpus::{natural_cmp, House};
use crate::filter::View;
use crate::index::insight::MemberSummary;
use crate::ui::components::link::Link;
use crate::ui::components::party_badge::PartyBadge;
use crate::ui::components::show_more::{use_listed, ShowMore};
use crate::ui::context::use_explorer;
use crate::ui::words::{count, Thousands, ANSWERED_AS_FETCHED};

#[derive(Clone, Copy, PartialEq)]
enum Column {
    Name,
    House,
    Party,
    Constituency,
    Questions,
    Answered,
    First,
    Last,
}

/// Rows the table draws at first, and more each time more are asked for.
const LISTED: usize = 200;

#[function_component(MembersPage)]
pub fn members_page() -> Html {
    let explorer = use_explorer();
    let name_filter = use_state(String::new);
    let party = use_state(String::new);
    let house = use_state(String::new);
    let sort = use_state(|| (Column::Questions, true));
    // How many rows are drawn: `LISTED` again for another name, party, house or order.
    let (listed, more) = use_listed(
        LISTED,
        (
            (*name_filter).clone(),
            (*party).clone(),
            (*house).clone(),
            *sort,
        ),
    );
    let members = explorer.data.members();
    let mut parties: Vec<String> = members.iter().filter_map(|m| m.party.clone()).collect();
    parties.sort();
    parties.dedup();
    let needle = name_filter.to_lowercase();
    let mut shown: Vec<&MemberSummary> = members
        .iter()
        .filter(|m| needle.is_empty() || m.name.to_lowercase().contains(&needle))
        .filter(|m| party.is_empty() || m.party.as_deref() == Some(party.as_str()))
        .filter(|m| match house.as_str() {
            "commons" => m.house == House::Commons,
            "lords" => m.house == House::Lords,
            _ => true,
        })
        .collect();
    let (column, descending) = *sort;
    shown.sort_by(|a, b| {
        let order = match column {
            Column::Name => natural_cmp(&a.name, &b.name),
            Column::House => a
                .house
                .cmp(&b.house)
                .then_with(|| natural_cmp(&a.name, &b.name)),
            Column::Party => a
                .party
                .cmp(&b.party)
                .then_with(|| natural_cmp(&a.name, &b.name)),
            Column::Constituency => a
                .constituency
                .cmp(&b.constituency)
                .then_with(|| natural_cmp(&a.name, &b.name)),
            Column::Questions => a
                .questions
                .cmp(&b.questions)
                .then_with(|| natural_cmp(&b.name, &a.name)),
            Column::Answered => a
                .answered_percent()
                .cmp(&b.answered_percent())
                .then_with(|| natural_cmp(&b.name, &a.name)),
            Column::First => a
                .first
                .cmp(&b.first)
                .then_with(|| natural_cmp(&b.name, &a.name)),
            Column::Last => a
                .last
                .cmp(&b.last)
                .then_with(|| natural_cmp(&b.name, &a.name)),
        };
        // Members without the value (no date, no party, a peer's constituency) stay below the
        // rest, whichever way the column sorts.
        let missing_last = match column {
            Column::Party => a.party.is_none().cmp(&b.party.is_none()),
            Column::Constituency => a.constituency.is_none().cmp(&b.constituency.is_none()),
            Column::First => a.first.is_none().cmp(&b.first.is_none()),
            Column::Last => a.last.is_none().cmp(&b.last.is_none()),
            _ => std::cmp::Ordering::Equal,
        };
        missing_last.then(if descending { order.reverse() } else { order })
    });
    let header = |label: &str, col: Column| {
        let sort = sort.clone();
        let active = column == col;
        let numeric = matches!(col, Column::Questions | Column::Answered);
        let aria = if active {
            if descending {
                "descending"
            } else {
                "ascending"
            }
        } else {
            "none"
        };
        let onclick = Callback::from(move |_: MouseEvent| {
            let (c, d) = *sort;
            sort.set(if c == col {
                (col, !d)
            } else {
                (col, numeric || matches!(col, Column::First | Column::Last))
            });
        });
        html! {
            <th scope="col" aria-sort={aria} class={numeric.then_some("num")}>
                <button type="button" class="sort-button" {onclick}>{ label.to_string() }
                    <span aria-hidden="true">{ if active { if descending { " ↓" } else { " ↑" } } else { "" } }</span>
                </button>
            </th>
        }
    };
    let text_input = |state: UseStateHandle<String>| {
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.set(input.value());
        })
    };
    let select = |state: UseStateHandle<String>| {
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.set(el.value());
        })
    };
    html! {
        <section class="members" aria-labelledby="members-heading">
            <h2 id="members-heading">{ "Members" }</h2>
            <div class="toolbar">
                <label>{ "Name " }<input type="search" value={(*name_filter).clone()} oninput={text_input(name_filter.clone())} /></label>
                <label>{ "Party " }
                    <select onchange={select(party.clone())}>
                        <option value="" selected={party.is_empty()}>{ "All parties" }</option>
                        { for parties.iter().map(|p| html! { <option value={p.clone()} selected={*party == *p}>{ p.clone() }</option> }) }
                    </select>
                </label>
                <label>{ "House " }
                    <select onchange={select(house.clone())}>
                        <option value="" selected={house.is_empty()}>{ "Both Houses" }</option>
                        <option value="commons" selected={*house == "commons"}>{ "Commons" }</option>
                        <option value="lords" selected={*house == "lords"}>{ "Lords" }</option>
                    </select>
                </label>
                <p class="meta" aria-live="polite">{ format!("{} of {}", Thousands::from(shown.len()), count(members.len(), "member", "members")) }</p>
            </div>
            // Member ids come from the official API, whose records are as they stood when
            // fetched: a question answered since counts as unanswered.
            if members.iter().any(|m| m.member_id.is_some()) {
                <p class="meta">{ ANSWERED_AS_FETCHED }</p>
            }
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        { header("Member", Column::Name) }
                        { header("House", Column::House) }
                        { header("Party", Column::Party) }
                        { header("Constituency", Column::Constituency) }
                        { header("Questions", Column::Questions) }
                        { header("Answered", Column::Answered) }
                        { header("First", Column::First) }
                        { header("Last", Column::Last) }
                    </tr></thead>
                    <tbody>
                        { for shown.iter().take(listed).map(|m| html! {
                            <tr key={m.name.as_str()}>
                                <th scope="row"><Link to={explorer.at(View::Member(m.slug.clone()))}>{ m.name.clone() }</Link></th>
                                <td>{ if m.house == House::Lords { "Lords" } else { "Commons" } }</td>
                                <td><PartyBadge party={m.party.clone().map(AttrValue::from)} /></td>
                                <td>{ m.constituency.clone().unwrap_or_else(|| "—".into()) }</td>
                                <td class="num">{ Thousands::from(m.questions).to_string() }</td>
                                <td class="num">{ format!("{}%", m.answered_percent()) }</td>
                                <td class="date">{ m.first.clone().unwrap_or_else(|| "undated".into()) }</td>
                                <td class="date">{ m.last.clone().unwrap_or_else(|| "undated".into()) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <ShowMore shown={listed.min(shown.len())} total={shown.len()} step={LISTED} onclick={more} />
        </section>
    }
}
