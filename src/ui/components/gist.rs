//! What a question asks, shown under its link in lists where another question has its title
//! (a member's many questions under one heading, the questions that share an answer).

use yew::prelude::*;

use crate::ui::state::QuestionLabel;

/// The words of a question's gist shown in lists.
pub const GIST_WORDS: usize = 16;

/// `label`'s gist as a line of its own, or nothing when its title alone tells it apart.
pub fn gist(label: &QuestionLabel) -> Html {
    match &label.gist {
        Some(gist) => html! { <span class="gist">{ gist.clone() }</span> },
        None => html! {},
    }
}
