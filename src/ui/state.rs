//! The app's one state value and the actions that change it.
//!
//! Invariant: `corpus` is `Loaded` only with a corpus that deserialised completely; a failed
//! load keeps the message the user sees and nothing else.

use std::rc::Rc;

use yew::Reducible;

use crate::corpus::Corpus;

#[derive(Debug, Clone, PartialEq)]
pub enum CorpusLoad {
    Loading,
    Loaded(Rc<Corpus>),
    Failed(String),
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
    Loaded(Corpus),
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
            Action::Loaded(corpus) => State {
                corpus: CorpusLoad::Loaded(Rc::new(corpus)),
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
