//! Corpus JSON read record by record as its bytes arrive, so a large file is parsed while it
//! downloads, a little after each chunk, rather than in one long task once all of it has come
//! (about a second and a half at 100,000 records, during which a page could not paint).
//!
//! Invariants:
//! - The reader follows one shape only: an object whose members are the four lists of a
//!   `Corpus`, each once, in any order, with any other member skipped, and nothing but
//!   whitespace after it. Each key, record and skipped value is parsed by `serde_json` itself,
//!   so a corpus the reader finishes is exactly what `serde_json::from_slice` gives for the
//!   whole file, with its repeated texts shared (`Corpus::share_texts`).
//! - At anything else (bytes that are not JSON, a record that is not one, a list given twice, a
//!   file that ends early) it stops following and `finish` says so, and the whole-file read
//!   decides: it names the error's line and column, or gives the records before a cut. The
//!   reader keeps no bytes for that (its caller does, outside the reader, where they can be
//!   freed): it holds only what has come of a value not yet parsed.
//! - Work is linear in the file: a value cut by the end of what has come is tried again only
//!   once what is pending has doubled, and parsed bytes are dropped once per chunk.

use std::borrow::Cow;

use serde::de::{DeserializeOwned, IgnoredAny};

use super::model::{Corpus, PressRelease, Question, Shared};
use super::store::{Records, TextKeeping};

/// The corpus's lists, by their keys in the JSON.
const LISTS: [&str; 4] = ["questions", "press_releases", "diagnostics", "sources"];

/// The fewest bytes worth trying a cut value again for.
const MIN_RETRY_BYTES: usize = 16 << 10;

/// Reads corpus JSON from chunks (`feed`), parsing every value that has come whole.
#[derive(Default)]
pub struct JsonReader {
    /// What has come since the last value parsed (nothing once the reader is lost).
    bytes: Vec<u8>,
    /// Everything in `bytes` before this is parsed.
    at: usize,
    /// Bytes fed in all.
    received: usize,
    place: Place,
    corpus: Corpus,
    shared: Shared,
    seen: [bool; 4],
    /// How many bytes must have come before a value that was cut is tried again.
    retry_at: usize,
}

/// The records a reader has read that an index may take (`JsonReader::arrived`): its questions,
/// and its first `press_releases` press releases.
pub struct Arrived<'a> {
    corpus: &'a Corpus,
    press_releases: usize,
}

impl Records for Arrived<'_> {
    fn question(&self, i: usize) -> Option<Cow<'_, Question>> {
        self.corpus.questions.get(i).map(Cow::Borrowed)
    }

    fn press_release(&self, i: usize) -> Option<Cow<'_, PressRelease>> {
        self.corpus.press_releases[..self.press_releases]
            .get(i)
            .map(Cow::Borrowed)
    }

    fn counts(&self) -> (usize, usize) {
        (self.corpus.questions.len(), self.press_releases)
    }
}

impl Arrived<'_> {
    /// The first `records` of these (questions, then press releases) as a corpus of their own,
    /// as they are now (their heads alone once their text is kept, `JsonReader::keep_text`):
    /// what a page searches while the rest of the file is read.
    pub fn first(&self, records: usize) -> Corpus {
        let questions = records.min(self.corpus.questions.len());
        let press_releases = (records - questions).min(self.press_releases);
        Corpus {
            questions: self.corpus.questions[..questions].to_vec(),
            press_releases: self.corpus.press_releases[..press_releases].to_vec(),
            ..Corpus::default()
        }
    }
}

/// Where the reader is in the file's shape.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum Place {
    /// Before the opening `{`.
    #[default]
    Start,
    /// After `{` (`first`) or a member's `,`: a key next, or `}` right after `{`.
    Key { first: bool },
    /// Inside list `list`, after `[` (`first`) or an element's `,`.
    List { list: usize, first: bool },
    /// After a member's value: `,` or `}` next.
    AfterMember,
    /// After the closing `}`: only whitespace may follow.
    End,
    /// Not followed: the whole-file read decides.
    Lost,
}

/// What one step of reading came to.
enum Step {
    Moved,
    /// The next value or delimiter has not come whole yet.
    Wait,
    Lost,
}

/// What a finished reader gives.
#[derive(Debug)]
pub enum JsonRead {
    /// Every record, with repeated texts shared.
    Corpus(Corpus),
    /// The reader did not follow the file to its end: the whole-file read decides.
    Unfollowed,
}

impl JsonReader {
    pub fn new() -> JsonReader {
        JsonReader::default()
    }

