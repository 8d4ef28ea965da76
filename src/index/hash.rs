//! The term dictionary, hashed with the Fx hasher (`corpus::fxhash`): the dictionary is hit
//! once per token while indexing.

pub use crate::corpus::fxhash::{FxHashMap, FxHashSet};

/// Maps term text to term ids. Most words are short, and their text lives inside the table
/// slot, packed into three 64-bit words: a look-up while indexing hashes and compares three
/// numbers and costs one probe of the table, not a second cache miss to fetch the key from
/// the heap.
///
/// Invariants: a word of up to `INLINE` bytes is in `short`, a longer one in `long`; every
/// word in `recent` is in `short` with the same id.
#[derive(Debug, Clone, Default)]
pub struct TermDictionary {
    short: FxHashMap<Packed, u32>,
    long: FxHashMap<Box<str>, u32>,
    /// The short words looked up lately, a slot each by their hash's high bits (a word not
    /// found here takes its slot over). Indexing looks a word up once per occurrence, and
    /// common words make most occurrences: they are found here, in 512 kB that stay in the
    /// processor's cache, instead of in `short`, whose slots (30-odd MB at 100k records)
    /// mostly are not. Empty until the first `get_or_insert_with`.
    recent: Vec<Recent>,
}

/// Words of up to `INLINE` bytes are packed, longer ones kept on the heap.
const INLINE: usize = 23;

/// A word of up to `INLINE` bytes: its bytes in order, little-endian, zero-padded, and its
/// length plus one in the last byte, so no packed word is all zeros (an empty `Recent`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Packed([u64; 3]);

impl Packed {
    fn new(word: &str) -> Option<Packed> {
        let bytes = word.as_bytes();
        if bytes.len() > INLINE {
            return None;
        }
        // Eight bytes a load, and the last few in at most two loads that may overlap: a copy
        // of a slice of unknown length would be a call to `memcpy` in wasm, and byte by byte
        // it was a fifth of a look-up's time.
        let mut key = [0, 0, 0];
        let chunks = bytes.chunks_exact(8);
        let tail = chunks.remainder();
        for (k, chunk) in key.iter_mut().zip(chunks) {
            *k = chunk.first_chunk().map_or(0, |c| u64::from_le_bytes(*c));
        }
        key[bytes.len() / 8] = tail_word(tail);
        key[2] |= (bytes.len() as u64 + 1) << 56;
        Some(Packed(key))
    }

    fn mixed(&self) -> u64 {
        let [a, b, c] = self.0;
        (a ^ b.rotate_left(21) ^ c.rotate_left(42)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

/// `tail`'s bytes (fewer than eight) as a little-endian word, zero-padded: two loads of four,
/// or of two, bytes that overlap where `tail` is shorter than both, or its one byte.
fn tail_word(tail: &[u8]) -> u64 {
    fn four(b: &[u8]) -> u64 {
        b.first_chunk()
            .map_or(0, |c| u64::from(u32::from_le_bytes(*c)))
    }
    fn two(b: &[u8]) -> u64 {
        b.first_chunk()
            .map_or(0, |c| u64::from(u16::from_le_bytes(*c)))
    }
    let n = tail.len();
    match n {
        4.. => four(tail) | four(&tail[n - 4..]) << ((n - 4) * 8),
        2.. => two(tail) | two(&tail[n - 2..]) << ((n - 2) * 8),
        1 => u64::from(tail[0]),
        _ => 0,
    }
}

impl std::hash::Hash for Packed {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.mixed());
    }
}

/// `RECENT_BITS` of a word's hash pick its slot in `TermDictionary::recent`.
const RECENT_BITS: u32 = 14;

#[derive(Debug, Clone, Copy, Default)]
struct Recent {
    word: Packed,
    id: u32,
}

impl TermDictionary {
    /// Room for `more` words beyond those in the dictionary, so adding them never rehashes.
    pub fn reserve(&mut self, more: usize) {
        self.short.reserve(more);
    }

    /// How many words the dictionary holds.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub fn get(&self, word: &str) -> Option<&u32> {
        match Packed::new(word) {
            Some(packed) => self.short.get(&packed),
            None => self.long.get(word),
        }
    }

    /// Records `word`, which the dictionary does not hold, as `id` (filling a dictionary from
    /// names known to differ, it skips the look-up `get_or_insert_with` makes first).
    pub fn insert_new(&mut self, word: &str, id: u32) {
        match Packed::new(word) {
            Some(packed) => self.short.insert(packed, id),
            None => self.long.insert(word.into(), id),
        };
    }

