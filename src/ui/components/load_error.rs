use yew::prelude::*;

use crate::ui::words::with_code;

#[derive(Properties, PartialEq)]
pub struct LoadErrorProps {
    /// What went wrong and what to do, in the user's terms.
    pub message: AttrValue,
    pub on_retry: Callback<()>,
    /// Part of the corpus did load: the explorer is shown below this notice.
    #[prop_or_default]
    pub partial: bool,
}

/// Shown when the corpus could not be loaded, or only part of it; the retry button loads it
/// again.
#[function_component(LoadError)]
pub fn load_error(props: &LoadErrorProps) -> Html {
    let onclick = props.on_retry.reform(|_: MouseEvent| ());
    let (class, heading) = if props.partial {
        (
            "load-error partial",
            "Only part of the corpus could be loaded",
        )
    } else {
        ("load-error", "The corpus could not be loaded")
    };
    html! {
        <section {class} role="alert">
            <h2>{ heading }</h2>
            <p class="message">{ with_code(&props.message) }</p>
            <button type="button" class="retry" {onclick}>{ "Retry" }</button>
        </section>
    }
}
