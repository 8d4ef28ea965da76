//! Text kept as numbered words: how a corpus read from JSON keeps its records' text in about a
//! third of its size, coded as fast as it is read (deflate would take seconds in the tab).
//!
//! The bytes are split into words — runs of 1 to `MAX_WORD` ASCII letters — and what lies
//! between them. Each word in lowercase, capitalised or in capitals is written as its number in
//! a vocabulary of the words seen (a varint, most of one or two bytes), with its case and
//! whether a single space follows; anything else (punctuation, digits, other scripts, words in
//! mixed case) is written as it is. An item is a varint `code`:
//!
//! - `id << 3 | case << 1 | space`: word `id` with `case` 0 (lowercase), 1 (capitalised) or
//!   2 (capitals), then a space when `space` is 1;
//! - `len << 3 | 0b110`, then `len` (at least 1) bytes as they are;
//! - `0b111` in the low bits is never written, and reads as damage.
//!
//! Invariants: `decode(encode(b)) == b` for any bytes `b`, with the vocabulary the coder had
//! when it wrote them (it only grows); every word in the vocabulary is 1 to `MAX_WORD`
//! lowercase ASCII letters, numbered from 0 in the order first seen. Decoding never panics:
//! damaged bytes give a `DecodeError` at their offset.

use super::fxhash::FxHashMap;
use super::pack::{push_varint, DecodeError, Reader};

/// The longest run of letters coded as a word; a longer one is written as it is.
pub const MAX_WORD: usize = 24;

const LITERAL: u64 = 0b110;
const TAG: u64 = 0b111;

/// The words of a coder, by number: all decoding needs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// Every word, one after another.
    bytes: Vec<u8>,
    /// Where each word ends in `bytes`.
    ends: Vec<u32>,
}

impl Vocabulary {
    /// How many words there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Word `id`, if there is one.
    fn word(&self, id: u64) -> Option<&[u8]> {
        let id = usize::try_from(id).ok()?;
        let end = *self.ends.get(id)? as usize;
        let start = match id {
            0 => 0,
            _ => self.ends[id - 1] as usize,
        };
        self.bytes.get(start..end)
    }

    /// Every word, by number.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.ends.len() as u64).filter_map(|id| self.word(id))
    }

    /// Adds the next word (1 to `MAX_WORD` lowercase ASCII letters, as the invariant asks);
    /// returns its number.
    pub fn push(&mut self, word: &[u8]) -> u32 {
        self.bytes.extend_from_slice(word);
        self.ends.push(self.bytes.len() as u32);
        (self.ends.len() - 1) as u32
    }

    /// Appends the bytes `coded` stands for to `out`.
    pub fn decode(&self, coded: &[u8], out: &mut Vec<u8>) -> Result<(), DecodeError> {
        let mut r = Reader::new(coded);
        while !r.is_done() {
            let at = r.offset();
            let code = r.varint()?;
            match code & TAG {
                LITERAL => {
                    let len = usize::try_from(code >> 3).unwrap_or(usize::MAX);
                    if len == 0 {
                        return Err(r.error_at(at, "an empty run of bytes"));
                    }
                    out.extend_from_slice(r.bytes(len)?);
                }
                TAG => return Err(r.error_at(at, "an item of no known kind")),
                _ => {
                    let id = code >> 3;
                    let word = self.word(id).ok_or_else(|| {
                        let words = self.len();
                        r.error_at(at, format!("word {id}, past the {words} there are"))
                    })?;
                    let start = out.len();
                    out.extend_from_slice(word);
                    match (code >> 1) & 0b11 {
                        0 => {}
                        1 => out[start].make_ascii_uppercase(),
                        _ => out[start..].make_ascii_uppercase(),
                    }
                    if code & 1 == 1 {
                        out.push(b' ');
                    }
                }
            }
        }
        Ok(())
    }
}

/// Slots in the coder's table of words met lately (a power of two): the few thousand commonest
/// words make most of any English text.
const RECENT: usize = 1 << 12;

