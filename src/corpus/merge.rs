//! Merging parsed files into one corpus: the same question read twice (in one file or across
//! files) becomes one record listing every source, and questions that received the identical
//! answer are linked through `answer_group`.
//!
//! Invariants after `merge_into`: ids are unique per kind; `answer_group` is set exactly on the
//! questions of groups of two or more; every `SourceRef::file` is in `Corpus::sources`.

use std::hash::Hasher;

use super::diagnostics::sort_diagnostics;
use super::fxhash::FxHasher;
use super::fxhash::{FxHashMap, FxHashSet};
use super::lines::{normalise_for_key, push_normalised_bytes, stable_hash};
use super::members::name_members;
use super::model::{Corpus, Member, PressRelease, Question, SourceFile, SourceRef};
use super::pack::{DecodeError, Pack, Reader, Writer};
use super::store::{KeptText, WithKept};
use super::{parse_file, Parsed};

/// Parses every `(name, text)` with format detection and merges them in order (members files
/// name the members of every file's records, wherever they come).
pub fn build_corpus(files: &[(String, String)]) -> Corpus {
    let mut corpus = Corpus::default();
    let parsed = files
        .iter()
        .map(|(name, text)| parse_file(name, text, None));
    merge_kept(&mut corpus, None, parsed.collect());
    corpus
}

/// Which records a merge changed that were there before it: an index built of the records
/// before grows by the records after, and indexes again those before that changed.
/// Invariant: both lists ascend, without repeats.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The indexes of the questions repeats were merged into.
    pub questions: Vec<usize>,
    /// The indexes of the press releases repeats were merged into.
    pub press_releases: Vec<usize>,
    /// How many questions a members file named an asker or minister of.
    pub named: usize,
}

impl Merged {
    /// Whether a record among the first `questions` questions or the first `press_releases`
    /// press releases changed. (Answer groups are recomputed over every question, but the
    /// index does not read them.)
    pub fn changed_before(&self, questions: usize, press_releases: usize) -> bool {
        self.questions.first().is_some_and(|&q| q < questions)
            || self
                .press_releases
                .first()
                .is_some_and(|&p| p < press_releases)
    }

    /// The records among the first `questions` questions and the first `press_releases` press
    /// releases that changed: the questions' indexes, then the press releases'.
    pub fn before(&self, questions: usize, press_releases: usize) -> (&[usize], &[usize]) {
        let q = self.questions.partition_point(|&i| i < questions);
        let p = self.press_releases.partition_point(|&i| i < press_releases);
        (&self.questions[..q], &self.press_releases[..p])
    }
}

/// Adds one parsed file to `corpus`, merging repeats and recomputing answer groups; says which
/// records already there a repeat was merged into (or a members file named someone in).
pub fn merge_into(corpus: &mut Corpus, parsed: Parsed) -> Merged {
    merge_kept(corpus, None, vec![parsed])
}

/// `merge_into` of `files` in turn, into a corpus whose records' text may be kept apart from
/// their heads (`kept`): the keys of the questions whose text is kept are those the store came
/// with (`KeptText::made_key`), or else made from the text read where it is kept; a record a
/// repeat is merged into is given its text first (`KeptText::take_question`), and the rest
/// stay heads. (`Merging` is the same in steps.)
pub fn merge_kept(corpus: &mut Corpus, kept: Option<&mut KeptText>, files: Vec<Parsed>) -> Merged {
    // `merge` makes every key first.
    let mut merging = Merging::new(corpus);
    let merged = merging.merge(corpus, kept, files, Vec::new());
    merging.group(corpus);
    merged
}

/// `merge_kept` in steps, so a page can paint between them (at 500,000 questions, making the
/// keys of those already there takes about 0.3 s natively): the keys made some questions at a
/// time (`key_some`), the files merged (`merge`), then the answer groups made again (`group`,
/// from the keys made for the merge). Invariant: the corpus and its kept text do not change
/// between the steps but through `merge`; the first `keyed` of its questions are in `keys`,
/// and after `merge` every one of them.
pub struct Merging {
    keys: QuestionKeys,
    keyed: usize,
}

impl Merging {
    /// Starts merging into `corpus`.
    pub fn new(corpus: &Corpus) -> Merging {
        Merging {
            keys: QuestionKeys::with_capacity(corpus.questions.len()),
            keyed: 0,
        }
    }

