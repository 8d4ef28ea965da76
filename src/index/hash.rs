//! The term dictionary: an open-addressing table of packed words, hit once per token while
//! indexing; and the Fx hasher's maps (`corpus::fxhash`) for the rest of the index.

pub use crate::corpus::fxhash::{FxHashMap, FxHashSet};

use super::TermNames;

/// Maps term text to term ids. Most words are short, and their text lives inside the table
/// slot, packed into three 64-bit words: a look-up hashes and compares three numbers and reads
/// one slot, in one cache line (a map of its own table of control bytes beside the slots read
/// two, and with a table of recent words in front of it built the 100k corpus about 12%
/// slower).
///
/// Invariants: a word of up to `INLINE` bytes is in `slots`, a longer one in `long`; `slots`
/// is empty or a power of two long and at most three quarters full (`used` of them); no empty
/// slot lies between a word's first slot (its hash's top bits) and its own, going up and round
/// (linear probing); an empty slot's word is all zeros, which no packed word is. The slots
/// marked since `clear_marks` (`mark`) are those in `marked`, and the long words marked are
/// those in `long_marks`.
#[derive(Debug, Clone, Default)]
pub struct TermDictionary {
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`: a hash's top bits pick its first slot.
    shift: u32,
    used: usize,
    long: FxHashMap<Box<str>, u32>,
    marked: Vec<usize>,
    /// The marks of long words, by id.
    long_marks: FxHashMap<u32, u32>,
}

/// Words of up to `INLINE` bytes are packed, longer ones kept on the heap.
const INLINE: usize = 23;

/// A word of up to `INLINE` bytes: its bytes in order, little-endian, zero-padded, and its
/// length plus one in the last byte, so no packed word is all zeros (an empty `Slot`).
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

/// A word, its id and its mark plus one (0: none); two to a cache line.
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(32))]
struct Slot {
    word: Packed,
    id: u32,
    mark: u32,
}

/// The fewest slots a dictionary that holds a word has.
const MIN_SLOTS: usize = 64;

impl TermDictionary {
    /// Room for `more` words beyond those in the dictionary, so adding them never rehashes.
    pub fn reserve(&mut self, more: usize) {
        let needed = (self.used + more).saturating_mul(4) / 3 + 1;
        if needed > self.slots.len() {
            self.rehash(needed.next_power_of_two().max(MIN_SLOTS));
        }
    }

    /// How many words the dictionary holds.
    pub fn len(&self) -> usize {
        self.used + self.long.len()
    }

    pub fn get(&self, word: &str) -> Option<u32> {
        match Packed::new(word) {
            Some(packed) => self.find(packed).ok().map(|at| self.slots[at].id),
            None => self.long.get(word).copied(),
        }
    }

    /// `packed`'s slot, or the empty slot where it would go (none in a dictionary of no slots).
    fn find(&self, packed: Packed) -> Result<usize, Option<usize>> {
        if self.slots.is_empty() {
            return Err(None);
        }
        let mask = self.slots.len() - 1;
        let mut at = self.first_slot(packed.mixed());
        loop {
            let slot = &self.slots[at];
            if slot.word == packed {
                return Ok(at);
            }
            if slot.word == Packed::default() {
                return Err(Some(at));
            }
            at = (at + 1) & mask;
        }
    }

    /// Records `word`, which the dictionary does not hold, as `id` (filling a dictionary from
    /// names known to differ, it skips the look-up `mark` makes first).
    pub fn insert_new(&mut self, word: &str, id: u32) {
        match Packed::new(word) {
            Some(packed) => {
                self.reserve(1);
                let at = self.empty_slot(packed.mixed());
                self.slots[at] = Slot {
                    word: packed,
                    id,
                    mark: 0,
                };
                self.used += 1;
            }
            None => {
                self.long.insert(word.into(), id);
            }
        }
    }

    /// The id of `word` — `next()`'s value, recorded as its id, if it is new (the `bool` says
    /// so) — and its mark: the one it was given since `clear_marks`, or else `mark(id)`'s value
    /// (below `u32::MAX`), given now. Indexing groups a field's words by their marks, which
    /// live in the slot the look-up reads anyway.
    pub fn mark(
        &mut self,
        word: &str,
        next: impl FnOnce() -> u32,
        mark: impl FnOnce(u32) -> u32,
    ) -> (u32, bool, u32) {
        let Some(packed) = Packed::new(word) else {
            // Looked up before it is boxed: only a new word is copied to the heap.
            let (id, new) = match self.long.get(word) {
                Some(&id) => (id, false),
                None => {
                    let id = next();
                    self.long.insert(word.into(), id);
                    (id, true)
                }
            };
            return (
                id,
                new,
                *self.long_marks.entry(id).or_insert_with(|| mark(id)),
            );
        };
        let (at, new) = match self.find(packed) {
            Ok(at) => (at, false),
            Err(found) => {
                let at = found.unwrap_or_else(|| {
                    self.reserve(1);
                    self.empty_slot(packed.mixed())
                });
                let id = next();
                self.slots[at] = Slot {
                    word: packed,
                    id,
                    mark: 0,
                };
                self.used += 1;
                (at, true)
            }
        };
        let Slot {
            id, mark: given, ..
        } = self.slots[at];
        let given = match given.checked_sub(1) {
            Some(given) => given,
            None => {
                let given = mark(id);
                self.slots[at].mark = given.saturating_add(1);
                self.marked.push(at);
                given
            }
        };
        if new {
            // Kept at most three quarters full: the next word's probe ends at an empty slot soon.
            self.reserve(0);
        }
        (id, new, given)
    }

    /// Takes every mark away.
    pub fn clear_marks(&mut self) {
        for at in self.marked.drain(..) {
            self.slots[at].mark = 0;
        }
        self.long_marks.clear();
    }

    /// Only for a dictionary with slots (`shift` is then at most 58).
    fn first_slot(&self, hash: u64) -> usize {
        (hash >> self.shift) as usize
    }

    /// The first empty slot from `hash`'s.
    fn empty_slot(&self, hash: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = self.first_slot(hash);
        while self.slots[at].word != Packed::default() {
            at = (at + 1) & mask;
        }
        at
    }

    /// The words moved into `len` slots (a power of two, more than they need).
    fn rehash(&mut self, len: usize) {
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); len]);
        self.shift = 64 - len.trailing_zeros();
        self.marked.clear();
        for slot in old.into_iter().filter(|s| s.word != Packed::default()) {
            let at = self.empty_slot(slot.word.mixed());
            self.slots[at] = slot;
            if slot.mark != 0 {
                self.marked.push(at);
            }
        }
    }
}

/// Term ids by the hashes of their names, for a finished index (which keeps no dictionary):
/// four bytes a slot where the dictionary takes thirty-two, the name itself read from the
/// index's names where a slot's id is met. A look-up of a word reads one or two slots and as
/// many names, where a binary search of the terms' order compares about twenty names (natively
/// at 100,000 records 40 ns against 240: most of a search for a word the index has not got).
///
/// Invariants: `slots` is a power of two long (at least `MIN_SLOTS`) and at most three quarters
/// full once `len` ids are in; an empty slot is `EMPTY`; no empty slot lies between an id's
/// first slot (its name's hash's top bits) and its own, going up and round.
#[derive(Debug, Clone)]
pub struct TermTable {
    slots: Vec<u32>,
    /// `64 - log2(slots.len())`.
    shift: u32,
    len: usize,
}

const EMPTY: u32 = u32::MAX;

impl TermTable {
    /// A table with room for `terms` ids.
    pub fn with_room(terms: usize) -> TermTable {
        let len = (terms.saturating_mul(4) / 3 + 1)
            .next_power_of_two()
            .max(MIN_SLOTS);
        TermTable {
            slots: vec![EMPTY; len],
            shift: 64 - len.trailing_zeros(),
            len: 0,
        }
    }

    /// How many ids the table holds.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 4
    }

    /// Records `id` under its name in `names`, which no id in the table has (a table fills
    /// from an index's names, which differ), growing the table if it would be more than three
    /// quarters full (`Index` makes its table with room for every term, so it never grows).
    pub fn insert_new(&mut self, id: u32, names: &TermNames) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            let mut grown = TermTable::with_room(self.len * 2);
            for &old in self.slots.iter().filter(|&&s| s != EMPTY) {
                grown.insert_new(old, names);
            }
            *self = grown;
        }
        let name = &names[id as usize];
        let mask = self.slots.len() - 1;
        let mut at = (name_hash(name) >> self.shift) as usize;
        while self.slots[at] != EMPTY {
            at = (at + 1) & mask;
        }
        self.slots[at] = id;
        self.len += 1;
    }

    /// The id whose name in `names` is `word`.
    pub fn get(&self, word: &str, names: &TermNames) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut at = (name_hash(word) >> self.shift) as usize;
        loop {
            match self.slots[at] {
                EMPTY => return None,
                id if &names[id as usize] == word => return Some(id),
                _ => at = (at + 1) & mask,
            }
        }
    }
}

/// A name's hash: its packed form's (`Packed::mixed`), or for a long name its eight-byte
/// pieces folded in the same way.
fn name_hash(name: &str) -> u64 {
    if let Some(packed) = Packed::new(name) {
        return packed.mixed();
    }
    let chunks = name.as_bytes().chunks_exact(8);
    let tail = tail_word(chunks.remainder());
    chunks
        .map(|c| c.first_chunk().map_or(0, |c| u64::from_le_bytes(*c)))
        .chain([tail, name.len() as u64])
        .fold(0u64, |h, word| {
            (h.rotate_left(21) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `word`'s id, or `next` recorded as it, and whether it is new.
    fn add(dictionary: &mut TermDictionary, word: &str, next: u32) -> (u32, bool) {
        let (id, new, _) = dictionary.mark(word, || next, |_| 0);
        dictionary.clear_marks();
        (id, new)
    }

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
            assert_eq!(add(&mut dictionary, word, i as u32), (i as u32, true));
        }
        assert_eq!(dictionary.get("police"), Some(0));
        assert_eq!(dictionary.get(&long), Some(4));
        assert_eq!(dictionary.get("polic"), None);
        assert_eq!(add(&mut dictionary, "a", 99), (2, false));
        assert_eq!(dictionary.len(), 5);
        let longer = "y".repeat(30);
        dictionary.insert_new("court", 5);
        dictionary.insert_new(&longer, 6);
        assert_eq!(dictionary.get("court"), Some(5));
        assert_eq!(add(&mut dictionary, &longer, 99), (6, false));
        assert_eq!(dictionary.len(), 7);
    }

    #[test]
    fn a_term_table_finds_each_name_s_id_and_nothing_for_a_word_it_has_not_got() {
        let long = "x".repeat(40);
        let mut names = TermNames::default();
        let words: Vec<String> = ["police", "", "a", "twenty-three-bytes-long", &long]
            .into_iter()
            .map(String::from)
            .chain((0..300).map(|i| format!("w{i}")))
            .collect();
        words.iter().for_each(|w| names.push(w));
        // Room for two: the table grows as the ids go in.
        let mut table = TermTable::with_room(2);
        for id in 0..words.len() as u32 {
            table.insert_new(id, &names);
        }
        assert_eq!(table.len(), words.len());
        for (id, word) in words.iter().enumerate() {
            assert_eq!(table.get(word, &names), Some(id as u32), "{word}");
        }
        for absent in ["polic", "policex", "w300", &"x".repeat(41), &"x".repeat(39)] {
            assert_eq!(table.get(absent, &names), None, "{absent}");
        }
    }

    #[test]
    fn words_sharing_a_first_slot_keep_their_own_ids_as_the_table_grows() {
        let mut dictionary = TermDictionary::default();
        assert_eq!(dictionary.get("w0"), None);
        let words: Vec<String> = (0..5000).map(|n| format!("w{n}")).collect();
        for (i, word) in words.iter().enumerate() {
            assert_eq!(add(&mut dictionary, word, i as u32), (i as u32, true));
            assert!(dictionary.used * 4 <= dictionary.slots.len() * 3);
        }
        let mut firsts: Vec<usize> = words
            .iter()
            .map(|w| dictionary.first_slot(Packed::new(w).expect("short").mixed()))
            .collect();
        firsts.sort_unstable();
        assert!(
            firsts.windows(2).any(|w| w[0] == w[1]),
            "some words share a first slot"
        );
        for (i, word) in words.iter().enumerate() {
            assert_eq!(dictionary.get(word), Some(i as u32));
            assert_eq!(add(&mut dictionary, word, 0), (i as u32, false));
        }
        assert_eq!(dictionary.get("w5000"), None);
        assert_eq!(dictionary.len(), 5000);
    }

    #[test]
    fn a_mark_stays_until_marks_are_cleared_as_the_table_grows() {
        let mut dictionary = TermDictionary::default();
        let long = "a-word-longer-than-twenty-three-bytes";
        let words: Vec<String> = (0..3000).map(|n| format!("m{n}")).collect();
        let mut given = Vec::new();
        let mut mark = |dictionary: &mut TermDictionary, word: &str, id: u32| {
            let next = given.len() as u32;
            let (got, _, m) = dictionary.mark(
                word,
                || id,
                |got| {
                    given.push(got);
                    next
                },
            );
            assert_eq!(got, id, "{word}");
            m
        };
        // Marked once each, the table rehashing several times meanwhile.
        for (i, word) in words.iter().enumerate() {
            assert_eq!(mark(&mut dictionary, word, i as u32), i as u32);
        }
        assert_eq!(mark(&mut dictionary, long, 3000), 3000);
        for (i, word) in words.iter().enumerate().step_by(7) {
            assert_eq!(mark(&mut dictionary, word, i as u32), i as u32);
        }
        assert_eq!(mark(&mut dictionary, long, 3000), 3000);
        dictionary.clear_marks();
        // Marked afresh: the next mark given is the count of those given before.
        assert_eq!(mark(&mut dictionary, "m5", 5), 3001);
        assert_eq!(mark(&mut dictionary, long, 3000), 3002);
        assert_eq!(mark(&mut dictionary, "m5", 5), 3001);
        assert_eq!(given.len(), 3003);
        assert_eq!(dictionary.len(), 3001);
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
                add(&mut dictionary, word, i as u32),
                (i as u32, true),
                "{word}"
            );
        }
        for (i, word) in words.iter().enumerate() {
            assert_eq!(dictionary.get(word), Some(i as u32), "{word}");
            assert_eq!(add(&mut dictionary, word, 999), (i as u32, false));
        }
    }
}
