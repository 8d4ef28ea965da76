//! Records' text kept compressed, read a block at a time: how a corpus opened from its bundle
//! holds the text of its records in well under their size. Only the rows on screen and the
//! record being read need their text, so the rest can stay compressed.
//!
//! The text of consecutive records (a question's text and answer paragraphs, a press release's
//! paragraphs and quotes; questions first, then press releases, as the index numbers them) is
//! packed (`corpus::pack`) into blocks of about `BLOCK_BYTES`, each compressed on its own (zlib:
//! deflate with a checksum), so reading one record costs decompressing one small block. The
//! blocks read last are kept decompressed, so drawing the same rows again costs nothing.
//!
//! Invariants: `firsts` ascends strictly from 0, `firsts[b]` being block `b`'s first record;
//! block `b` holds the records up to the next block's first (the last block, up to `len`);
//! `len <= records`; `answered` has one entry per question. A block is checked when it is first
//! read (its checksum, its length and every record in it, answer paragraphs only for answered
//! questions) and one that fails never panics: its records read as damaged, with the byte of the
//! file where the block starts.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use super::merge::QuestionKey;
use super::model::{Corpus, PressRelease, Question, Quote};
use super::pack::{DecodeError, Pack, Reader, Writer};
use super::words::{Vocabulary, WordCoder, MAX_WORD};

/// A block is closed once its packed text passes this size. Small, so that a row's text costs
/// microseconds to decompress; large enough that compression finds the text's repetitions
/// (8 KB blocks compress the synthetic corpus's text 2.2 times, 4 KB ones 2.1, 32 KB 2.5).
pub const BLOCK_BYTES: usize = 8 << 10;

/// Deflate's level: the bundle is written once and read many times.
const LEVEL: u8 = 6;

/// Decompressed blocks kept for reading again: a screenful of rows and the record open.
const CACHED_BLOCKS: usize = 32;

/// Records read with their text, wherever it is kept: in the records themselves (a `Corpus`),
/// or compressed beside their heads (the app's corpus from a bundle).
pub trait Records {
    /// Question `i` with its text (its head alone when its text is not here).
    fn question(&self, i: usize) -> Option<Cow<'_, Question>>;
    /// Press release `i` with its text (its head alone when its text is not here).
    fn press_release(&self, i: usize) -> Option<Cow<'_, PressRelease>>;
    /// How many questions and press releases there are.
    fn counts(&self) -> (usize, usize);
}

impl Records for Corpus {
    fn question(&self, i: usize) -> Option<Cow<'_, Question>> {
        self.questions.get(i).map(Cow::Borrowed)
    }

    fn press_release(&self, i: usize) -> Option<Cow<'_, PressRelease>> {
        self.press_releases.get(i).map(Cow::Borrowed)
    }

    fn counts(&self) -> (usize, usize) {
        (self.questions.len(), self.press_releases.len())
    }
}

/// Where the text of a corpus opened from a bundle is: the bundle's records keep theirs in the
/// store, records added since (imports) hold their own, and so does a bundle's record an import
/// changed (a repeat merged into it), which is taken out of the store's keeping. Cloning shares
/// the store.
///
/// Invariant: a record numbered within the store's counts (its questions, then its press
/// releases) is kept unless `own` lists it (by its number in the store's order); every other
/// record holds its own text.
#[derive(Debug, Clone)]
pub struct KeptText {
    store: Rc<TextStore>,
    own: Rc<BTreeSet<usize>>,
    /// The questions whose heads changed where their keys are made from (a members file named
    /// their asker), one bit each by number: their keys are made again, from their text where
    /// it is kept, not taken from the store's.
    renamed: Rc<Vec<u64>>,
}

impl KeptText {
    pub fn new(store: Rc<TextStore>) -> Self {
        KeptText {
            store,
            own: Rc::default(),
            renamed: Rc::default(),
        }
    }

    pub fn store(&self) -> &TextStore {
        &self.store
    }

    /// The store, when it holds the text of every record of a corpus of `records` records: all
    /// of it came, and no record holds its own.
    pub fn whole_store(&self, records: usize) -> Option<&TextStore> {
        let store = &*self.store;
        let whole = self.own.is_empty() && store.len() == records && store.records == records;
        whole.then_some(store)
    }

    /// The store's number of question `i`, if it keeps that question's text (whether that text
    /// has come or not).
    fn kept_question(&self, i: usize) -> Option<usize> {
        (i < self.store.questions && !self.own.contains(&i)).then_some(i)
    }

