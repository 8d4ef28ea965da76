//! A posting list's doc ids bit-packed: the first id, then each gap less one in as many bits as
//! the list's widest gap needs (a frame of reference per list). At 100,000 records the lists
//! not kept as sets hold their ids in about a byte and a half a posting where a `u32` took four.
//!
//! Layout, in `u32` words: a header of the first id in the low `ID_BITS` bits and the gaps'
//! width in the high bits, then the gaps, low bits first, each word filled before the next (a
//! gap may straddle two words). A list of one id is its header alone; a list whose gaps are all
//! 1 (consecutive documents) has width 0 and no more words. Ids of `ID_LIMIT` or more (never in
//! a corpus a tab holds) are kept as they are after a header of width `RAW`.
//!
//! Invariants: `pack` of ascending ids writes `words_for` words; `Unpacked` of those words and
//! the ids' count yields the ids in order, and never reads past the words it is given (so a
//! short slice gives fewer ids, never a panic).

/// Bits of the header's first id.
const ID_BITS: u32 = 27;
/// Ids below this are packed.
pub const ID_LIMIT: u32 = 1 << ID_BITS;
/// The width that says the ids follow as they are.
const RAW: u32 = 31;

/// Appends the packed form of `ids` (strictly ascending, at least one; others come back as
/// other ids, never a panic) to `words`.
pub fn pack(ids: &[u32], words: &mut Vec<u32>) {
    let Some((&first, rest)) = ids.split_first() else {
        return;
    };
    if ids.last().is_some_and(|&last| last >= ID_LIMIT) {
        words.push(RAW << ID_BITS);
        words.extend_from_slice(ids);
        return;
    }
    let width = gap_width(first, rest);
    words.push(first | width << ID_BITS);
    if width == 0 {
        return;
    }
    // Written into words made room for at once: no test for room at each word.
    let at = words.len();
    words.resize(at + (rest.len() * width as usize).div_ceil(32), 0);
    let mut out = words[at..].iter_mut();
    let (mut acc, mut bits, mut previous) = (0u64, 0u32, first);
    for &id in rest {
        acc |= u64::from(id.wrapping_sub(previous).wrapping_sub(1)) << bits;
        bits += width;
        previous = id;
        if bits >= 32 {
            if let Some(word) = out.next() {
                *word = acc as u32;
            }
            acc >>= 32;
            bits -= 32;
        }
    }
    if let Some(word) = out.next() {
        *word = acc as u32;
    }
}

/// The bits the widest gap less one of `first, rest…` needs.
fn gap_width(first: u32, rest: &[u32]) -> u32 {
    let mut previous = first;
    let widest = rest.iter().fold(0, |widest, &id| {
        let gap = id.wrapping_sub(previous).wrapping_sub(1);
        previous = id;
        widest | gap
    });
    u32::BITS - widest.leading_zeros()
}

/// The ids of a list of `len` ids packed in `words`, ascending.
#[derive(Debug, Clone)]
pub struct Unpacked<'a> {
    /// The words not yet read into `acc`.
    words: std::slice::Iter<'a, u32>,
    /// Gap bits read and not yet used, lowest first, `bits` of them.
    acc: u64,
    bits: u32,
    width: u32,
    /// The next id, while `left` is above 0.
    next: u32,
    left: u32,
    raw: bool,
}

impl<'a> Unpacked<'a> {
    pub fn new(words: &'a [u32], len: usize) -> Self {
        let mut words = words.iter();
        let header = words.next().copied();
        let width = header.map_or(0, |h| h >> ID_BITS);
        let raw = width == RAW;
        // Raw ids start after the header; a list with no words has no ids.
        let first = match raw {
            true => words.next().copied(),
            false => header.map(|h| h & (ID_LIMIT - 1)),
        };
        Unpacked {
            words,
            acc: 0,
            bits: 0,
            width,
            next: first.unwrap_or(0),
            left: first.map_or(0, |_| len as u32),
            raw,
        }
    }
}

