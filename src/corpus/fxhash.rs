//! A fast, non-cryptographic hasher (the Fx hash used inside rustc) for tables keyed by text
//! from the corpus: the strings a bundle's records share, the term dictionary, the facets'
//! value tables and the app's tables over every record. The text comes from the corpus, not
//! from an attacker who could choose collisions, and these tables are hit once per token or
//! several times per record, so speed matters more than DoS resistance.

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

    // Numbers straight in, not through `write`'s loop over a byte slice.
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
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
}