    /// The store's number of press release `i`, if it keeps that press release's text.
    fn kept_press_release(&self, i: usize) -> Option<usize> {
        let record = self.store.questions.checked_add(i)?;
        (record < self.store.records && !self.own.contains(&record)).then_some(record)
    }

    /// Whether the store keeps question `i`'s text (the text may not have come: see `question`).
    pub fn keeps_question(&self, i: usize) -> bool {
        self.kept_question(i).is_some()
    }

    /// Whether the store keeps press release `i`'s text.
    pub fn keeps_press_release(&self, i: usize) -> bool {
        self.kept_press_release(i).is_some()
    }

    /// Question `i`'s text from the store: `None` when it is not kept there or has not come.
    pub fn question(&self, i: usize) -> Option<Result<RecordText, DecodeError>> {
        self.store.read(self.kept_question(i)?)
    }

    /// Press release `i`'s text from the store, as `question`.
    pub fn press_release(&self, i: usize) -> Option<Result<RecordText, DecodeError>> {
        self.store.read(self.kept_press_release(i)?)
    }

    /// Whether question `i`'s text reads, without copying it (`None` as for `question`).
    pub fn check_question(&self, i: usize) -> Option<Result<(), DecodeError>> {
        self.store.check(self.kept_question(i)?)
    }

    /// Whether press release `i`'s text reads (`None` as for `press_release`).
    pub fn check_press_release(&self, i: usize) -> Option<Result<(), DecodeError>> {
        self.store.check(self.kept_press_release(i)?)
    }

    /// Question `i`'s keys as the store came with them (a bundle's), while its text is kept
    /// and came.
    pub fn made_key(&self, i: usize) -> Option<QuestionKey> {
        let record = self.kept_question(i).filter(|&r| r < self.store.len())?;
        let renamed = self
            .renamed
            .get(i / 64)
            .is_some_and(|bits| bits >> (i % 64) & 1 == 1);
        if renamed {
            return None;
        }
        self.store.keys()?.get(record).copied()
    }

    /// Says question `i`'s asker was named (`members::name_members`): its text stays kept, and
    /// its keys are made again from it and the name (`made_key` no longer gives the store's).
    pub fn renamed_question(&mut self, i: usize) {
        let bits = Rc::make_mut(&mut self.renamed);
        if bits.len() <= i / 64 {
            bits.resize(i / 64 + 1, 0);
        }
        bits[i / 64] |= 1 << (i % 64);
    }

    /// Gives question `i` (its head) its text from the store, which keeps it no longer: the
    /// question holds its own from here on (it is about to change). A text that has not come or
    /// does not read leaves the head as it is.
    pub fn take_question(&mut self, q: &mut Question, i: usize) {
        if let Some(record) = self.kept_question(i) {
            if let Some(Ok(text)) = self.store.read(record) {
                text.fill_question(q);
            }
            Rc::make_mut(&mut self.own).insert(record);
        }
    }

    /// `take_question` for press release `i`.
    pub fn take_press_release(&mut self, p: &mut PressRelease, i: usize) {
        if let Some(record) = self.kept_press_release(i) {
            if let Some(Ok(text)) = self.store.read(record) {
                text.fill_press_release(p);
            }
            Rc::make_mut(&mut self.own).insert(record);
        }
    }
}

/// Records as heads whose text is kept (`kept`) or in the records themselves.
#[derive(Debug, Clone, Copy)]
pub struct WithKept<'a> {
    pub questions: &'a [Question],
    pub press_releases: &'a [PressRelease],
    pub kept: Option<&'a KeptText>,
}

impl<'a> WithKept<'a> {
    pub fn new(corpus: &'a Corpus, kept: Option<&'a KeptText>) -> Self {
        WithKept {
            questions: &corpus.questions,
            press_releases: &corpus.press_releases,
            kept,
        }
    }
}

impl<'a> WithKept<'a> {
    /// Question `i` with its text (its head alone when its text is not here).
    pub fn question(self, i: usize) -> Option<Cow<'a, Question>> {
        let text = self.kept.and_then(|kept| kept.question(i));
        Some(filled(
            self.questions.get(i)?,
            text,
            RecordText::fill_question,
        ))
    }

    /// Press release `i` with its text (its head alone when its text is not here).
    pub fn press_release(self, i: usize) -> Option<Cow<'a, PressRelease>> {
        let text = self.kept.and_then(|kept| kept.press_release(i));
        Some(filled(
            self.press_releases.get(i)?,
            text,
            RecordText::fill_press_release,
        ))
    }
}

