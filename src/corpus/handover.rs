//! Corpus JSON's text kept by a second reader of the same file, and handed over: how the page
//! gives the coding of the records' text (a fifth of opening a large JSON) to a worker on
//! another core while its own thread indexes.
//!
//! The worker reads the bytes the page reads, in the same order, with the same `JsonReader`, so
//! its records are the page's, numbered alike (questions, then press releases); it keeps their
//! text coded as numbered words (`TextKeeping`) and hands the store over as two parts: a head
//! (which records are answered questions, the words, each block's size) and a body (the blocks'
//! bytes one after another), so the page copies each block out of the body once.
//!
//! Invariants: `receive` of `write_head(store)`, taking the blocks from its body, gives a store
//! that reads every record as `store` does. Reading a head never panics and never
//! allocates more than its bytes could describe: a bad byte is a `DecodeError` at its offset.

use super::model::Corpus;
use super::pack::{push_varint, DecodeError, Reader};
use super::store::{Block, TextKeeping, TextStore};
use super::stream::{JsonRead, JsonReader};
use super::words::{Vocabulary, MAX_WORD};

/// The first bytes of a head: what it is, and its version.
const MAGIC: &[u8; 6] = b"PQXKT1";

/// How much of what arrives is read before the records it completed are kept (their text then
/// let go of), so the whole text is never held at once.
const PIECE: usize = 256 << 10;

/// Corpus JSON read a piece at a time, its records' text kept coded as they complete.
#[derive(Default)]
pub struct JsonTextKeeper {
    reader: JsonReader,
    keeping: TextKeeping,
}

impl JsonTextKeeper {
    pub fn new() -> Self {
        JsonTextKeeper::default()
    }

    /// Takes the next bytes of the file.
    pub fn feed(&mut self, bytes: &[u8]) {
        for piece in bytes.chunks(PIECE) {
            self.reader.feed(piece);
            self.reader.keep_text(&mut self.keeping, usize::MAX);
        }
    }

    /// Ends the file: the store of every record's text, or `None` when the reader did not follow
    /// the file (it is not corpus JSON as the reader knows it; the page reads it whole then).
    pub fn finish(self) -> Option<TextStore> {
        match self.reader.finish() {
            JsonRead::Corpus(mut corpus) => Some(self.keeping.finish(&mut corpus)),
            JsonRead::Unfollowed => None,
        }
    }
}

/// `store`'s head (see the module's note); its body is the bytes of its blocks
/// (`TextStore::block_list`), one after another. `None` for a store whose blocks are not coded as
/// numbered words, or that does not hold every record's text.
pub fn write_head(store: &TextStore) -> Option<Vec<u8>> {
    let words = store.vocabulary()?;
    if store.len() != store.records() {
        return None;
    }
    let mut head = MAGIC.to_vec();
    let answered = store.answered();
    push_varint(&mut head, answered.len() as u64);
    head.extend(answered.iter().map(|&a| u8::from(a)));
    push_varint(&mut head, store.records() as u64);
    push_varint(&mut head, words.len() as u64);
    for word in words.iter() {
        head.push(word.len() as u8);
        head.extend_from_slice(word);
    }
    let blocks = store.block_list();
    push_varint(&mut head, blocks.len() as u64);
    for block in blocks {
        push_varint(&mut head, u64::from(block.records));
        push_varint(&mut head, u64::from(block.packed_len));
        push_varint(&mut head, block.bytes.len() as u64);
    }
    Some(head)
}

/// A store being received: its head read up to the blocks, which are taken from the body a
/// few at a time (`take_some`), so a large one's copying can be done in slices.
///
/// Invariant: `r` is at the sizes of the next of the `left` blocks still to take.
pub struct Receiving<'a> {
    r: Reader<'a>,
    store: TextStore,
    left: usize,
}

