//! The filter layer: `FilterState`, the one value that says what the user is looking at, its
//! URL form, and how it turns into an index query.
//!
//! Invariant: a `FilterState` is always normalised (`normalize` is idempotent and applied by
//! the decoder and encoder), so equal views have equal URLs.

mod url;

pub use url::{decode_url, encode_url};

use crate::corpus::lines::slugify;
use crate::corpus::House;
use crate::index::query::{
    parse_date_bound, with_alternatives, with_words_changed, without_each_part, Rewritten,
};
use crate::index::{
    parse_query, Answered, Attributes, Filters, Index, Kind, Query, Sort, ValueMatch, ValueTable,
};

/// The longest query text kept; longer text is cut, with a note.
pub const MAX_QUERY_CHARS: usize = 1000;
/// The most values kept for one facet.
pub const MAX_VALUES: usize = 50;
/// The most members one comparison shows.
pub const MAX_COMPARED: usize = 3;

/// Which page is shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum View {
    #[default]
    Search,
    Question(String),
    Members,
    Member(String),
    PressReleases,
    PressRelease(String),
    Timeline,
    /// Importing the user's own files.
    Import,
    /// Two or three members side by side.
    Compare(Vec<String>),
}

/// Everything the user has chosen. Derived data (results, facets) is computed from it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilterState {
    pub query: String,
    pub kinds: Vec<Kind>,
    pub houses: Vec<House>,
    pub parties: Vec<String>,
    pub members: Vec<String>,
    pub departments: Vec<String>,
    pub answerers: Vec<String>,
    pub answered: Vec<Answered>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Sort,
    /// The record highlighted in a list.
    pub selected: Option<String>,
    pub view: View,
    /// Where to load the corpus from instead of the bundled asset (a URL the browser may fetch).
    pub corpus: Option<String>,
}

impl FilterState {
    /// What results depend on: the state without its view and selection.
    pub fn search_key(&self) -> FilterState {
        FilterState {
            view: View::default(),
            selected: None,
            ..self.clone()
        }
    }

    /// The canonical form: trimmed query without control characters, slugged and de-duplicated
    /// facet values in a stable order, valid dates only.
    pub fn normalize(mut self) -> Self {
        self.query = clean_text(&self.query, MAX_QUERY_CHARS);
        for values in [
            &mut self.parties,
            &mut self.members,
            &mut self.departments,
            &mut self.answerers,
        ] {
            let mut slugs: Vec<String> = values
                .iter()
                .map(|v| slugify(v, 80))
                .filter(|s| !s.is_empty())
                .collect();
            slugs.sort();
            slugs.dedup();
            slugs.truncate(MAX_VALUES);
            *values = slugs;
        }
        self.kinds.sort();
        self.kinds.dedup();
        self.houses.sort();
        self.houses.dedup();
        self.answered.sort();
        self.answered.dedup();
        self.from = self.from.filter(|d| parse_date_bound(d, false).is_some());
        self.to = self.to.filter(|d| parse_date_bound(d, true).is_some());
        self.corpus = self
            .corpus
            .map(|c| clean_text(&c, 2000).trim().to_string())
            .filter(|c| fetchable(c));
        self.selected = self
            .selected
            .map(|s| clean_text(&s, 200))
            .filter(|s| !s.is_empty());
        self.view = match self.view {
            View::Question(id) => clean_id(id).map_or(View::Search, View::Question),
            View::Member(slug) => {
                let slug = slugify(&slug, 80);
                if slug.is_empty() {
                    View::Members
                } else {
                    View::Member(slug)
                }
            }
            View::PressRelease(id) => clean_id(id).map_or(View::PressReleases, View::PressRelease),
            View::Compare(slugs) => {
                let mut seen = Vec::new();
                for slug in slugs
                    .iter()
                    .map(|s| slugify(s, 80))
                    .filter(|s| !s.is_empty())
                {
                    if !seen.contains(&slug) && seen.len() < MAX_COMPARED {
                        seen.push(slug);
                    }
                }
                if seen.is_empty() {
                    View::Members
                } else {
                    View::Compare(seen)
                }
            }
            other => other,
        };
        self
    }

    /// The month the dates select when they are exactly one month (`from = to = YYYY-MM`), as a
    /// chart's chosen bar.
    pub fn chosen_month(&self) -> Option<&str> {
        match (&self.from, &self.to) {
            (Some(f), Some(t)) if f == t && f.len() == 7 => Some(f),
            _ => None,
        }
    }

    /// This state narrowed to one month, with the selection cleared.
    pub fn in_month(mut self, month: &str) -> Self {
        self.from = Some(month.to_string());
        self.to = Some(month.to_string());
        self.selected = None;
        self
    }

