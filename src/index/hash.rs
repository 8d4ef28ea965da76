//! The term dictionary, hashed with the Fx hasher (`corpus::fxhash`): the dictionary is hit
//! once per token while indexing.

pub use crate::corpus::fxhash::{FxHashMap, FxHashSet};

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
