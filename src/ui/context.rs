//! What every page reads: the loaded data, the current view state and its search results, and
//! the navigator. Provided once by the app; derived data is computed here, never stored beside
//! the state.

use std::rc::Rc;

use yew::prelude::*;

use super::location::Navigator;
use super::state::Loaded;
use crate::filter::{FilterState, View};
use crate::index::{DocRef, SearchHit, SearchResults, KEPT_HITS};

/// Hits ranked with every search: the first pages, and enough for `j`/`k` to walk. Ranking
/// every match of a frequent word at 100,000 records costs more than the rest of the search.
/// As many as the index keeps for each frequent word, so a search for one alone is read from
/// what it keeps.
pub const FIRST_RANKED: usize = KEPT_HITS;
/// Rows further down are ranked in blocks of this many, each once per result set.
const DEEP_BLOCK: usize = 500;
/// Blocks kept before the oldest are dropped.
const DEEP_BLOCKS_KEPT: usize = 16;

/// Blocks of hits ranked beyond the first pages, for the results they were ranked for (by
/// identity: a new search starts afresh), so scrolling far down ranks each block once.
#[derive(Default)]
pub struct DeepHits {
    /// Held weakly, which keeps its address from being given to newer results.
    results: std::rc::Weak<SearchResults>,
    blocks: Vec<(usize, Rc<[SearchHit]>)>,
}

#[derive(Clone)]
pub struct Explorer {
    pub data: Rc<Loaded>,
    /// Whether `data` is only the first records of a file still being read: the load replaces
    /// them with the whole, so nothing is imported into them, and a record not among them may
    /// be in the rest.
    pub reading: bool,
    pub state: Rc<FilterState>,
    /// What the URL held that could not be used.
    pub ignored: Rc<Vec<String>>,
    /// Results of the current query and filters: exact total, facets and histogram, and the
    /// first `FIRST_RANKED` hits (`hits` ranks any others on demand).
    pub results: Rc<SearchResults>,
    /// The query, filters and sort `results` answer: a moment behind `state` while a search
    /// waits for the paint of the keystroke that asked for it.
    pub searched: Rc<FilterState>,
    pub nav: Navigator,
    /// Replaces the loaded data, after an import.
    pub replace_data: Callback<Rc<Loaded>>,
    /// Rows ranked on demand below the first pages; a cache, not part of what is shown.
    pub deep: Rc<std::cell::RefCell<DeepHits>>,
}

impl PartialEq for Explorer {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.data, &other.data)
            && self.state == other.state
            && Rc::ptr_eq(&self.results, &other.results)
            && Rc::ptr_eq(&self.searched, &other.searched)
            && self.ignored == other.ignored
            && self.reading == other.reading
            && self.replace_data == other.replace_data
    }
}

impl Explorer {
    /// The current state with a change applied.
    pub fn with(&self, change: impl FnOnce(&mut FilterState)) -> FilterState {
        let mut next = (*self.state).clone();
        change(&mut next);
        next
    }

    /// The state that shows `view`, keeping the query and filters.
    pub fn at(&self, view: View) -> FilterState {
        self.with(|s| s.view = view)
    }

    /// The state that shows `view` from a row of the results: with the query and filters the
    /// results answer, so a keystroke whose search has yet to run leaves the rows' links as
    /// they are.
    pub fn from_results(&self, view: View) -> FilterState {
        FilterState {
            view,
            selected: self.state.selected.clone(),
            ..(*self.searched).clone()
        }
    }

    /// The view that opens a document.
    pub fn view_of(&self, doc: u32) -> Option<View> {
        let corpus = &self.data.corpus;
        match self.data.index.doc_ref(doc)? {
            DocRef::Question(i) => {
                Some(View::Question(corpus.questions.get(i as usize)?.id.clone()))
            }
            DocRef::PressRelease(i) => Some(View::PressRelease(
                corpus.press_releases.get(i as usize)?.id.clone(),
            )),
        }
    }

    /// The document a record id (as in `sel=` or a view) stands for (`Loaded::doc_of_id`).
    pub fn doc_of_id(&self, id: &str) -> Option<u32> {
        self.data.doc_of_id(id)
    }

    /// The ranked hits `range` of the current results: from the first pages when they cover
    /// it, else from blocks ranked when first asked for.
    pub fn hits(&self, range: std::ops::Range<usize>) -> Vec<SearchHit> {
        let ranked = &self.results.hits;
        let end = range.end.min(self.results.total as usize);
        let start = range.start.min(end);
        if end <= ranked.len() {
            return ranked[start..end].to_vec();
        }
        // Rows the first pages hold come from them; blocks are ranked only beyond.
        let mut out = ranked.get(start..).unwrap_or_default().to_vec();
        let start = start.max(ranked.len());
        for block in start / DEEP_BLOCK..end.div_ceil(DEEP_BLOCK) {
            let first = block * DEEP_BLOCK;
            let hits = self.deep_block(block);
            let from = start.max(first) - first;
            let to = (end.min(first + DEEP_BLOCK) - first).min(hits.len());
            out.extend_from_slice(hits.get(from..to).unwrap_or_default());
        }
        out
    }

    /// Block `block` of the ranked results, ranked now unless it was already.
    fn deep_block(&self, block: usize) -> Rc<[SearchHit]> {
        let mut deep = self.deep.borrow_mut();
        if !std::rc::Weak::ptr_eq(&deep.results, &Rc::downgrade(&self.results)) {
            *deep = DeepHits {
                results: Rc::downgrade(&self.results),
                blocks: Vec::new(),
            };
        }
        if let Some((_, hits)) = deep.blocks.iter().find(|(b, _)| *b == block) {
            return hits.clone();
        }
        let hits: Rc<[SearchHit]> = self.ranked(block * DEEP_BLOCK, DEEP_BLOCK).into();
        if deep.blocks.len() == DEEP_BLOCKS_KEPT {
            deep.blocks.remove(0);
        }
        deep.blocks.push((block, hits.clone()));
        hits
    }

    /// Whether `results` answer the current query, filters and sort (rather than the ones
    /// before a change whose search has yet to run).
    pub fn settled(&self) -> bool {
        *self.searched == self.state.search_key()
    }

    /// Hits `offset..offset + limit` of the results' query, ranked by the index.
    fn ranked(&self, offset: usize, limit: usize) -> Vec<SearchHit> {
        let (query, filters) = self.searched.to_search();
        let index = &self.data.index;
        index.hits(&query, &filters, self.searched.sort, offset, limit)
    }

    /// Every hit of the current results, ranked: for exports and for finding a record's place.
    pub fn all_hits(&self) -> Vec<SearchHit> {
        self.ranked(0, self.results.total as usize)
    }

    /// Where `doc` stands in the ranked results, if it is one of them.
    pub fn position_of(&self, doc: u32) -> Option<usize> {
        let ranked = &self.results.hits;
        match ranked.iter().position(|h| h.doc == doc) {
            Some(i) => Some(i),
            None if ranked.len() < self.results.total as usize => {
                self.all_hits().iter().position(|h| h.doc == doc)
            }
            None => None,
        }
    }

    /// The id a document is selected by in the URL.
    pub fn id_of(&self, doc: u32) -> Option<String> {
        match self.view_of(doc)? {
            View::Question(id) | View::PressRelease(id) => Some(id),
            _ => None,
        }
    }
}

/// Reads the explorer context. Pages are only mounted under the provider, so its absence is a
/// programming error, reported on the error panel by the panic hook.
#[hook]
pub fn use_explorer() -> Explorer {
    use_context::<Explorer>().expect("pages are mounted inside the Explorer provider")
}
