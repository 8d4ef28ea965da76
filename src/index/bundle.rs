//! The explorer's bundle: a corpus and its finished index in one binary file, written by
//! `pqx bundle` and read by the app as it downloads, so opening a large corpus costs a download
//! and a copy instead of a JSON parse and an index build.
//!
//! Layout: the 8 bytes of `MAGIC` (the format's version is its last byte), then frames, each a
//! kind byte, its payload's length (4 bytes, little-endian) and the payload. The frames come in
//! this order:
//! - `S`: the corpus's sources and diagnostics, how many questions and press releases follow,
//!   and how many lists and postings the index has (so they are read into arrays reserved once);
//! - `Q`, `P`: batches of questions, then of press releases (`corpus::pack`), without their text
//!   (a question's text and answer paragraphs, a press release's paragraphs and quotes): the
//!   records' heads, everything filters, facets and result rows' titles need. Their shared
//!   texts (names, parties, departments, dates) are numbered across these frames as they are
//!   written, so each is written once and the reader keeps one copy of it;
//! - `F`: each field's length in tokens, per document;
//! - `T`: batches of term names, in the order of their names, which numbers the terms (a built
//!   index numbers them as the build met them; the writer renumbers them, so that the reader
//!   checks the order reading each name just after the one before);
//! - `L`: batches of posting lists, in the order of their terms, then fields, which numbers
//!   them (the writer's `NameOrder`; the reader takes any order): term, field, how many
//!   postings, then the list as the index keeps it, so reading it is checking and copying: its
//!   doc ids packed (`index::packed`): the one id of a list of one, else the first, the gaps'
//!   width (a byte) and the gaps' words (4 bytes each, little-endian); then a byte a posting
//!   for its frequency (255 for 255 or more), and the frequencies of those 255s as numbers;
//! - `O`: batches of term ids in the order of their names (0, 1, 2, … as the writer numbers
//!   them; the reader checks any order it is given);
//! - `I`: the one-letter prefix sets (`Index::initial_docs`), each a character and its bits;
//! - `E`: the counts of terms and lists, which closes the index;
//! - `N`: batches of the lists' positions, in the lists' order: each posting's positions (varint
//!   deltas, as the index keeps them), posting after posting. The last list's complete the index;
//! - `K`: batches of the questions' keys (`corpus::QuestionKey`: the hashes an import merges
//!   and groups questions by), in question order, so that an import into the bundle's corpus
//!   need not decompress every record's text to make them; all of them or none (then an
//!   import makes them from the text);
//! - `W`, only in a bundle whose text is coded as numbered words (`corpus::words`; the app
//!   writes such a bundle of a corpus it read from JSON, keeping the text as it holds it):
//!   batches of the words, in their numbers' order, each its length and its letters;
//! - `B`: the records' text, in doc order (questions, then press releases), each frame one
//!   compressed block of it (`corpus::store`): how many records it holds, their packed length,
//!   a checksum (Adler-32) of the compressed bytes, checked as they arrive, and the zlib bytes
//!   (or, after `W` frames, the coded words). The app keeps the blocks as they come. The last
//!   record's closes the bundle.
//!
//! `BundleWriter` writes a bundle a part at a time, so a page can write one between its other
//! work; `write_bundle` writes it whole.
//!
//! Invariants: the heads come first, then the index, then its positions, then the questions'
//! keys, then the text, so a reader can search a bundle once a fifth of it has come
//! (`BundleReader::take_searchable`) while the positions (only exact phrases need them) and the
//! text, two thirds of the bytes, go on arriving; a bundle cut short still gives every record
//! whose head came, with the text of those whose text came. The index a bundle holds is the
//! index `Index::build` makes of its whole records (same terms, lists, list ids and positions;
//! the terms numbered in the order of their names), and
//! reading checks every id, order and count against it, so a damaged bundle is an error naming
//! its byte, never a panic or a wrong index. The text's blocks are checked when first read
//! (their checksum and every record), so damage there shows as that block's records' text
//! damaged. The keys are each question's `QuestionKey::of_question`, counted but not checked
//! against the text (which would cost what they save): a damaged key leaves at worst a repeat
//! of its question unfound by an import.

use std::io::Write;
use std::rc::Rc;

use super::packed;
use super::postings::{frequency_byte, Positions, SATURATED};
use super::{DocRef, DocSet, Index, Keeping, FIELD_COUNT, NONE};
use crate::corpus::pack::{DecodeError, Pack, Reader, SharedNumbers, SharedStrings, Writer};
use crate::corpus::store::{Block, BlockWriter, TextStore};
use crate::corpus::{
    Answer, Corpus, Diagnostic, PressRelease, Question, QuestionKey, SourceFile, Thousands,
};

/// The first bytes of every bundle; the last one is the format's version.
pub const MAGIC: [u8; 8] = *b"PQXBNDL\x0a";

/// A frame is written once its payload passes this size: small enough that a bundle cut short
/// loses few records beyond the cut, large enough that frame headers cost nothing.
const FRAME_BYTES: usize = 64 << 10;

/// A frame's kind byte and payload length.
const HEADER: usize = 5;
/// Frequent words whose kept search (`Index::kept`) is made each time bytes are fed after the
/// positions: eight take about 2 ms natively at 100,000 records (311 such words in all), and
/// the text's frames arrive in hundreds of chunks; after the words, a quarter as many
/// frequent prefixes (`Index::kept_prefixes`, 267 of them).
const KEPT_WORDS_A_FEED: usize = 8;

/// The whole size of the frame `bytes` start with, once its header is there.
fn frame_size(bytes: &[u8]) -> Option<usize> {
    let len = bytes.get(1..HEADER)?;
    let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
    Some(len.saturating_add(HEADER))
}

/// Whether `bytes` (the first few of a file) start like a bundle.
pub fn is_bundle(bytes: &[u8]) -> bool {
    let n = bytes.len().min(4);
    n > 0 && bytes[..n] == MAGIC[..n]
}

/// The terms and lists of an index as a bundle numbers them: terms in the order of their names,
/// lists in the order of their terms, then fields. The reader checks the terms' order reading
/// each name just after the one before it, and fills the terms' fields one after another (in
/// the order a build meets the terms, both were a cache miss a term: about 0.2 s of opening
/// 100,000 records in a tab); a prefix's lists lie together.
struct NameOrder<'a> {
    names: Vec<&'a str>,
    /// Each list's id in the index, its term's number and its field.
    lists: Vec<(usize, u32, u8)>,
}

impl<'a> NameOrder<'a> {
    /// `None` if the index's order of names does not hold each term once, or its lists are not
    /// each some term's in one field.
    fn of(index: &'a Index) -> Option<Self> {
        let mut term_seen = vec![false; index.term_names.len()];
        let mut list_seen = vec![false; index.lists.len()];
        let mut names = Vec::with_capacity(term_seen.len());
        let mut lists = Vec::with_capacity(list_seen.len());
        for (rank, &term) in index.sorted_terms.iter().enumerate() {
            let seen = term_seen.get_mut(term as usize)?;
            if std::mem::replace(seen, true) {
                return None;
            }
            names.push(&index.term_names[term as usize]);
            for (field, &list) in index.term_fields.get(term as usize)?.iter().enumerate() {
                if list == NONE {
                    continue;
                }
                if std::mem::replace(list_seen.get_mut(list as usize)?, true) {
                    return None;
                }
                lists.push((list as usize, rank as u32, field as u8));
            }
        }
        let whole = names.len() == term_seen.len() && lists.len() == list_seen.len();
        whole.then_some(NameOrder { names, lists })
    }
}

/// Writes `corpus` and `index`, which must have been built from it by `Index::build`, as a
/// bundle. Returns the bytes written.
pub fn write_bundle(corpus: &Corpus, index: &Index, out: &mut impl Write) -> std::io::Result<u64> {
    let mut writer = BundleWriter::new(corpus, index, None)?;
    while !writer.write_some(out, u64::MAX)? {}
    Ok(writer.written())
}

/// The parts of a bundle, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Start,
    Questions,
    PressReleases,
    Index,
    Terms,
    Lists,
    Order,
    Positions,
    Keys,
    Words,
    Texts,
    Done,
}

/// A bundle written a part at a time (`write_some`), so that a page can write one between its
/// other work: of a corpus whose records hold their text (`pqx bundle`), or of one whose text is
/// kept in a store (`kept`: the app's corpus read from JSON, whose text is coded as numbered
/// words), whose blocks are copied as they are, with their words (`W` frames) and without the
/// questions' keys unless the store has them.
///
/// Invariant: the parts before `part` are written, and of `part`'s items the first `at`.
pub struct BundleWriter<'a> {
    corpus: &'a Corpus,
    index: &'a Index,
    kept: Option<&'a TextStore>,
    order: NameOrder<'a>,
    /// The index's positions, which a finished index has.
    positions: &'a Positions,
    part: Part,
    at: usize,
    written: u64,
    /// The frame being filled: its items, how many, and the shared texts numbered so far (see
    /// `corpus::pack`), numbered across the frames.
    body: Writer,
    count: u64,
    /// A `kept` store's words, while they are written.
    words: Vec<&'a [u8]>,
    /// The records' text, deflated as it is written (without `kept`).
    blocks: BlockWriter,
    /// A list's packed doc ids and saturated frequencies (used again list after list).
    ids: Vec<u32>,
    packed: Vec<u32>,
    large: Vec<u32>,
}