    /// How many bytes have come.
    pub fn len(&self) -> usize {
        self.received
    }

    pub fn is_empty(&self) -> bool {
        self.received == 0
    }

    /// Takes the next chunk and reads every value it completes.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.received += chunk.len();
        if self.place == Place::Lost {
            return;
        }
        self.bytes.extend_from_slice(chunk);
        if self.bytes.len() >= self.retry_at {
            self.read(false);
            self.drop_parsed();
        }
    }

    /// The records read so far, as an index may take them while the rest of the file arrives
    /// (`Building::add`): every question parsed, and the press releases once the list of
    /// questions has closed, as an index numbers every question before any press release.
    /// None of them changes after: a corpus the reader finishes begins with them.
    pub fn arrived(&self) -> Arrived<'_> {
        let questions_closed = self.seen[0] && !matches!(self.place, Place::List { list: 0, .. });
        Arrived {
            corpus: &self.corpus,
            press_releases: match questions_closed {
                true => self.corpus.press_releases.len(),
                false => 0,
            },
        }
    }

    /// Moves the text of the first `upto` records read (in `arrived`'s order: questions, then
    /// press releases) into `keeping`, as they are indexed.
    pub fn keep_text(&mut self, keeping: &mut TextKeeping, upto: usize) {
        let (questions, press_releases) = self.arrived().counts();
        keeping.keep(&mut self.corpus, upto.min(questions + press_releases));
    }

    /// Whether the reader follows the file so far (when it does not, `finish` will say so and
    /// the records it has read are not the file's).
    pub fn is_following(&self) -> bool {
        self.place != Place::Lost
    }

    /// Ends the file: the corpus, or `Unfollowed` when the reader did not follow the file to
    /// its end.
    pub fn finish(mut self) -> JsonRead {
        if self.place != Place::Lost {
            self.read(true);
        }
        if self.place == Place::End && self.seen == [true; 4] {
            JsonRead::Corpus(self.corpus)
        } else {
            JsonRead::Unfollowed
        }
    }

    /// Lets go of the bytes parsed (all of them once the reader is lost).
    fn drop_parsed(&mut self) {
        if self.place == Place::Lost {
            self.bytes = Vec::new();
            self.at = 0;
            return;
        }
        let parsed = self.at;
        if parsed > 0 {
            self.bytes.drain(..parsed);
            self.at = 0;
            self.retry_at = self.retry_at.saturating_sub(parsed);
        }
    }

    fn read(&mut self, last: bool) {
        loop {
            match self.step(last) {
                Step::Moved => {}
                Step::Wait => {
                    let pending = self.bytes.len() - self.at;
                    self.retry_at = self.bytes.len() + pending.max(MIN_RETRY_BYTES);
                    return;
                }
                Step::Lost => {
                    self.place = Place::Lost;
                    self.retry_at = usize::MAX;
                    return;
                }
            }
        }
    }

    /// Reads one delimiter or value, moving on only if it has come whole.
    fn step(&mut self, last: bool) -> Step {
        let Some(next) = self.peek() else {
            return match self.place {
                Place::End => Step::Wait,
                _ if last => Step::Lost,
                _ => Step::Wait,
            };
        };
        match self.place {
            Place::Start => self.delimiter(next, b'{', Place::Key { first: true }),
            Place::Key { first } => {
                if first && next == b'}' {
                    self.at += 1;
                    self.place = Place::End;
                    return Step::Moved;
                }
                self.member(last)
            }
            Place::List { list, first } => {
                if first && next == b']' {
                    self.at += 1;
                    self.place = Place::AfterMember;
                    return Step::Moved;
                }
                let step = match list {
                    0 => self.element(last, |reader, mut question| {
                        reader.shared.question(&mut question);
                        reader.corpus.questions.push(question);
                    }),
                    1 => self.element(last, |reader, mut release| {
                        reader.shared.press_release(&mut release);
                        reader.corpus.press_releases.push(release);
                    }),
                    2 => self.element(last, |reader, d| reader.corpus.diagnostics.push(d)),
                    _ => self.element(last, |reader, s| reader.corpus.sources.push(s)),
                };
                if !matches!(step, Step::Moved) {
                    return step;
                }
                match self.peek() {
                    None if last => Step::Lost,
                    None => Step::Wait,
                    Some(b',') => {
                        self.at += 1;
                        self.place = Place::List { list, first: false };
                        Step::Moved
                    }
                    Some(b']') => {
                        self.at += 1;
                        self.place = Place::AfterMember;
                        Step::Moved
                    }
                    Some(_) => Step::Lost,
                }
            }
            Place::AfterMember => match next {
                b',' => {
                    self.at += 1;
                    self.place = Place::Key { first: false };
                    Step::Moved
                }
                b'}' => {
                    self.at += 1;
                    self.place = Place::End;
                    Step::Moved
                }
                _ => Step::Lost,
            },
            Place::End | Place::Lost => Step::Lost,
        }
    }

    /// Consumes `expected` as the next byte (`next`), moving to `then`.
    fn delimiter(&mut self, next: u8, expected: u8, then: Place) -> Step {
        if next != expected {
            return Step::Lost;
        }
        self.at += 1;
        self.place = then;
        Step::Moved
    }

    /// A key, its `:` and, for a list, its `[`; any other member's value is skipped.
    fn member(&mut self, last: bool) -> Step {
        let start = self.at;
        let key = match self.value::<String>(last) {
            Ok(key) => key,
            Err(step) => return step,
        };
        let colon = match self.peek() {
            Some(b':') => true,
            Some(_) => return Step::Lost,
            None => false,
        };
        let open = colon && {
            self.at += 1;
            self.peek().is_some()
        };
        if !open {
            // The key is read again with the rest of its member.
            self.at = start;
            return if last { Step::Lost } else { Step::Wait };
        }
        match LISTS.iter().position(|&name| name == key) {
            Some(list) if self.seen[list] => Step::Lost,
            Some(list) => {
                if self.peek() != Some(b'[') {
                    return Step::Lost;
                }
                self.at += 1;
                self.seen[list] = true;
                self.place = Place::List { list, first: true };
                Step::Moved
            }
            None => match self.value::<IgnoredAny>(last) {
                Ok(_) => {
                    self.place = Place::AfterMember;
                    Step::Moved
                }
                Err(step) => {
                    if matches!(step, Step::Wait) {
                        self.at = start;
                    }
                    step
                }
            },
        }
    }

    /// One element of a list, handed to `push`.
    fn element<T: DeserializeOwned>(
        &mut self,
        last: bool,
        push: impl FnOnce(&mut JsonReader, T),
    ) -> Step {
        match self.value::<T>(last) {
            Ok(element) => {
                push(self, element);
                Step::Moved
            }
            Err(step) => step,
        }
    }

    /// The next value whole, or why not: `Wait` when it may yet come whole (nothing is
    /// consumed), `Lost` when it is not a `T`. A value ending exactly where the bytes that have
    /// come end waits for the next byte, as a number could go on.
    fn value<T: DeserializeOwned>(&mut self, last: bool) -> Result<T, Step> {
        let rest = &self.bytes[self.at..];
        let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<T>();
        match stream.next() {
            Some(Ok(value)) if last || stream.byte_offset() < rest.len() => {
                self.at += stream.byte_offset();
                Ok(value)
            }
            Some(Ok(_)) | None => Err(if last { Step::Lost } else { Step::Wait }),
            Some(Err(e)) if e.is_eof() && !last => Err(Step::Wait),
            Some(Err(_)) => Err(Step::Lost),
        }
    }

    /// The next byte after whitespace (which is consumed), if it has come.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&byte) = self.bytes.get(self.at) {
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::corpus::synthesize;

    /// Feeds `json` in chunks of `size` bytes and finishes.
    fn read(json: &[u8], size: usize) -> JsonRead {
        let mut reader = JsonReader::new();
        json.chunks(size.max(1))
            .for_each(|chunk| reader.feed(chunk));
        assert_eq!(reader.len(), json.len());
        reader.finish()
    }

    fn whole(json: &[u8]) -> Option<Corpus> {
        let mut corpus = serde_json::from_slice::<Corpus>(json).ok()?;
        corpus.share_texts();
        Some(corpus)
    }

    /// Reads `input` in chunks of every size in `sizes`, and expects what the whole-file read
    /// gives: its corpus, or `expect` (`"unfollowed"`, when the whole-file read fails).
    fn check(input: &str, sizes: &[usize], expect: &str) {
        for &size in sizes {
            match read(input.as_bytes(), size) {
                JsonRead::Corpus(corpus) => {
                    assert_eq!(expect, "corpus", "{input} in chunks of {size}");
                    assert_eq!(Some(corpus), whole(input.as_bytes()), "{input}");
                }
                JsonRead::Unfollowed => {
                    assert_eq!(expect, "unfollowed", "{input} in chunks of {size}");
                    assert_eq!(whole(input.as_bytes()), None, "{input}");
                }
            }
        }
    }

    const EVERY: [usize; 6] = [1, 2, 3, 7, 64, usize::MAX];

    #[test]
    fn a_corpus_in_any_chunks_reads_as_the_whole_file_does() {
        let corpus = synthesize(40, 3);
        let compact = serde_json::to_string(&corpus).expect("a corpus serialises");
        let pretty = serde_json::to_string_pretty(&corpus).expect("a corpus serialises");
        for json in [&compact, &pretty] {
            check(json, &[1, 5, 100, 4096, usize::MAX], "corpus");
        }
    }

    #[test]
    fn repeated_texts_are_shared_as_they_come() {
        let corpus = synthesize(30, 5);
        let json = serde_json::to_vec(&corpus).expect("a corpus serialises");
        let JsonRead::Corpus(read) = read(&json, 333) else {
            panic!("a corpus is followed");
        };
        let parties: Vec<_> = read
            .questions
            .iter()
            .filter_map(|q| q.asker.party.clone())
            .collect();
        let first = |party: &Arc<str>| parties.iter().find(|p| *p == party).cloned();
        assert!(parties.len() > 2);
        for party in &parties {
            let first = first(party).expect("the party is among them");
            assert!(Arc::ptr_eq(party, &first), "{party} is one allocation");
        }
    }

    /// What an index may take while the file arrives: the questions read, and the press releases
    /// only once the questions' list has closed (the file's order of lists notwithstanding),
    /// always the first records of the corpus the reader finishes.
    #[test]
    fn arrived_records_are_the_first_of_the_corpus_questions_first() {
        let corpus = synthesize(120, 5);
        let (questions, releases) = (corpus.questions.len(), corpus.press_releases.len());
        assert!(
            questions > 0 && releases > 0,
            "{questions} questions, {releases} releases"
        );
        let releases_first = format!(
            r#"{{"press_releases":{},"diagnostics":[],"questions":{},"sources":[]}}"#,
            serde_json::to_string(&corpus.press_releases).expect("releases serialise"),
            serde_json::to_string(&corpus.questions).expect("questions serialise"),
        );
        let questions_first = serde_json::to_string(&corpus).expect("a corpus serialises");
        for (json, releases_come_last) in [(questions_first, true), (releases_first, false)] {
            let mut reader = JsonReader::new();
            let mut seen = Vec::new();
            for chunk in json.as_bytes().chunks(97) {
                reader.feed(chunk);
                assert!(reader.is_following());
                let arrived = reader.arrived();
                let (q, p) = arrived.counts();
                assert!(
                    p == 0 || q == questions,
                    "{p} releases before all questions"
                );
                for i in 0..q {
                    assert_eq!(arrived.question(i).as_deref(), corpus.questions.get(i));
                }
                for i in 0..p {
                    assert_eq!(
                        arrived.press_release(i).as_deref(),
                        corpus.press_releases.get(i)
                    );
                }
                assert!(arrived.press_release(p).is_none());
                // The first of them as a corpus of their own: questions before press releases.
                for n in [0, q / 2, q + p / 2, q + p, q + p + 3] {
                    let first = arrived.first(n);
                    let (fq, fp) = (n.min(q), n.saturating_sub(q).min(p));
                    assert_eq!(first.questions, corpus.questions[..fq]);
                    assert_eq!(first.press_releases, corpus.press_releases[..fp]);
                }
                seen.push((q, p));
            }
            // The last record may wait for the end of the file (`finish`).
            assert!(seen.is_sorted(), "the records arrived only grow: {seen:?}");
            assert!(
                seen.iter().any(|&(q, _)| 0 < q && q < questions),
                "{seen:?}"
            );
            if releases_come_last {
                assert!(seen.iter().any(|&(_, p)| p > 0), "{seen:?}");
            }
            match reader.finish() {
                JsonRead::Corpus(read) => assert_eq!(read, whole(json.as_bytes()).expect("JSON")),
                JsonRead::Unfollowed => panic!("the reader follows a corpus"),
            }
        }
    }

    #[test]
    fn lists_in_any_order_and_other_members_are_read() {
        let lists = r#""sources": [], "diagnostics": [], "press_releases": [], "questions": []"#;
        check(&format!("{{{lists}}}"), &EVERY, "corpus");
        check(&format!(" {{ {lists} }} \n"), &EVERY, "corpus");
        let others = r#"{"n": 12, "questions": [], "x": {"a": [1, "]}"]}, "press_releases": [], "diagnostics": [], "sources": [], "t": true}"#;
        check(others, &EVERY, "corpus");
    }

    #[test]
    fn anything_else_is_left_to_the_whole_file_read() {
        let lists = r#""press_releases": [], "diagnostics": [], "sources": []"#;
        for input in [
            "",
            " ",
            "[]",
            "{}",
            "nonsense",
            "\u{feff}{}",
            r#"{"questions": []}"#,
            &format!(r#"{{"questions": [], {lists}, "questions": []}}"#),
            &format!(r#"{{"questions": [], {lists}}} x"#),
            &format!(r#"{{"questions": [], {lists}}}{{}}"#),
            &format!(r#"{{"questions": [1], {lists}}}"#),
            &format!(r#"{{"questions": [{{}}], {lists}}}"#),
            &format!(r#"{{"questions": [,], {lists}}}"#),
            &format!(r#"{{"questions": null, {lists}}}"#),
            &format!(r#"{{"questions": [], {lists},}}"#),
            &format!(r#"{{"questions": [], {lists}"#),
            &format!(r#"{{"questions": [] {lists}}}"#),
            r#"{"questions": ["#,
        ] {
            check(input, &EVERY, "unfollowed");
        }
    }

    #[test]
    fn a_file_cut_short_is_unfollowed() {
        let json = serde_json::to_vec(&synthesize(5, 1)).expect("a corpus serialises");
        for cut in (0..json.len()).step_by(97) {
            assert!(
                matches!(read(&json[..cut], 50), JsonRead::Unfollowed),
                "a file cut at {cut} is not a corpus"
            );
        }
    }

    #[test]
    fn only_what_has_come_of_an_unparsed_value_is_held() {
        let corpus = synthesize(200, 4);
        let json = serde_json::to_vec(&corpus).expect("a corpus serialises");
        let longest = corpus
            .questions
            .iter()
            .map(|q| serde_json::to_vec(q).map_or(0, |v| v.len()))
            .max()
            .unwrap_or(0);
        let chunk = 1000;
        let mut reader = JsonReader::new();
        let mut held = 0;
        for piece in json.chunks(chunk) {
            reader.feed(piece);
            held = held.max(reader.bytes.len());
        }
        // A value waits for at most twice what is pending (and `MIN_RETRY_BYTES`), then a chunk.
        assert!(
            held <= 2 * longest.max(MIN_RETRY_BYTES) + chunk,
            "{held} bytes held; the longest record is {longest}"
        );
        assert!(held < json.len() / 4, "{held} of {}", json.len());
        assert!(matches!(reader.finish(), JsonRead::Corpus(_)));
        // A reader that is lost keeps nothing.
        let mut lost = JsonReader::new();
        lost.feed(b"[1, 2, 3");
        lost.feed(&json);
        assert_eq!((lost.bytes.capacity(), lost.len()), (0, json.len() + 8));
        assert!(matches!(lost.finish(), JsonRead::Unfollowed));
    }

    #[test]
    fn a_record_over_many_chunks_is_tried_a_few_times() {
        let mut corpus = synthesize(1, 2);
        if let Some(q) = corpus.questions.first_mut() {
            q.text = "word ".repeat(200_000);
        }
        let json = serde_json::to_vec(&corpus).expect("a corpus serialises");
        let mut reader = JsonReader::new();
        let mut tries = 0;
        for chunk in json.chunks(1000) {
            let before = reader.retry_at;
            reader.feed(chunk);
            tries += usize::from(reader.retry_at != before);
        }
        assert!(tries < 12, "{tries} tries for {} chunks", json.len() / 1000);
        assert!(matches!(reader.finish(), JsonRead::Corpus(_)));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use proptest::prelude::*;

        use super::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Whatever the bytes and however they are cut into chunks, the reader gives a
            /// corpus exactly when the whole-file read does, and the same one.
            #[test]
            fn the_reader_agrees_with_the_whole_file_read(
                records in 0usize..6,
                seed in 0u64..1000,
                edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
                cut in proptest::option::of(any::<prop::sample::Index>()),
                size in 1usize..300,
            ) {
                let mut json = serde_json::to_vec(&synthesize(records, seed)).expect("a corpus serialises");
                for (at, byte) in edits {
                    let at = at.index(json.len());
                    json[at] = byte;
                }
                if let Some(cut) = cut {
                    json.truncate(cut.index(json.len() + 1));
                }
                match read(&json, size) {
                    JsonRead::Corpus(corpus) => prop_assert_eq!(Some(corpus), whole(&json)),
                    JsonRead::Unfollowed => {
                        prop_assert!(whole(&json).is_none(), "the whole file reads as a corpus");
                    }
                }
            }
        }
    }
}