    /// Makes the keys of up to `questions` more of `corpus`'s questions (whose text may be in
    /// `kept`); returns whether every question's are made.
    pub fn key_some(&mut self, corpus: &Corpus, kept: Option<&KeptText>, questions: usize) -> bool {
        let all = corpus.questions.len();
        let to = all.min(self.keyed.saturating_add(questions));
        for at in self.keyed..to {
            self.keys.insert(Keyed::new(corpus, kept), at);
        }
        self.keyed = to;
        to == all
    }

    /// Questions keyed so far, of all in `corpus`.
    pub fn progress(&self, corpus: &Corpus) -> (usize, usize) {
        (self.keyed, corpus.questions.len())
    }

    /// Merges `files` in turn (every question keyed first), then names the members the records
    /// know by id alone that `members` (names read before) and the files' members files name
    /// (`members::name_members`, so a members file names the records of the files after it
    /// too); says which records already there a repeat was merged into or a name was given.
    /// The answer groups are left as they were (`group`).
    pub fn merge(
        &mut self,
        corpus: &mut Corpus,
        mut kept: Option<&mut KeptText>,
        files: Vec<Parsed>,
        mut members: Vec<Member>,
    ) -> Merged {
        self.key_some(corpus, kept.as_deref(), usize::MAX);
        let keys = &mut self.keys;
        let mut merged = Merged::default();
        for parsed in files {
            members.extend(parsed.members);
            for source in parsed
                .imported_sources
                .into_iter()
                .chain(std::iter::once(parsed.source))
            {
                add_source(&mut corpus.sources, source);
            }
            for question in parsed.questions {
                let key = QuestionKey::of(&question, &mut keys.key);
                match keys.find(Keyed::new(corpus, kept.as_deref()), &question, &key) {
                    Some(at) => {
                        let existing = &mut corpus.questions[at];
                        if let Some(kept) = kept.as_deref_mut() {
                            kept.take_question(existing, at);
                        }
                        absorb(existing, question);
                        // Its text may have changed: a later repeat with the new text finds it.
                        keys.insert(Keyed::new(corpus, kept.as_deref()), at);
                        merged.questions.push(at);
                    }
                    None => {
                        let mut question = question;
                        question.id = keys.unique_id(&corpus.questions, question.id);
                        let at = corpus.questions.len();
                        keys.insert_made(&question, key, at, &corpus.questions);
                        corpus.questions.push(question);
                    }
                }
            }
            for release in parsed.press_releases {
                if let Some(at) = add_press_release(corpus, kept.as_deref_mut(), release) {
                    merged.press_releases.push(at);
                }
            }
            corpus.diagnostics.extend(parsed.diagnostics);
        }
        if !members.is_empty() {
            let named = name_members(&mut corpus.questions, kept, &members);
            merged.named = named.len();
            merged.questions.extend(named);
        }
        sort_diagnostics(&mut corpus.diagnostics);
        for changed in [&mut merged.questions, &mut merged.press_releases] {
            changed.sort_unstable();
            changed.dedup();
        }
        merged
    }

    /// Makes every question's answer group again (`group_kept`) from the answers' keys made
    /// for the merge, not made again from the text.
    pub fn group(self, corpus: &mut Corpus) {
        let mut answers = self.keys.answers;
        answers.resize(corpus.questions.len(), None);
        let groups = assign_answer_groups(&corpus.questions, answers);
        set_groups(&mut corpus.questions, groups);
    }
}

/// Makes every question's answer group again (see `assign_answer_groups`), reading the text
/// kept apart where it is.
pub fn group_kept(corpus: &mut Corpus, kept: Option<&KeptText>) {
    let keyed = Keyed::new(corpus, kept);
    let groups = assign_answer_groups(&corpus.questions, keyed.answers());
    set_groups(&mut corpus.questions, groups);
}

/// Gives each question its answer group.
fn set_groups(questions: &mut [Question], groups: Vec<Option<String>>) {
    for (q, group) in questions.iter_mut().zip(groups) {
        q.answer_group = group;
    }
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

/// A key's two hashes, of two kinds, which stand for the key: keys are as long as the texts
/// they are made of, and a record's text kept compressed would have to be decompressed to make
/// its key again. Two different texts of a corpus sharing both hashes (128 bits) is not to be
/// expected. Both are stable across builds and platforms: bundles carry them, and answer group
/// ids are made of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Hashes {
    /// The one answer group ids are made of.
    stable: u64,
    other: u64,
}

