//! The root component: owns the one `State`, loads the corpus, reads the view from the URL,
//! computes the current results once, and shows the page the view names.

use std::rc::Rc;

use yew::prelude::*;

use super::components::load_error::LoadError;
use super::components::loading::Loading;
use super::components::masthead::Masthead;
use super::components::saved_copy::SavedCopyLine;
use super::context::{DeepHits, Explorer, FIRST_RANKED};
use super::deferred::use_settled;
use super::load::{absolute, fetch_corpus, Decoded, Fetched, CORPUS_URL};
use super::location::{use_location, Navigator};
use super::pages::Page;
use super::saved::{self, SavedCopy, IMPORTS_URL};
use super::state::{
    now_ms, Action, BuildProgress, CorpusLoad, LoadStage, Loaded, State, TextState,
};
use super::words::{count, human_size, Thousands};
use crate::filter::{FilterState, View};
use crate::index::Building;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let (view_state, ignored, nav) = use_location();
    let corpus_url = view_state
        .corpus
        .clone()
        .unwrap_or_else(|| CORPUS_URL.to_string());
    // The file a saved copy is of, as the line at the foot of the search page names it.
    let saved_of = AttrValue::from(corpus_url.clone());
    {
        let dispatch = state.dispatcher();
        let load = (state.attempt, corpus_url.clone());
        use_effect_with(load, move |(attempt, url)| {
            let url = url.clone();
            let attempt = *attempt;
            // Whether this load's corpus is still the one asked for (another address or a retry
            // ends it): a saved copy still being written of it stops.
            let wanted = Rc::new(std::cell::Cell::new(true));
            let still_wanted = wanted.clone();
            let dispatch = LoadDispatch {
                dispatch,
                wanted: wanted.clone(),
            };
            // The corpus shown, if any, was another's (the address changed within the page).
            dispatch.dispatch(Action::Starting);
            yew::platform::spawn_local(async move {
                let wanted = still_wanted;
                let href = absolute(&url);
                let from_saved = || href.as_deref().and_then(saved::opened);
                // A saved copy that does not open whole is forgotten, and the file read instead.
                let forget_and_retry = |href: Option<String>| async move {
                    if let Some(href) = href {
                        if let Err(why) = saved::forget(&href).await {
                            gloo::console::warn!(format!(
                                "The saved copy of {href} could not be deleted: {why}."
                            ));
                        }
                    }
                };
                let progress = |received, expected, indexed| {
                    let stage = LoadStage::Fetching {
                        received,
                        expected,
                        indexed,
                    };
                    dispatch.dispatch(Action::Progress { attempt, stage });
                };
                // A bundle's records and index are searchable before its text has come, and a
                // large JSON file's first records while the rest is read.
                let searchable = Rc::new(std::cell::RefCell::new(None::<Rc<Loaded>>));
                let on_searchable = {
                    let (dispatch, searchable) = (dispatch.clone(), searchable.clone());
                    move |decoded: Decoded| {
                        if let Some(index) = decoded.index {
                            let mut data = Loaded::with_index(decoded.corpus, index);
                            data.text = decoded.text;
                            let data = Rc::new(data);
                            if decoded.more_records {
                                dispatch.dispatch(Action::FirstRecords { attempt, data });
                                return;
                            }
                            *searchable.borrow_mut() = Some(data.clone());
                            let notice = decoded.notice;
                            dispatch.dispatch(Action::Loaded { data, notice });
                        }
                    }
                };
                let fetched = fetch_corpus(&url, progress, on_searchable).await;
                let whole = matches!(
                    &fetched,
                    Ok(Fetched::Texts { notice: None, .. }
                        | Fetched::Decoded(Decoded { notice: None, .. }))
                );
                if let Some(copy) = from_saved() {
                    if !whole {
                        gloo::console::warn!(format!(
                            "The saved copy of {url} did not open whole; the file is read instead."
                        ));
                        forget_and_retry(href).await;
                        dispatch.dispatch(Action::Retry);
                        return;
                    }
                    dispatch.dispatch(Action::Saved { attempt, copy });
                }
                match fetched {
                    Ok(Fetched::Texts { texts, notice }) => {
                        if let Some(of) = searchable.borrow_mut().take() {
                            dispatch.dispatch(Action::TextArrived { of, texts, notice });
                        }
                    }
                    Ok(Fetched::Decoded(decoded)) => {
                        let Decoded {
                            corpus,
                            index,
                            building,
                            notice,
                            text,
                            kept,
                            stamp,
                            more_records: _,
                        } = decoded;
                        let mut data = match index {
                            Some(index) => Loaded::with_index(corpus, index),
                            None => {
                                let records = corpus.questions.len() + corpus.press_releases.len();
                                let indexing = |progress| {
                                    let stage = LoadStage::Indexing(progress);
                                    dispatch.dispatch(Action::Progress { attempt, stage });
                                };
                                // JSON's records were indexed as they arrived, as far as the
                                // download left time to.
                                let building = building.map_or_else(Building::new, |b| *b);
                                indexing(BuildProgress::Adding {
                                    indexed: building.indexed(),
                                    records,
                                });
                                // Let the "Building the index" status paint before the work starts.
                                yew::platform::time::sleep(std::time::Duration::from_millis(30))
                                    .await;
                                let built = Loaded::build_on(building, corpus, kept, |progress| {
                                    indexing(progress);
                                    true
                                });
                                match built.await {
                                    Some(data) => data,
                                    // Never: the progress above never asks it to stop.
                                    None => return,
                                }
                            }
                        };
                        // A bundle cut before its text: none of its records' text came.
                        let none_came = TextState::Partial {
                            questions: 0,
                            press_releases: 0,
                        };
                        if text == none_came {
                            data = data.without_text();
                        } else {
                            data.text = text;
                        }
                        let data = Rc::new(data);
                        let saves = notice.is_none()
                            && url != CORPUS_URL
                            && data.whole_store().is_some()
                            && saved::available();
                        dispatch.dispatch(Action::Loaded {
                            data: data.clone(),
                            notice,
                        });
                        // Saved once the reader has the corpus in hand and pauses, a few
                        // milliseconds at a time (see `saved.rs`).
                        if let (true, Some(stamp), Some(href)) = (saves, stamp, href) {
                            dispatch.dispatch(Action::Saved {
                                attempt,
                                copy: SavedCopy::Saving,
                            });
                            let copy = match saved::save(&href, data, stamp, &wanted).await {
                                Ok(bytes) => SavedCopy::Saved { bytes },
                                Err(why) => SavedCopy::NotSaved(why),
                            };
                            if wanted.get() {
                                dispatch.dispatch(Action::Saved { attempt, copy });
                            }
                        }
                    }
                    Err(message) => dispatch.dispatch(Action::Failed(message)),
                }
            });
            move || wanted.set(false)
        });
    }
    // Whether the corpus an import left, being saved, is still the latest import's.
    let import_wanted = use_mut_ref(|| Rc::new(std::cell::Cell::new(false)));
    // One callback for the app's lifetime, so the context does not change on every render.
    let replace_data = {
        let dispatch = state.dispatcher();
        use_callback((), move |loaded: Rc<Loaded>, _| {
            dispatch.dispatch(Action::Replaced(loaded.clone()));
            // Saved so that it is here next time (`saved::save_imports`), in place of the copy
            // an earlier import left or one still being written.
            import_wanted.borrow().set(false);
            let wanted = Rc::new(std::cell::Cell::new(true));
            *import_wanted.borrow_mut() = wanted.clone();
            if !saved::available() {
                return;
            }
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                dispatch.dispatch(Action::ImportsSaved(SavedCopy::Saving));
                let copy = match saved::save_imports(loaded, &wanted).await {
                    Ok(bytes) => SavedCopy::Saved { bytes },
                    Err(why) => SavedCopy::NotSaved(why),
                };
                if wanted.get() {
                    dispatch.dispatch(Action::ImportsSaved(copy));
                }
            });
        })
    };
    // A corpus an earlier visit's import left, kept in this browser, is offered while the page
    // shows another.
    {
        let dispatch = state.dispatcher();
        use_effect_with(corpus_url.clone(), move |url| {
            if url != IMPORTS_URL {
                yew::platform::spawn_local(async move {
                    if let Some(at) = saved::saved_at(IMPORTS_URL).await {
                        dispatch.dispatch(Action::ImportsSaved(SavedCopy::Elsewhere { at }));
                    }
                });
            }
        });
    }
    let on_forget_imports = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| {
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                let copy = match saved::forget(IMPORTS_URL).await {
                    Ok(()) => SavedCopy::Forgotten,
                    Err(why) => SavedCopy::NotForgotten(why),
                };
                dispatch.dispatch(Action::ImportsSaved(copy));
            });
        })
    };
    let on_retry = {
        let dispatch = state.dispatcher();
        Callback::from(move |()| dispatch.dispatch(Action::Retry))
    };
    let on_forget = {
        let (dispatch, attempt) = (state.dispatcher(), state.attempt);
        let corpus = view_state.corpus.clone();
        Callback::from(move |()| {
            let dispatch = dispatch.clone();
            let href = absolute(corpus.as_deref().unwrap_or(CORPUS_URL));
            yew::platform::spawn_local(async move {
                let Some(href) = href else { return };
                let copy = match saved::forget(&href).await {
                    Ok(()) => SavedCopy::Forgotten,
                    Err(why) => SavedCopy::NotForgotten(why),
                };
                dispatch.dispatch(Action::Saved { attempt, copy });
            });
        })
    };
    // What rows read beyond their records is derived once the page has painted a corpus, not
    // by the first search to show it (a keystroke).
    {
        let ready = match &state.corpus {
            CorpusLoad::Ready(data) => Some(data.clone()),
            _ => None,
        };
        use_effect_with(ready, |ready| {
            if let Some(data) = ready {
                let data = Rc::downgrade(data);
                yew::platform::spawn_local(async move {
                    super::yielding::after_next_paint().await;
                    if let Some(data) = data.upgrade() {
                        data.derive_for_rows();
                    }
                });
            }
        });
    }
    let body = match &state.corpus {
        CorpusLoad::Loading(stage) => html! { <Loading stage={*stage} /> },
        CorpusLoad::Failed(message) => html! { <LoadError message={message.clone()} {on_retry} /> },
        CorpusLoad::Ready(data) => html! {
            <>
                if let Some(notice) = &state.notice {
                    <LoadError message={notice.clone()} {on_retry} partial=true />
                }
                if let Some((received, expected)) = state.arriving {
                    <p class="text-arriving" role="status">{ text_arriving(received, expected) }</p>
                }
                if let Some(stage) = state.reading {
                    { reading_rest(data.index.len() as usize, stage) }
                }
                <Ready data={data.clone()} reading={state.reading.is_some()} state={view_state.clone()} ignored={ignored.clone()} nav={nav.clone()} replace_data={replace_data.clone()} />
                // At the foot, so that its coming moves nothing the reader is looking at.
                if view_state.view == View::Search {
                    <SavedCopyLine copy={state.saved.clone()} url={saved_of.clone()} on_forget={on_forget.clone()} />
                }
                if matches!(view_state.view, View::Search | View::Import) {
                    <SavedCopyLine copy={state.imports.clone()} url={IMPORTS_URL} on_forget={on_forget_imports.clone()}
                        open={(corpus_url != IMPORTS_URL).then_some(AttrValue::from(format!("?corpus={IMPORTS_URL}")))} />
                }
            </>
        },
    };
    html! {
        <ContextProvider<Navigator> context={nav}>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <Masthead state={view_state} />
            <main id="main" tabindex="-1">{ body }</main>
        </ContextProvider<Navigator>>
    }
}

