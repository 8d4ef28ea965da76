//! Merging parsed files into one corpus: the same question read twice (in one file or across
//! files) becomes one record listing every source, and questions that received the identical
//! answer are linked through `answer_group`.
//!
//! Invariants after `merge_into`: ids are unique per kind; `answer_group` is set exactly on the
//! questions of groups of two or more; every `SourceRef::file` is in `Corpus::sources`.

use std::collections::hash_map::Entry;

use super::diagnostics::sort_diagnostics;
use super::fxhash::FxHashMap;
use super::lines::{normalise_for_key, push_normalised, stable_hash};
use super::model::{Corpus, PressRelease, Question, SourceFile, SourceRef};
use super::store::{KeptText, WithKept};
use super::{parse_file, Parsed};

/// Parses every `(name, text)` with format detection and merges them in order.
pub fn build_corpus(files: &[(String, String)]) -> Corpus {
    let mut corpus = Corpus::default();
    for (name, text) in files {
        merge_into(&mut corpus, parse_file(name, text, None));
    }
    corpus
}

/// Which records a merge changed that were there before it: an index built of the records
/// before can be extended with the records after unless one of those before changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    /// The lowest index of a question a repeat was merged into, if any.
    pub first_question: Option<usize>,
    /// The lowest index of a press release a repeat was merged into, if any.
    pub first_press_release: Option<usize>,
}

impl Merged {
    /// Both merges' changes.
    pub fn and(self, other: Merged) -> Merged {
        let lowest = |a: Option<usize>, b: Option<usize>| a.into_iter().chain(b).min();
        Merged {
            first_question: lowest(self.first_question, other.first_question),
            first_press_release: lowest(self.first_press_release, other.first_press_release),
        }
    }

    /// Whether a record among the first `questions` questions or the first `press_releases`
    /// press releases changed. (Answer groups are recomputed over every question, but the
    /// index does not read them.)
    pub fn changed_before(self, questions: usize, press_releases: usize) -> bool {
        self.first_question.is_some_and(|q| q < questions)
            || self.first_press_release.is_some_and(|p| p < press_releases)
    }
}

/// Adds one parsed file to `corpus`, merging repeats and recomputing answer groups; says which
/// records already there a repeat was merged into.
pub fn merge_into(corpus: &mut Corpus, parsed: Parsed) -> Merged {
    merge_kept(corpus, None, parsed)
}

/// `merge_into` for a corpus whose records' text is kept apart from their heads (`kept`): the
/// text is read from where it is kept, a record a repeat is merged into is given its text
/// first (`KeptText::take_question`), and the rest stay heads.
pub fn merge_kept(corpus: &mut Corpus, mut kept: Option<&mut KeptText>, parsed: Parsed) -> Merged {
    let mut merged = Merged::default();
    for source in parsed
        .imported_sources
        .into_iter()
        .chain(std::iter::once(parsed.source))
    {
        add_source(&mut corpus.sources, source);
    }
    let mut keys = QuestionKeys::new(WithKept::new(corpus, kept.as_deref()));
    for question in parsed.questions {
        match keys.find(WithKept::new(corpus, kept.as_deref()), &question) {
            Some(at) => {
                let existing = &mut corpus.questions[at];
                if let Some(kept) = kept.as_deref_mut() {
                    kept.take_question(existing, at);
                }
                absorb(existing, question);
                merged = merged.and(Merged {
                    first_question: Some(at),
                    ..Merged::default()
                });
            }
            None => {
                let mut question = question;
                question.id = keys.unique_id(question.id);
                let at = corpus.questions.len();
                corpus.questions.push(question);
                keys.insert(WithKept::new(corpus, kept.as_deref()), at);
            }
        }
    }
    for release in parsed.press_releases {
        if let Some(at) = add_press_release(corpus, kept.as_deref_mut(), release) {
            merged = merged.and(Merged {
                first_press_release: Some(at),
                ..Merged::default()
            });
        }
    }
    corpus.diagnostics.extend(parsed.diagnostics);
    sort_diagnostics(&mut corpus.diagnostics);
    assign_answer_groups(&mut corpus.questions, kept.as_deref());
    merged
}

fn add_source(sources: &mut Vec<SourceFile>, source: SourceFile) {
    match sources.iter_mut().find(|s| s.name == source.name) {
        Some(existing) => *existing = source,
        None => sources.push(source),
    }
}

