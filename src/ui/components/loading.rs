use yew::prelude::*;

/// Shown while the corpus asset downloads and is read.
#[function_component(Loading)]
pub fn loading() -> Html {
    html! {
        <section class="loading" role="status" aria-live="polite" aria-busy="true">
            <span class="spinner" aria-hidden="true"></span>
            <p>{ "Loading the corpus…" }</p>
        </section>
    }
}
