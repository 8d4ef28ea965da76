//! A fast, non-cryptographic hasher for the term dictionary, the facets' value tables and the
//! app's tables over every record (the Fx hash used inside rustc). Terms and names come from the
//! corpus, not from an attacker who could choose collisions, and the dictionary is hit once per
//! token while indexing (the tables four times per record while a bundle opens), so speed
//! matters more than DoS resistance.

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    /// The product's high bits depend on every input bit, its low bits only on the input's low
    /// bits (for a word of up to eight bytes: its first two letters). The table picks buckets
    /// by the low bits, so rotate the well-mixed high bits down, or words sharing their first
    /// letters all collide.
    fn finish(&self) -> u64 {
        self.hash.rotate_left(26)
    }
}

pub type FxBuildHasher = BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuildHasher>;
pub type FxHashSet<T> = std::collections::HashSet<T, FxBuildHasher>;

/// Maps term text to term ids. Most words are short, and their text lives inside the table
/// slot: a look-up while indexing costs one probe of the table, not a second cache miss to
/// fetch the key from the heap.
#[derive(Debug, Clone, Default)]
pub struct TermDictionary {
    map: FxHashMap<TermKey, u32>,
}

/// Words of up to `INLINE` bytes are stored inline, longer ones on the heap.
const INLINE: usize = 22;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum TermKey {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl TermKey {
    fn new(word: &str) -> TermKey {
        if word.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..word.len()].copy_from_slice(word.as_bytes());
            TermKey::Inline {
                len: word.len() as u8,
                bytes,
            }
        } else {
            TermKey::Heap(word.into())
        }
    }
}

impl TermDictionary {
    /// Room for `more` words beyond those in the dictionary, so adding them never rehashes.
    pub fn reserve(&mut self, more: usize) {
        self.map.reserve(more);
    }

    /// How many words the dictionary holds.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn get(&self, word: &str) -> Option<&u32> {
        self.map.get(&TermKey::new(word))
    }

    /// The id of `word`, or `next()`'s value, recorded as its id, if it is new.
    pub fn get_or_insert_with(&mut self, word: &str, next: impl FnOnce() -> u32) -> (u32, bool) {
        match self.map.entry(TermKey::new(word)) {
            std::collections::hash_map::Entry::Occupied(e) => (*e.get(), false),
            std::collections::hash_map::Entry::Vacant(e) => (*e.insert(next()), true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn words_sharing_their_first_letters_spread_over_buckets() {
        let build = FxBuildHasher::default();
        let words = [
            "police", "policy", "polite", "pollen", "polled", "polka", "polo", "polar",
        ];
        let mut buckets: Vec<u64> = words.iter().map(|w| build.hash_one(w) & 0xffff).collect();
        buckets.sort_unstable();
        buckets.dedup();
        assert_eq!(buckets.len(), words.len());
    }

    #[test]
    fn short_and_long_words_are_found_again() {
        let mut dictionary = TermDictionary::default();
        let long = "x".repeat(40);
        for (i, word) in ["police", "", "a", "twenty-two-bytes-exact", &long]
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
    }
}