impl Iterator for Unpacked<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        if self.left == 0 {
            return None;
        }
        let id = self.next;
        self.left -= 1;
        if self.left > 0 {
            if self.raw {
                match self.words.next() {
                    Some(&next) => self.next = next,
                    None => self.left = 0,
                }
            } else {
                if self.bits < self.width {
                    match self.words.next() {
                        Some(&word) => {
                            self.acc |= u64::from(word) << self.bits;
                            self.bits += 32;
                        }
                        None => self.left = 0,
                    }
                }
                let gap = (self.acc & ((1u64 << self.width) - 1)) as u32;
                self.acc >>= self.width;
                self.bits = self.bits.saturating_sub(self.width);
                self.next = id.saturating_add(gap).saturating_add(1);
            }
        }
        Some(id)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.left as usize))
    }

    /// `next`'s loop with the state in locals and the raw form's test made once: the form the
    /// hot loops (a list's ids into a set, scoring) read a whole list in.
    #[inline]
    fn fold<B, F: FnMut(B, u32) -> B>(mut self, init: B, mut f: F) -> B {
        let mut out = init;
        if self.left == 0 {
            return out;
        }
        let mut id = self.next;
        out = f(out, id);
        if self.raw {
            return self
                .words
                .take(self.left as usize - 1)
                .fold(out, |out, &id| f(out, id));
        }
        let (width, mask) = (self.width, (1u64 << self.width) - 1);
        let (mut acc, mut bits) = (self.acc, self.bits);
        for _ in 1..self.left {
            if bits < width {
                let Some(&word) = self.words.next() else {
                    break;
                };
                acc |= u64::from(word) << bits;
                bits += 32;
            }
            id = id.saturating_add((acc & mask) as u32).saturating_add(1);
            acc >>= width;
            bits -= width;
            out = f(out, id);
        }
        out
    }
}

/// Words `pack` writes for `ids`.
#[cfg(all(test, not(target_arch = "wasm32")))]
fn words_for(ids: &[u32]) -> usize {
    match ids.split_first() {
        None => 0,
        Some(_) if ids.last().is_some_and(|&last| last >= ID_LIMIT) => 1 + ids.len(),
        Some((&first, rest)) => {
            1 + (rest.len() * gap_width(first, rest) as usize).div_ceil(u32::BITS as usize)
        }
    }
}

// proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The ids `pack` gives back (after a word of another list), read one by one and by
    /// `fold` (which must agree), and the words it took.
    fn round_trip(ids: &[u32]) -> (Vec<u32>, usize) {
        let mut words = vec![7];
        pack(ids, &mut words);
        let back: Vec<u32> = Unpacked::new(&words[1..], ids.len()).collect();
        let mut folded = Vec::new();
        Unpacked::new(&words[1..], ids.len()).for_each(|id| folded.push(id));
        assert_eq!(folded, back);
        (back, words.len() - 1)
    }

    #[test]
    fn lists_come_back_as_they_went_in() {
        for ids in [
            vec![0],
            vec![5],
            vec![ID_LIMIT - 1],
            vec![0, 1, 2, 3],
            vec![3, 4, 5, 900, 901, 100_000],
            vec![0, ID_LIMIT - 1],
            vec![1, ID_LIMIT],
            vec![ID_LIMIT, u32::MAX],
        ] {
            let (back, words) = round_trip(&ids);
            assert_eq!(back, ids);
            assert_eq!(words, words_for(&ids), "{ids:?}");
        }
    }

    #[test]
    fn consecutive_ids_take_the_header_alone() {
        assert_eq!(round_trip(&[10, 11, 12, 13]).1, 1);
        // Gaps of 2 and 3: less one, 1 and 2, two bits each.
        assert_eq!(round_trip(&[10, 12, 15]), (vec![10, 12, 15], 2));
    }

    #[test]
    fn a_short_slice_gives_fewer_ids_without_a_panic() {
        let mut words = Vec::new();
        pack(&[1, 1000, 5000, 90_000], &mut words);
        for cut in 0..words.len() {
            let back: Vec<u32> = Unpacked::new(&words[..cut], 4).collect();
            assert!(back.len() < 4);
            assert_eq!(Unpacked::new(&words[..cut], 4).count(), back.len());
        }
    }

    proptest! {
        #[test]
        fn any_ascending_ids_come_back(
            mut ids in prop::collection::btree_set(
                prop_oneof![0u32..64, 0u32..100_000, 0u32..ID_LIMIT, any::<u32>()], 1..300)
                .prop_map(|set| set.into_iter().collect::<Vec<_>>()),
        ) {
            ids.dedup();
            let (back, words) = round_trip(&ids);
            prop_assert_eq!(back, ids.clone());
            prop_assert_eq!(words, words_for(&ids));
            prop_assert!(words <= ids.len() + 1);
        }
    }
}
