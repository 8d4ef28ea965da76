//! A set of dense document ids as a bitset: unions, intersections and differences in
//! `n / 64` word operations, whatever the posting lengths.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSet {
    words: Vec<u64>,
    len: u32,
}

impl DocSet {
    pub fn empty(len: u32) -> Self {
        DocSet {
            words: vec![0; (len as usize).div_ceil(64)],
            len,
        }
    }

    pub fn full(len: u32) -> Self {
        let mut set = DocSet {
            words: vec![u64::MAX; (len as usize).div_ceil(64)],
            len,
        };
        set.clear_tail();
        set
    }

    /// A set from its words (as `words` gives them); `None` unless there are exactly enough words
    /// for `len` documents and none above `len` is set.
    pub fn from_words(words: Vec<u64>, len: u32) -> Option<Self> {
        let set = DocSet { words, len };
        let mut tidy = set.clone();
        tidy.clear_tail();
        (set.words.len() == (len as usize).div_ceil(64) && tidy == set).then_some(set)
    }

    /// The set's bits, 64 documents a word, lowest doc id first.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    fn clear_tail(&mut self) {
        let rem = self.len % 64;
        if rem != 0 {
            if let Some(last) = self.words.last_mut() {
                *last &= (1u64 << rem) - 1;
            }
        }
    }

    /// Empties the set, keeping its length.
    pub fn clear(&mut self) {
        self.words.fill(0);
    }

    pub fn insert(&mut self, doc: u32) {
        if doc < self.len {
            self.words[(doc / 64) as usize] |= 1 << (doc % 64);
        }
    }

    /// `insert` as a function that keeps the set's words at hand, for loops that insert many.
    #[inline]
    pub fn inserter(&mut self) -> impl FnMut(u32) + '_ {
        let (words, len) = (self.words.as_mut_slice(), self.len);
        move |doc| {
            if doc < len {
                if let Some(word) = words.get_mut((doc / 64) as usize) {
                    *word |= 1 << (doc % 64);
                }
            }
        }
    }

    /// Inserts every doc of `docs`.
    pub fn insert_all(&mut self, docs: &[u32]) {
        let mut insert = self.inserter();
        docs.iter().for_each(|&doc| insert(doc));
    }

    pub fn contains(&self, doc: u32) -> bool {
        doc < self.len && self.words[(doc / 64) as usize] & (1 << (doc % 64)) != 0
    }

    pub fn union_with(&mut self, other: &DocSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    pub fn intersect_with(&mut self, other: &DocSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    pub fn subtract(&mut self, other: &DocSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !b;
        }
    }

    /// Keeps only the documents for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(u32) -> bool) {
        for (w, word) in self.words.iter_mut().enumerate() {
            let mut bits = *word;
            // The word's kept bits gathered without a branch on each answer.
            let mut kept = 0u64;
            while bits != 0 {
                let bit = bits.trailing_zeros();
                kept |= u64::from(keep((w as u32) * 64 + bit)) << bit;
                bits &= bits - 1;
            }
            *word = kept;
        }
    }

    pub fn count(&self) -> u32 {
        self.words.iter().map(|w| w.count_ones()).sum()
    }

    /// Calls `f` on each member in ascending order: the hot loops' form of `iter`, a plain loop
    /// over the words with no iterator state to carry between calls.
    pub fn for_each(&self, mut f: impl FnMut(u32)) {
        for (w, &word) in self.words.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                f((w as u32) * 64 + bits.trailing_zeros());
                bits &= bits - 1;
            }
        }
    }

    /// Calls `f` on each document below `len` that is not a member, in ascending order.
    pub fn for_each_missing(&self, mut f: impl FnMut(u32)) {
        let rem = self.len % 64;
        let last = self.words.len().saturating_sub(1);
        for (w, &word) in self.words.iter().enumerate() {
            let mut bits = !word;
            if w == last && rem != 0 {
                bits &= (1u64 << rem) - 1;
            }
            while bits != 0 {
                f((w as u32) * 64 + bits.trailing_zeros());
                bits &= bits - 1;
            }
        }
    }

    /// The members in ascending order.
    pub fn iter(&self) -> Members<'_> {
        Members {
            words: &self.words,
            next: 0,
            base: 0,
            bits: 0,
        }
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