    /// The id of `word`, or `next()`'s value, recorded as its id, if it is new.
    pub fn get_or_insert_with(&mut self, word: &str, next: impl FnOnce() -> u32) -> (u32, bool) {
        use std::collections::hash_map::Entry;
        let Some(packed) = Packed::new(word) else {
            return match self.long.entry(word.into()) {
                Entry::Occupied(e) => (*e.get(), false),
                Entry::Vacant(e) => (*e.insert(next()), true),
            };
        };
        if self.recent.is_empty() {
            self.recent = vec![Recent::default(); 1 << RECENT_BITS];
        }
        let slot = (packed.mixed() >> (64 - RECENT_BITS)) as usize;
        let seen = self.recent[slot];
        if seen.word == packed {
            return (seen.id, false);
        }
        let found = match self.short.entry(packed) {
            Entry::Occupied(e) => (*e.get(), false),
            Entry::Vacant(e) => (*e.insert(next()), true),
        };
        self.recent[slot] = Recent {
            word: packed,
            id: found.0,
        };
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_pack_as_their_bytes_in_order_and_their_length() {
        let text = "abcdefghijklmnopqrstuvwxyz";
        for len in 0..=INLINE {
            let word = &text[..len];
            let mut expect = [0u64, 0, (len as u64 + 1) << 56];
            for (at, &byte) in word.as_bytes().iter().enumerate() {
                expect[at / 8] |= u64::from(byte) << (at % 8 * 8);
            }
            assert_eq!(Packed::new(word), Some(Packed(expect)), "{word:?}");
        }
        assert_eq!(Packed::new(&text[..INLINE + 1]), None);
    }

    #[test]
    fn short_and_long_words_are_found_again() {
        let mut dictionary = TermDictionary::default();
        let long = "x".repeat(40);
        for (i, word) in ["police", "", "a", "twenty-three-bytes-long", &long]
            .iter()
            .enumerate()
        {
            assert_eq!(
                dictionary.get_or_insert_with(word, || i as u32),
                (i as u32, true)
            );
        }
        assert_eq!(dictionary.get("police"), Some(&0));
        assert_eq!(dictionary.get(&long), Some(&4));
        assert_eq!(dictionary.get("polic"), None);
        assert_eq!(dictionary.get_or_insert_with("a", || 99), (2, false));
        assert_eq!(dictionary.len(), 5);
        let longer = "y".repeat(30);
        dictionary.insert_new("court", 5);
        dictionary.insert_new(&longer, 6);
        assert_eq!(dictionary.get("court"), Some(&5));
        assert_eq!(dictionary.get_or_insert_with(&longer, || 99), (6, false));
        assert_eq!(dictionary.len(), 7);
    }

    #[test]
    fn words_sharing_a_recent_slot_keep_their_own_ids() {
        let slot = |word: &str| {
            let packed = Packed::new(word).expect("short");
            packed.mixed() >> (64 - RECENT_BITS)
        };
        let first = "w0".to_string();
        let second = (1..)
            .map(|n| format!("w{n}"))
            .find(|w| slot(w) == slot(&first))
            .expect("a word in the same slot");
        let mut dictionary = TermDictionary::default();
        assert_eq!(dictionary.get_or_insert_with(&first, || 0), (0, true));
        assert_eq!(dictionary.get_or_insert_with(&second, || 1), (1, true));
        for _ in 0..2 {
            assert_eq!(dictionary.get_or_insert_with(&first, || 9), (0, false));
            assert_eq!(dictionary.get_or_insert_with(&first, || 9), (0, false));
            assert_eq!(dictionary.get_or_insert_with(&second, || 9), (1, false));
        }
    }

    #[test]
    fn packed_words_differ_in_every_byte_and_in_length() {
        let mut dictionary = TermDictionary::default();
        let base = "abcdefghijklmnopqrstuvw";
        let mut words: Vec<String> = (0..=base.len()).map(|n| base[..n].to_string()).collect();
        for at in 0..base.len() {
            let mut changed = base.as_bytes().to_vec();
            changed[at] = b'z';
            words.push(String::from_utf8(changed).unwrap());
        }
        words.push(format!("{base}x"));
        for (i, word) in words.iter().enumerate() {
            assert_eq!(
                dictionary.get_or_insert_with(word, || i as u32),
                (i as u32, true),
                "{word}"
            );
        }
        for (i, word) in words.iter().enumerate() {
            assert_eq!(dictionary.get(word), Some(&(i as u32)), "{word}");
            assert_eq!(
                dictionary.get_or_insert_with(word, || 999),
                (i as u32, false)
            );
        }
    }
}