impl<'a> BundleWriter<'a> {
    /// A writer of `corpus` and `index` (built from it by `Index::build`), with the records'
    /// text from `kept` when it is there (the text of every record, in the index's order; the
    /// records then hold only their heads).
    pub fn new(
        corpus: &'a Corpus,
        index: &'a Index,
        kept: Option<&'a TextStore>,
    ) -> std::io::Result<Self> {
        let refuse =
            |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, why.to_string());
        let canonical = (0..corpus.questions.len() as u32)
            .map(DocRef::Question)
            .chain((0..corpus.press_releases.len() as u32).map(DocRef::PressRelease));
        if !index.docs.iter().copied().eq(canonical) {
            return Err(refuse(
                "the index was not built from this corpus in one go (Index::build)",
            ));
        }
        let Some(order) = NameOrder::of(index) else {
            return Err(refuse(
                "the index's terms and lists are not each once in its order of names (an index \
                 not finished)",
            ));
        };
        let Some(positions) = index.positions() else {
            return Err(refuse(
                "the index has no positions (one from a bundle cut short)",
            ));
        };
        if let Some(store) = kept {
            let records = corpus.questions.len() + corpus.press_releases.len();
            if store.len() != records
                || store.records() != records
                || store.questions() != corpus.questions.len()
            {
                return Err(refuse(
                    "the store does not keep the text of every record of the corpus",
                ));
            }
        }
        Ok(BundleWriter {
            corpus,
            index,
            kept,
            order,
            positions,
            part: Part::Start,
            at: 0,
            written: 0,
            body: Writer::with_strings(SharedNumbers::default()),
            count: 0,
            words: Vec::new(),
            blocks: BlockWriter::default(),
            ids: Vec::new(),
            packed: Vec::new(),
            large: Vec::new(),
        })
    }

    /// The bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Writes on until about `budget` more bytes are written (at least one item); returns
    /// whether the bundle is complete.
    pub fn write_some(&mut self, out: &mut impl Write, budget: u64) -> std::io::Result<bool> {
        let until = self.written.saturating_add(budget.max(1));
        while self.part != Part::Done && self.written < until {
            let done = match self.part {
                Part::Start => {
                    self.start(out)?;
                    true
                }
                Part::Questions => {
                    let corpus = self.corpus;
                    let questions = &corpus.questions;
                    self.items(out, b'Q', questions, until, |q, w| question_head(q).pack(w))?
                }
                Part::PressReleases => {
                    let corpus = self.corpus;
                    let releases = &corpus.press_releases;
                    self.items(out, b'P', releases, until, |p, w| {
                        press_release_head(p).pack(w)
                    })?
                }
                Part::Index => {
                    let (index, mut w) = (self.index, Writer::default());
                    for lengths in &index.field_len {
                        lengths.iter().for_each(|&n| w.varint(u64::from(n)));
                    }
                    self.frame(out, b'F', &mut w)?;
                    true
                }
                Part::Terms => {
                    let names = std::mem::take(&mut self.order.names);
                    let done = self.items(out, b'T', &names, until, |name, w| w.str(name));
                    self.order.names = names;
                    done?
                }
                Part::Lists => {
                    let lists = std::mem::take(&mut self.order.lists);
                    let done = self.write_lists(out, &lists, until);
                    self.order.lists = lists;
                    done?
                }
                Part::Order => {
                    self.end_index(out)?;
                    true
                }
                Part::Positions => {
                    let lists = std::mem::take(&mut self.order.lists);
                    let (index, positions) = (self.index, self.positions);
                    let done = self.items(out, b'N', &lists, until, |&(l, _, _), w| {
                        positions.for_each_piece(l, index.lists.get(l), |piece| w.raw(piece))
                    });
                    self.order.lists = lists;
                    done?
                }
                Part::Keys => match self.kept {
                    None => {
                        let corpus = self.corpus;
                        let questions = &corpus.questions;
                        self.items(out, b'K', questions, until, |q, w| {
                            QuestionKey::of_question(q).pack(w)
                        })?
                    }
                    Some(store) => match store.keys() {
                        Some(keys) => self.items(out, b'K', keys, until, |key, w| key.pack(w))?,
                        // Made when an import needs them, from the text.
                        None => true,
                    },
                },
                Part::Words => match self.kept.and_then(TextStore::vocabulary) {
                    Some(vocabulary) => {
                        if self.at == 0 {
                            self.words = vocabulary.iter().collect();
                        }
                        let words = std::mem::take(&mut self.words);
                        let done = self.items(out, b'W', &words, until, |word, w| {
                            w.varint(word.len() as u64);
                            w.raw(word);
                        });
                        self.words = words;
                        done?
                    }
                    None => true,
                },
                Part::Texts => self.write_texts(out, until)?,
                Part::Done => true,
            };
            if done {
                self.part = next_part(self.part);
                self.at = 0;
            }
        }
        Ok(self.part == Part::Done)
    }

    /// The magic and the `S` frame.
    fn start(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        self.write_all(out, &MAGIC)?;
        let (corpus, index) = (self.corpus, self.index);
        let mut w = Writer::default();
        corpus.sources.pack(&mut w);
        corpus.diagnostics.pack(&mut w);
        w.varint(corpus.questions.len() as u64);
        w.varint(corpus.press_releases.len() as u64);
        w.varint(index.lists.len() as u64);
        w.varint(index.lists.postings() as u64);
        self.frame(out, b'S', &mut w)
    }

    /// Each list as the index keeps it: its doc ids packed, a byte a frequency.
    fn write_lists(
        &mut self,
        out: &mut impl Write,
        lists: &[(usize, u32, u8)],
        until: u64,
    ) -> std::io::Result<bool> {
        let index = self.index;
        let (mut ids, mut words, mut large) = (
            std::mem::take(&mut self.ids),
            std::mem::take(&mut self.packed),
            std::mem::take(&mut self.large),
        );
        let done = self.items(out, b'L', lists, until, |&(l, term, field), w| {
            let list = index.lists.get(l);
            w.varint(u64::from(term));
            w.u8(field);
            w.varint(list.len() as u64);
            ids.clear();
            ids.extend(list.docs());
            if let [id] = ids[..] {
                w.varint(u64::from(id));
            } else {
                words.clear();
                packed::pack(&ids, &mut words);
                let (first, width) = packed::split_header(words[0]);
                w.varint(u64::from(first));
                w.u8(width as u8);
                words[1..]
                    .iter()
                    .for_each(|word| w.raw(&word.to_le_bytes()));
            }
            large.clear();
            for freq in list.frequency_values() {
                let (byte, saturated) = frequency_byte(freq);
                w.u8(byte);
                if saturated {
                    large.push(freq);
                }
            }
            large.iter().for_each(|&freq| w.varint(u64::from(freq)));
        });
        (self.ids, self.packed, self.large) = (ids, words, large);
        done
    }

    /// The order of names (which the terms' numbers are), the one-letter sets and the end.
    fn end_index(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        let index = self.index;
        let order: Vec<u32> = (0..self.order.names.len() as u32).collect();
        while !self.items(out, b'O', &order, u64::MAX, |&t, w| w.varint(u64::from(t)))? {}
        let mut w = Writer::default();
        w.varint(index.initial_docs.len() as u64);
        for (initial, set) in &index.initial_docs {
            w.varint(u64::from(*initial));
            set.words()
                .iter()
                .for_each(|word| w.raw(&word.to_le_bytes()));
        }
        self.frame(out, b'I', &mut w)?;
        w.varint(index.term_names.len() as u64);
        w.varint(index.lists.len() as u64);
        self.frame(out, b'E', &mut w)
    }

    /// The records' text, a block a frame: the store's blocks as they are, or the records'
    /// text deflated in blocks as it is written.
    fn write_texts(&mut self, out: &mut impl Write, until: u64) -> std::io::Result<bool> {
        if let Some(store) = self.kept {
            let blocks = store.block_list();
            while self.at < blocks.len() && self.written < until {
                self.block(out, &blocks[self.at])?;
                self.at += 1;
            }
            return Ok(self.at == blocks.len());
        }
        let (corpus, index) = (self.corpus, self.index);
        let docs = &index.docs;
        while self.at < docs.len() && self.written < until {
            let closed = match docs[self.at] {
                DocRef::Question(i) => self.blocks.question(&corpus.questions[i as usize]),
                DocRef::PressRelease(i) => self
                    .blocks
                    .press_release(&corpus.press_releases[i as usize]),
            };
            self.at += 1;
            if let Some(block) = closed {
                self.block(out, &block)?;
            }
        }
        if self.at < docs.len() {
            return Ok(false);
        }
        if let Some(block) = self.blocks.take_last() {
            self.block(out, &block)?;
        }
        Ok(true)
    }

    fn write_all(&mut self, out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
        out.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Writes `w`'s bytes as one frame and empties it.
    fn frame(&mut self, out: &mut impl Write, kind: u8, w: &mut Writer) -> std::io::Result<()> {
        let len = u32::try_from(w.bytes.len()).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "a frame over 4 GB")
        })?;
        self.write_all(out, &[kind])?;
        self.write_all(out, &len.to_le_bytes())?;
        self.write_all(out, &w.bytes)?;
        w.bytes.clear();
        Ok(())
    }

    /// Writes a block of the records' text as one `B` frame.
    fn block(&mut self, out: &mut impl Write, block: &Block) -> std::io::Result<()> {
        let mut w = Writer::default();
        w.varint(u64::from(block.records));
        w.varint(u64::from(block.packed_len));
        w.raw(&adler2::adler32_slice(&block.bytes).to_le_bytes());
        w.raw(&block.bytes);
        self.frame(out, b'B', &mut w)
    }

    /// Writes `items` from the `at`-th on in frames of about `FRAME_BYTES`, each a count and
    /// the items, until `until` bytes are written; returns whether all are.
    fn items<T>(
        &mut self,
        out: &mut impl Write,
        kind: u8,
        items: &[T],
        until: u64,
        mut pack: impl FnMut(&T, &mut Writer),
    ) -> std::io::Result<bool> {
        while self.at < items.len() && self.written < until {
            pack(&items[self.at], &mut self.body);
            self.count += 1;
            self.at += 1;
            if self.body.bytes.len() >= FRAME_BYTES || self.at == items.len() {
                let mut w = Writer::default();
                w.varint(std::mem::take(&mut self.count));
                w.raw(&self.body.bytes);
                self.body.bytes.clear();
                self.frame(out, kind, &mut w)?;
            }
        }
        Ok(self.at == items.len())
    }
}