impl Hashes {
    /// The key's bytes taken eight at a time (a byte at a time, as FNV-1a takes them, was
    /// most of a merge's time) into two lanes of different steps, the last word zero-padded,
    /// each lane then mixed with the key's length by murmur3's finisher.
    fn of(bytes: &[u8]) -> Self {
        const ODD_A: u64 = 0x9e37_79b9_7f4a_7c15;
        const ODD_B: u64 = 0xc2b2_ae3d_27d4_eb4f;
        let (mut a, mut b) = (0x243f_6a88_85a3_08d3_u64, 0x1319_8a2e_0370_7344_u64);
        let mut step = |word: [u8; 8]| {
            let word = u64::from_le_bytes(word);
            a = (a ^ word).wrapping_mul(ODD_A).rotate_left(31);
            b = (b.rotate_left(27) ^ word).wrapping_mul(ODD_B);
        };
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut whole = [0u8; 8];
            whole.copy_from_slice(word);
            step(whole);
        }
        let rest = words.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        step(last);
        let len = bytes.len() as u64;
        Hashes {
            stable: finish(a ^ len),
            other: finish(b ^ len.rotate_left(32)),
        }
    }
}

/// murmur3's 64-bit finisher: every bit of the result depends on every bit of `h`.
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// What a question is merged and grouped by: the hashes of its asker-and-text key and, when it
/// has an answer to group by (not a holding one), of its answer's. A bundle carries its
/// questions' keys (`index::bundle`), so that an import into its corpus need not decompress
/// every record to make them: how a key is made is part of the bundle's format, and changing
/// it needs a new bundle version.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuestionKey {
    text: Hashes,
    answer: Option<Hashes>,
}

impl QuestionKey {
    /// `q`'s keys, as a bundle carries them.
    pub fn of_question(q: &Question) -> Self {
        QuestionKey::of(q, &mut Vec::new())
    }

    /// `q`'s keys, made in `key` (a buffer used again, of UTF-8).
    fn of(q: &Question, key: &mut Vec<u8>) -> Self {
        key.clear();
        match (&q.asker.name, q.asker.member_id) {
            (Some(name), _) => push_normalised_bytes(key, name),
            (None, Some(id)) => {
                key.push(b'#');
                key.extend_from_slice(id.to_string().as_bytes());
            }
            (None, None) => {}
        }
        key.push(0x1f);
        push_normalised_bytes(key, &q.text);
        let text = Hashes::of(key);
        let answer = q
            .answer
            .as_ref()
            .filter(|a| !a.holding && !a.paragraphs.is_empty());
        let answer = answer.map(|a| {
            key.clear();
            for paragraph in &a.paragraphs {
                push_normalised_bytes(key, paragraph);
            }
            Hashes::of(key)
        });
        QuestionKey { text, answer }
    }
}

/// A question's keys as a bundle holds them: whether there is an answer's, then each hash's
/// eight bytes (little-endian).
impl Pack for QuestionKey {
    fn pack(&self, w: &mut Writer) {
        w.u8(u8::from(self.answer.is_some()));
        for hashes in std::iter::once(self.text).chain(self.answer) {
            w.raw(&hashes.stable.to_le_bytes());
            w.raw(&hashes.other.to_le_bytes());
        }
    }

    fn unpack(r: &mut Reader) -> Result<Self, DecodeError> {
        let answered = r.bool()?;
        let mut hashes = || -> Result<Hashes, DecodeError> {
            let mut word = || -> Result<u64, DecodeError> {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(r.bytes(8)?);
                Ok(u64::from_le_bytes(bytes))
            };
            Ok(Hashes {
                stable: word()?,
                other: word()?,
            })
        };
        let text = hashes()?;
        let answer = match answered {
            true => Some(hashes()?),
            false => None,
        };
        Ok(QuestionKey { text, answer })
    }
}

/// Questions with their keys: for those whose text is still kept, the keys the store came with
/// (a bundle's); for the rest made from the records.
#[derive(Clone, Copy)]
struct Keyed<'a> {
    records: WithKept<'a>,
}

