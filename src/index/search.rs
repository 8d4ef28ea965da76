//! Running a query: matching sets from postings, filters from attributes, BM25 ranking with
//! field boosts, facet counts and a month histogram of the result set.
//!
//! Invariant: `total` and every facet count are exact for the whole result set; only `hits` is
//! cut to the requested window.

use std::borrow::Cow;
use std::sync::Arc;

use super::hash::TermTable;
use super::postings::{List, PositionReader};
use super::query::{Answered, Clause, Filters, Kind, Matcher, Query, ValueMatch};
use super::{
    unpack_flags, DocSet, FacetTally, Index, PairTally, PrefixWalk, ValueTable, FIELD_COUNT, NONE,
    WALK_TERMS,
};
use crate::corpus::House;

/// Field boosts: heading and question above answer.
const BOOST: [f32; FIELD_COUNT] = [3.0, 2.0, 1.0, 1.5];
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// A prefix scores through at most this many of its expansions (the most common ones), and
/// stops adding expansions once their postings pass `PREFIX_SCORING_POSTINGS`; it matches
/// through all of them. A prefix of a letter or two is a word still being typed: ranking it by
/// its commonest words is enough, and scoring every posting of its thousands would cost more
/// than the rest of the search.
const PREFIX_SCORING_TERMS: usize = 32;
const PREFIX_SCORING_POSTINGS: usize = 200_000;

/// The first hits by relevance kept for each frequent word (see `Index::kept`): as many as the
/// app ranks with every search, so its search for such a word alone reads no posting.
pub const KEPT_HITS: usize = 500;

/// The note on a phrase searched before the index's positions have come.
pub const PHRASES_ARRIVING: &str =
    "The index's word positions have not come (yet), so a phrase finds the records with all of its words rather than the exact phrase.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
    Oldest,
}

impl Sort {
    pub fn slug(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }

    pub fn from_slug(s: &str) -> Option<Sort> {
        match s {
            "relevance" => Some(Sort::Relevance),
            "newest" => Some(Sort::Newest),
            "oldest" => Some(Sort::Oldest),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchHit {
    pub doc: u32,
    pub score: f32,
}

/// One value of a facet and how many results have it; name and slug are shared with the
/// index's value tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub name: Arc<str>,
    pub slug: Arc<str>,
    pub count: u32,
}

/// Counts of the result set by each facet, largest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub kind: Vec<FacetCount>,
    pub house: Vec<FacetCount>,
    pub party: Vec<FacetCount>,
    pub member: Vec<FacetCount>,
    pub department: Vec<FacetCount>,
    pub answerer: Vec<FacetCount>,
    pub answered: Vec<FacetCount>,
}

/// What a search for one frequent word or prefix alone needs, made in advance (see
/// `Index::kept` and `Index::kept_prefixes`).
#[derive(Debug, Clone)]
pub(super) struct KeptSearch {
    /// How many documents match.
    pub total: u32,
    /// Their facet pair counts.
    pub tally: PairTally,
    /// Their first `KEPT_HITS` by relevance (all of them when fewer), as a search ranks them.
    pub first: Box<[SearchHit]>,
}

/// A frequent word's kept search.
#[derive(Debug, Clone)]
pub(super) struct KeptWord {
    pub term: u32,
    pub search: KeptSearch,
}

/// A frequent prefix's kept search (see `Index::find_prefixes_some`).
#[derive(Debug, Clone)]
pub(super) struct KeptPrefix {
    pub prefix: Box<str>,
    pub search: KeptSearch,
}

/// How a search can be answered without reading a posting (`Index::shortcut`).
enum Shortcut<'a> {
    /// The query has a word the index does not have, in every alternative of a clause.
    Nothing,
    /// The query is one frequent word or prefix alone, whose search is kept.
    Kept(&'a KeptSearch),
    /// Neither: the postings are read.
    Search,
}

/// What is kept for the frequent words, being made a few words at a time
/// (`Index::keep_frequent_some`), so an index opened from a bundle makes them between the frames
/// of its text, and one built in the page after its first results, rather than in one long
/// pause; then the table of term ids by name, then what is kept for the frequent prefixes.
/// Invariant: `made` holds the words before `terms`, ascending; `made_prefixes` the prefixes
/// before `prefixes`, ascending, once the prefixes are found.
#[derive(Debug)]
pub struct Keeping {
    terms: std::vec::IntoIter<u32>,
    pub(super) made: Vec<KeptWord>,
    /// The walk finding the frequent prefixes (`Index::find_prefixes_some`), until it ends.
    walk: PrefixWalk,
    /// The frequent prefixes left to make, once found.
    prefixes: Option<std::vec::IntoIter<Box<str>>>,
    pub(super) made_prefixes: Vec<KeptPrefix>,
    set: DocSet,
    scorer: Scorer,
    /// The term ids by name made so far (`Index::term_table`), for ids below `named`.
    pub(super) table: Option<TermTable>,
    pub(super) named: u32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    pub total: u32,
    /// The window of the ranked results that was asked for.
    pub hits: Vec<SearchHit>,
    pub facets: Facets,
    /// `YYYY-MM` → count, ascending; undated records are counted in `undated`.
    pub months: Vec<(Arc<str>, u32)>,
    pub undated: u32,
    pub notes: Vec<String>,
}

impl Index {
    /// The set of documents a query and extra filters select, before ranking.
    pub fn matching(&self, query: &Query, extra: &Filters) -> DocSet {
        self.match_and_score(query, extra, None)
    }

    /// `matching`, and when `scores` is given, each document's BM25 score summed into it over
    /// the query's words (see `Scorer`). A query of one clause and nothing else scores as it
    /// reads its postings (a plain word's are read once for both); any other scores its matches
    /// alone once they are known (`match_and_score_as`).
    fn match_and_score(
        &self,
        query: &Query,
        extra: &Filters,
        scores: Option<&mut Scorer>,
    ) -> DocSet {
        let alone = query.clauses.len() <= 1
            && query.exclude.is_empty()
            && query.filters.is_empty()
            && extra.is_empty();
        self.match_and_score_as(query, extra, scores, !alone)
    }