/// The part written after `part`.
fn next_part(part: Part) -> Part {
    match part {
        Part::Start => Part::Questions,
        Part::Questions => Part::PressReleases,
        Part::PressReleases => Part::Index,
        Part::Index => Part::Terms,
        Part::Terms => Part::Lists,
        Part::Lists => Part::Order,
        Part::Order => Part::Positions,
        Part::Positions => Part::Keys,
        Part::Keys => Part::Words,
        Part::Words => Part::Texts,
        Part::Texts | Part::Done => Part::Done,
    }
}

/// A question without its text and answer paragraphs, as the `Q` frames hold it.
fn question_head(q: &Question) -> Question {
    Question {
        text: String::new(),
        answer: q.answer.as_ref().map(|a| Answer {
            by: a.by.clone(),
            paragraphs: Vec::new(),
            holding: a.holding,
        }),
        ..q.clone()
    }
}

/// A press release without its paragraphs and quotes, as the `P` frames hold it.
fn press_release_head(p: &PressRelease) -> PressRelease {
    PressRelease {
        paragraphs: Vec::new(),
        quotes: Vec::new(),
        ..p.clone()
    }
}

/// Why a bundle could not be read: the byte of the file where it went wrong, and what was there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleError {
    pub at: u64,
    pub what: String,
}

/// What a bundle of another version is.
const OTHER_VERSION: &str =
    "a bundle of another version: rebuild it with this version's `pqx bundle`";

impl BundleError {
    /// Whether the bytes are a bundle of another version: nothing of it was read, and the
    /// error says what to do.
    pub fn is_other_version(&self) -> bool {
        self.at == 0 && self.what == OTHER_VERSION
    }
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at byte {}: {}", self.at, self.what)
    }
}

/// What a bundle gave once its bytes stopped.
#[derive(Debug)]
pub struct Opened {
    /// Every record whose head came, in order; the last `without_text` of them (questions, then
    /// press releases) without their text.
    pub corpus: Corpus,
    /// The index, when it came whole. It covers every record of the bundle, so it is here only
    /// when every head came; without it, build one from the records.
    pub index: Option<Rc<Index>>,
    /// How many records the bundle holds.
    pub expected: usize,
    /// How many of the records came without their text.
    pub without_text: usize,
    /// Whether the bundle's last frame came, and all its text read.
    whole: bool,
    /// Where the records' text is damaged, if it is: the text stops before that block.
    pub damage: Option<BundleError>,
}

impl Opened {
    /// Every record, its text and the index came.
    pub fn is_whole(&self) -> bool {
        self.whole
    }

    /// How many records came (with or without their text).
    pub fn records(&self) -> usize {
        self.corpus.questions.len() + self.corpus.press_releases.len()
    }

    /// What did not come, in words, when something did not.
    pub fn shortfall(&self) -> Option<String> {
        let (got, expected) = (
            Thousands::from(self.records()),
            Thousands::from(self.expected),
        );
        if self.whole {
            None
        } else if self.records() == 0 && self.expected == 0 {
            Some("it stops before saying how many records it holds".into())
        } else if self.records() < self.expected {
            Some(format!(
                "only {got} of its {expected} records came, without their text or the index"
            ))
        } else if self.index.is_none() {
            Some(format!(
                "its {expected} records came, but not the index or the records' text"
            ))
        } else if let Some(damage) = &self.damage {
            Some(format!(
                "its {expected} records and the index came, but the text of the last {} did not: it is damaged {damage}",
                Thousands::from(self.without_text)
            ))
        } else {
            Some(text_shortfall(self.expected, self.without_text))
        }
    }
}

/// Says that the text of the last `missing` of `records` records did not come.
fn text_shortfall(records: usize, missing: usize) -> String {
    format!(
        "its {} records and the index came, but the text of the last {} did not",
        Thousands::from(records),
        Thousands::from(missing)
    )
}

/// The records' text as it arrives after the index, in doc order (each question's text and
/// answer paragraphs, then each press release's paragraphs and quotes), compressed as it came.
#[derive(Debug, Default)]
pub struct Texts {
    store: TextStore,
}

/// What `Texts::attach` put into the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attached {
    /// How many questions, and press releases, have their text: the first ones of each.
    pub questions: usize,
    pub press_releases: usize,
    /// Where the text stopped because a block of it is damaged, if it did.
    pub damage: Option<BundleError>,
}

impl Texts {
    /// How many records' text the bundle holds.
    pub fn expected(&self) -> usize {
        self.store.records()
    }

    /// How many records' text came.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// The text as it came, for reading a record at a time (what the app keeps).
    pub fn into_store(self) -> TextStore {
        self.store
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What did not come, in words (as `Opened::shortfall` says it), when something did not.
    pub fn shortfall(&self) -> Option<String> {
        let expected = self.expected();
        (self.len() < expected).then(|| text_shortfall(expected, expected - self.len()))
    }

    /// Puts each text into its record (the bundle's heads, in their order), decompressing it
    /// all, as far as the first damaged block.
    pub fn attach(self, corpus: &mut Corpus) -> Attached {
        let (questions, press_releases, damage) = self.store.attach(corpus);
        Attached {
            questions,
            press_releases,
            damage: damage.map(|e| BundleError {
                at: e.at as u64,
                what: e.what,
            }),
        }
    }
}

/// Which frame may come next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Magic,
    Sources,
    Questions,
    PressReleases,
    Fields,
    Terms,
    Lists,
    Sorted,
    Initials,
    Positions,
    Keys,
    Words,
    Texts,
    Done,
}

/// Reads a bundle as its bytes arrive: `feed` each chunk, then `finish`. Holds at most one
/// frame's bytes besides what it has decoded.
#[derive(Debug)]
pub struct BundleReader {
    /// The start of a frame (or of the magic) whose end has not come yet; while decoding,
    /// `pending[..used]` or the chunk's first `used` bytes are decoded.
    pending: Vec<u8>,
    used: usize,
    /// Where `pending[used]` is in the file.
    offset: u64,
    stage: Stage,
    corpus: Corpus,
    questions: usize,
    press_releases: usize,
    /// Whether the `I` frame came.
    initials_read: bool,
    index: Index,
    /// The index once it is closed, shared with whoever took it, and its positions as they come.
    closed: Option<Rc<Index>>,
    positions: Positions,
    texts: Texts,
    /// Whether `take_searchable` has taken the heads and the index.
    taken: bool,
    /// What is kept for the index's frequent words and prefixes, while it is made (see
    /// `Index::kept`): from when the positions have come, a few words each time bytes are fed.
    keeping: Option<Keeping>,
    /// The heads' texts read so far, so every record repeating a name, party, department or
    /// date shares one copy (dropped once the heads have all come).
    strings: SharedStrings,
    /// The packed doc ids and saturated frequencies of the list being read (used again list
    /// after list).
    words: Vec<u32>,
    large: Vec<u32>,
}