impl<'a> Keyed<'a> {
    fn new(corpus: &'a Corpus, kept: Option<&'a KeptText>) -> Self {
        Keyed {
            records: WithKept::new(corpus, kept),
        }
    }

    /// Question `i`'s keys (`None` for no question `i`).
    fn key(&self, i: usize, buffer: &mut Vec<u8>) -> Option<QuestionKey> {
        match self.records.kept.and_then(|kept| kept.made_key(i)) {
            Some(key) => Some(key),
            None => Some(QuestionKey::of(&*self.records.question(i)?, buffer)),
        }
    }

    /// Every question's answer's key (`QuestionKey::answer`).
    fn answers(&self) -> Vec<Option<Hashes>> {
        let mut key = Vec::new();
        (0..self.records.questions.len())
            .map(|i| self.key(i, &mut key).and_then(|k| k.answer))
            .collect()
    }
}

/// Lookup of questions already in the corpus by asker + text (by the key's hashes), by UIN and
/// by id; and each question's answer's key, for its answer group.
struct QuestionKeys {
    by_text: FxHashMap<Hashes, usize>,
    /// Question `i`'s answer's key (as its last insertion made it), for each `i` inserted.
    answers: Vec<Option<Hashes>>,
    /// A key made, in a buffer used again.
    key: Vec<u8>,
    by_uin: FirstOf,
    ids: FirstOf,
}

/// The first question holding each of a set of strings (UINs, ids), found by the string's hash:
/// the strings are not copied (at 500,000 questions, copies of every id and UIN were a third of
/// a merge's time), and the question a hash names is read to tell two strings with one hash
/// apart. Invariant: a question's string never changes once it is here.
#[derive(Default)]
struct FirstOf {
    by_hash: FxHashMap<u64, usize>,
    /// Strings whose hash a different string, met earlier, has too.
    clashing: FxHashMap<String, usize>,
}

impl FirstOf {
    fn with_capacity(n: usize) -> Self {
        FirstOf {
            by_hash: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            clashing: FxHashMap::default(),
        }
    }

    fn hash(s: &str) -> u64 {
        let mut hasher = FxHasher::default();
        hasher.write(s.as_bytes());
        hasher.finish()
    }

    /// Adds `s`, question `at`'s, unless a question before has it; `of(i)` is question `i`'s.
    fn insert<'a>(&mut self, s: &str, at: usize, of: impl Fn(usize) -> Option<&'a str>) {
        use std::collections::hash_map::Entry;
        match self.by_hash.entry(Self::hash(s)) {
            Entry::Vacant(e) => {
                e.insert(at);
            }
            Entry::Occupied(e) if of(*e.get()) != Some(s) => {
                self.clashing.entry(s.to_string()).or_insert(at);
            }
            Entry::Occupied(_) => {}
        }
    }

    /// The first question with `s`; `of(i)` is question `i`'s.
    fn get<'a>(&self, s: &str, of: impl Fn(usize) -> Option<&'a str>) -> Option<usize> {
        let &at = self.by_hash.get(&Self::hash(s))?;
        match of(at) == Some(s) {
            true => Some(at),
            false => self.clashing.get(s).copied(),
        }
    }
}

impl QuestionKeys {
    /// Room for `n` questions' keys.
    fn with_capacity(n: usize) -> Self {
        QuestionKeys {
            by_text: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            answers: Vec::with_capacity(n),
            key: Vec::new(),
            by_uin: FirstOf::with_capacity(n),
            ids: FirstOf::with_capacity(n),
        }
    }

    /// Adds question `at` (the first question with a key keeps it).
    fn insert(&mut self, keyed: Keyed, at: usize) {
        let questions = &keyed.records.questions;
        let (Some(q), Some(key)) = (questions.get(at), keyed.key(at, &mut self.key)) else {
            return;
        };
        self.insert_made(q, key, at, questions);
    }