/// Setting bit 5 of each byte lowercases ASCII letters.
const LOWER: u128 = u128::from_le_bytes([0x20; 16]);

/// Codes bytes as numbered words, the vocabulary growing as new words come.
///
/// Invariant: `short` holds each word of up to 16 letters by its bytes read as a little-endian
/// number (zeros after the word: never 0), `long` the longer ones; each gives the word's
/// number. `recent` holds some of `short`'s entries, each in the slot its key hashes to (or
/// `(0, 0)`).
#[derive(Debug)]
pub struct WordCoder {
    vocabulary: Vocabulary,
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<[u8]>, u32>,
    recent: Box<[(u128, u32)]>,
}

impl Default for WordCoder {
    fn default() -> Self {
        WordCoder {
            vocabulary: Vocabulary::default(),
            short: FxHashMap::default(),
            long: FxHashMap::default(),
            recent: vec![(0, 0); RECENT].into_boxed_slice(),
        }
    }
}

impl WordCoder {
    /// The words seen, for decoding what was coded (the table for coding is let go).
    pub fn into_vocabulary(self) -> Vocabulary {
        self.vocabulary
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Appends the coding of `text` to `out`.
    ///
    /// The text is read 16 bytes at a time where it has them: one load gives a word's length,
    /// its case and its key at once.
    pub fn encode(&mut self, text: &[u8], out: &mut Vec<u8>) {
        // Where the bytes to write as they are start, while there are some.
        let mut literal: Option<usize> = None;
        let mut at = 0;
        while at < text.len() {
            let start = at;
            let sixteen = sixteen_at(text, at);
            let mut len = sixteen.map_or(0, |b| before_first(!letters(b) & HIGH));
            if len == 16 || sixteen.is_none() {
                while text.get(start + len).is_some_and(u8::is_ascii_alphabetic) {
                    len += 1;
                }
            }
            at += len;
            let coded = match (len, sixteen) {
                (0, _) => {
                    // Bytes up to the next letter go as they are.
                    at += 1;
                    while let Some(b) = sixteen_at(text, at) {
                        let first = before_first(letters(b));
                        at += first;
                        if first < 16 {
                            break;
                        }
                    }
                    while text.get(at).is_some_and(|b| !b.is_ascii_alphabetic()) {
                        at += 1;
                    }
                    None
                }
                (1..=16, Some(b)) => self.short_word(b, len),
                (1..=16, None) => {
                    let mut bytes = [0u8; 16];
                    bytes[..len].copy_from_slice(&text[start..at]);
                    self.short_word(u128::from_le_bytes(bytes), len)
                }
                (17..=MAX_WORD, _) => self.long_word(&text[start..at]),
                _ => None,
            };
            let Some((case, id)) = coded else {
                literal.get_or_insert(start);
                continue;
            };
            if let Some(from) = literal.take() {
                write_literal(&text[from..start], out);
            }
            let space = text.get(at) == Some(&b' ');
            at += usize::from(space);
            push_varint(out, u64::from(id) << 3 | case << 1 | u64::from(space));
        }
        if let Some(from) = literal {
            write_literal(&text[from..], out);
        }
    }

    /// The case and number of the word of `len` (1 to 16) ASCII letters at the start of
    /// `sixteen` (little-endian bytes), numbering it if it is new; `None` when its case is
    /// mixed. The word is read as a number, so its case is read and changed a whole word at a
    /// time.
    fn short_word(&mut self, sixteen: u128, len: usize) -> Option<(u64, u32)> {
        let keep = *KEEP.get(len)?;
        let key = sixteen & keep;
        let mask = LOWER & keep;
        let lowercase_bits = key & mask;
        let case = if lowercase_bits == mask {
            0
        } else if lowercase_bits == mask & !0x20 {
            1
        } else if lowercase_bits == 0 {
            2
        } else {
            return None;
        };
        let key = key | mask;
        let folded = (key as u64) ^ ((key >> 64) as u64);
        let slot = (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52) as usize & (RECENT - 1);
        if self.recent[slot].0 == key {
            return Some((case, self.recent[slot].1));
        }
        let vocabulary = &mut self.vocabulary;
        let id = *(self.short)
            .entry(key)
            .or_insert_with(|| vocabulary.push(&key.to_le_bytes()[..len]));
        self.recent[slot] = (key, id);
        Some((case, id))
    }

    /// `short_word` for a word of 17 to `MAX_WORD` letters.
    fn long_word(&mut self, word: &[u8]) -> Option<(u64, u32)> {
        let case = case_of(word)?;
        let mut lower = [0u8; MAX_WORD];
        let lower = &mut lower[..word.len()];
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        if let Some(&id) = self.long.get(&*lower) {
            return Some((case, id));
        }
        let id = self.vocabulary.push(lower);
        self.long.insert((*lower).into(), id);
        Some((case, id))
    }
}

/// `KEEP[len]` has the low `len` bytes of a `u128` set: a table, as shifting a `u128` by an
/// amount not known in advance is a call in wasm.
const KEEP: [u128; 17] = {
    let mut keep = [0u128; 17];
    let mut len = 1;
    while len <= 16 {
        keep[len] = u128::MAX >> (8 * (16 - len));
        len += 1;
    }
    keep
};

/// The high bit of each byte.
const HIGH: u128 = u128::from_le_bytes([0x80; 16]);

/// The 16 bytes of `text` from `at`, as a little-endian number, if it has them.
fn sixteen_at(text: &[u8], at: usize) -> Option<u128> {
    let bytes = text.get(at..at.checked_add(16)?)?;
    bytes.try_into().ok().map(u128::from_le_bytes)
}

/// The high bit of each byte of `b` that is an ASCII letter set, all others clear. Each byte
/// is reckoned alone: its low seven bits, with bit 5 set, lie in `a..=z` (`0x61..=0x7a`)
/// when adding `0x1f` reaches `0x80` and adding `0x05` does not; no sum carries into the
/// next byte.
fn letters(b: u128) -> u128 {
    let low = (b | LOWER) & !HIGH;
    let from_a = low + u128::from_le_bytes([0x1f; 16]);
    let past_z = low + u128::from_le_bytes([0x05; 16]);
    from_a & !past_z & !b & HIGH
}

/// How many bytes come before the first with its high bit set in `mask` (16 if none).
fn before_first(mask: u128) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// A word's case as coded: 0 lowercase, 1 capitalised, 2 capitals (of two letters or more);
/// `None` for mixed case.
fn case_of(word: &[u8]) -> Option<u64> {
    let (first, rest) = word.split_first()?;
    let rest_lower = rest.iter().all(u8::is_ascii_lowercase);
    match (first.is_ascii_lowercase(), rest_lower) {
        (true, true) => Some(0),
        (false, true) => Some(1),
        (false, false) if rest.iter().all(u8::is_ascii_uppercase) => Some(2),
        _ => None,
    }
}

fn write_literal(bytes: &[u8], out: &mut Vec<u8>) {
    push_varint(out, (bytes.len() as u64) << 3 | LITERAL);
    out.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(coder: &mut WordCoder, text: &[u8]) -> Vec<u8> {
        let mut coded = Vec::new();
        coder.encode(text, &mut coded);
        let mut decoded = Vec::new();
        coder.vocabulary().decode(&coded, &mut decoded).unwrap();
        assert_eq!(decoded, text);
        coded
    }

    /// Codes `text`, checks it decodes to itself, and compares the items with `expect`: `w3C_`
    /// for word 3 capitalised followed by a space (`l`, `C`, `U` for the cases), `"…"` for
    /// bytes as they are.
    fn check(text: &str, expect: &str) {
        let mut coder = WordCoder::default();
        let coded = round_trip(&mut coder, text.as_bytes());
        let mut r = Reader::new(&coded);
        let mut items = Vec::new();
        while !r.is_done() {
            let code = r.varint().unwrap();
            items.push(match code & TAG {
                LITERAL => {
                    let bytes = r.bytes((code >> 3) as usize).unwrap();
                    format!("{:?}", String::from_utf8_lossy(bytes))
                }
                _ => format!(
                    "w{}{}{}",
                    code >> 3,
                    ["l", "C", "U"][((code >> 1) & 3) as usize],
                    if code & 1 == 1 { "_" } else { "" }
                ),
            });
        }
        assert_eq!(items.join(" "), expect);
    }

    #[test]
    fn words_are_numbered_with_their_case_and_the_space_after() {
        check(
            "To ask the Secretary of State for the HOME Department",
            "w0C_ w1l_ w2l_ w3C_ w4l_ w5C_ w6l_ w2l_ w7U_ w8C",
        );
    }

    #[test]
    fn what_is_not_a_word_goes_as_it_is() {
        check(
            "£365,000 in 2024–25: the iPhone's  data.",
            "\"£365,000 \" w0l_ \"2024–25: \" w1l_ \"iPhone'\" w2l_ \" \" w3l \".\"",
        );
        check("", "");
        check("   ", "\"   \"");
    }

    #[test]
    fn a_run_of_letters_too_long_for_a_word_goes_as_it_is() {
        let long = "a".repeat(MAX_WORD + 1);
        check(&format!("{long} b"), &format!("\"{long} \" w0l"));
        let longest = "a".repeat(MAX_WORD);
        check(&format!("{longest} b"), "w0l_ w1l");
    }

    #[test]
    fn damaged_codes_are_errors_not_panics() {
        let mut coder = WordCoder::default();
        let mut coded = Vec::new();
        coder.encode(b"police funding", &mut coded);
        let vocabulary = coder.into_vocabulary();
        let decode = |bytes: &[u8]| vocabulary.decode(bytes, &mut Vec::new());
        assert_eq!(
            decode(&[0b111]).unwrap_err().what,
            "an item of no known kind"
        );
        assert_eq!(decode(&[0b110]).unwrap_err().what, "an empty run of bytes");
        assert_eq!(
            decode(&[5 << 3]).unwrap_err().what,
            "word 5, past the 2 there are"
        );
        assert!(decode(&[3 << 3 | 0b110, b'a']).is_err());
        assert!(decode(&[0x80]).is_err());
    }

    #[test]
    fn sixteen_bytes_at_once_find_the_letters_each_byte_alone_would() {
        for byte in 0..=255u8 {
            for at in 0..16 {
                let mut bytes = [b'a'; 16];
                bytes[at] = byte;
                let mask = letters(u128::from_le_bytes(bytes));
                let expect = match byte.is_ascii_alphabetic() {
                    true => 16,
                    false => at,
                };
                assert_eq!(before_first(!mask & HIGH), expect, "{byte:#x} at {at}");
                let mut bytes = [b' '; 16];
                bytes[at] = byte;
                let mask = letters(u128::from_le_bytes(bytes));
                let expect = match byte.is_ascii_alphabetic() {
                    true => at,
                    false => 16,
                };
                assert_eq!(before_first(mask), expect, "{byte:#x} at {at}");
            }
        }
    }

    #[test]
    fn words_seen_again_keep_their_number() {
        let mut coder = WordCoder::default();
        let first = round_trip(&mut coder, b"answers to written questions");
        let again = round_trip(&mut coder, b"Answers to Written Questions");
        assert_eq!(first.len(), again.len());
        assert_eq!(coder.vocabulary().len(), 4);
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_bytes_decode_to_themselves(chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 1..4)) {
                let mut coder = WordCoder::default();
                for chunk in &chunks {
                    round_trip(&mut coder, chunk);
                }
            }

            #[test]
            fn text_decodes_to_itself(text in "([a-zA-Z]{1,30}[ ,.\n]{0,3}){0,40}") {
                let mut coder = WordCoder::default();
                round_trip(&mut coder, text.as_bytes());
            }

            #[test]
            fn damaged_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
                let mut coder = WordCoder::default();
                coder.encode(b"a few words to know", &mut Vec::new());
                let _ = coder.vocabulary().decode(&bytes, &mut Vec::new());
            }
        }
    }
}