impl Default for BundleReader {
    fn default() -> Self {
        BundleReader {
            pending: Vec::new(),
            used: 0,
            offset: 0,
            stage: Stage::Magic,
            corpus: Corpus::default(),
            questions: 0,
            press_releases: 0,
            initials_read: false,
            index: Index::default(),
            closed: None,
            positions: Positions::default(),
            texts: Texts::default(),
            taken: false,
            keeping: None,
            strings: SharedStrings::default(),
            words: Vec::new(),
            large: Vec::new(),
        }
    }
}

impl BundleReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes every whole frame `chunk` completes, and makes what the index keeps for a few
    /// more of its frequent words once its positions have come (for all that are left once
    /// the bundle has all come).
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), BundleError> {
        let fed = self.decode_chunk(chunk);
        let words = match self.stage {
            Stage::Done => usize::MAX,
            _ => KEPT_WORDS_A_FEED,
        };
        self.keep_some(words);
        fed
    }

    /// Makes what the index keeps for up to `words` more of its frequent words, if it is being
    /// made, and hands it to the index once all are made.
    fn keep_some(&mut self, words: usize) {
        let (Some(index), Some(keeping)) = (&self.closed, &mut self.keeping) else {
            return;
        };
        if index.keep_frequent_some(keeping, words) {
            self.keeping = None;
        }
    }

    fn decode_chunk(&mut self, mut chunk: &[u8]) -> Result<(), BundleError> {
        // First complete what is waiting, taking from the chunk only the bytes it needs.
        while !self.pending.is_empty() && !chunk.is_empty() {
            let take = self.bytes_needed().min(chunk.len());
            self.pending.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            let pending = std::mem::take(&mut self.pending);
            let result = self.decode_frames(&pending);
            self.pending = pending;
            result?;
            if self.used == self.pending.len() {
                self.pending.clear();
                self.used = 0;
            }
        }
        if !self.pending.is_empty() {
            return Ok(());
        }
        // Nothing waits: decode straight from the chunk, keeping only its unfinished end.
        let result = self.decode_frames(chunk);
        if result.is_ok() {
            self.pending.extend_from_slice(&chunk[self.used..]);
        }
        self.used = 0;
        result
    }

    /// Bytes that would complete the magic, frame header or frame that `pending` holds part of.
    fn bytes_needed(&self) -> usize {
        let waiting = &self.pending[self.used..];
        if self.stage == Stage::Magic {
            return MAGIC.len().saturating_sub(waiting.len()).max(1);
        }
        match frame_size(waiting) {
            Some(size) => size.saturating_sub(waiting.len()).max(1),
            None => HEADER - waiting.len(),
        }
    }

    fn decode_frames(&mut self, pending: &[u8]) -> Result<(), BundleError> {
        loop {
            let rest = &pending[self.used..];
            if self.stage == Stage::Magic {
                if rest.len() < MAGIC.len() {
                    return Ok(());
                }
                if rest[..MAGIC.len()] != MAGIC {
                    let what = if is_bundle(rest) {
                        OTHER_VERSION
                    } else {
                        "not a pq-explorer bundle"
                    };
                    return Err(self.error(0, what));
                }
                self.advance(MAGIC.len());
                self.stage = Stage::Sources;
                continue;
            }
            // A frame longer than memory (a damaged length) never completes; the caller's limit on
            // what it downloads ends it.
            let Some(frame) = frame_size(rest).and_then(|size| rest.get(..size)) else {
                return Ok(());
            };
            let (kind, payload) = (frame[0], &frame[HEADER..]);
            if self.stage == Stage::Done {
                return Err(self.error(0, "bytes after the end of the bundle"));
            }
            // Shared texts are numbered across the heads' frames, and only there.
            let heads = matches!(kind, b'S' | b'Q' | b'P');
            let strings = match heads {
                true => std::mem::take(&mut self.strings),
                false => SharedStrings::default(),
            };
            let mut r = Reader::with_strings(payload, strings);
            let read = self.frame(kind, &mut r).and_then(|()| match r.is_done() {
                true => Ok(()),
                false => Err(r.error("more bytes than the frame's contents")),
            });
            self.strings = match heads {
                true => r.into_strings(),
                false => SharedStrings::default(),
            };
            read.map_err(|e| self.error((HEADER + e.at) as u64, e.what))?;
            self.advance(frame.len());
        }
    }

    fn advance(&mut self, bytes: usize) {
        self.used += bytes;
        self.offset += bytes as u64;
    }

    fn error(&self, at: u64, what: impl Into<String>) -> BundleError {
        BundleError {
            at: self.offset + at,
            what: what.into(),
        }
    }

    /// Decodes one frame of kind `kind`, moving on to the stages that may follow it.
    fn frame(&mut self, kind: u8, r: &mut Reader) -> Result<(), DecodeError> {
        let target =
            stage_of(kind).ok_or_else(|| r.error(format!("an unknown kind of frame ({kind})")))?;
        // Stages a frame may pass by: a corpus with no press releases has no `P` frame, one with
        // no words no `T`, `L` or `O`. The index's end frame belongs to the one-letter sets'
        // stage, and `close` moves on to `Texts` once it checks out.
        while self.stage != target {
            self.stage = match self.stage {
                Stage::Questions if self.corpus.questions.len() == self.questions => {
                    Stage::PressReleases
                }
                Stage::PressReleases if self.corpus.press_releases.len() == self.press_releases => {
                    Stage::Fields
                }
                Stage::Terms if target > Stage::Terms => Stage::Lists,
                Stage::Lists if target > Stage::Lists => Stage::Sorted,
                Stage::Sorted if target > Stage::Sorted => Stage::Initials,
                // The keys are all there or none are (`kept` bundles without them).
                Stage::Keys if target > Stage::Keys && self.texts.store.key_count() == 0 => {
                    Stage::Words
                }
                Stage::Words if target > Stage::Words => Stage::Texts,
                _ => {
                    return Err(r.error(format!(
                        "a frame of kind {:?} where {} belongs",
                        char::from(kind),
                        self.expecting()
                    )))
                }
            };
        }
        match kind {
            b'S' => {
                self.corpus.sources = Vec::<SourceFile>::unpack(r)?;
                self.corpus.diagnostics = Vec::<Diagnostic>::unpack(r)?;
                // Counts of records in the frames to come: reserved up to a bound, so a damaged
                // count cannot reserve gigabytes.
                self.questions = r.u32()? as usize;
                self.press_releases = r.u32()? as usize;
                let bound = |n: usize| n.min(1 << 20);
                self.corpus.questions.reserve_exact(bound(self.questions));
                self.corpus
                    .press_releases
                    .reserve_exact(bound(self.press_releases));
                // Likewise the index's lists and postings (some 20 million at 100,000 records):
                // without room for them memory would hold the arrays twice as they grew. A tab
                // without the room reads them all the same, growing.
                let (lists, postings) = (r.u32()? as usize, r.u32()? as usize);
                let _ = (self.index.lists).try_reserve(lists.min(1 << 23), postings.min(1 << 27));
                let documents = self.questions.saturating_add(self.press_releases);
                (self.index.lists).keep_sets_of(u32::try_from(documents).unwrap_or(u32::MAX));
                self.stage = Stage::Questions;
            }
            // Each record's facets go into the index as it comes, rather than all at the end.
            b'Q' => {
                let attrs = &mut self.index.attrs;
                let questions = &mut self.corpus.questions;
                read_batch(r, questions, self.questions, Question::unpack, |q| {
                    attrs.push_question(q)
                })?
            }
            b'P' => {
                let attrs = &mut self.index.attrs;
                let releases = &mut self.corpus.press_releases;
                read_batch(
                    r,
                    releases,
                    self.press_releases,
                    PressRelease::unpack,
                    |p| attrs.push_press_release(p),
                )?
            }
            b'F' => {
                let docs = self.questions + self.press_releases;
                for lengths in &mut self.index.field_len {
                    *lengths = (0..docs).map(|_| r.u32()).collect::<Result<_, _>>()?;
                }
                self.stage = Stage::Terms;
            }
            b'T' => {
                let n = r.count()?;
                for _ in 0..n {
                    let name = r.str()?;
                    self.index.term_names.push(name);
                    self.index.term_fields.push([NONE; FIELD_COUNT]);
                }
            }
            b'L' => {
                let n = r.count()?;
                for _ in 0..n {
                    self.read_list(r)?;
                }
            }
            b'O' => {
                // The lists are all in: the room reserved for the ids of those kept as sets
                // goes back (before the text, which can use it).
                self.index.lists.shrink();
                // The sorted order, checked as it comes: every term in the order of their names,
                // strictly ascending, so no term (and no name) is there twice; the end frame
                // checks that none is left out. Looking terms up needs nothing more: the
                // dictionary is built only if the index grows (`Index::term`).
                let (names, sorted) = (&self.index.term_names, &mut self.index.sorted_terms);
                let n = r.count()?;
                for _ in 0..n {
                    let term = r.u32()?;
                    let after = |previous: &u32| names[*previous as usize] < names[term as usize];
                    if term as usize >= names.len() || !sorted.last().is_none_or(after) {
                        return Err(r.error(format!("term {term} out of the terms' order")));
                    }
                    sorted.push(term);
                }
            }
            b'I' => {
                if self.initials_read {
                    return Err(r.error("a second frame of one-letter sets"));
                }
                let docs = (self.questions + self.press_releases) as u32;
                let n = r.count()?;
                for _ in 0..n {
                    let code = r.u32()?;
                    let initial = char::from_u32(code)
                        .filter(|&c| self.index.initial_docs.last().is_none_or(|&(l, _)| l < c))
                        .ok_or_else(|| r.error(format!("{code} is not the next initial")))?;
                    let words = (0..(docs as usize).div_ceil(64))
                        .map(|_| {
                            let bytes = r.bytes(8)?;
                            let mut word = [0u8; 8];
                            word.copy_from_slice(bytes);
                            Ok(u64::from_le_bytes(word))
                        })
                        .collect::<Result<Vec<u64>, DecodeError>>()?;
                    let set = DocSet::from_words(words, docs)
                        .ok_or_else(|| r.error("a set with documents beyond the last"))?;
                    self.index.initial_docs.push((initial, set));
                }
                self.initials_read = true;
            }
            b'E' => self.close(r)?,
            b'N' => self.read_positions(r)?,
            b'K' => self.read_keys(r)?,
            b'W' => self.read_words(r)?,
            _ => self.read_texts(r)?,
        }
        Ok(())
    }

    /// Reads one batch of lists' positions, checked against their frequencies; the last one
    /// completes the index.
    fn read_positions(&mut self, r: &mut Reader) -> Result<(), DecodeError> {
        let Some(index) = &self.closed else {
            return Err(r.error("positions before the end of the index"));
        };
        let n = r.count()?;
        for _ in 0..n {
            let l = self.positions.lists();
            if l >= index.lists.len() {
                return Err(r.error(format!(
                    "positions of more lists than the {} the index has",
                    index.lists.len()
                )));
            }
            let list = index.lists.get(l);
            let at = r.offset();
            let used = self
                .positions
                .push_list(list, r.rest())
                .map_err(|what| DecodeError {
                    at,
                    what: format!("{what} (list {l})"),
                })?;
            r.bytes(used)?;
        }
        if self.positions.lists() == index.lists.len() {
            self.complete_positions();
        }
        Ok(())
    }

    /// Hands the positions to the index (shared with whoever took it) and moves on to the text.
    fn complete_positions(&mut self) {
        if let Some(index) = &self.closed {
            // Set only here, once: the index came without them.
            self.positions.shrink();
            let _ = index.positions.set(std::mem::take(&mut self.positions));
            // Begun now rather than when the index closed, after it has been searched first.
            self.keeping = Some(index.start_keeping());
        }
        self.stage = match (self.questions, self.press_releases) {
            (0, 0) => Stage::Done,
            (0, _) => Stage::Words,
            _ => Stage::Keys,
        };
    }

    /// Reads one batch of the questions' keys; the last question's move on to the text.
    fn read_keys(&mut self, r: &mut Reader) -> Result<(), DecodeError> {
        let n = r.count()?;
        for _ in 0..n {
            let key = QuestionKey::unpack(r)?;
            self.texts
                .store
                .push_key(key)
                .map_err(|what| r.error(what))?;
        }
        if self.texts.store.keys().is_some() {
            self.stage = Stage::Words;
        }
        Ok(())
    }

    /// Reads one batch of the words the text's blocks are coded with (a bundle written from a
    /// store of numbered words, `BundleWriter::new` with `kept`).
    fn read_words(&mut self, r: &mut Reader) -> Result<(), DecodeError> {
        let n = r.count()?;
        for _ in 0..n {
            let len = r.size()?;
            let at = r.offset();
            let word = r.bytes(len)?;
            self.texts
                .store
                .push_word(word)
                .map_err(|what| r.error_at(at, what))?;
        }
        Ok(())
    }

    /// Reads one block of the records' text (kept compressed), closing the bundle after the
    /// last record's.
    fn read_texts(&mut self, r: &mut Reader) -> Result<(), DecodeError> {
        let records = r.u32()?;
        let packed_len = r.u32()?;
        let sum = r.bytes(4)?;
        let at = r.offset();
        let bytes = r.bytes(r.rest().len())?;
        // Checked here, so damage shows as the bundle opens rather than on the record's page.
        if adler2::adler32_slice(bytes).to_le_bytes() != sum {
            return Err(r.error_at(
                at,
                "a block of the records' text whose checksum does not match",
            ));
        }
        let block = Block {
            records,
            packed_len,
            bytes: bytes.into(),
            at: self.offset,
        };
        self.texts.store.push(block).map_err(|what| r.error(what))?;
        if self.texts.len() == self.texts.expected() {
            self.stage = Stage::Done;
        }
        Ok(())
    }

    /// Once the index has come, and once only: the records (without their text) and their
    /// index. The index's positions, then the text, go on arriving: the positions are put into
    /// the index once all have come (`Index::positions`), and `finish_texts` gives the text,
    /// for `Texts::attach`.
    pub fn take_searchable(&mut self) -> Option<(Corpus, Rc<Index>)> {
        let index = self.closed.as_ref().filter(|_| !self.taken)?.clone();
        self.taken = true;
        Some((std::mem::take(&mut self.corpus), index))
    }

    /// The text that came after `take_searchable`.
    pub fn finish_texts(mut self) -> Texts {
        self.keep_some(usize::MAX);
        self.texts
    }

    /// What the next frame should be, in words.
    fn expecting(&self) -> &'static str {
        match self.stage {
            Stage::Magic | Stage::Sources => "the sources",
            Stage::Questions => "more questions",
            Stage::PressReleases => "more press releases",
            Stage::Fields => "the field lengths",
            Stage::Terms => "terms or the first lists",
            Stage::Lists => "lists or the terms' order",
            Stage::Sorted => "the terms' order or the one-letter sets",
            Stage::Initials => "the end of the index",
            Stage::Positions => "more of the index's positions",
            Stage::Keys => "more of the questions' keys",
            Stage::Words => "more of the text's words or the records' text",
            Stage::Texts => "the records' text",
            Stage::Done => "nothing",
        }
    }

    fn read_list(&mut self, r: &mut Reader) -> Result<(), DecodeError> {
        let at = r.offset();
        let term = r.u32()? as usize;
        let field = usize::from(r.u8()?);
        let slot = self
            .index
            .term_fields
            .get_mut(term)
            .and_then(|fields| fields.get_mut(field))
            .ok_or_else(|| {
                r.error(format!(
                    "a list of term {term}, field {field}, which do not exist"
                ))
            })?;
        if *slot != NONE {
            return Err(r.error(format!("a second list of term {term}, field {field}")));
        }
        *slot = self.index.lists.len() as u32;
        let n = r.count()?;
        if n == 0 {
            return Err(r.error(format!("an empty list of term {term}")));
        }
        self.words.clear();
        if n == 1 {
            packed::pack(&[r.u32()?], &mut self.words);
        } else {
            let (first, width) = (r.u32()?, u32::from(r.u8()?));
            let (header, more) = packed::header_of(first, width, n).ok_or_else(|| {
                r.error(format!(
                    "a list of term {term} whose first id or gaps' width is out of range"
                ))
            })?;
            self.words.push(header);
            let bytes = r.bytes(more.saturating_mul(4))?;
            let words = bytes.chunks_exact(4);
            (self.words).extend(words.map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])));
        }
        let freqs = r.bytes(n)?;
        let saturated = freqs.iter().filter(|&&f| f == SATURATED).count();
        self.large.clear();
        for _ in 0..saturated {
            self.large.push(r.u32()?);
        }
        // Read straight into the index's arrays, after their checks.
        let docs = (self.questions + self.press_releases) as u32;
        let read = (self.index.lists).read_packed(n, &self.words, freqs, &self.large, docs);
        if let Err(what) = read {
            return Err(DecodeError {
                at,
                what: format!("{what}, in the list of term {term}, field {field}"),
            });
        }
        Ok(())
    }

    /// Checks the end frame's counts and completes the index from the records.
    fn close(&mut self, r: &mut Reader) -> Result<(), DecodeError> {
        let terms = r.u32()? as usize;
        let lists = r.u32()? as usize;
        let index = &mut self.index;
        if terms != index.term_names.len() || lists != index.lists.len() {
            return Err(r.error(format!(
                "the end counts {terms} terms and {lists} lists, but {} and {} came",
                index.term_names.len(),
                index.lists.len()
            )));
        }
        if !self.initials_read {
            return Err(r.error("the end came before the one-letter sets"));
        }
        // Every term is in the sorted order, each once (checked as the order came).
        if index.sorted_terms.len() != terms {
            return Err(r.error("the terms' order leaves terms out"));
        }
        // The records' facets came with them, and the sets of the lists kept as sets with the
        // lists.
        let corpus = &self.corpus;
        let questions = (0..corpus.questions.len() as u32).map(DocRef::Question);
        let releases = (0..corpus.press_releases.len() as u32).map(DocRef::PressRelease);
        index.docs.extend(questions.chain(releases));
        index.questions_indexed = corpus.questions.len() as u32;
        index.press_releases_indexed = corpus.press_releases.len() as u32;
        for (f, lengths) in index.field_len.iter().enumerate() {
            index.total_len[f] = lengths.iter().map(|&n| u64::from(n)).sum();
        }
        index.derive_rows();
        let answered = corpus
            .questions
            .iter()
            .map(|q| q.answer.is_some())
            .collect();
        self.texts.store = TextStore::new(answered, self.questions + self.press_releases);
        let lists = index.lists.len();
        self.closed = Some(Rc::new(std::mem::take(&mut self.index)));
        self.stage = Stage::Positions;
        if lists == 0 {
            self.complete_positions();
        }
        Ok(())
    }

    /// The corpus, with the text that came and the index when it came whole. After
    /// `take_searchable`, use `finish_texts` instead: this gives no records then.
    pub fn finish(mut self) -> Opened {
        self.keep_some(usize::MAX);
        let expected = self.questions + self.press_releases;
        let index = self.closed.filter(|_| !self.taken);
        let mut corpus = self.corpus;
        let attached = self.texts.attach(&mut corpus);
        let without_text = corpus.questions.len() - attached.questions
            + corpus.press_releases.len()
            - attached.press_releases;
        Opened {
            corpus,
            index,
            expected,
            without_text,
            whole: self.stage == Stage::Done && attached.damage.is_none(),
            damage: attached.damage,
        }
    }
}

