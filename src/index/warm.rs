//! Searches run once before the reader's first keystroke, their results discarded. A browser
//! runs new wasm on its baseline compiler until the code is hot, so the first search of a
//! shape runs slower than later ones: in Chromium at 100,000 records a reader's first
//! keystroke (`p`) searched in 3.1–5.4 ms, and in 1.9–2.2 ms once these had run — under the
//! app's slow-search mark (4 ms), so the second keystroke's rows paint with it too.
//!
//! Invariant: the queries come from the index's own words, so they take the paths readers'
//! queries take — a one-letter prefix (its kept set), longer prefixes (their expansions, or
//! what is kept for them once it is made), a frequent word alone (what is kept for it), a word
//! and a word being typed, two words — and each asks for the app's first page.

use super::query::parse_query;
use super::query::Filters;
use super::search::{Sort, KEPT_HITS};
use super::tokenize::is_stop_word;
use super::Index;

impl Index {
    /// The queries `warm_up` runs, from the index's two commonest words that are not stop
    /// words: the first's first one, two and three characters, the first alone, the first with
    /// the second being typed, and the two. None for an index without two such words among
    /// its frequent ones, or before what is kept for them is made (see `Index::kept`).
    pub fn warm_up_queries(&self) -> Vec<String> {
        // The frequent words (a 16th of the documents or more), with their counts as kept.
        let Some(kept) = self.kept.get() else {
            return Vec::new();
        };
        let mut words: Vec<(u32, &str)> = kept
            .iter()
            .map(|k| (k.search.total, &self.term_names[k.term as usize]))
            .filter(|(_, w)| !is_stop_word(w))
            .collect();
        // Commonest first, ties by the word, so the queries do not depend on term ids.
        words.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let [(_, first), (_, second), ..] = words.as_slice() else {
            return Vec::new();
        };
        let start = |n: usize| {
            first
                .char_indices()
                .nth(n)
                .map_or(*first, |(i, _)| &first[..i])
        };
        let mut queries: Vec<String> = (1..=3).map(|n| start(n).to_string()).collect();
        queries.dedup();
        queries.extend([
            format!("{first} "),
            format!("{first} {second}"),
            format!("{first} {second} "),
        ]);
        queries
    }

    /// Runs each of `warm_up_queries` once as the app runs a keystroke's search, and discards
    /// the results. Costs a few searches' time; changes nothing.
    pub fn warm_up(&self) {
        for text in self.warm_up_queries() {
            let query = parse_query(&text);
            let results = self.search(&query, &Filters::default(), Sort::Relevance, 0, KEPT_HITS);
            std::hint::black_box(results);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::corpus::{synthesize, Corpus, Member, Question};
    use crate::index::Index;

    /// An index of questions with nothing but `texts`: no heading, answer or names.
    fn index_of(texts: &[&str]) -> Index {
        let template = synthesize(1, 1).questions.remove(0);
        let mut corpus = Corpus::default();
        for (i, text) in texts.iter().enumerate() {
            corpus.questions.push(Question {
                id: format!("q{i}"),
                text: (*text).to_string(),
                heading: None,
                answer: None,
                answer_group: None,
                asker: Member::default(),
                ..template.clone()
            });
        }
        Index::build(&corpus)
    }

    fn check(texts: &[&str], expect: &[&str]) {
        let index = index_of(texts);
        assert_eq!(index.warm_up_queries(), expect);
        // Running them changes nothing a search gives.
        let query = crate::index::query::parse_query(expect.first().copied().unwrap_or("x"));
        let filters = crate::index::query::Filters::default();
        let before = index.search(&query, &filters, super::Sort::Relevance, 0, 10);
        index.warm_up();
        assert_eq!(
            index.search(&query, &filters, super::Sort::Relevance, 0, 10),
            before
        );
    }

    #[test]
    fn the_commonest_words_that_are_not_stop_words_make_the_queries() {
        check(
            &[
                "the police and the schools",
                "the police funding",
                "police in schools",
                "funding of the courts",
            ],
            &[
                "p",
                "po",
                "pol",
                "police ",
                "police funding",
                "police funding ",
            ],
        );
    }

    #[test]
    fn ties_go_by_the_word_and_short_words_give_fewer_prefixes() {
        check(&["ox ax", "ox ax"], &["a", "ax", "ax ", "ax ox", "ax ox "]);
    }

    #[test]
    fn an_index_without_two_such_words_has_none() {
        check(&[], &[]);
        check(&["the police"], &[]);
    }
}