/// Adds a press release, or merges it into the one with its id: that one's index.
fn add_press_release(
    corpus: &mut Corpus,
    kept: Option<&mut KeptText>,
    release: PressRelease,
) -> Option<usize> {
    let releases = &mut corpus.press_releases;
    match releases.iter().position(|r| r.id == release.id) {
        Some(at) => {
            let existing = &mut releases[at];
            if let Some(kept) = kept {
                kept.take_press_release(existing, at);
            }
            merge_sources(&mut existing.sources, release.sources);
            if existing.date.is_none() {
                existing.date = release.date;
            }
            if existing.paragraphs.len() < release.paragraphs.len() {
                existing.paragraphs = release.paragraphs;
                existing.quotes = release.quotes;
            }
            Some(at)
        }
        None => {
            releases.push(release);
            None
        }
    }
}

fn merge_sources(into: &mut Vec<SourceRef>, from: Vec<SourceRef>) {
    for source in from {
        if !into.contains(&source) {
            into.push(source);
        }
    }
    into.sort();
}

/// Lookup of questions already in the corpus by asker + text (each key held as its hash, as
/// `FirstByKey` does), and by UIN.
struct QuestionKeys {
    by_text: FirstByKey,
    /// A key made, in a buffer used again.
    key: String,
    by_uin: FxHashMap<String, usize>,
    ids: FxHashMap<String, usize>,
}

impl QuestionKeys {
    fn new(records: WithKept) -> Self {
        let mut keys = QuestionKeys {
            by_text: FirstByKey::default(),
            key: String::new(),
            by_uin: FxHashMap::default(),
            ids: FxHashMap::default(),
        };
        for at in 0..records.questions.len() {
            keys.insert(records, at);
        }
        keys
    }

    /// Adds question `at` of `records`.
    fn insert(&mut self, records: WithKept, at: usize) {
        let Some(q) = records.question(at) else {
            return;
        };
        text_key(&q, &mut self.key);
        let hash = stable_hash(&[&self.key]);
        (self.by_text).first_or_insert(hash, &self.key, at, |j, out| text_key_of(records, j, out));
        if let Some(uin) = &q.uin {
            self.by_uin.entry(uin.clone()).or_insert(at);
        }
        self.ids.insert(q.id.clone(), at);
    }

    /// The same question: same asker and text, or the same UIN with compatible text (bulk API
    /// texts are cut short; UINs restart each session, so a UIN alone is not enough).
    fn find(&mut self, records: WithKept, q: &Question) -> Option<usize> {
        text_key(q, &mut self.key);
        let hash = stable_hash(&[&self.key]);
        if let Some(at) =
            (self.by_text).find(hash, &self.key, |j, out| text_key_of(records, j, out))
        {
            return Some(at);
        }
        let at = *self.by_uin.get(q.uin.as_ref()?)?;
        let existing = records.question(at)?;
        compatible_texts(&existing.text, &q.text).then_some(at)
    }

    fn unique_id(&self, id: String) -> String {
        if !self.ids.contains_key(&id) {
            return id;
        }
        (2..)
            .map(|n| format!("{id}-{n}"))
            .find(|candidate| !self.ids.contains_key(candidate))
            .unwrap_or(id)
    }
}

/// Question `at`'s key in `out` (empty for a question not there).
fn text_key_of(records: WithKept, at: usize, out: &mut String) {
    match records.question(at) {
        Some(q) => text_key(&q, out),
        None => out.clear(),
    }
}

/// The asker and the text, normalised: two questions with the same are one.
fn text_key(q: &Question, key: &mut String) {
    key.clear();
    match (&q.asker.name, q.asker.member_id) {
        (Some(name), _) => push_normalised(key, name),
        (None, Some(id)) => {
            key.push('#');
            key.push_str(&id.to_string());
        }
        (None, None) => {}
    }
    key.push('\u{1f}');
    push_normalised(key, &q.text);
}

fn compatible_texts(a: &str, b: &str) -> bool {
    let clip = |s: &str| {
        normalise_for_key(s)
            .trim_end_matches(['.', '…', ' '])
            .to_string()
    };
    let (a, b) = (clip(a), clip(b));
    a.starts_with(&b) || b.starts_with(&a)
}

/// Fills what `existing` lacks from `other`, and keeps the fuller of two texts and answers.
fn absorb(existing: &mut Question, other: Question) {
    merge_sources(&mut existing.sources, other.sources);
    if other.text.len() > existing.text.len() {
        existing.text = other.text;
    }
    fn fill<T>(a: &mut Option<T>, b: Option<T>) {
        if a.is_none() {
            *a = b;
        }
    }
    fill(&mut existing.uin, other.uin);
    fill(&mut existing.heading, other.heading);
    fill(&mut existing.date, other.date);
    fill(&mut existing.department, other.department);
    fill(&mut existing.date_tabled, other.date_tabled);
    fill(&mut existing.date_answered, other.date_answered);
    fill(&mut existing.asker.name, other.asker.name);
    fill(&mut existing.asker.party, other.asker.party);
    fill(&mut existing.asker.constituency, other.asker.constituency);
    if existing.asker.member_id.is_none() {
        existing.asker.member_id = other.asker.member_id;
    }
    for uin in other.grouped_uins {
        if !existing.grouped_uins.contains(&uin) {
            existing.grouped_uins.push(uin);
        }
    }
    existing.answer = match (existing.answer.take(), other.answer) {
        (None, b) => b,
        (Some(a), None) => Some(a),
        // A substantive answer replaces a holding one; otherwise the longer text wins.
        (Some(a), Some(b)) if a.holding && !b.holding => Some(b),
        (Some(a), Some(b)) if !b.holding && answer_len(&b) > answer_len(&a) => Some(b),
        (Some(a), Some(_)) => Some(a),
    };
}