/// `head` with `text` put in (`fill`) when it reads, else `head` itself.
fn filled<'a, T: Clone>(
    head: &'a T,
    text: Option<Result<RecordText, DecodeError>>,
    fill: fn(RecordText, &mut T),
) -> Cow<'a, T> {
    match text {
        Some(Ok(text)) => {
            let mut record = head.clone();
            fill(text, &mut record);
            Cow::Owned(record)
        }
        _ => Cow::Borrowed(head),
    }
}

impl Records for WithKept<'_> {
    fn question(&self, i: usize) -> Option<Cow<'_, Question>> {
        WithKept::question(*self, i)
    }

    fn press_release(&self, i: usize) -> Option<Cow<'_, PressRelease>> {
        WithKept::press_release(*self, i)
    }

    fn counts(&self) -> (usize, usize) {
        (self.questions.len(), self.press_releases.len())
    }
}

/// One record's text: all a record's head lacks.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordText {
    Question {
        text: String,
        /// The answer's paragraphs (none for an unanswered question).
        paragraphs: Vec<String>,
    },
    PressRelease {
        paragraphs: Vec<String>,
        quotes: Vec<Quote>,
    },
}

impl RecordText {
    /// Puts the text into the question `q` (its head). A store gives a question's text only for
    /// a question, and answer paragraphs only for a question with an answer.
    pub fn fill_question(self, q: &mut Question) {
        if let RecordText::Question { text, paragraphs } = self {
            q.text = text;
            if let Some(answer) = &mut q.answer {
                answer.paragraphs = paragraphs;
            }
        }
    }

    /// Puts the text into the press release `p` (its head).
    pub fn fill_press_release(self, p: &mut PressRelease) {
        if let RecordText::PressRelease { paragraphs, quotes } = self {
            p.paragraphs = paragraphs;
            p.quotes = quotes;
        }
    }
}

/// A block as written and stored: how many records it holds, their packed length, the
/// compressed bytes, and where it starts in its file (for messages about damage).
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub records: u32,
    pub packed_len: u32,
    pub bytes: Box<[u8]>,
    pub at: u64,
}

/// Packs records' text into blocks, in order, compressed with deflate (a bundle's) or coded as
/// numbered words (`words`: a corpus read from JSON, coded as fast as it is read).
#[derive(Debug, Default)]
pub struct BlockWriter {
    packed: Writer,
    records: u32,
    words: Option<WordCoder>,
}

impl BlockWriter {
    /// A writer that codes blocks as numbered words (`TextStore::with_vocabulary` reads them).
    pub fn with_words() -> Self {
        BlockWriter {
            words: Some(WordCoder::default()),
            ..BlockWriter::default()
        }
    }

    /// Adds a question's text; gives the block it closes, if it closes one.
    pub fn question(&mut self, q: &Question) -> Option<Block> {
        self.packed.str(&q.text);
        match &q.answer {
            Some(answer) => answer.paragraphs.pack(&mut self.packed),
            None => self.packed.varint(0),
        }
        self.added()
    }

    /// Adds a press release's text; gives the block it closes, if it closes one.
    pub fn press_release(&mut self, p: &PressRelease) -> Option<Block> {
        p.paragraphs.pack(&mut self.packed);
        p.quotes.pack(&mut self.packed);
        self.added()
    }

    /// The last block, if any record is waiting.
    pub fn finish(mut self) -> Option<Block> {
        self.take_last()
    }

    /// The block of the records waiting, if any; the writer goes on with the next.
    pub fn take_last(&mut self) -> Option<Block> {
        (self.records > 0).then(|| self.close())
    }

    /// The vocabulary of the words coded so far (for a writer `with_words`).
    pub fn into_vocabulary(self) -> Option<Vocabulary> {
        self.words.map(WordCoder::into_vocabulary)
    }

    fn added(&mut self) -> Option<Block> {
        self.records += 1;
        (self.packed.bytes.len() >= BLOCK_BYTES).then(|| self.close())
    }

    fn close(&mut self) -> Block {
        let packed = &self.packed.bytes;
        let bytes = match &mut self.words {
            Some(coder) => {
                let mut coded = Vec::with_capacity(packed.len() / 2);
                coder.encode(packed, &mut coded);
                coded
            }
            None => miniz_oxide::deflate::compress_to_vec_zlib(packed, LEVEL),
        };
        let block = Block {
            records: std::mem::take(&mut self.records),
            // A record's text over 4 GB never reaches here: a bundle's frames are under 4 GB.
            packed_len: u32::try_from(packed.len()).unwrap_or(u32::MAX),
            bytes: bytes.into_boxed_slice(),
            at: 0,
        };
        // The packed bytes' room serves the next block.
        self.packed.bytes.clear();
        block
    }
}

