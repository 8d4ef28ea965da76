use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoadErrorProps {
    /// What went wrong and what to do, in the user's terms.
    pub message: AttrValue,
    pub on_retry: Callback<()>,
}

/// Shown when the corpus could not be loaded; the retry button loads it again.
#[function_component(LoadError)]
pub fn load_error(props: &LoadErrorProps) -> Html {
    let onclick = props.on_retry.reform(|_: MouseEvent| ());
    html! {
        <section class="load-error" role="alert">
            <h2>{ "The corpus could not be loaded" }</h2>
            <p class="message">{ props.message.clone() }</p>
            <button type="button" class="retry" {onclick}>{ "Retry" }</button>
        </section>
    }
}