    /// `match_and_score`, scoring every document a word is in as its postings are read, or if
    /// `matches_alone`, only the matches, once every clause, exclusion and filter has been
    /// applied: each word's postings are read again, but only the matches' scores are reckoned
    /// and written, and a query of several frequent words matches a few of the documents each
    /// of them is in. A match's score is the same sum either way, added in the same order.
    fn match_and_score_as(
        &self,
        query: &Query,
        extra: &Filters,
        scores: Option<&mut Scorer>,
        matches_alone: bool,
    ) -> DocSet {
        let (mut as_read, after) = match scores {
            Some(scorer) if !matches_alone => (Some(scorer), None),
            scorer => (None, scorer),
        };
        let n = self.len();
        let mut matched = DocSet::full(n);
        let mut clauses: Vec<DocSet> = query
            .clauses
            .iter()
            .map(|clause| {
                let mut set = DocSet::empty(n);
                for m in &clause.alternatives {
                    self.matcher_docs(m, &mut set, as_read.as_deref_mut());
                }
                set
            })
            .collect();
        clauses.sort_by_key(DocSet::count);
        for set in &clauses {
            matched.intersect_with(set);
        }
        for m in &query.exclude {
            let mut excluded = DocSet::empty(n);
            self.matcher_docs(m, &mut excluded, None);
            matched.subtract(&excluded);
        }
        // The query's own filters and the extra ones, copied together only when there are both.
        let filters = if extra.is_empty() {
            Cow::Borrowed(&query.filters)
        } else {
            let mut merged = query.filters.clone();
            merged.extend(extra.clone());
            Cow::Owned(merged)
        };
        if !filters.is_empty() {
            self.apply_filters(&mut matched, &filters);
        }
        if let Some(scorer) = after {
            for m in query.clauses.iter().flat_map(|c| &c.alternatives) {
                self.score_matcher(m, scorer, Some(&matched));
            }
        }
        matched
    }

    /// Runs a query: exact total, facets and histogram; ranked hits `offset..offset + limit`.
    pub fn search(
        &self,
        query: &Query,
        extra: &Filters,
        sort: Sort,
        offset: usize,
        limit: usize,
    ) -> SearchResults {
        let kept = match self.shortcut(query, extra) {
            Shortcut::Nothing => return self.results(query, 0, Vec::new(), None),
            Shortcut::Kept(kept) => Some(kept),
            Shortcut::Search => None,
        };
        if let Some(kept) = kept {
            if let Some(hits) = kept_window(kept, sort, offset, limit) {
                return self.results(query, kept.total, hits, Some(&kept.tally));
            }
        }
        let (matched, scores) = self.match_for_ranking(query, extra, sort);
        let hits = self.rank(scores.as_deref(), &matched, sort, offset, limit);
        let total = matched.count();
        let tally = match (kept, total) {
            (_, 0) => None,
            (Some(kept), _) => Some(Cow::Borrowed(&kept.tally)),
            (None, _) => Some(Cow::Owned(self.attrs.tally(&matched))),
        };
        self.results(query, total, hits, tally.as_deref())
    }

    /// A search's results from its total, hits and facet pair counts.
    fn results(
        &self,
        query: &Query,
        total: u32,
        hits: Vec<SearchHit>,
        tally: Option<&PairTally>,
    ) -> SearchResults {
        let (facets, months, undated) = match (total, tally) {
            (1.., Some(tally)) => self.facets(tally),
            // Nothing matched: every count is zero, so every list is empty.
            _ => (Facets::default(), Vec::new(), 0),
        };
        let mut notes = query.notes.clone();
        let phrases = query.clauses.iter().flat_map(|c| &c.alternatives);
        if self.positions().is_none()
            && phrases
                .chain(&query.exclude)
                .any(|m| matches!(m, Matcher::Phrase(_)))
        {
            notes.push(PHRASES_ARRIVING.to_string());
        }
        SearchResults {
            total,
            hits,
            facets,
            months,
            undated,
            notes,
        }
    }

    /// Ranked hits `offset..offset + limit` alone, without the total, facets or histogram:
    /// for windows of a result set whose counts are already known.
    pub fn hits(
        &self,
        query: &Query,
        extra: &Filters,
        sort: Sort,
        offset: usize,
        limit: usize,
    ) -> Vec<SearchHit> {
        let kept = match self.shortcut(query, extra) {
            Shortcut::Nothing => return Vec::new(),
            Shortcut::Kept(kept) => kept_window(kept, sort, offset, limit),
            Shortcut::Search => None,
        };
        if let Some(hits) = kept {
            return hits;
        }
        let (matched, scores) = self.match_for_ranking(query, extra, sort);
        self.rank(scores.as_deref(), &matched, sort, offset, limit)
    }

    /// The matches, with their scores when the ranking is by relevance to some words. Callers
    /// have asked `shortcut` first, so a query with a word the index lacks never comes here
    /// (nor fills a score table).
    fn match_for_ranking(
        &self,
        query: &Query,
        extra: &Filters,
        sort: Sort,
    ) -> (DocSet, Option<Vec<f32>>) {
        if sort != Sort::Relevance || query.clauses.is_empty() {
            return (self.matching(query, extra), None);
        }
        let mut scorer = Scorer::new(self);
        let matched = self.match_and_score(query, extra, Some(&mut scorer));
        (matched, Some(scorer.scores))
    }