/// Records' text moved into a store as soon as they are indexed, coded as numbered words: how
/// a corpus read from JSON holds its text in about a third of its size (deflate would take
/// seconds in the tab), the text of each record let go as it is coded, so the whole text is
/// never held at once. Records are taken in the index's order: questions, then press releases.
///
/// Invariant: the text of the first `kept` records in that order is in `blocks` and `writer`
/// (or, `letting_go`, nowhere here: another keeper keeps it), their heads holding none;
/// `answered` says, for each question among them, whether it has an answer.
#[derive(Debug)]
pub struct TextKeeping {
    /// `None` when letting go.
    writer: Option<BlockWriter>,
    blocks: Vec<Block>,
    answered: Vec<bool>,
    kept: usize,
}

impl Default for TextKeeping {
    fn default() -> Self {
        TextKeeping {
            writer: Some(BlockWriter::with_words()),
            blocks: Vec::new(),
            answered: Vec::new(),
            kept: 0,
        }
    }
}

impl TextKeeping {
    /// A keeping that lets the records' text go without keeping it: another keeper of the same
    /// file keeps it, and hands it over at the end (`TextKeeping::finish_with`).
    pub fn letting_go() -> Self {
        TextKeeping {
            writer: None,
            ..TextKeeping::default()
        }
    }

    /// For each question kept, whether it has an answer.
    pub fn answered(&self) -> &[bool] {
        &self.answered
    }

    /// How many records' text is kept: the first ones.
    pub fn kept(&self) -> usize {
        self.kept
    }

    /// Moves the text of `corpus`'s records, up to the first `upto`, into the store. Press
    /// releases are numbered after every question, so take one only once the questions are
    /// all there (as the index takes them).
    pub fn keep(&mut self, corpus: &mut Corpus, upto: usize) {
        let questions = corpus.questions.len();
        while self.kept < upto {
            let record = self.kept;
            let block = match corpus.questions.get_mut(record) {
                Some(q) => {
                    self.answered.push(q.answer.is_some());
                    let block = self.writer.as_mut().and_then(|w| w.question(q));
                    q.text = String::new();
                    if let Some(answer) = &mut q.answer {
                        answer.paragraphs = Vec::new();
                    }
                    block
                }
                None => match corpus.press_releases.get_mut(record - questions) {
                    Some(p) => {
                        let block = self.writer.as_mut().and_then(|w| w.press_release(p));
                        (p.paragraphs, p.quotes) = (Vec::new(), Vec::new());
                        block
                    }
                    None => break,
                },
            };
            self.blocks.extend(block);
            self.kept += 1;
        }
    }

    /// The store of every record's text, the rest of `corpus`'s moved in first. (A keeping
    /// `letting_go` keeps none: its store says no record's text is here; such a keeping ends
    /// with `finish_with` and the store its other keeper kept.)
    pub fn finish(mut self, corpus: &mut Corpus) -> TextStore {
        let records = corpus.questions.len() + corpus.press_releases.len();
        self.keep(corpus, records);
        let mut writer = self.writer.unwrap_or_else(BlockWriter::with_words);
        self.blocks.extend(writer.take_last());
        let vocabulary = writer.into_vocabulary().unwrap_or_default();
        let mut store = TextStore::new(self.answered, records).with_vocabulary(vocabulary);
        for block in self.blocks {
            // Never refused: the blocks hold `records` records between them, none empty.
            let _ = store.push(block);
        }
        store
    }
}

/// A block's records' text, or why it could not be read.
type Decoded = Rc<Result<Vec<RecordText>, DecodeError>>;

/// The compressed text of a corpus's first `len` records (of `records`, of which the first
/// `questions` are questions; `answered[i]` says whether question `i` has an answer).
#[derive(Debug, Default)]
pub struct TextStore {
    questions: usize,
    records: usize,
    answered: Vec<bool>,
    blocks: Vec<Block>,
    firsts: Vec<u32>,
    len: usize,
    /// Blocks read lately, the latest last.
    cache: RefCell<Vec<(usize, Decoded)>>,
    /// The first questions' keys, made when the text was compressed (a bundle carries them).
    keys: Vec<QuestionKey>,
    /// With blocks coded as numbered words (`BlockWriter::with_words`), their words; without,
    /// the blocks are deflated.
    words: Option<Vocabulary>,
}