/// The dispatcher of one load: once it is no longer wanted (the address named another corpus,
/// or a retry began another load), what it would say is dropped, so a slower earlier load
/// never replaces the corpus, its first records or its progress of the one asked for since.
#[derive(Clone)]
struct LoadDispatch {
    dispatch: UseReducerDispatcher<State>,
    wanted: Rc<std::cell::Cell<bool>>,
}

impl LoadDispatch {
    fn dispatch(&self, action: Action) {
        if self.wanted.get() {
            self.dispatch.dispatch(action);
        }
    }
}

/// The status line while a bundle's text arrives after its index.
fn text_arriving(received: u64, expected: Option<u64>) -> String {
    let got = match expected {
        Some(total) if total > 0 => format!(
            "{} of {}, {}%",
            human_size(received as f64),
            human_size(total as f64),
            received * 100 / total
        ),
        _ => human_size(received as f64),
    };
    format!("Search, filters and counts are ready. The records' text is arriving ({got}): snippets, answers and exports follow as soon as it is in.")
}

/// The status line while the first records of a file are searched and the rest are read, and
/// a bar of how far the rest has got. The line, which a screen reader announces, changes only
/// with the stage (reading, indexing, finishing); the bar and its figures (beside it, for the
/// eye) change as the load goes.
fn reading_rest(searched: usize, stage: LoadStage) -> Html {
    let searched = count(searched, "record", "records");
    let (rest, bar, figures) = match stage {
        LoadStage::Fetching {
            received,
            expected: Some(total),
            ..
        } if total > 0 && received <= total => (
            "the rest of the file is read".to_string(),
            Some((received, total)),
            format!(
                "{} of {}",
                human_size(received as f64),
                human_size(total as f64)
            ),
        ),
        LoadStage::Fetching { received, .. } => (
            "the rest of the file is read".to_string(),
            None,
            format!("{} so far", human_size(received as f64)),
        ),
        LoadStage::Indexing(BuildProgress::Adding { indexed, records }) => (
            format!(
                "the rest is indexed, {} in all",
                count(records, "record", "records")
            ),
            Some((indexed as u64, records as u64)),
            format!("{} indexed", Thousands::from(indexed)),
        ),
        LoadStage::Indexing(BuildProgress::Finishing { records, done, all }) => (
            format!(
                "the index of all {} is finished",
                count(records, "record", "records")
            ),
            Some((done as u64, all as u64)),
            String::new(),
        ),
    };
    html! {
        <div class="text-arriving reading">
            <p role="status">{ format!("Searching the first {searched} of the corpus while {rest}. Results, filters and counts cover those records for now; snippets, answers, exports and imports follow once the whole file is in.") }</p>
            <p class="reading-progress">
                if let Some((value, max)) = bar {
                    <progress value={value.to_string()} max={max.to_string()} aria-label="The rest of the corpus file"></progress>
                }
                <span class="meta" aria-hidden="true">{ figures }</span>
            </p>
        </div>
    }
}