    /// True when no filter narrows the corpus (the view and sort may still be set).
    pub fn is_unfiltered(&self) -> bool {
        let bare = FilterState {
            corpus: self.corpus.clone(),
            sort: self.sort,
            selected: self.selected.clone(),
            view: self.view.clone(),
            ..FilterState::default()
        };
        *self == bare
    }

    /// This state with the other forms `index` has of its query's words joined to them with
    /// `OR` (`Index::word_forms`), if it finds more than `total` (this state's results).
    pub fn with_word_forms(&self, index: &Index, total: u32) -> Option<Offer> {
        let found = index.word_forms(&parse_query(&self.query));
        Offer::of(self, with_alternatives(&self.query, &found), index, total)
    }

    /// This state with the words of its query that `index` has not got replaced by the nearest
    /// it has (`Index::corrections`), if it finds more than `total` (this state's results).
    pub fn with_corrections(&self, index: &Index, total: u32) -> Option<Offer> {
        let found = index.corrections(&parse_query(&self.query));
        Offer::of(self, with_words_changed(&self.query, &found), index, total)
    }

    /// When this state finds nothing, itself with one part left out wherever that finds
    /// something: a part of its query (a word, phrase or field; `without_each_part`) or one of
    /// its chosen filters (`selections`, named from `attrs`). Only when it has two parts or
    /// more, at most `most`, the most results first. Each offer's `words` is the part left out,
    /// as typed or as the filter's chip names it.
    pub fn with_a_part_left_out(&self, index: &Index, total: u32, most: usize) -> Vec<Offer> {
        if total > 0 {
            return Vec::new();
        }
        let words = without_each_part(&self.query)
            .into_iter()
            .map(|(part, query)| {
                let without = FilterState {
                    query,
                    ..self.clone()
                };
                (part, without)
            });
        let filters = self
            .selections(&index.attrs)
            .into_iter()
            .map(|s| (s.label, s.without));
        let parts: Vec<(String, FilterState)> = words.chain(filters).collect();
        if parts.len() < 2 {
            return Vec::new();
        }
        let mut offers: Vec<Offer> = parts
            .into_iter()
            .filter_map(|(part, state)| Offer::found(state, vec![part], index, 0))
            .collect();
        offers.sort_by_key(|o| std::cmp::Reverse(o.total));
        offers.truncate(most);
        offers
    }

    /// Each filter chosen beside the query, in the sidebar's order (kinds, Houses, answer
    /// states, parties, members, departments, answering ministers, then the dates), named as
    /// its chip names it ("Party: Labour"; a value `attrs` has no name for by its slug), with
    /// this state without it.
    pub fn selections(&self, attrs: &Attributes) -> Vec<Selection> {
        let mut out = Vec::new();
        let mut add = |label: String, change: &dyn Fn(&mut FilterState)| {
            let mut without = self.clone();
            change(&mut without);
            out.push(Selection { label, without });
        };
        for &k in &self.kinds {
            add(k.label().into(), &|s| s.kinds.retain(|&x| x != k));
        }
        for &h in &self.houses {
            add(h.label().into(), &|s| s.houses.retain(|&x| x != h));
        }
        for &x in &self.answered {
            add(x.label().into(), &|s| s.answered.retain(|&y| y != x));
        }
        type Field = fn(&mut FilterState) -> &mut Vec<String>;
        let lists: [(&str, &[String], &ValueTable, Field); 4] = [
            ("Party", &self.parties, &attrs.parties, |s| &mut s.parties),
            ("Member", &self.members, &attrs.members, |s| &mut s.members),
            ("Department", &self.departments, &attrs.departments, |s| {
                &mut s.departments
            }),
            ("Answered by", &self.answerers, &attrs.answerers, |s| {
                &mut s.answerers
            }),
        ];
        for (what, values, table, field) in lists {
            for v in values {
                let name = table.name_of_slug(v).map_or(v.as_str(), |n| n);
                add(format!("{what}: {name}"), &|s| field(s).retain(|x| x != v));
            }
        }
        if let Some(from) = &self.from {
            add(format!("From {from}"), &|s| s.from = None);
        }
        if let Some(to) = &self.to {
            add(format!("To {to}"), &|s| s.to = None);
        }
        out
    }

    /// The index query for this state: the typed query plus the facet selections.
    pub fn to_search(&self) -> (Query, Filters) {
        let query = parse_query(&self.query);
        let exact = |values: &[String]| values.iter().cloned().map(ValueMatch::Exact).collect();
        let filters = Filters {
            members: exact(&self.members),
            parties: exact(&self.parties),
            departments: exact(&self.departments),
            answerers: exact(&self.answerers),
            houses: self.houses.clone(),
            kinds: self.kinds.clone(),
            answered: self.answered.clone(),
            // Typed in the query (`named:late`): the query's filters are added to these.
            named: Vec::new(),
            from: self
                .from
                .as_deref()
                .and_then(|d| parse_date_bound(d, false)),
            to: self.to.as_deref().and_then(|d| parse_date_bound(d, true)),
            uins: Vec::new(),
        };
        (query, filters)
    }
}