fn answer_len(a: &super::model::Answer) -> usize {
    a.paragraphs.iter().map(String::len).sum()
}

/// The first of a run of items with each key, holding each key's hash rather than the key (keys
/// of whole answers are as long as the answers): a hash met before is checked against the key
/// of the item that had it, made again.
#[derive(Default)]
struct FirstByKey {
    first: FxHashMap<u64, usize>,
    /// Keys whose hash a different key had first (none is expected), by the key itself.
    clashed: FxHashMap<String, usize>,
    /// The key of an earlier item, made again.
    other: String,
}

impl FirstByKey {
    /// The first earlier item whose key is `key` (whose hash is `hash`), or `None` after
    /// recording item `at` as the first with it; `key_of(j, out)` makes item `j`'s key in `out`.
    fn first_or_insert(
        &mut self,
        hash: u64,
        key: &str,
        at: usize,
        key_of: impl FnOnce(usize, &mut String),
    ) -> Option<usize> {
        if let Entry::Vacant(first) = self.first.entry(hash) {
            first.insert(at);
            return None;
        }
        let found = self.find(hash, key, key_of);
        if found.is_none() {
            self.clashed.insert(key.to_string(), at);
        }
        found
    }

    /// The first item whose key is `key` (whose hash is `hash`), as `first_or_insert`, which
    /// records nothing.
    fn find(
        &mut self,
        hash: u64,
        key: &str,
        key_of: impl FnOnce(usize, &mut String),
    ) -> Option<usize> {
        let &first = self.first.get(&hash)?;
        key_of(first, &mut self.other);
        if self.other == key {
            return Some(first);
        }
        self.clashed.get(key).copied()
    }
}