/// A search that takes this long or more leaves a frame too little time to paint the keystroke
/// and the rows it found together: the next search waits for the keystroke's paint.
const SLOW_SEARCH_MS: f64 = 4.0;

/// How long after a corpus's first render its searches are warmed up: after that render's
/// paint, and long before a reader types.
const WARM_UP_AFTER_MS: u32 = 50;

#[derive(Properties, PartialEq)]
struct ReadyProps {
    data: Rc<Loaded>,
    /// Whether `data` is the first records of a file still being read (`State::reading`).
    reading: bool,
    state: Rc<FilterState>,
    ignored: Rc<Vec<String>>,
    nav: Navigator,
    replace_data: Callback<Rc<Loaded>>,
}

/// The explorer proper, once the corpus is in: results for the current view state, shared with
/// every page through the context.
#[function_component(Ready)]
fn ready(props: &ReadyProps) -> Html {
    // Only the query, filters and sort decide the results; the page and selection do not.
    let key = props.state.search_key();
    // A change's search runs at once while searches are quick, so a keystroke's character,
    // count and rows paint together; after one that took `SLOW_SEARCH_MS` or more, the next
    // runs after the paint that shows the keystroke (see `use_settled`).
    let slow = use_mut_ref(|| false);
    let at_once = !*slow.borrow();
    let searched = use_settled(Rc::new(key), at_once);
    let results = use_memo(
        (searched.clone(), props.data.clone()),
        move |(key, data)| {
            let (query, filters) = key.to_search();
            let started = now_ms();
            let results = data
                .index
                .search(&query, &filters, key.sort, 0, FIRST_RANKED);
            *slow.borrow_mut() = now_ms() - started >= SLOW_SEARCH_MS;
            results
        },
    );
    // Once a corpus's results are on screen, the searches typing makes run once (see
    // `Index::warm_up`), so the reader's first keystroke does not wait for the browser to
    // compile the search's code; and the records are put in id order, which `j`, `k` and the
    // list's selected row read (a sort of about 30 ms at 100,000 records), so the first `j`
    // does not wait for it either.
    {
        let data = props.data.clone();
        use_effect_with(props.data.clone(), move |_| {
            let warm = gloo::timers::callback::Timeout::new(WARM_UP_AFTER_MS, move || {
                data.index.warm_up();
                data.doc_of_id("");
            });
            move || drop(warm)
        });
    }
    let deep = use_mut_ref(DeepHits::default);
    let explorer = Explorer {
        deep,
        data: props.data.clone(),
        reading: props.reading,
        state: props.state.clone(),
        ignored: props.ignored.clone(),
        results,
        searched,
        nav: props.nav.clone(),
        replace_data: props.replace_data.clone(),
    };
    html! {
        <ContextProvider<Explorer> context={explorer}>
            <Page />
        </ContextProvider<Explorer>>
    }
}