/// A state offered instead of the one searched: its query with words changed or added, and
/// how many results it has.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub state: FilterState,
    pub total: u32,
    /// The words it changed or added.
    pub words: Vec<String>,
}

/// One of a state's chosen filters (`FilterState::selections`).
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// As its chip names it: "Party: Labour", "From 2025-01".
    pub label: String,
    /// The state without it.
    pub without: FilterState,
}

impl Offer {
    /// `state`, offered as putting in (or leaving out) `words`, if it finds more than `than`.
    fn found(state: FilterState, words: Vec<String>, index: &Index, than: u32) -> Option<Offer> {
        let (query, filters) = state.to_search();
        let total = index.search(&query, &filters, Sort::Relevance, 0, 0).total;
        (total > than).then_some(Offer {
            state,
            total,
            words,
        })
    }

    /// `from` with its query rewritten, if the rewriting put words in it and the result
    /// finds more than `than` results. (Forms of a word the text cannot take, a word in
    /// quotes, are not put in it: with nothing put in, no search is run.)
    fn of(from: &FilterState, rewritten: Rewritten, index: &Index, than: u32) -> Option<Offer> {
        let Rewritten { query, words } = rewritten;
        if words.is_empty() {
            return None;
        }
        let state = FilterState {
            query,
            ..from.clone()
        };
        Offer::found(state, words, index, than)
    }
}

fn clean_text(s: &str, max_chars: usize) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_control() || *c == ' ')
        .take(max_chars)
        .collect();
    cleaned.trim_start().to_string()
}

fn clean_id(id: String) -> Option<String> {
    let id = clean_text(&id, 200);
    let id = id.trim().to_string();
    (!id.is_empty()).then_some(id)
}

/// The address (`?corpus=`) of the corpus the last import left, saved in the browser: it names
/// no file, and only the app's saved copies open it.
pub const SAVED_IMPORTS: &str = "saved:imports";

/// Whether `url` may name a corpus to fetch: a relative address, an absolute `http`/`https`
/// one, or `SAVED_IMPORTS`. Anything else (`javascript:`, `data:`, `file:`…) is refused before
/// it reaches `fetch`.
pub fn fetchable(url: &str) -> bool {
    let url = url.trim();
    if url.is_empty() {
        return false;
    }
    if url == SAVED_IMPORTS {
        return true;
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            scheme == "http" || scheme == "https"
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_slugs_sorts_and_deduplicates() {
        let state = FilterState {
            query: "  facial\u{7}recognition".into(),
            parties: vec![
                "Labour".into(),
                "labour".into(),
                "Green Party".into(),
                "!!".into(),
            ],
            kinds: vec![Kind::PressRelease, Kind::Question, Kind::PressRelease],
            from: Some("2025-13".into()),
            to: Some("2025-06".into()),
            view: View::Member("Clive Lewis".into()),
            ..FilterState::default()
        }
        .normalize();
        assert_eq!(state.query, "facialrecognition");
        assert_eq!(state.parties, vec!["green-party", "labour"]);
        assert_eq!(state.kinds, vec![Kind::Question, Kind::PressRelease]);
        assert_eq!(state.from, None);
        assert_eq!(state.to.as_deref(), Some("2025-06"));
        assert_eq!(state.view, View::Member("clive-lewis".into()));
        assert_eq!(state.clone().normalize(), state);
    }

    #[test]
    fn narrowing_to_a_month_is_a_chosen_month() {
        let state = FilterState {
            selected: Some("x".into()),
            ..FilterState::default()
        }
        .in_month("2025-06");
        assert_eq!(state.chosen_month(), Some("2025-06"));
        assert_eq!(state.selected, None);
        let range = FilterState {
            from: Some("2025-01".into()),
            to: Some("2025-06".into()),
            ..FilterState::default()
        };
        assert_eq!(range.chosen_month(), None);
    }

    #[test]
    fn facet_selections_become_exact_filters() {
        let state = FilterState {
            query: "police member:lewis".into(),
            parties: vec!["labour".into()],
            from: Some("2025-01".into()),
            ..FilterState::default()
        };
        let (query, filters) = state.to_search();
        assert_eq!(
            query.filters.members,
            vec![ValueMatch::Loose("lewis".into())]
        );
        assert_eq!(filters.parties, vec![ValueMatch::Exact("labour".into())]);
        assert_eq!(filters.from, Some(20250101));
        assert!(!state.is_unfiltered());
        assert!(FilterState::default().is_unfiltered());
    }
}