/// Links questions that received the identical (non-holding) answer, or that the official API
/// says were answered together. Group ids hash the answer text, so they survive rebuilds.
/// Questions whose text is kept (`kept`) are read from there, one at a time.
pub(super) fn assign_answer_groups(questions: &mut [Question], kept: Option<&KeptText>) {
    let records = WithKept {
        questions,
        press_releases: &[],
        kept,
    };
    let n = questions.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    // Each answer's key is made in a buffer used again for the next and kept only as its hash
    // (see `FirstByKey`): keys as long as the answers, kept for every question, were a copy of
    // all their text.
    let answer_key = |q: &Question, key: &mut String| {
        key.clear();
        let answer = q
            .answer
            .as_ref()
            .filter(|a| !a.holding && !a.paragraphs.is_empty());
        for paragraph in answer.map(|a| a.paragraphs.as_slice()).unwrap_or_default() {
            push_normalised(key, paragraph);
        }
        answer.is_some()
    };
    let mut key = String::new();
    let mut answer_hashes: Vec<Option<u64>> = Vec::with_capacity(n);
    let mut firsts = FirstByKey::default();
    for i in 0..n {
        let has_answer = records
            .question(i)
            .is_some_and(|q| answer_key(&q, &mut key));
        if !has_answer {
            answer_hashes.push(None);
            continue;
        }
        let hash = stable_hash(&[&key]);
        answer_hashes.push(Some(hash));
        if let Some(j) = firsts.first_or_insert(hash, &key, i, |j, out| {
            out.clear();
            if let Some(q) = records.question(j) {
                answer_key(&q, out);
            }
        }) {
            union(&mut parent, i, j);
        }
    }
    let by_uin: FxHashMap<&str, usize> = questions
        .iter()
        .enumerate()
        .filter_map(|(i, q)| Some((q.uin.as_deref()?, i)))
        .collect();
    for (i, q) in questions.iter().enumerate() {
        for uin in &q.grouped_uins {
            if let Some(&j) = by_uin.get(uin.as_str()) {
                union(&mut parent, i, j);
            }
        }
    }
    let mut sizes = vec![0usize; n];
    for i in 0..n {
        let r = root(&mut parent, i);
        sizes[r] += 1;
    }
    let group_ids: Vec<Option<String>> = (0..n)
        .map(|i| {
            let r = root(&mut parent, i);
            (sizes[r] >= 2).then(|| {
                let hash = answer_hashes[r].unwrap_or_else(|| stable_hash(&[&questions[r].id]));
                format!("a-{:012x}", hash & 0xffff_ffff_ffff)
            })
        })
        .collect();
    for (q, group) in questions.iter_mut().zip(group_ids) {
        q.answer_group = group;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::store::tests::kept_apart;
    use crate::corpus::{synthesize, Format};

    /// A file that repeats records of `corpus` (one with a longer answer, one by its UIN with
    /// its text cut short, a press release with more paragraphs) and adds others (one with the
    /// answer of a question already there).
    fn repeats_and_more(corpus: &Corpus) -> Parsed {
        let answered: Vec<&Question> = (corpus.questions.iter())
            .filter(|q| q.answer.as_ref().is_some_and(|a| !a.holding) && q.uin.is_some())
            .collect();
        let mut longer = answered[3].clone();
        if let Some(answer) = &mut longer.answer {
            answer
                .paragraphs
                .push("A further paragraph, longer than none.".into());
        }
        let mut by_uin = answered[9].clone();
        by_uin.text = by_uin.text.chars().take(40).collect();
        by_uin.asker.name = Some("Someone Else".into());
        let mut same_answer = corpus.questions[1].clone();
        same_answer.text = "A question never asked before, answered as another was.".into();
        same_answer.uin = None;
        same_answer.answer = answered[5].answer.clone();
        let mut new = corpus.questions[2].clone();
        new.text = "Another new question.".into();
        new.uin = None;
        let mut release = corpus.press_releases[0].clone();
        release.paragraphs.push("One more paragraph.".into());
        let source = SourceFile {
            name: "more.txt".into(),
            format: Format::Compact,
            lines: 9,
            boilerplate: Vec::new(),
        };
        Parsed {
            questions: vec![longer, new, by_uin, same_answer],
            press_releases: vec![release],
            diagnostics: Vec::new(),
            source,
            imported_sources: Vec::new(),
        }
    }

    #[test]
    fn merging_into_records_whose_text_is_kept_is_merging_into_the_whole_records() {
        let whole = synthesize(300, 11);
        let parsed = repeats_and_more(&whole);
        let mut expected = whole.clone();
        let expected_merged = merge_into(&mut expected, parsed.clone());
        let (mut heads, mut kept) = kept_apart(&whole);
        let merged = merge_kept(&mut heads, Some(&mut kept), parsed);
        assert_eq!(merged, expected_merged);
        assert!(merged.first_question.is_some() && merged.first_press_release == Some(0));
        let records = WithKept::new(&heads, Some(&kept));
        let (questions, press_releases) = (expected.questions.len(), expected.press_releases.len());
        assert_eq!(
            (heads.questions.len(), heads.press_releases.len()),
            (questions, press_releases)
        );
        assert_eq!(questions, whole.questions.len() + 2);
        for (i, q) in expected.questions.iter().enumerate() {
            assert_eq!(records.question(i).as_deref(), Some(q), "question {i}");
        }
        for (i, p) in expected.press_releases.iter().enumerate() {
            assert_eq!(
                records.press_release(i).as_deref(),
                Some(p),
                "press release {i}"
            );
        }
        // Only the records a repeat changed hold their text; the others' stays kept.
        let changed: Vec<usize> = (0..whole.questions.len())
            .filter(|&i| !kept.keeps_question(i))
            .collect();
        assert_eq!(changed.len(), 2, "{changed:?}");
        assert!(changed.iter().all(|&i| !heads.questions[i].text.is_empty()));
        assert!(!kept.keeps_press_release(0) && kept.keeps_press_release(1));
        assert!(heads.questions[0].text.is_empty() || changed.contains(&0));
        let groups = |c: &Corpus| -> Vec<Option<String>> {
            c.questions.iter().map(|q| q.answer_group.clone()).collect()
        };
        assert_eq!(groups(&heads), groups(&expected));
        assert!(expected
            .questions
            .last()
            .is_some_and(|q| q.answer_group.is_some()));
        assert_eq!(heads.sources, expected.sources);
    }

    #[test]
    fn keys_sharing_a_hash_are_told_apart() {
        let keys = ["a", "b", "a", "c", "b", "b"];
        let mut firsts = FirstByKey::default();
        let found: Vec<Option<usize>> = (keys.iter().enumerate())
            .map(|(i, key)| {
                // Every key has the same hash.
                firsts.first_or_insert(7, key, i, |j, out| {
                    out.clear();
                    out.push_str(keys[j]);
                })
            })
            .collect();
        assert_eq!(found, [None, None, Some(0), None, Some(1), Some(1)]);
    }
}