impl TextStore {
    /// An empty store for the text of `records` records, the first of them the questions that
    /// `answered` says, question by question, have an answer or not.
    pub fn new(answered: Vec<bool>, records: usize) -> Self {
        TextStore {
            questions: answered.len(),
            records: records.max(answered.len()),
            answered,
            ..TextStore::default()
        }
    }

    /// The store of blocks coded with `vocabulary`'s words (`BlockWriter::with_words`).
    pub fn with_vocabulary(mut self, vocabulary: Vocabulary) -> Self {
        self.words = Some(vocabulary);
        self
    }

    /// Adds the next block; an empty block or one with more records than are left is refused.
    pub fn push(&mut self, block: Block) -> Result<(), String> {
        let records = block.records as usize;
        if records == 0 {
            return Err("a block of text with no records".into());
        }
        if self.len + records > self.records {
            return Err(format!(
                "the text of more records than the {} there are",
                self.records
            ));
        }
        self.firsts.push(self.len as u32);
        self.blocks.push(block);
        self.len += records;
        Ok(())
    }

    /// Adds the next question's keys (`QuestionKey::of_question` of it, with its text); refused
    /// past the last question.
    pub fn push_key(&mut self, key: QuestionKey) -> Result<(), String> {
        if self.keys.len() == self.questions {
            return Err(format!(
                "the keys of more questions than the {} there are",
                self.questions
            ));
        }
        if self.keys.is_empty() {
            // Room for them all at once (not twice their size as the vector grows); without
            // it they are read all the same, growing.
            let _ = self.keys.try_reserve_exact(self.questions);
        }
        self.keys.push(key);
        Ok(())
    }

    /// How many questions' keys have come.
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// Adds the next word the blocks are coded with (`Vocabulary::push`): refused unless it is
    /// 1 to `MAX_WORD` lowercase ASCII letters, or once a block has come.
    pub fn push_word(&mut self, word: &[u8]) -> Result<(), String> {
        if !self.blocks.is_empty() {
            return Err("a word of the text after its first block".into());
        }
        if word.is_empty() || word.len() > MAX_WORD || !word.iter().all(u8::is_ascii_lowercase) {
            return Err(format!(
                "a word of the text that is not 1 to {MAX_WORD} lowercase letters"
            ));
        }
        self.words
            .get_or_insert_with(Vocabulary::default)
            .push(word);
        Ok(())
    }

    /// Every question's keys, when they all came.
    pub fn keys(&self) -> Option<&[QuestionKey]> {
        (self.keys.len() == self.questions).then_some(self.keys.as_slice())
    }

    /// For each question, whether it has an answer.
    pub fn answered(&self) -> &[bool] {
        &self.answered
    }

    /// The words the blocks are coded with, when they are coded as numbered words.
    pub fn vocabulary(&self) -> Option<&Vocabulary> {
        self.words.as_ref()
    }

    /// The blocks of text, in order.
    pub fn block_list(&self) -> &[Block] {
        &self.blocks
    }

    /// How many records' text is here: the first ones.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many records there are in all, whether their text is here or not.
    pub fn records(&self) -> usize {
        self.records
    }

    /// How many of the records are questions (the first ones).
    pub fn questions(&self) -> usize {
        self.questions
    }

    /// The text of question `i`, if it is here.
    pub fn question(&self, i: usize) -> Option<Result<RecordText, DecodeError>> {
        (i < self.questions).then(|| self.read(i))?
    }

    /// The text of press release `i`, if it is here.
    pub fn press_release(&self, i: usize) -> Option<Result<RecordText, DecodeError>> {
        self.read(self.questions.checked_add(i)?)
    }

    /// Whether the text of question `i` reads (`None` when it is not here), without copying it.
    pub fn check_question(&self, i: usize) -> Option<Result<(), DecodeError>> {
        (i < self.questions).then(|| self.check(i))?
    }

    /// Whether the text of press release `i` reads (`None` when it is not here).
    pub fn check_press_release(&self, i: usize) -> Option<Result<(), DecodeError>> {
        self.check(self.questions.checked_add(i)?)
    }

    fn check(&self, record: usize) -> Option<Result<(), DecodeError>> {
        let (_, decoded) = self.block_of(record)?;
        Some(match &*decoded {
            Ok(_) => Ok(()),
            Err(e) => Err(e.clone()),
        })
    }

    /// The text of record `record`, if it is here.
    fn read(&self, record: usize) -> Option<Result<RecordText, DecodeError>> {
        let (k, decoded) = self.block_of(record)?;
        Some(match &*decoded {
            // Decoding made one text per record of the block.
            Ok(texts) => Ok(texts[k].clone()),
            Err(e) => Err(e.clone()),
        })
    }

