//! A line under the result count offering the other forms of the query's words (`schools` and
//! `schooling` for `school`: the index finds words as they are written), with how many results
//! the query would have with them. It follows the count a paint behind, like the facets, and
//! shows only when the forms would find more.

use std::rc::Rc;

use yew::prelude::*;

use crate::filter::FilterState;
use crate::ui::components::link::Link;
use crate::ui::context::use_explorer;
use crate::ui::deferred::use_after_paint;
use crate::ui::words::{count, Thousands};

/// The most forms the line names; the link adds them all.
const NAMED: usize = 6;

#[derive(Properties, PartialEq)]
pub struct WordFormsProps {
    /// The query, filters and sort the results on screen answer.
    pub searched: Rc<FilterState>,
    /// How many results they have.
    pub total: u32,
}

#[function_component(WordForms)]
pub fn word_forms(props: &WordFormsProps) -> Html {
    let explorer = use_explorer();
    let asked = use_memo((Rc::as_ptr(&props.searched) as usize, props.total), |_| {
        (props.searched.clone(), props.total)
    });
    let shown = use_after_paint(asked, false);
    let offer = use_memo(
        (
            Rc::as_ptr(&shown) as usize,
            Rc::as_ptr(&explorer.data) as usize,
        ),
        {
            let (shown, data) = (shown.clone(), explorer.data.clone());
            move |_| shown.0.with_word_forms(&data.index, shown.1)
        },
    );
    let Some((wider, wider_total, forms)) = offer.as_ref() else {
        return html! {};
    };
    let mut named = forms
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if forms.len() > NAMED {
        named += ", …";
    }
    let to = FilterState {
        view: explorer.state.view.clone(),
        ..wider.clone()
    };
    let more = wider_total.saturating_sub(shown.1);
    html! {
        <p class="word-forms">
            { "Other forms of your words: " }
            <Link {to} title={AttrValue::from(format!("Search for {}", wider.query))}>
                { format!("search with {named} too") }
            </Link>
            { format!(" ({}, {} more)", count(*wider_total as usize, "result", "results"), Thousands::from(more)) }
        </p>
    }
}
