//! The app's one state value and the actions that change it. The view itself (query, facets,
//! page) is not here: it lives in the URL (`location.rs`).
//!
//! Invariant: `Ready` holds a corpus that deserialised completely together with its index and
//! the aggregates derived from both; a failed load keeps only the message the user sees.

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
        let members = member_directory(&corpus, &index);
        let mut group_sizes = HashMap::new();
        for q in &corpus.questions {
            if let Some(group) = &q.answer_group {
                *group_sizes.entry(group.clone()).or_insert(0) += 1;
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

#[derive(Debug, Clone)]
pub enum CorpusLoad {
    Loading,
    Ready(Rc<Loaded>),
    Failed(String),
}

impl PartialEq for CorpusLoad {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (CorpusLoad::Loading, CorpusLoad::Loading) => true,
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
}

impl Default for State {
    fn default() -> Self {
        State {
            corpus: CorpusLoad::Loading,
            attempt: 0,
        }
    }
}

pub enum Action {
    Retry,
    Loaded(Rc<Loaded>),
    Failed(String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::Retry => State {
                corpus: CorpusLoad::Loading,
                attempt: self.attempt.wrapping_add(1),
            },
            Action::Loaded(loaded) => State {
                corpus: CorpusLoad::Ready(loaded),
                attempt: self.attempt,
            },
            Action::Failed(message) => State {
                corpus: CorpusLoad::Failed(message),
                attempt: self.attempt,
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
        assert_eq!(retried.corpus, CorpusLoad::Loading);
        assert_eq!(retried.attempt, 1);
    }
}
