//! Lines under the result count that offer a better query: "Did you mean" for words the corpus
//! has not got (`palantri` → `palantir`), and the other forms of the query's words
//! (`schools` and `schooling` for `school`: the index finds words as they are written), each
//! with how many results the query would have; and, for a search that finds nothing, itself
//! without each of its parts that keeps it from finding anything: a word of the query
//! (`police palantir zzqxvw` → without `zzqxvw`), or a filter chosen beside it. They follow the
//! count a paint behind, like the facets, and show only when the offer finds more. A search
//! that finds nothing and has no such offer gets the general advice instead (remove a filter,
//! try fewer words), never both.

use std::rc::Rc;

use yew::prelude::*;

use crate::filter::{FilterState, Offer};
use crate::ui::components::link::Link;
use crate::ui::context::use_explorer;
use crate::ui::deferred::use_after_paint;
use crate::ui::same::Same;
use crate::ui::words::{count, Thousands};

/// The most forms the line names; the link adds them all.
const NAMED: usize = 6;

/// The most queries with a part left out that the line offers.
const LEFT_OUT: usize = 3;

#[derive(Properties, PartialEq)]
pub struct SuggestionsProps {
    /// The query, filters and sort the results on screen answer.
    pub searched: Rc<FilterState>,
    /// How many results they have.
    pub total: u32,
}

#[function_component(Suggestions)]
pub fn suggestions(props: &SuggestionsProps) -> Html {
    let explorer = use_explorer();
    let asked = use_memo(
        (Same::of(&props.searched), props.total),
        |(searched, total)| (searched.0.clone(), *total),
    );
    let shown = use_after_paint(asked, false);
    let offers = use_memo(
        (Same::of(&shown), explorer.data.clone()),
        |(shown, data)| {
            let (searched, total) = &*shown.0;
            (
                searched.with_corrections(&data.index, *total),
                searched.with_word_forms(&data.index, *total),
                searched.with_a_part_left_out(&data.index, *total, LEFT_OUT),
            )
        },
    );
    let (corrected, forms, left_out) = &*offers;
    // The offer's query in the view on screen.
    let to = |offer: &Offer| FilterState {
        view: explorer.state.view.clone(),
        ..offer.state.clone()
    };
    let corrected = corrected.as_ref().map(|offer| {
        html! {
            <p class="suggestion correction">
                { "Did you mean " }
                <Link to={to(offer)}>{ offer.state.query.trim().to_string() }</Link>
                { format!("? ({})", count(offer.total as usize, "result", "results")) }
            </p>
        }
    });
    let forms = forms.as_ref().map(|offer| {
        let mut named = offer
            .words
            .iter()
            .take(NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if offer.words.len() > NAMED {
            named += ", …";
        }
        let more = offer.total.saturating_sub(shown.1);
        html! {
            <p class="suggestion word-forms">
                { "Other forms of your words: " }
                <Link to={to(offer)} title={AttrValue::from(format!("Search for {}", offer.state.query))}>
                    { format!("search with {named} too") }
                </Link>
                { format!(" ({}, {} more)", count(offer.total as usize, "result", "results"), Thousands::from(more)) }
            </p>
        }
    });
    let left_out = (!left_out.is_empty()).then(|| {
        let last = left_out.len() - 1;
        html! {
            <p class="suggestion left-out">
                { "No record has all of these. " }
                { for left_out.iter().enumerate().map(|(i, offer)| html! { <>
                    <Link to={to(offer)}>
                        { format!("{} {}", if i == 0 { "Without" } else { "without" }, offer.words.join(" ")) }
                    </Link>
                    { format!(" ({}){}", count(offer.total as usize, "result", "results"), if i == last { "." } else { "; " }) }
                </> }) }
            </p>
        }
    });
    // Nothing found and nothing better to offer: the general advice, once the offers are known
    // (a paint behind the count, as they are).
    let offered = corrected.is_some() || forms.is_some() || left_out.is_some();
    let advice = (shown.1 == 0 && !offered).then(|| {
        html! { <p class="empty">{ "Nothing matches. Remove a filter or try fewer words." }</p> }
    });
    // Always there, so that a screen reader hears an offer when it comes (politely, after the
    // count).
    html! { <div class="suggestions" role="status">{ corrected }{ forms }{ left_out }{ advice }</div> }
}
