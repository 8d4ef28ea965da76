//! "Show N more" under a list drawn a part at a time (a member's questions, the press releases,
//! the members directory, the late named day questions), with how many of how many are shown.
//! Nothing when the whole list is shown.
//! `use_listed` keeps the count a list draws.

use yew::prelude::*;

use crate::ui::words::Thousands;

/// How many of a list to draw (`step` at first, and again whenever `list` changes: another
/// member, month, search or order), and the callback that draws `step` more, for `ShowMore`.
#[hook]
pub fn use_listed<K: PartialEq + 'static>(step: usize, list: K) -> (usize, Callback<MouseEvent>) {
    let shown = use_state_eq(|| step);
    {
        let shown = shown.clone();
        use_effect_with(list, move |_| shown.set(step));
    }
    let more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + step))
    };
    (*shown, more)
}

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
            // Said by a screen reader as more are drawn, where the button keeps the focus.
            <span class="meta" role="status">{ format!(" {} of {} shown", Thousands::from(shown), Thousands::from(total)) }</span>
        </p>
    }
}
