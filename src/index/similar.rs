//! Near-identical answers — the same text with a few words changed, which identical-answer
//! grouping misses — and a word-level diff to show what changed.
//!
//! Candidates come from the index (answers sharing the rarest words of this one), so finding
//! them costs a few posting lists, not a scan of every answer.

use std::collections::{HashMap, HashSet};

use super::tokenize::tokenize;
use super::{DocRef, Field, Index, NONE};
use crate::corpus::store::Records;

/// How many of an answer's rarest words select candidates.
const PROBE_TERMS: usize = 12;
/// A candidate must share at least this many of them.
const MIN_SHARED: u32 = 4;

/// An answer like this one: its question's index and how alike the two are (0–1).
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarAnswer {
    pub question: usize,
    pub similarity: f32,
}

fn shingles(text: &str) -> HashSet<(String, String, String)> {
    let words: Vec<String> = tokenize(text).into_iter().map(|t| t.text).collect();
    words
        .windows(3)
        .map(|w| (w[0].clone(), w[1].clone(), w[2].clone()))
        .collect()
}

/// Jaccard similarity of the texts' word triples.
pub fn similarity(a: &str, b: &str) -> f32 {
    let (a, b) = (shingles(a), shingles(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count() as f32;
    shared / ((a.len() + b.len()) as f32 - shared)
}

/// Answers at least `threshold` alike to question `question`'s, most alike first, leaving out
/// identical ones (they are linked as the same answer already).
pub fn similar_answers(
    records: &impl Records,
    index: &Index,
    question: usize,
    threshold: f32,
    limit: usize,
) -> Vec<SimilarAnswer> {
    let Some(q) = records.question(question) else {
        return Vec::new();
    };
    let Some(answer) = q.answer.as_ref() else {
        return Vec::new();
    };
    if answer.holding || answer.paragraphs.is_empty() {
        return Vec::new();
    }
    let text = answer.paragraphs.join("\n");
    let body = Field::Body as usize;
    let mut terms: Vec<(usize, u32)> = tokenize(&text)
        .into_iter()
        .filter_map(|t| index.term(t.text.as_str()))
        .collect::<HashSet<u32>>()
        .into_iter()
        .filter_map(|t| match index.term_fields[t as usize][body] {
            NONE => None,
            pid => Some((index.lists.get(pid as usize).len(), pid)),
        })
        .collect();
    terms.sort_unstable();
    let mut shared: HashMap<u32, u32> = HashMap::new();
    for &(_, pid) in terms.iter().take(PROBE_TERMS) {
        for doc in index.lists.get(pid as usize).docs() {
            *shared.entry(doc).or_default() += 1;
        }
    }
    let needed = MIN_SHARED.min(terms.len().min(PROBE_TERMS) as u32).max(1);
    let own = normalise(&text);
    let mut out: Vec<SimilarAnswer> = shared
        .into_iter()
        .filter(|&(_, n)| n >= needed)
        .filter_map(|(doc, _)| match index.doc_ref(doc)? {
            DocRef::Question(i) if i as usize != question => Some(i as usize),
            _ => None,
        })
        .filter_map(|i| {
            let q = records.question(i)?;
            let other = q.answer.as_ref()?;
            let other_text = other.paragraphs.join("\n");
            if other.holding || normalise(&other_text) == own {
                return None;
            }
            let s = similarity(&text, &other_text);
            (s >= threshold).then_some(SimilarAnswer {
                question: i,
                similarity: s,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(a.question.cmp(&b.question))
    });
    out.truncate(limit);
    out
}

fn normalise(text: &str) -> String {
    crate::corpus::lines::normalise_for_key(text)
}

/// One step of a word diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffPart {
    Same(String),
    Removed(String),
    Added(String),
}

/// A word-level diff of `old` into `new` (words are whitespace-separated, punctuation kept),
/// by longest common subsequence. Very long texts fall back to "all removed, all added".
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPart> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    if a.len().saturating_mul(b.len()) > 4_000_000 {
        return vec![DiffPart::Removed(a.join(" ")), DiffPart::Added(b.join(" "))];
    }
    // lcs[i][j]: common subsequence length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut parts: Vec<DiffPart> = Vec::new();
    let mut push = |part: DiffPart| match (parts.last_mut(), &part) {
        (Some(DiffPart::Same(s)), DiffPart::Same(w))
        | (Some(DiffPart::Removed(s)), DiffPart::Removed(w))
        | (Some(DiffPart::Added(s)), DiffPart::Added(w)) => {
            s.push(' ');
            s.push_str(w);
        }
        _ => parts.push(part),
    };
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            push(DiffPart::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            push(DiffPart::Removed(a[i].to_string()));
            i += 1;
        } else {
            push(DiffPart::Added(b[j].to_string()));
            j += 1;
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_show_only_what_changed() {
        let parts = word_diff("the cat sat on the mat", "the dog sat on the mat today");
        assert_eq!(
            parts,
            vec![
                DiffPart::Same("the".into()),
                DiffPart::Removed("cat".into()),
                DiffPart::Added("dog".into()),
                DiffPart::Same("sat on the mat".into()),
                DiffPart::Added("today".into()),
            ]
        );
        assert_eq!(word_diff("", ""), vec![]);
    }

    #[test]
    fn similarity_is_one_for_equal_texts_and_falls_with_changes() {
        let a = "one two three four five six seven eight nine ten";
        assert!((similarity(a, a) - 1.0).abs() < 1e-6);
        let b = "one two three four five six seven eight nine eleven";
        let s = similarity(a, b);
        assert!(s > 0.6 && s < 1.0, "{s}");
        assert_eq!(similarity(a, "completely different words here now"), 0.0);
    }
}

/// How many of a record's most telling words are used to find related records.
const SALIENT_TERMS: usize = 12;

/// A record related to another, and how many telling words they share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub doc: u32,
    pub shared: u32,
}

/// Records of kind `want` from the same department as `doc`, dated within `window_days` of it,
/// that share at least `min_shared` of its most telling words (highest tf-idf). This links
/// questions to the press releases around them, and back.
pub fn related(
    records: &impl Records,
    index: &Index,
    doc: u32,
    want: super::Kind,
    window_days: i64,
    min_shared: u32,
    limit: usize,
) -> Vec<Related> {
    let a = &index.attrs;
    let d = doc as usize;
    let (Some(&department), Some(&date)) = (a.department.get(d), a.date.get(d)) else {
        return Vec::new();
    };
    if department == 0 || date == 0 {
        return Vec::new();
    }
    let text = match index.doc_ref(doc) {
        Some(DocRef::Question(i)) => records
            .question(i as usize)
            .map(|q| format!("{} {}", q.heading.clone().unwrap_or_default(), q.text)),
        Some(DocRef::PressRelease(i)) => records
            .press_release(i as usize)
            .map(|p| format!("{} {}", p.title, p.paragraphs.join(" "))),
        None => None,
    };
    let Some(text) = text else { return Vec::new() };
    let n = index.len() as f32;
    let mut tf: HashMap<String, u32> = HashMap::new();
    for t in tokenize(&text) {
        if t.text.len() > 2
            && !super::tokenize::is_stop_word(&t.text)
            && !t.text.bytes().all(|b| b.is_ascii_digit())
        {
            *tf.entry(t.text).or_default() += 1;
        }
    }
    let mut weighted: Vec<(f32, u32)> = tf
        .into_iter()
        .filter_map(|(word, count)| {
            let term = index.term(word.as_str())?;
            let df = index.doc_frequency(term) as f32;
            Some((count as f32 * (n / (1.0 + df)).ln(), term))
        })
        .collect();
    weighted.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let day = |yyyymmdd: u32| {
        super::insight::day_number(&format!(
            "{:04}-{:02}-{:02}",
            yyyymmdd / 10_000,
            yyyymmdd / 100 % 100,
            yyyymmdd % 100
        ))
    };
    let Some(here) = day(date) else {
        return Vec::new();
    };
    let mut shared: HashMap<u32, u32> = HashMap::new();
    for &(_, term) in weighted.iter().take(SALIENT_TERMS) {
        let mut seen: HashSet<u32> = HashSet::new();
        for (_, postings) in index.postings_of(term) {
            for other in postings.docs() {
                let o = other as usize;
                if other == doc
                    || a.kind[o] != want
                    || a.department[o] != department
                    || a.date[o] == 0
                {
                    continue;
                }
                if !seen.insert(other) {
                    continue;
                }
                if day(a.date[o]).is_some_and(|there| (there - here).abs() <= window_days) {
                    *shared.entry(other).or_default() += 1;
                }
            }
        }
    }
    let mut out: Vec<Related> = shared
        .into_iter()
        .filter(|&(_, s)| s >= min_shared)
        .map(|(doc, shared)| Related { doc, shared })
        .collect();
    out.sort_by(|x, y| y.shared.cmp(&x.shared).then(x.doc.cmp(&y.doc)));
    out.truncate(limit);
    out
}