    /// Whether `query` with `extra` can be answered without reading a posting: it has a word
    /// the index does not have (in every alternative of a clause), or it is one frequent word
    /// alone (see `Index::kept`), with no other word, exclusion or filter.
    fn shortcut(&self, query: &Query, extra: &Filters) -> Shortcut<'_> {
        let alone = query.exclude.is_empty() && query.filters.is_empty() && extra.is_empty();
        if let ([clause], true) = (query.clauses.as_slice(), alone) {
            match clause.alternatives.as_slice() {
                [Matcher::Term(word)] => {
                    // One look-up answers both (a bundle's index finds a word by binary search).
                    return match self.term(word.as_str()) {
                        None => Shortcut::Nothing,
                        Some(term) => self
                            .kept_word(term)
                            .map_or(Shortcut::Search, |k| Shortcut::Kept(&k.search)),
                    };
                }
                [Matcher::Prefix(prefix)] => {
                    if let Some(kept) = self.kept_prefix(prefix) {
                        return Shortcut::Kept(&kept.search);
                    }
                }
                _ => {}
            }
        }
        if query.clauses.iter().any(|c| self.finds_nothing(c)) {
            return Shortcut::Nothing;
        }
        Shortcut::Search
    }

    /// Starts making what is kept for each frequent word (see `Index::kept`), unless it is
    /// made, for `keep_some`; then the table of term ids by name (`Index::term_table`).
    pub(super) fn start_keeping(&self) -> Keeping {
        let terms = match self.kept.get() {
            Some(_) => Vec::new(),
            None => self.frequent_terms(),
        };
        Keeping {
            terms: terms.into_iter(),
            made: Vec::new(),
            walk: PrefixWalk::default(),
            prefixes: None,
            made_prefixes: Vec::new(),
            set: DocSet::empty(self.len()),
            scorer: Scorer::new(self),
            table: None,
            named: 0,
        }
    }

    /// Makes what is kept for up to `words` more frequent words: their documents, scored and
    /// ranked as a search for one alone scores and ranks them, and counted by facet. Returns
    /// whether every word is made.
    pub(super) fn keep_some(&self, keeping: &mut Keeping, words: usize) -> bool {
        let Keeping {
            terms,
            made,
            set,
            scorer,
            ..
        } = keeping;
        for term in terms.take(words) {
            set.clear();
            scorer.scores.fill(0.0);
            self.score_term(term, scorer, Some(set));
            let search = self.kept_search(set, scorer);
            made.push(KeptWord { term, search });
        }
        terms.len() == 0
    }

    /// Makes what is kept for up to `prefixes` more frequent prefixes, as `keep_some` does for
    /// words, a search for each as for the prefix alone, once they are found: first the walk
    /// that finds them (`Index::find_prefixes_some`), `WALK_TERMS` terms for each of
    /// `prefixes`, unless they are made. Returns whether every prefix is made.
    pub(super) fn keep_prefixes_some(&self, keeping: &mut Keeping, prefixes: usize) -> bool {
        let Keeping {
            walk,
            prefixes: left,
            made_prefixes: made,
            set,
            scorer,
            ..
        } = keeping;
        let left = match left {
            Some(left) => left,
            None if self.kept_prefixes.get().is_some() => return true,
            None => {
                let walked = prefixes.saturating_mul(WALK_TERMS);
                match self.find_prefixes_some(walk, walked) {
                    Some(found) => left.insert(found.into_iter()),
                    None => return false,
                }
            }
        };
        for prefix in left.take(prefixes) {
            set.clear();
            scorer.scores.fill(0.0);
            let matcher = Matcher::Prefix(prefix.to_string());
            self.matcher_docs(&matcher, set, Some(scorer));
            let search = self.kept_search(set, scorer);
            made.push(KeptPrefix { prefix, search });
        }
        left.len() == 0
    }

    /// What is kept of a search whose matches are `set` and their scores `scorer`'s.
    fn kept_search(&self, set: &DocSet, scorer: &Scorer) -> KeptSearch {
        let first = self.rank(Some(&scorer.scores), set, Sort::Relevance, 0, KEPT_HITS);
        KeptSearch {
            total: set.count(),
            tally: self.attrs.tally(set),
            first: first.into(),
        }
    }

    /// Whether a clause can match no document: each of its alternatives has a word the index
    /// does not have (or, for a prefix, no word starts with it).
    fn finds_nothing(&self, clause: &Clause) -> bool {
        clause.alternatives.iter().all(|m| match m {
            Matcher::Term(word) => self.term(word.as_str()).is_none(),
            Matcher::Prefix(prefix) => self.prefix_terms(prefix).is_empty(),
            Matcher::Phrase(words) => words.iter().any(|w| self.term(w.as_str()).is_none()),
        })
    }

    pub(super) fn postings_of(&self, term: u32) -> impl Iterator<Item = (usize, List<'_>)> {
        self.lists_of(term).map(|(f, _, list)| (f, list))
    }

    /// `(field, list id, list)` of each of a term's lists.
    pub(super) fn lists_of(&self, term: u32) -> impl Iterator<Item = (usize, usize, List<'_>)> {
        self.term_fields[term as usize]
            .iter()
            .enumerate()
            .filter(|(_, &pid)| pid != NONE)
            .map(|(f, &pid)| (f, pid as usize, self.lists.get(pid as usize)))
    }

    /// Adds the term's documents to `set`; returns how many postings its lists hold.
    pub(super) fn term_docs(&self, term: u32, set: &mut DocSet) -> usize {
        let mut read = 0;
        for (_, _, postings) in self.lists_of(term) {
            postings.insert_into(set);
            read += postings.len();
        }
        read
    }

    /// Adds the term's scores for the documents `within` alone to `scorer`.
    fn score_term_in(&self, term: u32, scorer: &mut Scorer, within: &DocSet) {
        let idf = scorer.idf(self.doc_frequency(term));
        for (f, _, postings) in self.lists_of(term) {
            let weight = scorer.field(f, idf);
            scorer.add_in(postings, self.field_len[f].as_slice(), weight, within);
        }
    }