/// The stage a frame kind belongs to; `None` for no kind a bundle has.
fn stage_of(kind: u8) -> Option<Stage> {
    Some(match kind {
        b'S' => Stage::Sources,
        b'Q' => Stage::Questions,
        b'P' => Stage::PressReleases,
        b'F' => Stage::Fields,
        b'T' => Stage::Terms,
        b'L' => Stage::Lists,
        b'O' => Stage::Sorted,
        b'I' => Stage::Initials,
        b'E' => Stage::Initials,
        b'N' => Stage::Positions,
        b'K' => Stage::Keys,
        b'W' => Stage::Words,
        b'B' => Stage::Texts,
        _ => return None,
    })
}

/// Reads one batch of records onto `into`, which may hold `limit` in all.
fn read_batch<T>(
    r: &mut Reader,
    into: &mut Vec<T>,
    limit: usize,
    unpack: impl Fn(&mut Reader) -> Result<T, DecodeError>,
    mut each: impl FnMut(&T),
) -> Result<(), DecodeError> {
    let n = r.count()?;
    if into.len() + n > limit {
        return Err(r.error(format!(
            "more records than the {} the bundle announced",
            Thousands::from(limit)
        )));
    }
    for _ in 0..n {
        let record = unpack(r)?;
        each(&record);
        into.push(record);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::synthesize;
    use crate::index::postings::PositionReader;

    fn bundle_of(corpus: &Corpus) -> Vec<u8> {
        let mut bytes = Vec::new();
        let index = Index::build(corpus);
        let written = write_bundle(corpus, &index, &mut bytes).expect("writes to memory");
        assert_eq!(written, bytes.len() as u64);
        bytes
    }

    fn read(bytes: &[u8], chunk: usize) -> (Result<(), BundleError>, Opened) {
        let mut reader = BundleReader::new();
        let result = bytes.chunks(chunk.max(1)).try_for_each(|c| reader.feed(c));
        (result, reader.finish())
    }

    /// Reads `bytes` in chunks of `chunk`, checks that they give `corpus` whole and an index
    /// holding what `built` holds, and returns that index.
    fn reads_back(bytes: &[u8], chunk: usize, corpus: &Corpus, built: &Index) -> Rc<Index> {
        let (result, opened) = read(bytes, chunk);
        assert_eq!(result, Ok(()));
        assert!(opened.is_whole() && opened.shortfall().is_none());
        assert_eq!(&opened.corpus, corpus);
        let index = opened.index.expect("the whole bundle has its index");
        assert_eq!(contents(&index), contents(built));
        index
    }

    /// The name of the term `word` finds in `index`: the same in two indexes that number their
    /// terms differently.
    fn found<'a>(index: &'a Index, word: &str) -> Option<&'a str> {
        index.term(word).map(|t| &index.term_names[t as usize])
    }

    /// Everything the index holds, as comparable values (attributes through their facet rows'
    /// and tables' contents, as the hash maps inside do not compare).
    fn contents(index: &Index) -> String {
        type List = (Vec<(u32, u32)>, Option<Vec<Vec<u32>>>, bool);
        let sets: std::collections::HashSet<u32> = index.lists.set_lists().collect();
        let list = |l: u32| -> Option<List> {
            let set = sets.contains(&l);
            let l = (l != NONE).then_some(l as usize)?;
            let p = index.lists.get(l);
            let positions = index.positions().map(|all| {
                let mut reader = PositionReader::new(all, l, p);
                let read = |d: u32| {
                    let mut out = Vec::new();
                    reader.read(d, &mut out);
                    out
                };
                p.docs().map(read).collect::<Vec<_>>()
            });
            Some((p.frequencies().collect(), positions, set))
        };
        // The terms by name and their lists, whatever their numbers (a bundle numbers terms in
        // the order of their names and lists in the order of their terms, a build both in the
        // order it meets them).
        let terms: Vec<(&str, Vec<Option<List>>)> = index
            .sorted_terms
            .iter()
            .map(|&t| {
                let fields = index.term_fields[t as usize];
                (&index.term_names[t as usize], fields.map(list).to_vec())
            })
            .collect();
        assert_eq!(
            terms.len(),
            index.term_names.len(),
            "every term in the order"
        );
        let owned = terms
            .iter()
            .flat_map(|(_, fields)| fields)
            .flatten()
            .count();
        assert_eq!(owned, index.lists.len(), "every list a term's");
        let a = &index.attrs;
        format!(
            "{:?}",
            (
                (
                    &index.docs,
                    index.questions_indexed,
                    index.press_releases_indexed
                ),
                terms,
                (&index.field_len, index.total_len),
                (
                    &index.initial_docs,
                    &index.newest_order,
                    &index.oldest_order
                ),
                (
                    &a.date,
                    &a.member,
                    &a.party,
                    &a.department,
                    &a.answerer,
                    (0..a.uin.len()).map(|d| a.uin.get(d)).collect::<Vec<_>>()
                ),
                (&a.members.names, &a.departments.slugs, a.facet_rows().len()),
            )
        )
    }

    #[test]
    fn an_index_finished_in_steps_is_the_index_finished_at_once() {
        let corpus = synthesize(300, 5);
        let built = Index::build(&corpus);
        // Sets whose characters' terms are read over many steps when a step reads few postings.
        assert!(built.initial_docs.len() > 1, "one-letter sets are made");
        for postings in [1, 97, usize::MAX] {
            let mut building = super::super::Building::new();
            assert!(building.add(&corpus, usize::MAX));
            let mut finishing = building.finishing();
            let mut steps = 1;
            while !finishing.step(postings) {
                steps += 1;
            }
            let stepwise = finishing.finish();
            // A list a step at least, then the derived steps.
            assert!(postings > 1 || steps > built.lists.len(), "{steps} steps");
            assert!(
                stepwise.kept.get().is_none(),
                "kept words wait for their own steps"
            );
            let mut keeping = stepwise.keeping_frequent().expect("not kept yet");
            while !stepwise.keep_frequent_some(&mut keeping, 3) {}
            assert_eq!(
                contents(&stepwise),
                contents(&built),
                "{postings} postings a step"
            );
        }
    }

    #[test]
    fn a_bundle_reads_back_as_the_index_a_build_makes() {
        let corpus = synthesize(400, 3);
        let bytes = bundle_of(&corpus);
        let built = Index::build(&corpus);
        for chunk in [1 << 20, 4096, 7] {
            let index = reads_back(&bytes, chunk, &corpus, &built);
            // Its terms are numbered in the order of their names, its lists in their terms'.
            assert!(index.term_names.iter().is_sorted());
            assert!(index
                .sorted_terms
                .iter()
                .copied()
                .eq(0..built.term_names.len() as u32));
            let lists = index.term_fields.iter().flatten().filter(|&&l| l != NONE);
            assert!(lists.copied().eq(0..built.lists.len() as u32));
            // Looked up without a dictionary, by the table of ids made once the index is whole,
            // every term is found as the built index finds it.
            assert!(index.term_table.get().is_some());
            for term in index.term_names.iter().chain(["", "zzzz", "departmen"]) {
                assert_eq!(found(&index, term), found(&built, term), "{term}");
            }
        }
        // An empty corpus has no terms and no lists, and reads back too.
        let (result, opened) = read(&bundle_of(&Corpus::default()), 3);
        assert_eq!(result, Ok(()));
        assert!(opened.is_whole() && opened.corpus == Corpus::default());
    }

    #[test]
    fn a_bundle_written_a_part_at_a_time_is_the_bundle_written_at_once() {
        let corpus = synthesize(200, 4);
        let index = Index::build(&corpus);
        let mut writer = BundleWriter::new(&corpus, &index, None).expect("a finished index");
        let (mut bytes, mut calls) = (Vec::new(), 0);
        while !writer
            .write_some(&mut bytes, 1000)
            .expect("writes to memory")
        {
            calls += 1;
        }
        assert!(calls > 20, "{calls} calls");
        assert_eq!(writer.written(), bytes.len() as u64);
        assert_eq!(bytes, bundle_of(&corpus));
    }

    #[test]
    fn a_bundle_of_a_corpus_whose_text_is_kept_as_words_reads_back_as_the_corpus() {
        let corpus = synthesize(300, 5);
        let (index, heads, store) = as_read_from_json(&corpus);
        assert!(store.vocabulary().is_some() && store.keys().is_none());
        let mut writer =
            BundleWriter::new(&heads, &index, Some(&store)).expect("a finished index, all text");
        let mut bytes = Vec::new();
        while !writer
            .write_some(&mut bytes, 4096)
            .expect("writes to memory")
        {}
        for chunk in [1 << 20, 999] {
            reads_back(&bytes, chunk, &corpus, &index);
        }
        // Taken as the app takes it: the store keeps the words, and no keys came.
        let mut reader = BundleReader::new();
        assert_eq!(reader.feed(&bytes), Ok(()));
        let (_, _) = reader.take_searchable().expect("the index came");
        let texts = reader.finish_texts();
        let store = texts.into_store();
        assert!(store.vocabulary().is_some() && store.keys().is_none());
        assert_eq!(store.len(), 300);
        // A store short of records' text is refused, as is an index not built from the corpus.
        let short = crate::corpus::store::TextKeeping::default().finish(&mut Corpus {
            questions: heads.questions[..10].to_vec(),
            ..Corpus::default()
        });
        assert!(BundleWriter::new(&heads, &index, Some(&short)).is_err());
        assert!(BundleWriter::new(&synthesize(20, 1), &index, None).is_err());
    }

    #[test]
    fn a_word_that_is_not_lowercase_letters_is_damage_at_its_byte() {
        let (index, heads, store) = as_read_from_json(&synthesize(50, 6));
        let mut bytes = Vec::new();
        write_all_of(BundleWriter::new(&heads, &index, Some(&store)), &mut bytes);
        // The first `W` frame's first word (after the frame's header and its count).
        let w = frames_of(&bytes)
            .find(|&(kind, _)| kind == b'W')
            .map(|(_, at)| at)
            .expect("a W frame");
        let mut r = Reader::new(&bytes[w + HEADER..]);
        assert!(r.count().expect("a count") > 0);
        r.size().expect("the first word's length");
        let word_at = w + HEADER + r.offset();
        bytes[word_at] = b'Q';
        let (result, opened) = read(&bytes, 1 << 20);
        let error = result.expect_err("a damaged word");
        assert_eq!(error.at, word_at as u64, "{error:?}");
        assert!(error.what.contains("lowercase letters"), "{error:?}");
        assert!(!opened.is_whole());
    }

    /// A corpus as the app holds one read from JSON: its index, the records' heads, and their
    /// text in a store of numbered words.
    fn as_read_from_json(corpus: &Corpus) -> (Index, Corpus, TextStore) {
        let index = Index::build(corpus);
        let mut heads = corpus.clone();
        let store = crate::corpus::store::TextKeeping::default().finish(&mut heads);
        (index, heads, store)
    }

    /// Writes all of the bundle `writer` writes to `bytes`.
    fn write_all_of(writer: std::io::Result<BundleWriter>, bytes: &mut Vec<u8>) {
        let mut writer = writer.expect("a finished index");
        while !writer
            .write_some(bytes, u64::MAX)
            .expect("writes to memory")
        {}
    }

    /// Each frame's kind and where it starts.
    fn frames_of(bytes: &[u8]) -> impl Iterator<Item = (u8, usize)> + '_ {
        let mut at = MAGIC.len();
        std::iter::from_fn(move || {
            let size = frame_size(bytes.get(at..)?)?;
            let frame = (bytes[at], at);
            at += size;
            Some(frame)
        })
    }

    #[test]
    fn the_index_comes_before_the_text_which_attaches_to_it() {
        let corpus = synthesize(300, 8);
        let bytes = bundle_of(&corpus);
        let mut reader = BundleReader::new();
        let mut searchable = None;
        let mut fed = 0;
        for chunk in bytes.chunks(1000) {
            assert_eq!(reader.feed(chunk), Ok(()));
            fed += chunk.len();
            if let Some(taken) = reader.take_searchable() {
                searchable = Some((taken, fed));
            }
        }
        let ((mut heads, index), at) = searchable.expect("the index came");
        // The heads and the index came in well under half the bytes.
        assert!(
            at * 2 < bytes.len(),
            "searchable after {at} of {}",
            bytes.len()
        );
        assert!(reader.take_searchable().is_none(), "handed over once only");
        assert!(heads.questions.iter().all(|q| q.text.is_empty()));
        assert_eq!(contents(&index), contents(&Index::build(&corpus)));
        assert!(
            index.positions().is_some(),
            "the positions came into the index taken"
        );
        let texts = reader.finish_texts();
        assert_eq!(
            texts.len(),
            corpus.questions.len() + corpus.press_releases.len()
        );
        let attached = texts.attach(&mut heads);
        assert_eq!(
            (attached.questions, attached.press_releases, attached.damage),
            (corpus.questions.len(), corpus.press_releases.len(), None)
        );
        assert_eq!(heads, corpus);
    }

    #[test]
    fn the_questions_keys_come_before_the_text() {
        let corpus = synthesize(300, 8);
        let bytes = bundle_of(&corpus);
        let questions = corpus.questions.len();
        let expected: Vec<QuestionKey> = (corpus.questions.iter())
            .map(QuestionKey::of_question)
            .collect();
        let store = |cut: usize| {
            let mut reader = BundleReader::new();
            assert_eq!(reader.feed(&bytes[..cut]), Ok(()), "cut at {cut}");
            reader.finish_texts().into_store()
        };
        assert_eq!(store(bytes.len()).keys(), Some(expected.as_slice()));
        let mut keyed = None;
        for cut in (0..bytes.len()).step_by(997) {
            let store = store(cut);
            // Every question's or none (the keys that came are not taken for all of them), and
            // all of them before any text.
            if store.keys().is_some_and(|keys| keys.len() == questions) {
                keyed = keyed.or(Some(cut));
            } else {
                assert!(store.is_empty(), "text before the keys at {cut}");
            }
        }
        assert!(keyed.is_some_and(|cut| cut > bytes.len() / 4), "{keyed:?}");
    }

    /// Feeds `chunks` until the heads and index can be taken, and takes them.
    fn feed_until_searchable<'a>(
        reader: &mut BundleReader,
        chunks: &mut impl Iterator<Item = &'a [u8]>,
    ) -> (Corpus, Rc<Index>) {
        loop {
            let chunk = chunks.next().expect("the index comes before the end");
            assert_eq!(reader.feed(chunk), Ok(()));
            if let Some(taken) = reader.take_searchable() {
                return taken;
            }
        }
    }

    #[test]
    fn phrases_match_all_their_words_and_frequent_words_are_kept_once_the_positions_come() {
        let corpus = synthesize(300, 8);
        let bytes = bundle_of(&corpus);
        let built = Index::build(&corpus);
        let mut reader = BundleReader::new();
        let mut chunks = bytes.chunks(500);
        let (_, index) = feed_until_searchable(&mut reader, &mut chunks);
        assert!(
            index.positions().is_none(),
            "the positions come after the index"
        );
        let phrase = crate::index::parse_query("\"the department\"");
        let words = crate::index::parse_query("the department");
        let word = crate::index::parse_query("department");
        let search = |index: &Index, query| {
            index.search(query, &Default::default(), Default::default(), 0, 10)
        };
        // What is kept for a frequent word is made once the positions have come (after the
        // first search can run); until then its postings are read, to the same results.
        let term = index.term("department").expect("a frequent word");
        let built_term = built.term("department").expect("a frequent word");
        assert!(
            built.kept_word(built_term).is_some(),
            "a built index keeps them"
        );
        assert!(
            index.kept_word(term).is_none(),
            "made after the first search"
        );
        assert_eq!(search(&index, &word), search(&built, &word));
        let early = search(&index, &phrase);
        assert_eq!(early.total, search(&built, &words).total);
        assert_eq!(
            early.notes,
            vec![super::super::search::PHRASES_ARRIVING.to_string()]
        );
        // Made a few words at a time as the text arrives, then handed over whole.
        let mut making = 0;
        for chunk in chunks {
            assert_eq!(reader.feed(chunk), Ok(()));
            making += usize::from(index.positions().is_some() && index.kept.get().is_none());
        }
        assert!(making > 1, "made over {making} chunks");
        assert!(index.kept_word(term).is_some());
        assert_eq!(search(&index, &word), search(&built, &word));
        // The frequent prefixes' after the words', by the text's last bytes at the latest, each
        // ranked as the built index ranks it (its expansions as common ordered by their text,
        // which numbers the terms otherwise).
        let kept = index.kept_prefixes.get().expect("made as the text arrived");
        assert!(kept.len() > 1, "{kept:?}");
        for prefix in kept {
            let typed = crate::index::parse_query(&prefix.prefix);
            let search = |index: &Index| {
                index.search(
                    &typed,
                    &Default::default(),
                    crate::index::Sort::Relevance,
                    0,
                    10,
                )
            };
            assert_eq!(search(&index), search(&built), "{typed:?}");
        }
        let exact = search(&index, &phrase);
        assert_eq!(exact, search(&built, &phrase));
        assert!(exact.total < early.total && exact.notes.is_empty());
    }

    #[test]
    fn an_opened_index_grows_as_a_built_one_does() {
        let corpus = synthesize(120, 3);
        let (result, opened) = read(&bundle_of(&corpus), 4096);
        assert_eq!(result, Ok(()));
        let mut index = Rc::unwrap_or_clone(opened.index.expect("a whole bundle"));
        let mut more = corpus.clone();
        more.questions.extend(synthesize(20, 4).questions);
        index.extend(&more);
        let mut built = Index::build(&corpus);
        built.extend(&more);
        assert_eq!(contents(&index), contents(&built));
        for term in built.term_names.iter() {
            assert_eq!(found(&index, term), found(&built, term), "{term}");
        }
    }

    #[test]
    fn an_index_whose_positions_were_cut_grows_without_them() {
        let corpus = synthesize(120, 3);
        let bytes = bundle_of(&corpus);
        let mut reader = BundleReader::new();
        let (_, index) = feed_until_searchable(&mut reader, &mut bytes.chunks(200));
        // The bundle stops here, before the positions.
        drop(reader);
        let mut index = Rc::unwrap_or_clone(index);
        let mut more = corpus.clone();
        more.questions.extend(synthesize(20, 4).questions);
        index.extend(&more);
        assert!(index.positions().is_none());
        let records = more.questions.len() + more.press_releases.len();
        assert_eq!(index.len() as usize, records);
        let phrase = crate::index::parse_query("\"the department\"");
        let results = index.search(&phrase, &Default::default(), Default::default(), 0, 10);
        assert_eq!(
            results.notes,
            vec![super::super::search::PHRASES_ARRIVING.to_string()]
        );
        assert!(results.total > 0);
    }

    #[test]
    fn a_cut_bundle_gives_the_records_before_the_cut() {
        let corpus = synthesize(60, 5);
        let bytes = bundle_of(&corpus);
        let records = corpus.questions.len() + corpus.press_releases.len();
        let mut last = (0, false, usize::MAX);
        for cut in (0..bytes.len()).step_by(97) {
            let (result, opened) = read(&bytes[..cut], 1000);
            assert_eq!(result, Ok(()), "cut at {cut}");
            assert!(!opened.is_whole(), "a cut at {cut} opened whole");
            assert!(opened.shortfall().is_some(), "cut at {cut}");
            assert!(cut < 8 || opened.expected == records, "cut at {cut}");
            // Each later cut gives as much or more: records, then the index, then text.
            let now = (
                opened.records(),
                opened.index.is_some(),
                opened.without_text,
            );
            assert!(now.0 >= last.0 && now.1 >= last.1, "cut at {cut}");
            if now.1 && last.1 {
                assert!(now.2 <= last.2, "text went missing again at {cut}");
            }
            last = now;
            // What came is the records' beginning; the text that came is theirs.
            let read = &opened.corpus;
            let with_text = read.questions.len() + read.press_releases.len() - opened.without_text;
            for (i, q) in read.questions.iter().enumerate() {
                let whole = &corpus.questions[i];
                if i < with_text {
                    assert_eq!(q, whole, "cut at {cut}");
                } else {
                    assert_eq!((&q.id, &q.heading), (&whole.id, &whole.heading));
                    assert!(q.text.is_empty());
                }
            }
        }
        assert_eq!(last.0, records);
        assert!(last.1, "some cut fell inside the text");
    }

    #[test]
    fn what_is_not_a_bundle_says_so() {
        let (result, _) = read(b"{\"questions\": []}", 64);
        assert_eq!(
            result,
            Err(BundleError {
                at: 0,
                what: "not a pq-explorer bundle".into()
            })
        );
        let mut other_version = bundle_of(&Corpus::default());
        other_version[7] = MAGIC[7] - 1;
        let (result, _) = read(&other_version, 64);
        assert!(result.is_err_and(|e| e.is_other_version()));
        assert!(is_bundle(b"PQXB") && is_bundle(&MAGIC) && !is_bundle(b"{}") && !is_bundle(b""));
        // Bytes after the end frame.
        let mut longer = bundle_of(&Corpus::default());
        longer.extend_from_slice(&[b'E', 0, 0, 0, 0]);
        let (result, _) = read(&longer, 64);
        assert!(result.is_err_and(|e| e.what.contains("after the end")));
    }

    #[test]
    fn a_terms_order_out_of_order_twice_or_short_is_an_error() {
        let corpus = synthesize(20, 4);
        let bytes = bundle_of(&corpus);
        // The bundle with its order frame's terms changed by `damage`.
        let damaged = |damage: fn(&mut Vec<u32>)| {
            let mut out = bytes[..MAGIC.len()].to_vec();
            let mut at = MAGIC.len();
            while at < bytes.len() {
                let size = frame_size(&bytes[at..]).expect("a whole frame");
                let frame = &bytes[at..at + size];
                at += size;
                if frame[0] != b'O' {
                    out.extend_from_slice(frame);
                    continue;
                }
                let mut r = Reader::new(&frame[HEADER..]);
                let count = r.count().expect("a count");
                let mut order: Vec<u32> = (0..count).map(|_| r.u32().expect("a term")).collect();
                damage(&mut order);
                let mut w = Writer::default();
                w.varint(order.len() as u64);
                order.iter().for_each(|&t| w.varint(u64::from(t)));
                out.push(b'O');
                out.extend_from_slice(&(w.bytes.len() as u32).to_le_bytes());
                out.extend_from_slice(&w.bytes);
            }
            read(&out, 4096).0.map_err(|e| e.what)
        };
        let out_of_order = |e: &Result<(), String>| {
            e.as_ref()
                .is_err_and(|what| what.contains("out of the terms' order"))
        };
        assert!(out_of_order(&damaged(|sorted| sorted.swap(3, 4))));
        assert!(out_of_order(&damaged(|sorted| sorted[5] = sorted[4])));
        assert!(out_of_order(&damaged(|sorted| sorted[0] = u32::MAX)));
        let short = damaged(|sorted| {
            sorted.pop();
        });
        assert!(short.is_err_and(|what| what.contains("leaves terms out")));
        assert_eq!(damaged(|_| {}), Ok(()));
        // The writer numbers the terms by their order, so it refuses an index whose order
        // leaves a term out.
        let mut unfinished = Index::build(&corpus);
        unfinished.sorted_terms.pop();
        let written = write_bundle(&corpus, &unfinished, &mut Vec::new());
        assert!(written.is_err_and(|e| e.kind() == std::io::ErrorKind::InvalidInput));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod damage {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Damage anywhere is an error or a bundle that checks out, never a panic; the records
            /// before the damage are kept.
            #[test]
            fn damaged_bundles_never_panic(
                flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
                chunk in 1usize..5000,
            ) {
                let corpus = synthesize(30, 11);
                let mut bytes = bundle_of(&corpus);
                for (at, value) in flips {
                    let i = at.index(bytes.len());
                    bytes[i] = value;
                }
                let (_, opened) = read(&bytes, chunk);
                if let Some(index) = opened.index {
                    // It checked out: every list is within the documents and ascending.
                    for list in (0..index.lists.len()).map(|l| index.lists.get(l)) {
                        let docs: Vec<u32> = list.docs().collect();
                        prop_assert!(docs.windows(2).all(|w| w[0] < w[1]));
                        prop_assert!(docs.iter().all(|&d| d < index.len()));
                    }
                }
            }
        }
    }
}
