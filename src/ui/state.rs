//! The app's one state value and the actions that change it. The view itself (query, facets,
//! page) is not here: it lives in the URL (`location.rs`).
//!
//! Invariants: `Ready` holds a corpus together with its index and the aggregates derived from
//! both; `notice` is `Some` exactly when that corpus is only part of its file (the load was cut
//! short); a failed load keeps only the message the user sees; progress from an earlier attempt
//! never shows once a retry has started.

use std::collections::HashMap;
use std::rc::Rc;

use yew::Reducible;

use crate::corpus::Corpus;
use crate::index::insight::{member_directory, MemberSummary};
use crate::index::Index;

/// A loaded corpus with everything derived from it once.
#[derive(Debug)]
pub struct Loaded {
    pub corpus: Corpus,
    pub index: Index,
    pub members: Vec<MemberSummary>,
    /// Questions per answer group.
    pub group_sizes: HashMap<String, u32>,
    /// Question ids by UIN, for cross-reference links.
    pub by_uin: HashMap<String, String>,
}

/// Two loads are the same only if they are the same value: comparing corpora field by field on
/// every render would cost more than the render.
impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Loaded {
    pub fn new(corpus: Corpus) -> Self {
        let index = Index::build(&corpus);
        Self::with_index(corpus, index)
    }

    /// A corpus with its finished index (from a bundle).
    pub fn with_index(corpus: Corpus, index: Index) -> Self {
        let members = member_directory(&corpus, &index);
        let mut group_sizes = HashMap::new();
        for group in corpus
            .questions
            .iter()
            .filter_map(|q| q.answer_group.as_ref())
        {
            match group_sizes.get_mut(group) {
                Some(size) => *size += 1,
                None => {
                    group_sizes.insert(group.clone(), 1);
                }
            }
        }
        let by_uin = corpus
            .questions
            .iter()
            .filter_map(|q| Some((q.uin.clone()?.to_ascii_uppercase(), q.id.clone())))
            .collect();
        Loaded {
            corpus,
            index,
            members,
            group_sizes,
            by_uin,
        }
    }
}

/// How far a load has got, for the progress the user sees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LoadStage {
    /// Bytes received so far, and the size the server announced.
    Fetching {
        received: u64,
        expected: Option<u64>,
    },
    /// The file is read; the index over this many records is being built.
    Indexing { records: usize },
}

#[derive(Debug, Clone)]
pub enum CorpusLoad {
    Loading(LoadStage),
    Ready(Rc<Loaded>),
    Failed(String),
}

impl PartialEq for CorpusLoad {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (CorpusLoad::Loading(a), CorpusLoad::Loading(b)) => a == b,
            (CorpusLoad::Ready(a), CorpusLoad::Ready(b)) => Rc::ptr_eq(a, b),
            (CorpusLoad::Failed(a), CorpusLoad::Failed(b)) => a == b,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub corpus: CorpusLoad,
    /// Bumped by every retry, so the loader runs again.
    pub attempt: u32,
    /// Why the loaded corpus is incomplete, when it is.
    pub notice: Option<String>,
}

const STARTING: CorpusLoad = CorpusLoad::Loading(LoadStage::Fetching {
    received: 0,
    expected: None,
});

impl Default for State {
    fn default() -> Self {
        State {
            corpus: STARTING,
            attempt: 0,
            notice: None,
        }
    }
}

pub enum Action {
    Retry,
    /// Progress of the load started by `attempt`.
    Progress {
        attempt: u32,
        stage: LoadStage,
    },
    /// A corpus from the load, with its notice if it is incomplete.
    Loaded {
        data: Rc<Loaded>,
        notice: Option<String>,
    },
    /// A corpus made in the app (an import) replaces the current one; any notice stays.
    Replaced(Rc<Loaded>),
    Failed(String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::Retry => State {
                corpus: STARTING,
                attempt: self.attempt.wrapping_add(1),
                notice: None,
            },
            Action::Progress { attempt, stage } => {
                if attempt != self.attempt || !matches!(self.corpus, CorpusLoad::Loading(_)) {
                    return self;
                }
                State {
                    corpus: CorpusLoad::Loading(stage),
                    ..(*self).clone()
                }
            }
            Action::Loaded { data, notice } => State {
                corpus: CorpusLoad::Ready(data),
                attempt: self.attempt,
                notice,
            },
            Action::Replaced(data) => State {
                corpus: CorpusLoad::Ready(data),
                ..(*self).clone()
            },
            Action::Failed(message) => State {
                corpus: CorpusLoad::Failed(message),
                attempt: self.attempt,
                notice: None,
            },
        };
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_failure_loads_again() {
        let state = Rc::new(State::default());
        let failed = state.reduce(Action::Failed("HTTP 404".into()));
        assert_eq!(failed.corpus, CorpusLoad::Failed("HTTP 404".into()));
        let retried = failed.reduce(Action::Retry);
        assert_eq!(retried.corpus, STARTING);
        assert_eq!(retried.attempt, 1);
    }

    #[test]
    fn progress_of_an_earlier_attempt_is_ignored() {
        let stage = LoadStage::Indexing { records: 3 };
        let state = Rc::new(State::default()).reduce(Action::Retry);
        let stale = state.clone().reduce(Action::Progress { attempt: 0, stage });
        assert_eq!(stale.corpus, STARTING);
        let current = state.reduce(Action::Progress { attempt: 1, stage });
        assert_eq!(current.corpus, CorpusLoad::Loading(stage));
    }

    #[test]
    fn a_partial_load_keeps_its_notice_through_an_import() {
        let data = Rc::new(Loaded::new(Corpus::default()));
        let notice = Some("cut short".to_string());
        let state = Rc::new(State::default()).reduce(Action::Loaded {
            data: data.clone(),
            notice: notice.clone(),
        });
        assert_eq!(state.reduce(Action::Replaced(data)).notice, notice);
    }
}
