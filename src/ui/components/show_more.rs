//! "Show N more" under a list drawn a part at a time (a member's questions, the late named day
//! questions), with how many of how many are shown. Nothing when the whole list is shown.

use yew::prelude::*;

use crate::ui::words::Thousands;

#[derive(Properties, PartialEq)]
pub struct ShowMoreProps {
    /// Items the list draws now.
    pub shown: usize,
    /// Items in the whole list.
    pub total: usize,
    /// Items each press adds (fewer when fewer are left).
    pub step: usize,
    /// Asked to draw `step` more.
    pub onclick: Callback<MouseEvent>,
}

#[function_component(ShowMore)]
pub fn show_more(props: &ShowMoreProps) -> Html {
    let &ShowMoreProps {
        shown, total, step, ..
    } = props;
    if shown >= total {
        return html! {};
    }
    html! {
        <p class="show-more">
            <button type="button" onclick={props.onclick.clone()}>{ format!("Show {} more", Thousands::from(step.min(total - shown))) }</button>
            <span class="meta">{ format!(" {} of {} shown", Thousands::from(shown), Thousands::from(total)) }</span>
        </p>
    }
}