/// Reads `head` up to its blocks.
pub fn receive(head: &[u8]) -> Result<Receiving<'_>, DecodeError> {
    let mut r = Reader::new(head);
    if r.bytes(MAGIC.len())? != MAGIC {
        return Err(r.error_at(0, "not the text of a corpus handed over by this version"));
    }
    let questions = r.count()?;
    let answered = (0..questions)
        .map(|_| match r.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(r.error(format!("{other} where 0 or 1 belongs"))),
        })
        .collect::<Result<Vec<bool>, _>>()?;
    // Not a count of the head's bytes: press releases have none there.
    let records = r.size()?;
    if records < questions {
        return Err(r.error(format!("{records} records but {questions} questions")));
    }
    let mut words = Vocabulary::default();
    for _ in 0..r.count()? {
        let at = r.offset();
        let len = usize::from(r.u8()?);
        let word = r.bytes(len)?;
        if !(1..=MAX_WORD).contains(&len) || !word.iter().all(u8::is_ascii_lowercase) {
            return Err(r.error_at(at, "a word that is not 1 to 24 lowercase letters"));
        }
        words.push(word);
    }
    let store = TextStore::new(answered, records).with_vocabulary(words);
    let left = r.count()?;
    Ok(Receiving { r, store, left })
}

impl Receiving<'_> {
    /// Takes up to `blocks` more blocks, each block's bytes from the body by `take(len)`;
    /// returns whether every block is in.
    pub fn take_some(
        &mut self,
        blocks: usize,
        mut take: impl FnMut(usize) -> Option<Box<[u8]>>,
    ) -> Result<bool, DecodeError> {
        let r = &mut self.r;
        for _ in 0..blocks.min(self.left) {
            let at = r.offset();
            let records = r.u32()?;
            let packed_len = r.u32()?;
            let len = r.size()?;
            let bytes = take(len)
                .filter(|bytes| bytes.len() == len)
                .ok_or_else(|| r.error_at(at, "a block past the end of the text"))?;
            let block = Block {
                records,
                packed_len,
                bytes,
                at: 0,
            };
            self.store
                .push(block)
                .map_err(|what| r.error_at(at, what))?;
            self.left -= 1;
        }
        Ok(self.left == 0)
    }

    /// The store, once every block is in and nothing follows them.
    pub fn finish(self) -> Result<TextStore, DecodeError> {
        let Receiving { r, store, left } = self;
        if left > 0 {
            return Err(r.error(format!("{left} blocks not taken")));
        }
        if !r.is_done() {
            return Err(r.error("bytes after the last block"));
        }
        if store.len() != store.records() {
            let (len, all) = (store.len(), store.records());
            return Err(r.error(format!("the text of {len} records of {all}")));
        }
        Ok(store)
    }
}

impl TextKeeping {
    /// Whether `store` (handed over by another keeper of the same file, `JsonTextKeeper`) holds
    /// the text of `corpus`'s records, whose text this keeping lets go of
    /// (`TextKeeping::letting_go`): as many records, the same questions answered.
    pub fn matches(&self, corpus: &Corpus, store: &TextStore) -> bool {
        let records = corpus.questions.len() + corpus.press_releases.len();
        let rest = corpus.questions[self.kept().min(corpus.questions.len())..].iter();
        let answered = self.answered().iter().copied();
        let answered = answered.chain(rest.map(|q| q.answer.is_some()));
        store.records() == records && answered.eq(store.answered().iter().copied())
    }

