//! The page's query string as the one copy of the view state: a hook that decodes it (and
//! follows back/forward), and a `Navigator` that changes it with pushState or replaceState
//! (replacements while typing reach the address bar when typing pauses: see `address_bar`).

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

/// The page's path, read once: every address the app writes keeps it and changes only the
/// query, and a row's link asks for it on every render.
#[cfg(target_arch = "wasm32")]
fn page_path() -> String {
    thread_local! {
        static PATH: String = gloo::utils::window()
            .location()
            .pathname()
            .unwrap_or_default();
    }
    PATH.with(String::clone)
}

#[cfg(not(target_arch = "wasm32"))]
fn page_path() -> String {
    "/".to_string()
}

/// The address bar and the document title. History entries cost milliseconds to write (the
/// browser process hears of each), more than the whole search while typing, so a replacement
/// waits until typing pauses for `SETTLE_MS`: the app follows the new state at once, the address
/// bar a moment later. A push, or leaving the page, first writes any replacement still waiting;
/// back and forward drop it (it belonged to the entry being left).
///
/// Invariant: `url` is `Some` exactly while a replacement waits; `title` only then.
#[cfg(target_arch = "wasm32")]
mod address_bar {
    use std::cell::RefCell;

    use gloo::timers::callback::Timeout;

    use super::Nav;

    const SETTLE_MS: u32 = 300;

    #[derive(Default)]
    struct Waiting {
        url: Option<String>,
        title: Option<String>,
        /// Kept until the next replacement (dropping a timeout cancels it; a fired one is
        /// never dropped from inside its own callback).
        timer: Option<Timeout>,
    }

    thread_local! {
        static WAITING: RefCell<Waiting> = RefCell::default();
    }

    pub fn write(url: &str, nav: Nav) {
        match nav {
            Nav::Replace => WAITING.with_borrow_mut(|w| {
                w.url = Some(url.to_string());
                w.timer = Some(Timeout::new(SETTLE_MS, flush));
            }),
            Nav::Push => {
                flush();
                WAITING.with_borrow_mut(|w| w.timer = None);
                history(url, Nav::Push);
            }
        }
    }

    /// Titles the document now, or with the replacement that waits.
    pub fn set_title(title: String) {
        let now = WAITING.with_borrow_mut(|w| match w.url {
            Some(_) => {
                w.title = Some(title);
                None
            }
            None => Some(title),
        });
        if let Some(title) = now {
            gloo::utils::document().set_title(&title);
        }
    }

    /// Writes the waiting replacement and title, if any.
    pub fn flush() {
        let (url, title) = WAITING.with_borrow_mut(|w| (w.url.take(), w.title.take()));
        if let Some(url) = url {
            history(&url, Nav::Replace);
        }
        if let Some(title) = title {
            gloo::utils::document().set_title(&title);
        }
    }

    /// Forgets the waiting replacement: the entry it was for is no longer current.
    pub fn discard() {
        WAITING.with_borrow_mut(|w| {
            w.url = None;
            w.title = None;
        });
    }

    fn history(url: &str, nav: Nav) {
        let history = gloo::utils::history();
        let null = wasm_bindgen::JsValue::NULL;
        let result = match nav {
            Nav::Push => history.push_state_with_url(&null, "", Some(url)),
            Nav::Replace => history.replace_state_with_url(&null, "", Some(url)),
        };
        if result.is_err() {
            gloo::console::warn!("could not update the address bar");
        }
    }
}

/// Titles the document (with the address bar, when a change to it waits for typing to pause).
pub fn set_title(title: String) {
    #[cfg(target_arch = "wasm32")]
    address_bar::set_title(title);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = title;
}

#[cfg(target_arch = "wasm32")]
fn write_history(url: &str, nav: Nav) {
    address_bar::write(url, nav);
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
            let listeners = {
                let window = gloo::utils::window();
                let on_pop = gloo::events::EventListener::new(&window, "popstate", move |_| {
                    address_bar::discard();
                    search.set(current_search())
                });
                let on_leave =
                    gloo::events::EventListener::new(&window, "pagehide", |_| address_bar::flush());
                [on_pop, on_leave]
            };
            #[cfg(not(target_arch = "wasm32"))]
            let _ = search;
            move || {
                #[cfg(target_arch = "wasm32")]
                drop(listeners);
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