    /// Adds to `scorer` the scores of the words `matcher` is ranked by (a prefix's commonest
    /// expansions, a phrase's words), for every document they are in or those `within` alone.
    fn score_matcher(&self, matcher: &Matcher, scorer: &mut Scorer, within: Option<&DocSet>) {
        let mut score = |term| match within {
            Some(within) => self.score_term_in(term, scorer, within),
            None => self.score_term(term, scorer, None),
        };
        match matcher {
            Matcher::Term(word) => self.term(word.as_str()).into_iter().for_each(&mut score),
            Matcher::Prefix(prefix) => self
                .scoring_expansions(prefix)
                .into_iter()
                .for_each(&mut score),
            Matcher::Phrase(words) => (words.iter())
                .filter_map(|w| self.term(w.as_str()))
                .for_each(&mut score),
        }
    }

    /// Adds the term's scores to `scorer`, and its documents to `set` if given in the same
    /// read of its postings (a dense list's as its set, in word operations).
    fn score_term(&self, term: u32, scorer: &mut Scorer, mut set: Option<&mut DocSet>) {
        let idf = scorer.idf(self.doc_frequency(term));
        for (f, _, postings) in self.lists_of(term) {
            let weight = scorer.field(f, idf);
            let lengths = self.field_len[f].as_slice();
            match (set.as_deref_mut(), postings.set()) {
                (Some(set), Some(dense)) => {
                    scorer.add(postings, lengths, weight, |_| {});
                    set.union_with(dense);
                }
                (Some(set), None) => scorer.add(postings, lengths, weight, set.inserter()),
                (None, _) => scorer.add(postings, lengths, weight, |_| {}),
            }
        }
    }

    /// Term ids whose text starts with `prefix`, in text order.
    pub(super) fn prefix_terms(&self, prefix: &str) -> &[u32] {
        let start = self
            .sorted_terms
            .partition_point(|&t| &self.term_names[t as usize] < prefix);
        let len = self.sorted_terms[start..]
            .partition_point(|&t| self.term_names[t as usize].starts_with(prefix));
        &self.sorted_terms[start..start + len]
    }

    /// Adds the documents `matcher` matches to `set`, and their scores to `scorer` if given.
    fn matcher_docs(&self, matcher: &Matcher, set: &mut DocSet, scorer: Option<&mut Scorer>) {
        match matcher {
            Matcher::Term(word) => {
                if let Some(t) = self.term(word.as_str()) {
                    match scorer {
                        Some(scorer) => self.score_term(t, scorer, Some(set)),
                        None => {
                            self.term_docs(t, set);
                        }
                    }
                }
            }
            Matcher::Prefix(prefix) => {
                let mut chars = prefix.chars();
                let initial = match (chars.next(), chars.next()) {
                    (Some(c), None) => self.initial_docs.iter().find(|(i, _)| *i == c),
                    _ => None,
                };
                match initial {
                    Some((_, docs)) => set.union_with(docs),
                    None => {
                        for &t in self.prefix_terms(prefix) {
                            self.term_docs(t, set);
                        }
                    }
                }
                if let Some(scorer) = scorer {
                    self.score_matcher(matcher, scorer, None);
                }
            }
            Matcher::Phrase(words) => {
                let mut found = DocSet::empty(self.len());
                self.phrase_docs(words, &mut found);
                set.union_with(&found);
                if let Some(scorer) = scorer {
                    self.score_matcher(matcher, scorer, None);
                }
            }
        }
    }