    /// Adds `q`, question `at` of `questions` or the next to be pushed onto them, whose keys
    /// are `key`.
    fn insert_made(&mut self, q: &Question, key: QuestionKey, at: usize, questions: &[Question]) {
        self.by_text.entry(key.text).or_insert(at);
        if self.answers.len() <= at {
            self.answers.resize(at + 1, None);
        }
        self.answers[at] = key.answer;
        // `q` is not among `questions` yet when it is the next: it is compared as it is.
        let of = |i: usize| match i == at {
            true => Some(q),
            false => questions.get(i),
        };
        if let Some(uin) = &q.uin {
            self.by_uin.insert(uin, at, |i| of(i)?.uin.as_deref());
        }
        self.ids.insert(&q.id, at, |i| Some(of(i)?.id.as_str()));
    }

    /// The same question, `key` its keys: same asker and text, or the same UIN with compatible
    /// text (bulk API texts are cut short; UINs restart each session, so a UIN alone is not
    /// enough).
    fn find(&self, keyed: Keyed, q: &Question, key: &QuestionKey) -> Option<usize> {
        if let Some(&at) = self.by_text.get(&key.text) {
            return Some(at);
        }
        let at = self
            .by_uin
            .get(q.uin.as_ref()?, uin_of(keyed.records.questions))?;
        let existing = keyed.records.question(at)?;
        compatible_texts(&existing.text, &q.text).then_some(at)
    }

    /// `id`, or, when a question of `questions` has it, `id-2`, `id-3`… (the first not taken).
    fn unique_id(&self, questions: &[Question], id: String) -> String {
        let taken = |id: &str| self.ids.get(id, id_of(questions)).is_some();
        if !taken(&id) {
            return id;
        }
        (2..)
            .map(|n| format!("{id}-{n}"))
            .find(|candidate| !taken(candidate))
            .unwrap_or(id)
    }
}

/// Question `i`'s UIN, for `FirstOf`.
fn uin_of<'a>(questions: &'a [Question]) -> impl Fn(usize) -> Option<&'a str> {
    move |i| questions.get(i)?.uin.as_deref()
}

/// Question `i`'s id, for `FirstOf`.
fn id_of<'a>(questions: &'a [Question]) -> impl Fn(usize) -> Option<&'a str> {
    move |i| Some(questions.get(i)?.id.as_str())
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
    fill(&mut existing.date_for_answer, other.date_for_answer);
    fill(&mut existing.date_holding_answer, other.date_holding_answer);
    existing.date_answer_corrected = existing
        .date_answer_corrected
        .take()
        .max(other.date_answer_corrected);
    existing.named_day |= other.named_day;
    existing.interest_declared |= other.interest_declared;
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
    let theirs = match (&existing.answer, &other.answer) {
        (_, None) => false,
        (None, Some(_)) => true,
        // A substantive answer replaces a holding one; otherwise the longer text wins.
        (Some(a), Some(b)) => !b.holding && (a.holding || answer_len(b) > answer_len(a)),
    };
    // The answer kept brings its day. A holding answer set aside for one in substance keeps
    // its day as the holding answer's.
    let (lost, lost_day) = if theirs {
        (
            std::mem::replace(&mut existing.answer, other.answer),
            std::mem::replace(&mut existing.date_answered, other.date_answered),
        )
    } else {
        (other.answer, other.date_answered)
    };
    let holding_set_aside =
        lost.is_some_and(|a| a.holding) && existing.answer.as_ref().is_some_and(|a| !a.holding);
    match holding_set_aside {
        true => fill(&mut existing.date_holding_answer, lost_day),
        false => fill(&mut existing.date_answered, lost_day),
    }
}

fn answer_len(a: &super::model::Answer) -> usize {
    a.paragraphs.iter().map(String::len).sum()
}

/// Links questions that received the identical (non-holding) answer, or that the official API
/// says were answered together: each question's answer group. Group ids hash the answer text,
/// so they survive rebuilds.
/// `answer_hashes[i]` is question `i`'s answer's key (`QuestionKey::answer`).
fn assign_answer_groups(
    questions: &[Question],
    answer_hashes: Vec<Option<Hashes>>,
) -> Vec<Option<String>> {
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
    let mut firsts: FxHashMap<Hashes, usize> = FxHashMap::default();
    firsts.reserve(n);
    for (i, answer) in answer_hashes.iter().enumerate().take(n) {
        if let Some(hash) = *answer {
            let first = *firsts.entry(hash).or_insert(i);
            if first != i {
                union(&mut parent, i, first);
            }
        }
    }
    // Only the UINs some question names as answered with it are looked up (a map of every
    // question's UIN took about 0.3 s at 500,000 questions).
    let named: FxHashSet<&str> = questions
        .iter()
        .flat_map(|q| q.grouped_uins.iter().map(String::as_str))
        .collect();
    let by_uin: FxHashMap<&str, usize> = questions
        .iter()
        .enumerate()
        .filter_map(|(i, q)| Some((q.uin.as_deref().filter(|u| named.contains(u))?, i)))
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
    (0..n)
        .map(|i| {
            let r = root(&mut parent, i);
            (sizes[r] >= 2).then(|| {
                let hash = (answer_hashes.get(r).copied().flatten())
                    .map_or_else(|| stable_hash(&[&questions[r].id]), |h| h.stable);
                format!("a-{:012x}", hash & 0xffff_ffff_ffff)
            })
        })
        .collect()
}

