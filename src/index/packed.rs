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
//! short slice gives fewer ids, never a panic). `check_each` passes exactly the words that are
//! some ascending ids below a limit packed (a bundle's lists are read through it).

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

/// A header's first id and gaps' width (for raw ids, 0 and `RAW`).
pub fn split_header(header: u32) -> (u32, u32) {
    (header & (ID_LIMIT - 1), header >> ID_BITS)
}

/// The header of `len` ids (two or more) whose first is `first` and gaps take `width` bits
/// (`RAW`, with `first` 0: the ids follow as they are), and how many words follow it; `None`
/// if no header says that.
pub fn header_of(first: u32, width: u32, len: usize) -> Option<(u32, usize)> {
    match width {
        RAW if first == 0 => Some((RAW << ID_BITS, len)),
        0..RAW if first < ID_LIMIT => Some((first | width << ID_BITS, gap_words(len, width)?)),
        _ => None,
    }
}

/// The words the gaps of `len` ids (at least one) take at `width` bits each.
fn gap_words(len: usize, width: u32) -> Option<usize> {
    let bits = len.checked_sub(1)?.checked_mul(width as usize)?;
    Some(bits.div_ceil(u32::BITS as usize))
}

/// Checks that `words` are `len` ids (at least one) packed as `pack` packs them, strictly
/// ascending and below `limit`: a header, and as many words as its width needs for the gaps
/// (or, raw, one a further id); hands each id to `each` as it is read (all of them, before the
/// last is known to be below `limit`). What is wrong otherwise, as a bundle's reader reports it.
pub fn check_each(
    words: &[u32],
    len: usize,
    limit: u32,
    mut each: impl FnMut(u32),
) -> Result<(), &'static str> {
    let Some(&header) = words.first().filter(|_| len > 0) else {
        return Err("no packed doc ids");
    };
    let width = header >> ID_BITS;
    if width == RAW {
        let ids = &words[1..];
        ids.iter().for_each(|&id| each(id));
        let ascending = ids.windows(2).all(|pair| pair[0] < pair[1]);
        return match ids.len() == len && ascending && ids.last().is_some_and(|&l| l < limit) {
            true => Ok(()),
            false => Err("doc ids that do not ascend within the documents"),
        };
    }
    if gap_words(len, width) != Some(words.len() - 1) {
        return Err("packed doc ids of another length than their count and width need");
    }
    // Each gap is at least 1, so the ids ascend; a sum past `u32::MAX` saturates there,
    // which is past `limit` too.
    let last = Unpacked::new(words, len).fold(0, |_, id| {
        each(id);
        id
    });
    match last < limit {
        true => Ok(()),
        false => Err("doc ids that do not ascend within the documents"),
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

    fn checked(words: &[u32], len: usize, limit: u32) -> Result<Vec<u32>, &'static str> {
        let mut ids = Vec::new();
        check_each(words, len, limit, |id| ids.push(id)).map(|()| ids)
    }

    #[test]
    fn a_check_takes_packed_ids_below_the_limit_and_nothing_else() {
        let ids = [3, 4, 5, 900, 901, 100_000];
        let mut words = Vec::new();
        pack(&ids, &mut words);
        assert_eq!(checked(&words, 6, 100_001), Ok(ids.to_vec()));
        assert!(
            checked(&words, 6, 100_000).is_err(),
            "the last id at the limit"
        );
        // Five gaps of 17 bits take three words, as do four: five ids read as the first four.
        assert_eq!(checked(&words, 5, 100_001), Ok(ids[..5].to_vec()));
        assert!(
            checked(&words, 3, 100_001).is_err(),
            "more words than 3 ids need"
        );
        assert!(
            checked(&words, 7, 100_001).is_err(),
            "fewer words than 7 ids need"
        );
        assert!(checked(&words[..words.len() - 1], 6, 100_001).is_err());
        assert!(checked(&[], 0, 10).is_err() && checked(&[3], 0, 10).is_err());
        // Raw ids: ascending and below the limit, one word each.
        let raw = [RAW << ID_BITS, 1, ID_LIMIT, ID_LIMIT + 5];
        assert_eq!(
            checked(&raw, 3, u32::MAX),
            Ok(vec![1, ID_LIMIT, ID_LIMIT + 5])
        );
        assert!(checked(&raw, 3, ID_LIMIT + 5).is_err());
        assert!(
            checked(&[RAW << ID_BITS, 4, 4], 2, 10).is_err(),
            "an id twice"
        );
        assert!(checked(&raw, 2, u32::MAX).is_err());
        // Gaps whose sum runs past 32 bits.
        let wide = [
            (ID_LIMIT - 1) | 30 << ID_BITS,
            u32::MAX,
            u32::MAX,
            u32::MAX,
            u32::MAX,
        ];
        assert!(checked(&wide, 5, u32::MAX).is_err());
    }

    #[test]
    fn a_header_made_from_its_parts_is_the_header_pack_writes() {
        for ids in [
            vec![0, 1, 2],
            vec![3, 4, 5, 900, 901, 100_000],
            vec![7, ID_LIMIT + 1],
        ] {
            let mut words = Vec::new();
            pack(&ids, &mut words);
            let (first, width) = split_header(words[0]);
            let made = header_of(first, width, ids.len());
            assert_eq!(made, Some((words[0], words.len() - 1)), "{ids:?}");
        }
        assert_eq!(header_of(ID_LIMIT, 3, 4), None);
        assert_eq!(header_of(1, RAW, 4), None);
        assert_eq!(header_of(1, RAW + 1, 4), None);
        assert_eq!(header_of(1, 30, usize::MAX), None);
    }

    proptest! {
        #[test]
        fn packed_ids_pass_the_check_below_their_last_and_not_at_it(
            ids in prop::collection::btree_set(
                prop_oneof![0u32..64, 0u32..100_000, 0u32..ID_LIMIT, 0..u32::MAX], 1..300)
                .prop_map(|set| set.into_iter().collect::<Vec<_>>()),
        ) {
            let mut words = Vec::new();
            pack(&ids, &mut words);
            let last = ids[ids.len() - 1];
            prop_assert_eq!(checked(&words, ids.len(), last + 1), Ok(ids.clone()));
            prop_assert!(checked(&words, ids.len(), last).is_err());
        }

        #[test]
        fn any_words_that_pass_the_check_are_ascending_ids_below_the_limit(
            words in prop::collection::vec(
                prop_oneof![0u32..64, any::<u32>(), (0u32..=31).prop_map(|w| w << ID_BITS)],
                0..12),
            len in 0usize..40,
            limit in prop_oneof![0u32..200, any::<u32>()],
        ) {
            if let Ok(ids) = checked(&words, len, limit) {
                prop_assert_eq!(ids.len(), len);
                prop_assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
                prop_assert!(ids.iter().all(|&id| id < limit));
                let unpacked: Vec<u32> = Unpacked::new(&words, len).collect();
                prop_assert_eq!(unpacked, ids);
            }
        }

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