    fn phrase_docs(&self, words: &[String], set: &mut DocSet) {
        let Some(terms) = words
            .iter()
            .map(|w| self.term(w.as_str()))
            .collect::<Option<Vec<u32>>>()
        else {
            return;
        };
        // Until the positions have come, a phrase matches the records with all of its words.
        let Some(positions) = self.positions() else {
            let mut all = DocSet::full(self.len());
            for &t in &terms {
                let mut docs = DocSet::empty(self.len());
                self.term_docs(t, &mut docs);
                all.intersect_with(&docs);
            }
            set.union_with(&all);
            return;
        };
        for f in 0..FIELD_COUNT {
            let Some(lists) = terms
                .iter()
                .map(|&t| match self.term_fields[t as usize][f] {
                    NONE => None,
                    pid => Some((pid as usize, self.lists.get(pid as usize))),
                })
                .collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            let Some(&(_, shortest)) = lists.iter().min_by_key(|(_, p)| p.len()) else {
                continue;
            };
            let mut readers: Vec<PositionReader> = lists
                .iter()
                .map(|&(l, list)| PositionReader::new(positions, l, list))
                .collect();
            let mut found_at: Vec<Vec<u32>> = vec![Vec::new(); lists.len()];
            'doc: for doc in shortest.docs() {
                if set.contains(doc) {
                    continue;
                }
                for (reader, out) in readers.iter_mut().zip(&mut found_at) {
                    if !reader.read(doc, out) {
                        continue 'doc;
                    }
                }
                let found = found_at[0].iter().any(|&start| {
                    found_at[1..]
                        .iter()
                        .enumerate()
                        .all(|(i, ps)| ps.binary_search(&(start + i as u32 + 1)).is_ok())
                });
                if found {
                    set.insert(doc);
                }
            }
        }
    }

    /// Keeps the matches every filter allows: each filter in a pass of its own over the
    /// matches still in, reading one attribute column (one pass asking every filter of every
    /// match read all ten columns for each).
    fn apply_filters(&self, matched: &mut DocSet, filters: &Filters) {
        let a = &self.attrs;
        let by_value =
            |matched: &mut DocSet, table: &ValueTable, ids: &[u32], wanted: &[ValueMatch]| {
                if wanted.is_empty() {
                    return;
                }
                let allowed: Vec<bool> = table
                    .slugs
                    .iter()
                    .enumerate()
                    .map(|(id, slug)| id != 0 && wanted.iter().any(|w| w.matches(slug)))
                    .collect();
                matched.retain(|doc| {
                    ids.get(doc as usize)
                        .and_then(|&id| allowed.get(id as usize))
                        .is_some_and(|&ok| ok)
                });
            };
        by_value(matched, &a.members, &a.member, &filters.members);
        by_value(matched, &a.parties, &a.party, &filters.parties);
        by_value(matched, &a.departments, &a.department, &filters.departments);
        by_value(matched, &a.answerers, &a.answerer, &filters.answerers);
        // The answers come from small tables and two comparisons, not branches on each match's
        // values: those would be mispredicted as often as the values vary.
        if !filters.houses.is_empty() {
            let allowed = [None, Some(House::Commons), Some(House::Lords)]
                .map(|h| h.is_some_and(|h| filters.houses.contains(&h)));
            matched.retain(|doc| match a.house.get(doc as usize) {
                Some(&h) => allowed[h.map_or(0, |h| h as usize + 1)],
                None => false,
            });
        }
        if !filters.kinds.is_empty() {
            let allowed = [Kind::Question, Kind::PressRelease].map(|k| filters.kinds.contains(&k));
            matched.retain(|doc| {
                a.kind
                    .get(doc as usize)
                    .is_some_and(|&k| allowed[k as usize])
            });
        }
        if !filters.answered.is_empty() {
            let allowed = [
                None,
                Some(Answered::Yes),
                Some(Answered::Holding),
                Some(Answered::No),
            ]
            .map(|x| x.is_some_and(|x| filters.answered.contains(&x)));
            matched.retain(|doc| match a.answered.get(doc as usize) {
                Some(&x) => allowed[x.map_or(0, |x| x as usize + 1)],
                None => false,
            });
        }
        if !filters.named.is_empty() {
            matched.retain(|doc| {
                a.named_day(doc)
                    .is_some_and(|stood| filters.named.iter().any(|n| n.admits(stood)))
            });
        }
        if filters.from.is_some() || filters.to.is_some() {
            // Undated records (0) fail any bound.
            let from = filters.from.unwrap_or(0).max(1);
            let to = filters.to.unwrap_or(u32::MAX);
            matched.retain(|doc| {
                a.date
                    .get(doc as usize)
                    .is_some_and(|&date| (date >= from) & (date <= to))
            });
        }
        if !filters.uins.is_empty() {
            matched.retain(|doc| {
                a.uin
                    .get(doc as usize)
                    .is_some_and(|u| filters.uins.iter().any(|w| w == u))
            });
        }
    }

    fn rank(
        &self,
        scores: Option<&[f32]>,
        matched: &DocSet,
        sort: Sort,
        offset: usize,
        limit: usize,
    ) -> Vec<SearchHit> {
        if matched.count() == 0 {
            return Vec::new();
        }
        let want = offset.saturating_add(limit);
        let hit = |doc: u32, score: f32| SearchHit { doc, score };
        let scores = match (sort, scores) {
            (Sort::Relevance, Some(scores)) => scores,
            // Dates alone: walk the precomputed order, keeping the matches. No sorting at all.
            (Sort::Oldest, _) => {
                let order = self.oldest_order.iter();
                return take_matches(order, matched, offset, limit, hit);
            }
            _ => {
                let order = self.newest_order.iter();
                return take_matches(order, matched, offset, limit, hit);
            }
        };
        // By score, then newest first: one integer per match, higher scores first (a
        // non-negative f32's bits order as the number does), the doc's newest-first rank below.
        // Keys are distinct (ranks are), so the `want` smallest are the page and everything
        // above it.
        if want == 0 {
            return Vec::new();
        }
        let rank = self.newest_rank.as_slice();
        let keys = if matched.count() as usize * 8 > scores.len() {
            smallest_by_scores(scores, rank, matched, want)
        } else {
            smallest_by_matches(scores, rank, matched, want)
        };
        keys.iter()
            .skip(offset)
            .map(|&key| {
                let doc = self.newest_order[(key & u64::from(u32::MAX)) as usize];
                hit(doc, scores[doc as usize])
            })
            .collect()
    }

    /// The expansions of a prefix that score (see `PREFIX_SCORING_TERMS`), commonest first,
    /// those as common in the order of their text (not of their ids, which an index opened
    /// from a bundle numbers otherwise than one built).
    fn scoring_expansions(&self, prefix: &str) -> Vec<u32> {
        let expansions = self.prefix_terms(prefix);
        let mut by_frequency: Vec<(std::cmp::Reverse<u32>, u32)> = (0u32..)
            .zip(expansions)
            .map(|(at, &t)| (std::cmp::Reverse(self.doc_frequency(t)), at))
            .collect();
        if by_frequency.len() > PREFIX_SCORING_TERMS {
            by_frequency.select_nth_unstable(PREFIX_SCORING_TERMS - 1);
            by_frequency.truncate(PREFIX_SCORING_TERMS);
        }
        by_frequency.sort_unstable();
        let mut postings = 0;
        let mut out = Vec::new();
        for t in by_frequency
            .into_iter()
            .map(|(_, at)| expansions[at as usize])
        {
            if !out.is_empty() && postings >= PREFIX_SCORING_POSTINGS {
                break;
            }
            postings += self.postings_of(t).map(|(_, p)| p.len()).sum::<usize>();
            out.push(t);
        }
        out
    }

    /// Documents containing the term in any field (the largest field count: a close bound).
    pub(super) fn doc_frequency(&self, term: u32) -> u32 {
        self.postings_of(term)
            .map(|(_, p)| p.len() as u32)
            .max()
            .unwrap_or(0)
    }

    /// The facets, month histogram and undated count of the documents counted in `tally`.
    fn facets(&self, tally: &PairTally) -> (Facets, Vec<(Arc<str>, u32)>, u32) {
        let a = &self.attrs;
        let order = a.name_order();
        let FacetTally {
            member,
            party,
            department,
            answerer,
            months,
            flags,
        } = a.facet_counts(tally);
        let (mut kind, mut house, mut answered) = ([0u32; 2], [0u32; 2], [0u32; 3]);
        for (packed, &count) in flags.iter().enumerate() {
            let (k, h, x) = unpack_flags(packed);
            kind[k] += count;
            if let Some(h) = h {
                house[h] += count;
            }
            if let Some(x) = x {
                answered[x] += count;
            }
        }
        let undated = months[0];
        // Largest count first, then by name: one integer key a value, its place in name order
        // below the count's complement, so the sort compares no strings.
        let table = |table: &ValueTable, by_name: &[u32], counts: &[u32]| {
            let mut keys: Vec<u64> = by_name
                .iter()
                .enumerate()
                .filter_map(|(rank, &id)| {
                    let count = *counts.get(id as usize)?;
                    (id != 0 && count > 0).then_some(u64::from(!count) << 32 | rank as u64)
                })
                .collect();
            keys.sort_unstable();
            keys.iter()
                .filter_map(|&key| {
                    let id = *by_name.get((key & u64::from(u32::MAX)) as usize)? as usize;
                    Some(FacetCount {
                        name: table.names.get(id)?.clone(),
                        slug: table.slugs.get(id)?.clone(),
                        count: *counts.get(id)?,
                    })
                })
                .collect::<Vec<_>>()
        };
        let fixed = |pairs: &[(&str, &str, u32)]| {
            pairs
                .iter()
                .filter(|(_, _, c)| *c > 0)
                .map(|(name, slug, count)| FacetCount {
                    name: Arc::from(*name),
                    slug: Arc::from(*slug),
                    count: *count,
                })
                .collect::<Vec<_>>()
        };
        let facets = Facets {
            kind: fixed(
                &[Kind::Question, Kind::PressRelease]
                    .map(|k| (k.label(), k.slug(), kind[k as usize])),
            ),
            house: fixed(
                &[House::Commons, House::Lords].map(|h| (h.label(), h.as_str(), house[h as usize])),
            ),
            answered: fixed(
                &[Answered::Yes, Answered::Holding, Answered::No]
                    .map(|x| (x.label(), x.slug(), answered[x as usize])),
            ),
            party: table(&a.parties, &order.party, &party),
            member: table(&a.members, &order.member, &member),
            department: table(&a.departments, &order.department, &department),
            answerer: table(&a.answerers, &order.answerer, &answerer),
        };
        let months = months
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, &c)| c > 0)
            .map(|(slot, &c)| (a.month_label(slot), c))
            .collect();
        (facets, months, undated)
    }
}