    /// `store`, which `matches` these records, as their text: the rest of theirs let go of now.
    pub fn finish_with(mut self, corpus: &mut Corpus, store: TextStore) -> TextStore {
        let records = corpus.questions.len() + corpus.press_releases.len();
        self.keep(corpus, records);
        store
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The store a head describes, each block's bytes taken from the body by `take(len)` in
    /// order (`None` when the body has fewer bytes left).
    fn read_head(
        head: &[u8],
        take: impl FnMut(usize) -> Option<Box<[u8]>>,
    ) -> Result<TextStore, DecodeError> {
        let mut receiving = receive(head)?;
        receiving.take_some(usize::MAX, take)?;
        receiving.finish()
    }
    use crate::corpus::synthesize;

    fn corpus_json(records: usize) -> Vec<u8> {
        let corpus = synthesize(records, 7);
        serde_json::to_vec(&corpus).unwrap()
    }

    /// The text every record reads with from `store`.
    fn texts(store: &TextStore) -> Vec<String> {
        let mut texts = Vec::new();
        store.for_each(|_, text| texts.push(format!("{:?}", text.map_err(|e| e.clone()))));
        texts
    }

    /// `store`'s head and body.
    fn parts(store: &TextStore) -> (Vec<u8>, Vec<u8>) {
        let head = write_head(store).expect("a store of coded words");
        (
            head,
            store
                .block_list()
                .iter()
                .flat_map(|b| b.bytes.iter().copied())
                .collect(),
        )
    }

    fn hand_over(store: &TextStore) -> Result<TextStore, DecodeError> {
        let (head, body) = parts(store);
        let mut at = 0;
        read_head(&head, |len| {
            let bytes = body.get(at..at + len)?;
            at += len;
            Some(bytes.into())
        })
    }

    #[test]
    fn a_store_handed_over_reads_as_the_one_kept() {
        let json = corpus_json(300);
        let mut keeper = JsonTextKeeper::new();
        // Fed in uneven chunks, as a network gives them.
        for chunk in json.chunks(7_919) {
            keeper.feed(chunk);
        }
        let store = keeper.finish().expect("corpus JSON");
        assert_eq!(store.records(), 300);
        let handed = hand_over(&store).unwrap();
        assert_eq!(texts(&handed), texts(&store));
        assert!(texts(&store).iter().all(|t| t.starts_with("Ok")));
    }

    #[test]
    fn the_page_takes_the_store_of_its_own_records_only() {
        let json = corpus_json(120);
        let mut keeper = JsonTextKeeper::new();
        keeper.feed(&json);
        let store = keeper.finish().unwrap();
        let JsonRead::Corpus(corpus) = ({
            let mut reader = JsonReader::new();
            reader.feed(&json);
            reader.finish()
        }) else {
            panic!("corpus JSON")
        };
        let mut letting_go = TextKeeping::letting_go();
        let mut mine = corpus.clone();
        letting_go.keep(&mut mine, 50);
        assert!(mine.questions[..50].iter().all(|q| q.text.is_empty()));
        let handed = hand_over(&store).unwrap();
        assert!(letting_go.matches(&mine, &handed));
        let taken = letting_go.finish_with(&mut mine, handed);
        assert!(mine.questions.iter().all(|q| q.text.is_empty()));
        assert_eq!(texts(&taken), texts(&store));
        // Another file's store is not these records' text.
        let other = synthesize(119, 7);
        assert!(!TextKeeping::letting_go().matches(&other, &store));
        let mut answered_otherwise = corpus.clone();
        let q = answered_otherwise
            .questions
            .iter_mut()
            .find(|q| q.answer.is_some());
        q.unwrap().answer = None;
        assert!(!TextKeeping::letting_go().matches(&answered_otherwise, &store));
        assert!(TextKeeping::letting_go().matches(&corpus, &store));
    }

    #[test]
    fn a_damaged_head_is_an_error_never_a_panic() {
        let mut keeper = JsonTextKeeper::new();
        keeper.feed(&corpus_json(6));
        let (head, body) = parts(&keeper.finish().unwrap());
        for cut in 0..head.len() {
            let mut at = 0;
            let read = read_head(&head[..cut], |len| {
                let bytes = body.get(at..at + len)?;
                at += len;
                Some(bytes.into())
            });
            assert!(read.is_err(), "a head cut at {cut} read");
        }
        let mut flipped = head.clone();
        for i in 0..flipped.len() {
            flipped[i] ^= 0x55;
            let _ = read_head(&flipped, |len| Some(vec![0; len.min(1 << 20)].into()));
            flipped[i] ^= 0x55;
        }
        assert!(read_head(&head, |_| None).is_err(), "a body cut short");
    }

    #[test]
    fn a_file_the_reader_does_not_follow_gives_no_store() {
        let mut keeper = JsonTextKeeper::new();
        keeper.feed(b"[1, 2, 3]");
        assert!(keeper.finish().is_none());
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever follows the head's first bytes, reading it never panics.
            #[test]
            fn any_head_reads_without_panic(rest in proptest::collection::vec(any::<u8>(), 0..256), body in 0usize..2048) {
                let mut head = MAGIC.to_vec();
                head.extend(rest);
                let body = vec![0u8; body];
                let mut at = 0usize;
                let _ = read_head(&head, |len| {
                    let bytes = body.get(at..at.checked_add(len)?)?;
                    at += len;
                    Some(bytes.into())
                });
            }
        }
    }
}
