//! The page's query string as the one copy of the view state: a hook that decodes it (and
//! follows back/forward), and a `Navigator` that changes it with pushState or replaceState.

use std::rc::Rc;

use yew::prelude::*;

use crate::filter::{decode_url, encode_url, FilterState};

/// How a navigation enters the browser history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    /// A discrete choice: back returns to the previous view.
    Push,
    /// Typing and selection: the current entry is updated in place.
    Replace,
}

/// Changes the URL, and with it the view. A corpus chosen with `?corpus=` stays chosen: states
/// that name no corpus keep the current one.
#[derive(Clone, PartialEq)]
pub struct Navigator {
    go: Callback<(FilterState, Nav)>,
    corpus: Option<String>,
}

impl Navigator {
    fn keep_corpus(&self, mut state: FilterState) -> FilterState {
        if state.corpus.is_none() {
            state.corpus = self.corpus.clone();
        }
        state
    }

    pub fn push(&self, state: FilterState) {
        self.go.emit((self.keep_corpus(state), Nav::Push));
    }

    pub fn replace(&self, state: FilterState) {
        self.go.emit((self.keep_corpus(state), Nav::Replace));
    }

    /// The href for a state: a real link, so it opens in a new tab and can be copied.
    pub fn href(&self, state: &FilterState) -> String {
        let query = encode_url(&self.keep_corpus(state.clone()));
        if query.is_empty() {
            format!("{}?", page_path())
        } else {
            format!("{}{query}", page_path())
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn current_search() -> String {
    gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn current_search() -> String {
    String::new()
}

#[cfg(target_arch = "wasm32")]
fn page_path() -> String {
    gloo::utils::window()
        .location()
        .pathname()
        .unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn page_path() -> String {
    "/".to_string()
}

#[cfg(target_arch = "wasm32")]
fn write_history(url: &str, nav: Nav) {
    let history = gloo::utils::history();
    let result = match nav {
        Nav::Push => history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url)),
        Nav::Replace => history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url)),
    };
    if result.is_err() {
        gloo::console::warn!("could not update the address bar");
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn write_history(_url: &str, _nav: Nav) {}

/// The decoded view state, what the decoder ignored, and the navigator.
#[hook]
pub fn use_location() -> (Rc<FilterState>, Rc<Vec<String>>, Navigator) {
    let search = use_state(current_search);
    {
        let search = search.clone();
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "popstate", move |_| {
                    search.set(current_search())
                });
            #[cfg(not(target_arch = "wasm32"))]
            let _ = search;
            move || {
                #[cfg(target_arch = "wasm32")]
                drop(listener);
            }
        });
    }
    let decoded = use_memo((*search).clone(), |s| decode_url(s));
    let go = {
        let search = search.clone();
        Callback::from(move |(state, nav): (FilterState, Nav)| {
            let query = encode_url(&state);
            let url = if query.is_empty() {
                page_path()
            } else {
                format!("{}{query}", page_path())
            };
            write_history(&url, nav);
            search.set(query);
        })
    };
    let (state, ignored) = &*decoded;
    let nav = Navigator {
        go,
        corpus: state.corpus.clone(),
    };
    (Rc::new(state.clone()), Rc::new(ignored.clone()), nav)
}