/// Hits `offset..offset + limit` of a search for a kept word alone, when its kept first page
/// holds them all (or all its documents).
fn kept_window(
    kept: &KeptSearch,
    sort: Sort,
    offset: usize,
    limit: usize,
) -> Option<Vec<SearchHit>> {
    let first = &kept.first;
    let end = offset.saturating_add(limit);
    let whole = first.len() == kept.total as usize;
    (sort == Sort::Relevance && (end <= first.len() || whole))
        .then(|| first.iter().skip(offset).take(limit).copied().collect())
}

/// The first `offset + limit` members of `matched` in `order`, from `offset` on.
fn take_matches<'a>(
    order: impl Iterator<Item = &'a u32>,
    matched: &DocSet,
    offset: usize,
    limit: usize,
    hit: impl Fn(u32, f32) -> SearchHit,
) -> Vec<SearchHit> {
    order
        .filter(|&&doc| matched.contains(doc))
        .skip(offset)
        .take(limit)
        .map(|&doc| hit(doc, 0.0))
        .collect()
}

/// A match's ranking key: higher scores first, then the newest-first rank.
#[inline]
fn rank_key(score: f32, rank: u32) -> u64 {
    (u64::from(!score.to_bits()) << 32) | u64::from(rank)
}

/// The `want` smallest ranking keys of the matches, ascending, visiting every match: for few.
fn smallest_by_matches(scores: &[f32], rank: &[u32], matched: &DocSet, want: usize) -> Vec<u64> {
    let mut top = Smallest::new(want, matched.count() as usize);
    matched.for_each(|doc| {
        let d = doc as usize;
        if let (Some(&score), Some(&rank)) = (scores.get(d), rank.get(d)) {
            top.offer(rank_key(score, rank));
        }
    });
    top.into_sorted()
}

/// `smallest_by_matches` for many matches: reads the scores in order and looks at a document's
/// bit only when its score could reach the page, rather than visiting every match.
fn smallest_by_scores(scores: &[f32], rank: &[u32], matched: &DocSet, want: usize) -> Vec<u64> {
    let mut top = Smallest::new(want, matched.count() as usize);
    let mut floor = top.floor();
    for (c, chunk) in scores.chunks(8).enumerate() {
        // Eight comparisons without a branch between them: most chunks hold no score that
        // could reach the page.
        if !chunk
            .iter()
            .fold(false, |any, s| any | (s.to_bits() >= floor))
        {
            continue;
        }
        for (i, &score) in chunk.iter().enumerate() {
            let d = c * 8 + i;
            if score.to_bits() >= floor && matched.contains(d as u32) {
                if let Some(&rank) = rank.get(d) {
                    top.offer(rank_key(score, rank));
                    floor = top.floor();
                }
            }
        }
    }
    top.into_sorted()
}

