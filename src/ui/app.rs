//! The root component: owns the one `State`, loads the corpus, and shows the view for it.

use yew::prelude::*;

use super::components::corpus_summary::CorpusSummary;
use super::components::load_error::LoadError;
use super::components::loading::Loading;
use super::load::{fetch_corpus, CORPUS_URL};
use super::state::{Action, CorpusLoad, State};

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.attempt, move |_| {
            yew::platform::spawn_local(async move {
                match fetch_corpus(CORPUS_URL).await {
                    Ok(corpus) => dispatch.dispatch(Action::Loaded(corpus)),
                    Err(message) => dispatch.dispatch(Action::Failed(message)),
                }
            });
        });
    }
    let on_retry = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::Retry))
    };
    let body = match &state.corpus {
        CorpusLoad::Loading => html! { <Loading /> },
        CorpusLoad::Failed(message) => html! { <LoadError message={message.clone()} {on_retry} /> },
        CorpusLoad::Loaded(corpus) => html! { <CorpusSummary corpus={corpus.clone()} /> },
    };
    html! {
        <>
            <header class="masthead">
                <h1>{ "pq-explorer" }</h1>
                <p class="tagline">{ "UK parliamentary written questions, answers and press releases" }</p>
            </header>
            <main id="main">{ body }</main>
        </>
    }
}
