//! "Did you mean": for a word of the query the index has not got (a word, a phrase's word, or
//! a prefix no word starts with), the word it has that is nearest in spelling, so `palantri`
//! offers `palantir`; for a name field's value no record's value matches (`member:lewsi`), the
//! nearest value (`member:clive-lewis`). The search page offers it;
//! `query::with_words_changed` puts it in the query in the word's or value's place.
//!
//! Invariants: a correction is a term of the index within `most_edits` of the word (each
//! letter added, dropped, changed, or two neighbours swapped, is one), with the same first
//! letter; of those, the fewest edits, then the most records, then the first in
//! alphabetical order. Words the index has, and words of other than lowercase ASCII letters
//! (numbers, UINs), are never corrected. A value's correction is the whole slug of a value
//! with parts (as many as the value typed has) within `most_edits` of it.

use super::query::{Matcher, Query, ValueField, ValueMatch};
use super::{Index, ValueTable};

/// A word of the query the index has not got, and the nearest one it has; or a name field's
/// value (its slug) that no value matches, and the nearest value's slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The field, for a value.
    pub field: Option<ValueField>,
    pub word: String,
    pub nearest: String,
}

/// The most edits a correction may be from a word of `len` letters: none below four letters,
/// one up to five, two from six.
fn most_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// The edits from `a` to `b` (letters added, dropped or changed, neighbours swapped), if no
/// more than `most`: the optimal string alignment distance, given up on a row above `most`.
pub fn edits_within(a: &[u8], b: &[u8], most: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > most {
        return None;
    }
    let width = b.len() + 1;
    // Three rows of the table: two back (for swaps), the last, and this one.
    let mut rows = vec![0usize; 3 * width];
    for (j, cell) in rows[2 * width..].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows.rotate_left(width);
        let (older, rest) = rows.split_at_mut(width);
        let (last, this) = rest.split_at_mut(width);
        this[0] = i;
        let mut least = i;
        for j in 1..=b.len() {
            let change = usize::from(a[i - 1] != b[j - 1]);
            let mut cell = (last[j] + 1).min(this[j - 1] + 1).min(last[j - 1] + change);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cell = cell.min(older[j - 2] + 1);
            }
            this[j] = cell;
            least = least.min(cell);
        }
        if least > most {
            return None;
        }
    }
    let edits = rows[3 * width - 1];
    (edits <= most).then_some(edits)
}

impl Index {
    /// The nearest word the index has for each word or prefix of `query`'s clauses that finds
    /// nothing, where there is one.
    pub fn corrections(&self, query: &Query) -> Vec<Correction> {
        let mut found: Vec<Correction> = Vec::new();
        let missing = query
            .clauses
            .iter()
            .flat_map(|c| &c.alternatives)
            .flat_map(|matcher| match matcher {
                Matcher::Term(word) => vec![(word, self.term(word).is_none())],
                Matcher::Prefix(prefix) => vec![(prefix, self.prefix_terms(prefix).is_empty())],
                Matcher::Phrase(words) => {
                    words.iter().map(|w| (w, self.term(w).is_none())).collect()
                }
            })
            .filter_map(|(word, missing)| missing.then_some(word));
        for word in missing {
            if found.iter().any(|c| c.word == *word) {
                continue;
            }
            if let Some(nearest) = self.nearest_term(word) {
                found.push(Correction {
                    field: None,
                    word: word.clone(),
                    nearest,
                });
            }
        }
        for field in ValueField::ALL {
            let table = self.attrs.table(field);
            for wanted in field.values(&query.filters) {
                let ValueMatch::Loose(slug) = wanted else {
                    continue;
                };
                // Id 0 is "no value".
                if table.slugs.iter().skip(1).any(|s| wanted.matches(s)) {
                    continue;
                }
                if let Some(nearest) = nearest_value(table, slug) {
                    found.push(Correction {
                        field: Some(field),
                        word: slug.clone(),
                        nearest,
                    });
                }
            }
        }
        found
    }

    /// The term nearest in spelling to `word`, as the module says.
    fn nearest_term(&self, word: &str) -> Option<String> {
        let most = most_edits(word.len());
        if most == 0 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        let first = word.get(..1)?;
        let mut best: Option<(usize, u32, &str)> = None;
        for &t in self.prefix_terms(first) {
            let name = &self.term_names[t as usize];
            let most = best.map_or(most, |(edits, _, _)| edits);
            let Some(edits) = edits_within(word.as_bytes(), name.as_bytes(), most) else {
                continue;
            };
            let records = self.doc_frequency(t);
            let better = match best {
                None => true,
                Some((e, r, _)) => edits < e || (edits == e && records > r),
            };
            if better {
                best = Some((edits, records, name));
            }
        }
        best.map(|(_, _, name)| name.to_string())
    }
}

/// The slug of `table`'s value with parts nearest `slug`, as the module says.
fn nearest_value(table: &ValueTable, slug: &str) -> Option<String> {
    let most = most_edits(slug.len());
    let parts = slug.split('-').count();
    let mut best: Option<(usize, &str)> = None;
    for value in table.slugs.iter().skip(1) {
        let own: Vec<&str> = value.split('-').collect();
        for run in own.windows(parts) {
            let most = best.map_or(most, |(edits, _)| edits);
            let Some(edits) = edits_within(slug.as_bytes(), run.join("-").as_bytes(), most) else {
                continue;
            };
            let better = best.is_none_or(|(e, v)| edits < e || (edits == e && **value < *v));
            if better {
                best = Some((edits, value));
            }
        }
    }
    best.map(|(_, value)| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::{edits_within, most_edits};

    #[test]
    fn edits_count_additions_drops_changes_and_swaps() {
        let check = |a: &str, b: &str, most: usize, expect: Option<usize>| {
            assert_eq!(
                edits_within(a.as_bytes(), b.as_bytes(), most),
                expect,
                "{a} → {b}"
            );
        };
        check("palantir", "palantir", 2, Some(0));
        check("palantri", "palantir", 2, Some(1));
        check("polcie", "police", 2, Some(1));
        check("polic", "police", 2, Some(1));
        check("policee", "police", 2, Some(1));
        check("pokice", "police", 2, Some(1));
        check("plocie", "police", 2, Some(2));
        check("immigation", "immigration", 2, Some(1));
        check("goverment", "government", 2, Some(1));
        check("housing", "hospital", 2, None);
        check("abcdef", "ab", 2, None);
        check("", "ab", 2, Some(2));
    }

    /// The bounded distance is the full one wherever that is within the bound.
    #[test]
    fn the_bound_only_gives_up_beyond_it() {
        let words = [
            "police", "policy", "polcie", "palace", "place", "pol", "policing", "apolice",
        ];
        for a in words {
            for b in words {
                let full = edits_within(a.as_bytes(), b.as_bytes(), usize::MAX).unwrap();
                for most in 0..4 {
                    let bounded = edits_within(a.as_bytes(), b.as_bytes(), most);
                    assert_eq!(bounded, (full <= most).then_some(full), "{a} {b} {most}");
                }
            }
        }
    }

    #[test]
    fn short_words_are_not_corrected() {
        assert_eq!(most_edits(3), 0);
        assert_eq!(most_edits(5), 1);
        assert_eq!(most_edits(9), 2);
    }
}