/// The `want` smallest of the keys offered, in a buffer that is cut down to them whenever it
/// reaches `capacity`. Invariant: `cut` is `u64::MAX` until the first cut, then the largest
/// key that cut kept; every key dropped was at or above `cut`, so the `want` smallest offered
/// are always kept.
struct Smallest {
    keys: Vec<u64>,
    want: usize,
    capacity: usize,
    cut: u64,
}

impl Smallest {
    /// For `want` (at least 1) of at most `offers` keys.
    fn new(want: usize, offers: usize) -> Smallest {
        let capacity = want.saturating_mul(2).max(256).min(offers);
        Smallest {
            keys: Vec::with_capacity(capacity),
            want,
            capacity,
            cut: u64::MAX,
        }
    }

    /// The lowest score (as its bits) a key may have and still be kept.
    #[inline]
    fn floor(&self) -> u32 {
        !((self.cut >> 32) as u32)
    }

    #[inline]
    fn offer(&mut self, key: u64) {
        if key >= self.cut {
            return;
        }
        // Full, or past an `offers` the caller miscounted: cut down to the `want` smallest.
        if self.keys.len() >= self.capacity && self.keys.len() >= self.want {
            self.keys.select_nth_unstable(self.want - 1);
            self.keys.truncate(self.want);
            self.cut = self.keys[self.want - 1];
            if key >= self.cut {
                return;
            }
        }
        self.keys.push(key);
    }

    /// The `want` smallest keys offered, ascending.
    fn into_sorted(mut self) -> Vec<u64> {
        self.keys.sort_unstable();
        self.keys.truncate(self.want);
        self.keys
    }
}

/// BM25 with field boosts, summed over a query's words, for every document in their postings.
/// Every posting of a scored word is scored, matched or not: only the matches' scores are read,
/// and scoring the others costs less than asking of each posting whether it matched (a branch
/// that mispredicts half the time for an AND of two common words).
#[derive(Debug)]
struct Scorer {
    scores: Vec<f32>,
    docs: f32,
    avg: [f32; FIELD_COUNT],
}

impl Scorer {
    fn new(index: &Index) -> Scorer {
        let n = index.len() as f32;
        Scorer {
            scores: vec![0f32; index.len() as usize],
            docs: n,
            avg: std::array::from_fn(|f| (index.total_len[f] as f32 / n.max(1.0)).max(1.0)),
        }
    }

    fn idf(&self, df: u32) -> f32 {
        let df = df as f32;
        (1.0 + (self.docs - df + 0.5) / (df + 0.5)).ln()
    }

    /// `(weight, base, per_len)` of field `f` for a word of this `idf` (see `bm25`).
    fn field(&self, f: usize, idf: f32) -> (f32, f32, f32) {
        (
            BOOST[f] * idf * (K1 + 1.0),
            K1 * (1.0 - B),
            K1 * B / self.avg[f],
        )
    }

    /// Adds the scores of one of a word's lists (in the field whose `lengths` are given, with
    /// that field's `field` weights), handing each posting's document to `visit` in the same
    /// read.
    fn add(
        &mut self,
        postings: List<'_>,
        lengths: &[u32],
        (weight, base, per_len): (f32, f32, f32),
        mut visit: impl FnMut(u32),
    ) {
        // A slice, not the vector, so the loop keeps its address and length at hand.
        let scores = self.scores.as_mut_slice();
        postings.for_each_frequency(|doc, freq| {
            visit(doc);
            add_bm25(scores, lengths, (weight, base, per_len), doc, freq);
        });
    }

    /// `add` for the postings whose documents are `within` alone.
    fn add_in(
        &mut self,
        postings: List<'_>,
        lengths: &[u32],
        field: (f32, f32, f32),
        within: &DocSet,
    ) {
        let scores = self.scores.as_mut_slice();
        postings.for_each_frequency_in(within, |doc, freq| {
            add_bm25(scores, lengths, field, doc, freq)
        });
    }
}

/// Adds one posting's BM25 (see `bm25`) to its document's score.
#[inline]
fn add_bm25(
    scores: &mut [f32],
    lengths: &[u32],
    (weight, base, per_len): (f32, f32, f32),
    doc: u32,
    freq: u32,
) {
    let d = doc as usize;
    if let (Some(score), Some(&len)) = (scores.get_mut(d), lengths.get(d)) {
        *score += bm25(weight, base, per_len, freq, len);
    }
}

/// BM25 of one posting: weight · tf / (tf + k1 · (1 − b + b · len / avg)).
#[inline]
fn bm25(weight: f32, base: f32, per_len: f32, freq: u32, len: u32) -> f32 {
    let tf = freq as f32;
    weight * tf / (tf + base + per_len * len as f32)
}

// proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{rank_key, smallest_by_matches, smallest_by_scores, DocSet, Shortcut, Sort};
    use crate::corpus::synthesize;
    use crate::corpus::Corpus;
    use crate::index::{Clause, Filters, Index, Matcher, Query};
    use proptest::prelude::*;
    use std::sync::LazyLock;

    /// A corpus, its index and its 300 commonest words (which queries of several match some
    /// documents), for the scoring tests, made once.
    static SCORED: LazyLock<(Corpus, Index, Vec<String>)> = LazyLock::new(|| {
        let corpus = synthesize(1500, 11);
        let index = Index::build(&corpus);
        let mut terms: Vec<u32> = (0..index.term_names.len() as u32).collect();
        terms.sort_by_key(|&t| std::cmp::Reverse(index.doc_frequency(t)));
        let common = terms[..300]
            .iter()
            .map(|&t| index.term_names[t as usize].to_string());
        let common = common.collect();
        (corpus, index, common)
    });

    /// A search for a kept word or prefix alone gives what reading its postings gives: the
    /// same total, facets, months and hits (scores to the bit), in windows within the kept
    /// page, across its end and past it, in indexes built whole and extended.
    #[test]
    fn a_kept_word_or_prefix_alone_is_answered_as_its_postings_answer_it() {
        let corpus = synthesize(1500, 5);
        let mut part = corpus.clone();
        part.questions.truncate(400);
        part.press_releases.clear();
        let mut extended = Index::build(&part);
        extended.extend(&corpus);
        for index in [Index::build(&corpus), extended] {
            let mut bare = index.clone();
            bare.kept = Default::default();
            let kept = index.kept.get().expect("made by the build");
            assert!(kept.len() >= 20, "{} frequent words", kept.len());
            assert!(kept
                .iter()
                .any(|k| k.search.total as usize > super::KEPT_HITS));
            assert!(index.kept_prefixes.get().is_none(), "made after the build");
            index.keep_everything();
            let prefixes = index.kept_prefixes.get().expect("made by keep_everything");
            assert!(prefixes.len() >= 20, "{} frequent prefixes", prefixes.len());
            let words = kept.iter().map(|k| {
                let word = index.term_names[k.term as usize].to_string();
                Matcher::Term(word)
            });
            let prefixes = prefixes
                .iter()
                .map(|k| Matcher::Prefix(k.prefix.to_string()));
            let windows = [
                (Sort::Relevance, 0, 20),
                (Sort::Relevance, 490, 10),
                (Sort::Relevance, 490, 20),
                (Sort::Relevance, 0, usize::MAX),
                (Sort::Newest, 0, 20),
            ];
            for matcher in words.chain(prefixes) {
                let query = Query {
                    clauses: vec![Clause {
                        alternatives: vec![matcher.clone()],
                    }],
                    exclude: vec![],
                    filters: Filters::default(),
                    notes: vec![],
                };
                assert!(
                    matches!(
                        index.shortcut(&query, &Filters::default()),
                        Shortcut::Kept(_)
                    ),
                    "{matcher:?}"
                );
                let none = Filters::default();
                for (sort, offset, limit) in windows {
                    let got = index.search(&query, &none, sort, offset, limit);
                    assert_eq!(
                        got,
                        bare.search(&query, &none, sort, offset, limit),
                        "{matcher:?}"
                    );
                    let hits = index.hits(&query, &none, sort, offset, limit);
                    assert_eq!(
                        hits,
                        bare.hits(&query, &none, sort, offset, limit),
                        "{matcher:?}"
                    );
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Scoring the matches alone once they are known gives each match the score, to the
        /// bit, that scoring every document as the postings are read gives it, and the same
        /// matches: for queries of words, prefixes (one letter, whose set is kept, and
        /// longer), phrases, alternatives, exclusions and filters.
        #[test]
        fn the_matches_scored_alone_score_as_every_document_read(
            picks in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..6), 1..5),
            party: bool,
        ) {
            let (corpus, index, common) = &*SCORED;
            let word = |pick: &prop::sample::Index| common[pick.index(common.len())].clone();
            let mut clauses = Vec::new();
            let mut exclude = Vec::new();
            for (pick, how) in &picks {
                let w = word(pick);
                let first: String = w.chars().take(1 + usize::from(*how) % 3).collect();
                let matcher = match how {
                    0 | 1 => Matcher::Term(w),
                    2 | 3 => Matcher::Prefix(first),
                    4 => Matcher::Phrase(vec![w, word(&picks[0].0)]),
                    _ => {
                        exclude.push(Matcher::Term(w));
                        continue;
                    }
                };
                match (clauses.last_mut(), *how == 1) {
                    // A word that is another's alternative (`a OR b`).
                    (Some(Clause { alternatives }), true) => alternatives.push(matcher),
                    _ => clauses.push(Clause { alternatives: vec![matcher] }),
                }
            }
            let filters = Filters {
                parties: (party.then(|| corpus.questions[0].asker.party.clone()).flatten())
                    .map(|p| crate::index::ValueMatch::Loose(p.to_lowercase()))
                    .into_iter()
                    .collect(),
                ..Filters::default()
            };
            let query = Query { clauses, exclude, filters, notes: vec![] };
            let none = Filters::default();
            let mut read = super::Scorer::new(index);
            let mut alone = super::Scorer::new(index);
            let all = index.match_and_score_as(&query, &none, Some(&mut read), false);
            let matched = index.match_and_score_as(&query, &none, Some(&mut alone), true);
            prop_assert_eq!(&index.matching(&query, &none), &all);
            prop_assert_eq!(&matched, &all);
            for doc in matched.iter() {
                let d = doc as usize;
                prop_assert_eq!(alone.scores[d].to_bits(), read.scores[d].to_bits(), "doc {}", doc);
            }
        }

        /// Both walks keep exactly the `want` smallest keys of the matches, as sorting them all
        /// would: with ties in score, zero scores and buffers cut many times over.
        #[test]
        fn both_ranking_walks_keep_the_smallest_keys(
            docs in proptest::collection::vec((0u8..6, any::<bool>()), 0..1500),
            want in 1usize..300,
        ) {
            let scores: Vec<f32> = docs.iter().map(|&(s, _)| f32::from(s) * 0.5).collect();
            // Ranks: a permutation of the documents, as the newest-first order is (7,919 is a
            // prime above any `n` here).
            let n = docs.len() as u32;
            let rank: Vec<u32> = (0..n).map(|d| (d * 7919) % n).collect();
            let mut matched = DocSet::empty(n);
            for (d, &(_, m)) in docs.iter().enumerate() {
                if m {
                    matched.insert(d as u32);
                }
            }
            let mut expected: Vec<u64> =
                matched.iter().map(|d| rank_key(scores[d as usize], rank[d as usize])).collect();
            expected.sort_unstable();
            expected.truncate(want);
            prop_assert_eq!(&smallest_by_matches(&scores, &rank, &matched, want), &expected);
            prop_assert_eq!(&smallest_by_scores(&scores, &rank, &matched, want), &expected);
        }
    }
}