/// Each question's answer group (`assign_answer_groups`) set on it.
pub(super) fn group_answers(questions: &mut [Question]) {
    let keyed = Keyed {
        records: WithKept {
            questions,
            press_releases: &[],
            kept: None,
        },
    };
    let groups = assign_answer_groups(keyed.records.questions, keyed.answers());
    set_groups(questions, groups);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::store::tests::{kept_apart, kept_apart_with_keys};
    use crate::corpus::{synthesize, Format};

    #[test]
    fn key_hashes_are_what_bundles_hold_and_differ_in_every_byte_and_length() {
        // Bundles carry these hashes and answer group ids are made of them: a change here needs
        // a new bundle version.
        assert_eq!(
            Hashes::of(b"alex jones\x1fwhat steps is the department taking"),
            Hashes {
                stable: 0xb16c_a525_fecb_95dc,
                other: 0x9517_6fa2_f604_5e83,
            }
        );
        let base = "abcdefghijklmnopqrstuvwxyz";
        let mut keys: Vec<String> = (0..=base.len()).map(|n| base[..n].to_string()).collect();
        for at in 0..base.len() {
            let mut changed = base.as_bytes().to_vec();
            changed[at] = b'_';
            keys.push(String::from_utf8(changed).expect("ASCII"));
        }
        // Zero-padding aside: a key and the same key with a zero byte more.
        keys.push(format!("{base}\0"));
        let hashes: FxHashSet<u64> = keys
            .iter()
            .map(|k| Hashes::of(k.as_bytes()).stable)
            .collect();
        let others: FxHashSet<u64> = keys
            .iter()
            .map(|k| Hashes::of(k.as_bytes()).other)
            .collect();
        assert_eq!((hashes.len(), others.len()), (keys.len(), keys.len()));
    }

    #[test]
    fn first_of_tells_apart_strings_sharing_a_hash() {
        let names = ["a", "b", "a"];
        let of = |i: usize| names.get(i).copied();
        let mut first = FirstOf::default();
        first.insert("a", 0, of);
        // "b" given the slot of "a", as a clash of their hashes would.
        first.by_hash.insert(FirstOf::hash("b"), 0);
        first.insert("b", 1, of);
        first.insert("a", 2, of);
        assert_eq!(first.get("a", of), Some(0));
        assert_eq!(first.get("b", of), Some(1));
        assert_eq!(first.get("c", of), None);
    }

    #[test]
    fn questions_answered_together_by_uin_share_a_group() {
        let mut questions: Vec<Question> = synthesize(40, 9).questions;
        questions.truncate(6);
        for (i, q) in questions.iter_mut().enumerate() {
            q.uin = Some(format!("U{i}"));
            q.grouped_uins.clear();
            // Each answer its own, so only the UINs group them.
            if let Some(answer) = &mut q.answer {
                answer.paragraphs = vec![format!("answer {i}")];
            }
        }
        // 1 names 4, and 2 names a UIN no question has.
        questions[1].grouped_uins = vec!["U4".into()];
        questions[2].grouped_uins = vec!["U99".into()];
        group_answers(&mut questions);
        let groups: Vec<Option<&str>> = questions
            .iter()
            .map(|q| q.answer_group.as_deref())
            .collect();
        assert!(groups[1].is_some());
        assert_eq!(groups[1], groups[4]);
        assert_eq!([groups[0], groups[2], groups[3], groups[5]], [None; 4]);
    }

    #[test]
    fn an_answer_in_substance_brings_its_day_and_keeps_the_holding_answers() {
        let mut base = synthesize(1, 3).questions.remove(0);
        base.date_tabled = Some("2025-01-06".into());
        let version = |holding: bool, answered: &str| {
            let mut q = base.clone();
            q.answer = Some(super::super::Answer {
                by: Default::default(),
                paragraphs: vec![format!("Answered on {answered}.")],
                holding,
            });
            q.date_answered = Some(answered.into());
            q
        };
        let mut holding = version(true, "2025-01-10");
        (holding.named_day, holding.date_for_answer) = (true, Some("2025-01-10".into()));
        let mut answered = version(false, "2025-01-20");
        answered.date_answer_corrected = Some("2025-02-01".into());
        for (first, then) in [
            (holding.clone(), answered.clone()),
            (answered.clone(), holding.clone()),
        ] {
            let mut q = first;
            absorb(&mut q, then);
            assert_eq!(q.answer.as_ref().map(|a| a.holding), Some(false));
            assert_eq!(q.date_answered.as_deref(), Some("2025-01-20"));
            assert_eq!(q.date_holding_answer.as_deref(), Some("2025-01-10"));
            assert_eq!(q.date_for_answer.as_deref(), Some("2025-01-10"));
            assert_eq!(q.date_answer_corrected.as_deref(), Some("2025-02-01"));
            assert!(q.named_day);
        }
    }

    #[test]
    fn a_new_question_with_a_taken_id_is_given_the_next_free_one() {
        let mut corpus = synthesize(20, 5);
        let taken = corpus.questions[0].id.clone();
        let mut second = corpus.questions[1].clone();
        second.id = format!("{taken}-2");
        corpus.questions.push(second);
        let mut new = corpus.questions[2].clone();
        new.id = taken.clone();
        new.uin = None;
        new.text = "A question asked for the first time.".into();
        let mut parsed = crate::corpus::parse_file("more.txt", "", None);
        parsed.questions = vec![new];
        let n = corpus.questions.len();
        merge_into(&mut corpus, parsed);
        assert_eq!(corpus.questions.len(), n + 1);
        assert_eq!(corpus.questions[n].id, format!("{taken}-3"));
    }

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
            members: Vec::new(),
        }
    }

    #[test]
    fn merging_into_records_whose_text_is_kept_is_merging_into_the_whole_records() {
        let whole = synthesize(300, 11);
        let parsed = repeats_and_more(&whole);
        let mut expected = whole.clone();
        let expected_merged = merge_into(&mut expected, parsed.clone());
        // The keys made from the text read from the store, or come with it (as a bundle's do).
        // At once, or in steps (`Merging`) of a few questions' keys.
        for apart in [kept_apart, kept_apart_with_keys] {
            for step in [usize::MAX, 7] {
                check_merged_into_kept(&whole, &parsed, &expected, &expected_merged, apart, step);
            }
        }
    }

    fn check_merged_into_kept(
        whole: &Corpus,
        parsed: &Parsed,
        expected: &Corpus,
        expected_merged: &Merged,
        apart: fn(&Corpus) -> (Corpus, KeptText),
        step: usize,
    ) {
        let (mut heads, mut kept) = apart(whole);
        let files = vec![parsed.clone()];
        let merged = match step {
            usize::MAX => merge_kept(&mut heads, Some(&mut kept), files),
            step => {
                let mut merging = Merging::new(&heads);
                let mut steps = 1;
                while !merging.key_some(&heads, Some(&kept), step) {
                    steps += 1;
                }
                assert_eq!(steps, whole.questions.len().div_ceil(step));
                let merged = merging.merge(&mut heads, Some(&mut kept), files, Vec::new());
                merging.group(&mut heads);
                merged
            }
        };
        assert_eq!(&merged, expected_merged);
        assert!(!merged.questions.is_empty() && merged.press_releases == [0]);
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
        assert_eq!(groups(&heads), groups(expected));
        // The groups made from the keys made for the merge are those made again from the text.
        let mut again = heads.clone();
        group_kept(&mut again, Some(&kept));
        assert_eq!(groups(&again), groups(&heads));
        assert!(expected
            .questions
            .last()
            .is_some_and(|q| q.answer_group.is_some()));
        assert_eq!(heads.sources, expected.sources);
    }
}