/// A set's members in ascending order (`DocSet::iter`).
#[derive(Debug, Clone)]
pub struct Members<'a> {
    words: &'a [u64],
    /// The word after the one in `bits`.
    next: usize,
    /// The first doc id of the word in `bits`.
    base: u32,
    /// The members of that word not yet given.
    bits: u64,
}

impl Iterator for Members<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        while self.bits == 0 {
            let &word = self.words.get(self.next)?;
            self.base = self.next as u32 * 64;
            self.bits = word;
            self.next += 1;
        }
        let bit = self.bits.trailing_zeros();
        self.bits &= self.bits - 1;
        Some(self.base + bit)
    }
}

/// How many members of a set are below a doc id, asked for ascending doc ids: each answer goes
/// on from the last, so asking for every member costs one pass over the set's words.
/// Invariant: `before` is the number of members in the words before `word`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rank {
    word: usize,
    before: usize,
}

impl Rank {
    /// How many members of `set` are below `doc`, which must not be below a doc id asked
    /// before.
    #[inline]
    pub fn below(&mut self, set: &DocSet, doc: u32) -> usize {
        let w = (doc / 64) as usize;
        while self.word < w.min(set.words.len()) {
            self.before += set.words[self.word].count_ones() as usize;
            self.word += 1;
        }
        let below = set.words.get(w).map_or(0, |&word| {
            (word & ((1u64 << (doc % 64)) - 1)).count_ones() as usize
        });
        self.before + below
    }
}

#[cfg(test)]
mod tests {
    use super::{DocSet, Rank};

    #[test]
    fn a_rank_counts_the_members_below_each_doc_asked() {
        let mut set = DocSet::empty(300);
        set.insert_all(&[0, 5, 63, 64, 200, 299]);
        let mut rank = Rank::default();
        let ranks: Vec<usize> = [0, 5, 6, 64, 65, 200, 299, 300]
            .iter()
            .map(|&d| rank.below(&set, d))
            .collect();
        assert_eq!(ranks, [0, 1, 2, 3, 4, 4, 5, 6]);
        assert_eq!(Rank::default().below(&set, 5000), 6);
    }

    #[test]
    fn set_operations() {
        let mut a = DocSet::empty(130);
        for d in [0, 5, 64, 129, 500] {
            a.insert(d);
        }
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![0, 5, 64, 129]);
        let mut seen = Vec::new();
        a.for_each(|d| seen.push(d));
        assert_eq!(seen, vec![0, 5, 64, 129]);
        let full = DocSet::full(130);
        assert_eq!(full.count(), 130);
        let mut b = full.clone();
        b.subtract(&a);
        assert_eq!(b.count(), 126);
        b.intersect_with(&a);
        assert_eq!(b.count(), 0);
        b.union_with(&a);
        b.retain(|d| d % 2 == 1);
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![5, 129]);
        assert!(b.contains(129) && !b.contains(0) && !b.contains(1000));
        let mut c = DocSet::empty(130);
        c.insert_all(&[3, 64, 129, 130, 4000]);
        assert_eq!(c.iter().collect::<Vec<_>>(), vec![3, 64, 129]);
    }

    #[test]
    fn the_missing_are_the_rest_below_len() {
        for len in [0, 1, 63, 64, 65, 130] {
            let mut set = DocSet::empty(len);
            for d in (0..len).step_by(3) {
                set.insert(d);
            }
            let mut missing = Vec::new();
            set.for_each_missing(|d| missing.push(d));
            let expected: Vec<u32> = (0..len).filter(|d| d % 3 != 0).collect();
            assert_eq!(missing, expected, "len {len}");
        }
    }
}