    /// The decoded block that holds `record`, and the record's place in it.
    fn block_of(&self, record: usize) -> Option<(usize, Decoded)> {
        if record >= self.len {
            return None;
        }
        let b = self
            .firsts
            .partition_point(|&first| first as usize <= record)
            - 1;
        Some((record - self.firsts[b] as usize, self.block(b)))
    }

    /// Puts each text that reads into its record (`corpus` holding the heads, in the store's
    /// order), decompressing it all. Returns how many questions and press releases have their
    /// text before the first damaged block (the first ones of each), and that block's damage.
    pub fn attach(&self, corpus: &mut Corpus) -> (usize, usize, Option<DecodeError>) {
        let mut attached = (0, 0, None);
        self.for_each(|record, text| {
            let before_damage = attached.2.is_none();
            match text {
                Err(e) if before_damage => attached.2 = Some(e.clone()),
                Err(_) => {}
                Ok(text) if record < self.questions => {
                    if let Some(head) = corpus.questions.get_mut(record) {
                        text.fill_question(head);
                        attached.0 += usize::from(before_damage);
                    }
                }
                Ok(text) => {
                    if let Some(head) = corpus.press_releases.get_mut(record - self.questions) {
                        text.fill_press_release(head);
                        attached.1 += usize::from(before_damage);
                    }
                }
            }
        });
        attached
    }

    /// Every record's text, in order, each block decompressed once (and not kept).
    pub fn for_each(&self, f: impl FnMut(usize, Result<RecordText, &DecodeError>)) {
        self.for_each_in(0..self.blocks.len(), f);
    }

    /// How many blocks hold the text.
    pub fn blocks(&self) -> usize {
        self.blocks.len()
    }

    /// `for_each` of the records of blocks `blocks` (of `self.blocks()`).
    pub fn for_each_in(
        &self,
        blocks: std::ops::Range<usize>,
        mut f: impl FnMut(usize, Result<RecordText, &DecodeError>),
    ) {
        for b in blocks.start..blocks.end.min(self.blocks.len()) {
            let first = self.firsts[b] as usize;
            match self.decode(b) {
                Ok(texts) => texts
                    .into_iter()
                    .enumerate()
                    .for_each(|(k, text)| f(first + k, Ok(text))),
                Err(e) => (first..self.block_end(b)).for_each(|record| f(record, Err(&e))),
            }
        }
    }

    fn block_end(&self, b: usize) -> usize {
        self.firsts.get(b + 1).map_or(self.len, |&f| f as usize)
    }

    /// Block `b`'s records, from the cache or decompressed into it.
    fn block(&self, b: usize) -> Decoded {
        let mut cache = self.cache.borrow_mut();
        if let Some(k) = cache.iter().position(|(cached, _)| *cached == b) {
            let entry = cache.remove(k);
            let decoded = entry.1.clone();
            cache.push(entry);
            return decoded;
        }
        let decoded = Rc::new(self.decode(b));
        if cache.len() == CACHED_BLOCKS {
            cache.remove(0);
        }
        cache.push((b, decoded.clone()));
        decoded
    }

    fn damage(&self, b: usize, what: String) -> DecodeError {
        let at = self.blocks.get(b).map_or(0, |block| block.at);
        DecodeError {
            at: usize::try_from(at).unwrap_or(usize::MAX),
            what: format!(
                "the text of records {} to {}: {what}",
                self.firsts[b] + 1,
                self.block_end(b)
            ),
        }
    }

    /// Decompresses and reads block `b`, checking it all.
    fn decode(&self, b: usize) -> Result<Vec<RecordText>, DecodeError> {
        let block = &self.blocks[b];
        let limit = block.packed_len as usize;
        let packed = match &self.words {
            Some(words) => {
                let mut packed = Vec::with_capacity(limit);
                words.decode(&block.bytes, &mut packed).map_err(|e| {
                    self.damage(b, format!("{} (byte {} of its words)", e.what, e.at))
                })?;
                packed
            }
            None => miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&block.bytes, limit)
                .map_err(|e| self.damage(b, format!("it does not decompress ({:?})", e.status)))?,
        };
        if packed.len() != limit {
            return Err(self.damage(b, format!("{} bytes where {limit} belong", packed.len())));
        }
        let mut r = Reader::new(&packed);
        let texts = (self.firsts[b] as usize..self.block_end(b))
            .map(|record| {
                Ok(if record < self.questions {
                    let text = String::unpack(&mut r)?;
                    let at = r.offset();
                    let paragraphs: Vec<String> = Vec::unpack(&mut r)?;
                    if !paragraphs.is_empty() && !self.answered[record] {
                        return Err(r.error_at(
                            at,
                            format!(
                                "answer paragraphs for question {}, which has no answer",
                                record + 1
                            ),
                        ));
                    }
                    RecordText::Question { text, paragraphs }
                } else {
                    RecordText::PressRelease {
                        paragraphs: Vec::unpack(&mut r)?,
                        quotes: Vec::unpack(&mut r)?,
                    }
                })
            })
            .collect::<Result<Vec<_>, DecodeError>>()
            .map_err(|e| self.damage(b, format!("{} (byte {} of the block)", e.what, e.at)))?;
        match r.is_done() {
            true => Ok(texts),
            false => Err(self.damage(b, "more bytes than its records".into())),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::corpus::synthesize;

    /// `corpus` as a bundle's reader gives it: the records' heads, their text kept in a store.
    pub(crate) fn kept_apart(corpus: &Corpus) -> (Corpus, KeptText) {
        let mut heads = corpus.clone();
        for q in &mut heads.questions {
            q.text.clear();
            if let Some(answer) = &mut q.answer {
                answer.paragraphs.clear();
            }
        }
        for p in &mut heads.press_releases {
            p.paragraphs.clear();
            p.quotes.clear();
        }
        (heads, KeptText::new(Rc::new(store_of(corpus))))
    }

    /// `kept_apart`, the store coming with every question's keys, as a bundle's does.
    pub(crate) fn kept_apart_with_keys(corpus: &Corpus) -> (Corpus, KeptText) {
        let (heads, _) = kept_apart(corpus);
        let mut store = store_of(corpus);
        for q in &corpus.questions {
            assert_eq!(store.push_key(QuestionKey::of_question(q)), Ok(()));
        }
        assert!(store.keys().is_some());
        assert!(store
            .push_key(QuestionKey::of_question(&corpus.questions[0]))
            .is_err());
        (heads, KeptText::new(Rc::new(store)))
    }

    /// The store of `corpus`'s text, as a bundle writes and reads it.
    fn store_of(corpus: &Corpus) -> TextStore {
        let records = corpus.questions.len() + corpus.press_releases.len();
        let answered = corpus
            .questions
            .iter()
            .map(|q| q.answer.is_some())
            .collect();
        let mut store = TextStore::new(answered, records);
        let mut writer = BlockWriter::default();
        let mut blocks = Vec::new();
        blocks.extend(corpus.questions.iter().filter_map(|q| writer.question(q)));
        blocks.extend(
            corpus
                .press_releases
                .iter()
                .filter_map(|p| writer.press_release(p)),
        );
        blocks.extend(writer.finish());
        for block in blocks {
            assert_eq!(store.push(block), Ok(()));
        }
        store
    }

    #[test]
    fn every_record_reads_back_in_any_order() {
        let corpus = synthesize(200, 7);
        let store = store_of(&corpus);
        assert_eq!(store.len(), 200);
        assert!(store.blocks.len() > 10, "{} blocks", store.blocks.len());
        let raw: usize = corpus
            .questions
            .iter()
            .map(|q| {
                q.text.len()
                    + q.answer
                        .iter()
                        .flat_map(|a| &a.paragraphs)
                        .map(String::len)
                        .sum::<usize>()
            })
            .sum();
        assert!(
            store.blocks.iter().map(|b| b.bytes.len()).sum::<usize>() * 3 < raw * 2,
            "compressed less than a third"
        );
        // Backwards, so that the cache is passed through and filled out of order.
        for (i, whole) in corpus.questions.iter().enumerate().rev() {
            let mut q = Question {
                text: String::new(),
                ..whole.clone()
            };
            if let Some(a) = &mut q.answer {
                a.paragraphs.clear();
            }
            let text = store.question(i).expect("here").expect("not damaged");
            text.fill_question(&mut q);
            assert_eq!(&q, whole);
        }
        for (i, whole) in corpus.press_releases.iter().enumerate() {
            let mut p = PressRelease {
                paragraphs: Vec::new(),
                quotes: Vec::new(),
                ..whole.clone()
            };
            let text = store.press_release(i).expect("here").expect("not damaged");
            text.fill_press_release(&mut p);
            assert_eq!(&p, whole);
        }
        assert!(store.press_release(corpus.press_releases.len()).is_none());
        assert!(store.question(corpus.questions.len()).is_none());
        let mut seen = 0;
        store.for_each(|record, text| {
            assert_eq!((record, text.is_ok()), (seen, true));
            seen += 1;
        });
        assert_eq!(seen, 200);
    }

    #[test]
    fn a_damaged_block_reads_as_damaged_and_its_neighbours_do_not() {
        let corpus = synthesize(100, 3);
        let mut store = store_of(&corpus);
        let b = 2;
        store.blocks[b].at = 4321;
        let middle = store.blocks[b].bytes.len() / 2;
        store.blocks[b].bytes[middle] ^= 0x55;
        let first = store.firsts[b] as usize;
        let damaged = store.read(first).expect("here");
        let e = damaged.expect_err("the checksum catches it");
        assert_eq!(e.at, 4321);
        assert!(e.what.contains("the text of records"), "{}", e.what);
        assert_eq!(store.check(first), Some(Err(e.clone())));
        // Attaching counts the records before the damage, and fills every one that reads.
        let mut heads = corpus.clone();
        heads.questions.iter_mut().for_each(|q| q.text.clear());
        let (questions, _, damage) = store.attach(&mut heads);
        assert_eq!((questions, damage), (first, Some(e)));
        let after = store.block_end(b);
        assert_eq!(heads.questions[after], corpus.questions[after]);
        assert!(heads.questions[first].text.is_empty());
        assert!(store.read(first - 1).expect("here").is_ok());
        assert!(store.read(store.block_end(b)).expect("here").is_ok());
        // Answer paragraphs for a question without an answer are damage too.
        let answered = store
            .answered
            .iter()
            .position(|&a| a)
            .expect("an answered question");
        store.answered[answered] = false;
        store.cache.borrow_mut().clear();
        let e = store.read(answered).expect("here").expect_err("checked");
        assert!(e.what.contains("which has no answer"), "{}", e.what);
    }

    #[test]
    fn text_kept_as_it_is_indexed_reads_back_whole() {
        let corpus = synthesize(300, 11);
        let mut heads = corpus.clone();
        let mut keeping = TextKeeping::default();
        // As records are indexed: some questions, then the rest (in the store's order).
        keeping.keep(&mut heads, 40);
        assert_eq!(keeping.kept(), 40);
        assert!(heads.questions[39].text.is_empty());
        assert_eq!(heads.questions[40], corpus.questions[40]);
        keeping.keep(&mut heads, 10);
        assert_eq!(keeping.kept(), 40, "what is kept stays kept");
        let store = keeping.finish(&mut heads);
        assert!(heads.questions.iter().all(|q| q.text.is_empty()));
        assert!(heads.press_releases.iter().all(|p| p.paragraphs.is_empty()));
        assert_eq!((store.len(), store.records()), (300, 300));
        let coded: usize = store.blocks.iter().map(|b| b.bytes.len()).sum();
        let packed: usize = store.blocks.iter().map(|b| b.packed_len as usize).sum();
        assert!(
            coded * 2 < packed,
            "{coded} bytes coded for {packed} packed"
        );
        let kept = KeptText::new(Rc::new(store));
        let records = WithKept::new(&heads, Some(&kept));
        for (i, whole) in corpus.questions.iter().enumerate().rev() {
            assert_eq!(records.question(i).as_deref(), Some(whole));
        }
        for (i, whole) in corpus.press_releases.iter().enumerate() {
            assert_eq!(records.press_release(i).as_deref(), Some(whole));
        }
    }

    #[test]
    fn a_damaged_block_of_words_reads_as_damaged() {
        let mut heads = synthesize(50, 5);
        let mut store = TextKeeping::default().finish(&mut heads);
        let last = store.blocks.len() - 1;
        store.blocks[last].bytes = Box::new([0b111]);
        let first = store.firsts[last] as usize;
        let e = store.read(first).expect("here").expect_err("damaged");
        assert!(e.what.contains("an item of no known kind"), "{}", e.what);
        assert!(store.read(first - 1).expect("here").is_ok());
    }

    #[test]
    fn blocks_are_refused_beyond_the_records() {
        let mut store = TextStore::new(vec![true], 2);
        let block = |records| Block {
            records,
            packed_len: 0,
            bytes: Box::new([]),
            at: 0,
        };
        assert!(store.push(block(0)).is_err());
        assert!(store.push(block(3)).is_err());
        assert_eq!(store.push(block(2)), Ok(()));
        assert_eq!(store.len(), 2);
        // Its bytes are not zlib: reading says so rather than panicking.
        assert!(store.question(0).expect("here").is_err());
        assert!(store.press_release(0).expect("here").is_err());
    }
}
