//! Posting lists and their positions. A list holds, for one term in one field, the documents
//! that contain it (dense `u32` ids in ascending order) and how often; `Positions` holds where,
//! for every list at once.
//!
//! While an index is built each list's positions grow in a vector of their own. Once it is
//! complete they are frozen into `Positions`: list after list in one arena of byte chunks (varint
//! deltas), with where each block of `BLOCK` postings starts. A posting then costs its doc id, a
//! byte of frequency, its positions and a fraction of a byte of block start. A bundle carries the
//! positions after the rest of its index, so an index can be searched before they have come;
//! only exact phrases need them.
//!
//! Most lists hold a single posting (four in five at 100,000 records: rare words in one field of
//! one record), so that posting lives inside the list itself and only longer lists allocate.
//!
//! Invariants: a list is never empty; its doc ids are strictly ascending; `freqs` holds each
//! frequency below 255, and 255 for those of 255 or more, whose exact counts are in `large` in
//! posting order. Each posting has `freq` ≥ 1 ascending positions; a list's positions lie in one
//! chunk of the arena, each posting's after the one before.

/// Postings per block: finding one posting's positions reads past those of at most fifteen
/// postings before it.
const BLOCK: usize = 16;
/// The frequency byte of a posting of 255 or more occurrences, whose count is in `large`.
const SATURATED: u8 = u8::MAX;

/// A posting list: 16 bytes natively and 12 in wasm while it has one posting, so half a million
/// of them stay close together in memory. Doc ids and frequencies are apart, so the loops that
/// only need doc ids (most of them) read a dense array.
#[derive(Debug, Clone)]
pub struct Postings {
    /// The list while `more` is `None`: one document and its frequency (below `SATURATED`; a
    /// single posting of more is a `Longer`).
    one_doc: u32,
    one_freq: u8,
    /// The whole list otherwise.
    more: Option<Box<Longer>>,
}

/// A list of more than one posting (or of one with 255 occurrences or more), side by side.
#[derive(Debug, Clone, Default)]
struct Longer {
    docs: Vec<u32>,
    /// Each posting's frequency, `SATURATED` for 255 or more.
    freqs: Vec<u8>,
    /// `(posting, frequency)` of the saturated postings, ascending.
    large: Vec<(u32, u32)>,
}

impl Longer {
    fn push(&mut self, doc: u32, freq: u32) {
        match u8::try_from(freq) {
            Ok(f) if f < SATURATED => self.freqs.push(f),
            _ => {
                self.large.push((self.docs.len() as u32, freq));
                self.freqs.push(SATURATED);
            }
        }
        self.docs.push(doc);
    }
}

impl Postings {
    /// A list of one document, where the term occurs `freq` times.
    pub fn new(doc: u32, freq: u32) -> Postings {
        match u8::try_from(freq) {
            Ok(one_freq) if one_freq < SATURATED => Postings {
                one_doc: doc,
                one_freq,
                more: None,
            },
            _ => {
                let mut more = Longer::default();
                more.push(doc, freq);
                Postings {
                    one_doc: doc,
                    one_freq: SATURATED,
                    more: Some(Box::new(more)),
                }
            }
        }
    }

    /// Appends a document above every earlier one.
    pub fn push(&mut self, doc: u32, freq: u32) {
        debug_assert!(self.docs().last().is_none_or(|&d| d < doc));
        let more = self.more.get_or_insert_with(|| {
            // The second posting, in vectors of exactly two: most lists that get one stay short.
            let mut more = Longer {
                docs: Vec::with_capacity(2),
                freqs: Vec::with_capacity(2),
                large: Vec::new(),
            };
            more.push(self.one_doc, u32::from(self.one_freq));
            Box::new(more)
        });
        more.push(doc, freq);
    }

    /// A whole list at once (as a bundle holds it); `None` when it would be empty. `docs` must
    /// be strictly ascending, and as long as `freqs`.
    pub fn from_slices(docs: &[u32], freqs: &[u32]) -> Option<Postings> {
        debug_assert!(docs.len() == freqs.len() && docs.is_sorted());
        match (docs, freqs) {
            (&[doc], &[freq]) => Some(Postings::new(doc, freq)),
            (&[first, ..], &[_, ..]) => {
                let mut more = Longer {
                    docs: Vec::with_capacity(docs.len()),
                    freqs: Vec::with_capacity(freqs.len()),
                    large: Vec::new(),
                };
                for (&doc, &freq) in docs.iter().zip(freqs) {
                    more.push(doc, freq);
                }
                Some(Postings {
                    one_doc: first,
                    one_freq: SATURATED,
                    more: Some(Box::new(more)),
                })
            }
            _ => None,
        }
    }

    /// Drops the room a grown list holds beyond its postings.
    pub fn shrink_to_fit(&mut self) {
        if let Some(more) = &mut self.more {
            more.docs.shrink_to_fit();
            more.freqs.shrink_to_fit();
            more.large.shrink_to_fit();
        }
    }

    /// The doc ids, ascending.
    pub fn docs(&self) -> &[u32] {
        match &self.more {
            Some(more) => &more.docs,
            None => std::slice::from_ref(&self.one_doc),
        }
    }

    pub fn len(&self) -> usize {
        self.docs().len()
    }

    /// The frequency of posting `i` (0 past the end).
    pub fn freq(&self, i: usize) -> u32 {
        let (_, freqs, large) = self.parts();
        match freqs.get(i) {
            Some(&SATURATED) => large
                .binary_search_by_key(&(i as u32), |&(posting, _)| posting)
                .map_or(u32::from(SATURATED), |k| large[k].1),
            Some(&f) => u32::from(f),
            None => 0,
        }
    }

    /// `(doc, freq)` of every posting, ascending by doc.
    pub fn frequencies(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (docs, freqs, large) = self.parts();
        let mut large = large.iter();
        docs.iter().zip(freqs).map(move |(&doc, &freq)| match freq {
            SATURATED => (doc, large.next().map_or(u32::from(freq), |&(_, f)| f)),
            f => (doc, u32::from(f)),
        })
    }

    /// Calls `f` with `(doc, freq)` of every posting: those below 255 occurrences in doc order,
    /// then the others. For sums, whose order does not matter.
    #[inline]
    pub fn for_each_frequency(&self, mut f: impl FnMut(u32, u32)) {
        let (docs, freqs, large) = self.parts();
        for (&doc, &freq) in docs.iter().zip(freqs) {
            if freq != SATURATED {
                f(doc, u32::from(freq));
            }
        }
        for &(posting, freq) in large {
            if let Some(&doc) = docs.get(posting as usize) {
                f(doc, freq);
            }
        }
    }

    fn parts(&self) -> (&[u32], &[u8], &[(u32, u32)]) {
        match &self.more {
            Some(more) => (&more.docs, &more.freqs, &more.large),
            None => (
                std::slice::from_ref(&self.one_doc),
                std::slice::from_ref(&self.one_freq),
                &[],
            ),
        }
    }

    /// Heap bytes beyond the list itself.
    pub fn heap_bytes(&self) -> usize {
        self.more.as_ref().map_or(0, |more| {
            std::mem::size_of::<Longer>()
                + more.docs.capacity() * 4
                + more.freqs.capacity()
                + more.large.capacity() * 8
        })
    }
}

/// Every list's positions, list after list, and where each block of `BLOCK` postings starts.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    arena: PositionArena,
    /// List `l`'s blocks start at `starts[first_block[l]..first_block[l + 1]]`.
    first_block: Vec<u32>,
    starts: Vec<u32>,
}

impl Positions {
    /// Lists whose positions are here.
    pub fn lists(&self) -> usize {
        self.first_block.len().saturating_sub(1)
    }

    /// Appends the next list's positions from the front of `bytes` (each posting's varint
    /// deltas, posting after posting, as `for_each_piece` gives them), checked against the
    /// list's frequencies; returns the bytes read. Refuses positions that are missing, do not
    /// ascend or do not fit a `u32`.
    pub fn push_list(&mut self, list: &Postings, bytes: &[u8]) -> Result<usize, String> {
        self.push_blocks(list, bytes, check_positions)
    }

    /// `push_list` of positions this index wrote itself, which need no checking; fails only
    /// past the 4 GB the arena can address.
    fn push_written(&mut self, list: &Postings, bytes: &[u8]) -> Result<usize, String> {
        self.push_blocks(list, bytes, |b, at, freq| Ok(skip_varints(b, at, freq)))
    }

    fn push_blocks(
        &mut self,
        list: &Postings,
        bytes: &[u8],
        mut past: impl FnMut(&[u8], usize, u32) -> Result<usize, String>,
    ) -> Result<usize, String> {
        if self.first_block.is_empty() {
            self.first_block.push(0);
        }
        let first = self.starts.len();
        let mut end = 0;
        for (i, (_, freq)) in list.frequencies().enumerate() {
            if i % BLOCK == 0 {
                self.starts.push(end as u32);
            }
            end = match past(bytes, end, freq) {
                Ok(end) => end,
                Err(why) => {
                    self.starts.truncate(first);
                    return Err(why);
                }
            };
        }
        let at = match self.arena.append(&bytes[..end]) {
            Ok(at) => at,
            Err(why) => {
                self.starts.truncate(first);
                return Err(why);
            }
        };
        self.starts[first..].iter_mut().for_each(|s| *s += at);
        self.first_block.push(self.starts.len() as u32);
        Ok(end)
    }

    /// Freezes lists that grew with their positions in `growing` (one vector per list); `None`
    /// when they are more than the arena can address (the index then goes without them).
    pub fn freeze(lists: &[Postings], growing: &[Vec<u8>]) -> Option<Positions> {
        let mut positions = Positions::default();
        for (list, bytes) in lists.iter().zip(growing) {
            positions.push_written(list, bytes).ok()?;
        }
        Some(positions)
    }

    /// Each list's positions in a vector of its own again, for lists to grow.
    pub fn thaw(&self, lists: &[Postings]) -> Vec<Vec<u8>> {
        let mut growing = Vec::with_capacity(lists.len());
        for (l, list) in lists.iter().enumerate() {
            let mut bytes = Vec::new();
            self.for_each_piece(l, list, |piece| bytes.extend_from_slice(piece));
            growing.push(bytes);
        }
        growing
    }

    /// The starts of list `l`'s blocks.
    fn blocks(&self, l: usize) -> &[u32] {
        match (self.first_block.get(l), self.first_block.get(l + 1)) {
            (Some(&from), Some(&to)) => self
                .starts
                .get(from as usize..to as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }

    /// Calls `f` with list `l`'s positions in pieces: concatenated, they are each posting's
    /// varint deltas, posting after posting, as `push_list` takes them.
    pub fn for_each_piece<'a>(&'a self, l: usize, list: &Postings, mut f: impl FnMut(&'a [u8])) {
        for (b, &start) in self.blocks(l).iter().enumerate() {
            let (chunk, at) = self.arena.chunk_at(start);
            let end = (b * BLOCK..((b + 1) * BLOCK).min(list.len()))
                .fold(at, |end, i| skip_varints(chunk, end, list.freq(i)));
            f(chunk.get(at..end).unwrap_or_default());
        }
    }

    /// Bytes of positions held.
    pub fn heap_bytes(&self) -> usize {
        self.arena.heap_bytes() + (self.first_block.capacity() + self.starts.capacity()) * 4
    }
}

/// Reads the positions of one list's postings for ascending doc ids, each read going on from
/// where the last one ended, as a phrase search walks its candidates.
pub struct PositionReader<'a> {
    list: &'a Postings,
    arena: &'a PositionArena,
    blocks: &'a [u32],
    /// The first posting not yet passed; when `placed`, its positions start at `bytes[at..]`.
    next: usize,
    bytes: &'a [u8],
    at: usize,
    placed: bool,
}

impl<'a> PositionReader<'a> {
    /// A reader of list `l`, which is `list`.
    pub fn new(positions: &'a Positions, l: usize, list: &'a Postings) -> Self {
        PositionReader {
            list,
            arena: &positions.arena,
            blocks: positions.blocks(l),
            next: 0,
            bytes: &[],
            at: 0,
            placed: false,
        }
    }

    /// Puts the positions of `doc` in `out` (cleared first) and says whether `doc` is in the
    /// list. `doc` must not be below one asked before.
    pub fn read(&mut self, doc: u32, out: &mut Vec<u32>) -> bool {
        out.clear();
        let Some(i) = self
            .list
            .docs()
            .get(self.next..)
            .and_then(|rest| rest.binary_search(&doc).ok())
            .map(|k| self.next + k)
        else {
            return false;
        };
        // Go on from the last read when it was in the same block (`next` is never past `i`),
        // else from the start of `i`'s block.
        let first = i / BLOCK * BLOCK;
        if !(self.placed && self.next > first) {
            let Some(&start) = self.blocks.get(i / BLOCK) else {
                return false;
            };
            let (chunk, at) = self.arena.chunk_at(start);
            (self.bytes, self.at, self.next, self.placed) = (chunk, at, first, true);
        }
        for j in self.next..i {
            self.at = skip_varints(self.bytes, self.at, self.list.freq(j));
        }
        let mut position = 0;
        for _ in 0..self.list.freq(i) {
            let (delta, next) = read_varint(self.bytes, self.at);
            position += delta;
            out.push(position);
            self.at = next;
        }
        self.next = i + 1;
        true
    }
}

/// Bytes per chunk of the position arena (more for a list that needs more).
const CHUNK: usize = 1 << 22;

/// Positions as varint deltas, in chunks of about `CHUNK` bytes that are allocated once and
/// never moved.
#[derive(Debug, Clone, Default)]
struct PositionArena {
    chunks: Vec<Vec<u8>>,
    /// Where each chunk starts in the whole arena.
    starts: Vec<u32>,
}

impl PositionArena {
    /// Appends `bytes` in one chunk, refusing bytes that would take the arena past what a
    /// `u32` addresses; returns where they start.
    fn append(&mut self, bytes: &[u8]) -> Result<u32, String> {
        if u32::try_from(self.len() + CHUNK.max(bytes.len())).is_err() {
            return Err("positions beyond the 4 GB an index can address".into());
        }
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= bytes.len());
        if !fits {
            self.starts.push(self.len() as u32);
            self.chunks.push(Vec::with_capacity(CHUNK.max(bytes.len())));
        }
        let last = self.chunks.len() - 1;
        let chunk = &mut self.chunks[last];
        let at = self.starts[last] + chunk.len() as u32;
        chunk.extend_from_slice(bytes);
        Ok(at)
    }

    /// Bytes written.
    fn len(&self) -> usize {
        match (self.starts.last(), self.chunks.last()) {
            (Some(&start), Some(chunk)) => start as usize + chunk.len(),
            _ => 0,
        }
    }

    /// Bytes reserved.
    fn heap_bytes(&self) -> usize {
        self.chunks.iter().map(Vec::capacity).sum()
    }

    /// The chunk holding byte `at` of the arena, and `at` within it.
    fn chunk_at(&self, at: u32) -> (&[u8], usize) {
        let i = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        match (self.chunks.get(i), self.starts.get(i)) {
            (Some(chunk), Some(&start)) => (chunk, (at - start) as usize),
            _ => (&[], 0),
        }
    }
}

/// Checks the `freq` positions of one posting at `bytes[end..]`: varint deltas that fit a
/// `u32` and ascend. Returns where they end.
fn check_positions(bytes: &[u8], mut end: usize, freq: u32) -> Result<usize, String> {
    let mut position = 0u32;
    for i in 0..freq {
        let delta = match bytes.get(end) {
            Some(&byte) if byte < 0x80 => {
                end += 1;
                u32::from(byte)
            }
            _ => long_varint(bytes, &mut end)?,
        };
        if i > 0 && delta == 0 {
            return Err("a position repeats the one before it".into());
        }
        position = position
            .checked_add(delta)
            .ok_or("a position runs past 32 bits")?;
    }
    Ok(end)
}

/// Where the `n` varints from `bytes[at..]` end.
fn skip_varints(bytes: &[u8], mut at: usize, n: u32) -> usize {
    let mut left = n;
    while left > 0 {
        let Some(&byte) = bytes.get(at) else {
            break;
        };
        at += 1;
        if byte < 0x80 {
            left -= 1;
        }
    }
    at
}

/// Appends ascending `positions` as varint deltas.
pub(super) fn write_positions(out: &mut Vec<u8>, positions: &[u32]) {
    let mut previous = 0;
    for &p in positions {
        write_varint(out, p - previous);
        previous = p;
    }
}

fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A varint of two bytes or more at `bytes[*end..]`, checked to fit a `u32`; moves `end` past it.
#[cold]
fn long_varint(bytes: &[u8], end: &mut usize) -> Result<u32, String> {
    let mut value = 0u32;
    let mut shift = 0;
    loop {
        let byte = *bytes
            .get(*end)
            .ok_or("the positions end before the posting's count of them")?;
        *end += 1;
        if shift == 28 && byte > 0x0f {
            return Err("a position runs past 32 bits".into());
        }
        value |= u32::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok(value);
        }
        shift += 7;
    }
}

fn read_varint(bytes: &[u8], mut at: usize) -> (u32, usize) {
    let mut value = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(at) {
        at += 1;
        value |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 || shift >= 28 {
            break;
        }
        shift += 7;
    }
    (value, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every posting's `(doc, freq, positions)`.
    fn contents(positions: &Positions, l: usize, list: &Postings) -> Vec<(u32, u32, Vec<u32>)> {
        let mut reader = PositionReader::new(positions, l, list);
        list.frequencies()
            .map(|(doc, freq)| {
                let mut out = Vec::new();
                reader.read(doc, &mut out);
                (doc, freq, out)
            })
            .collect()
    }

    /// A list grown from `postings`, with its positions as it grew them.
    fn grow(postings: &[(u32, Vec<u32>)]) -> (Postings, Vec<u8>) {
        let mut bytes = Vec::new();
        let mut list: Option<Postings> = None;
        for (doc, positions) in postings {
            write_positions(&mut bytes, positions);
            let freq = positions.len() as u32;
            match &mut list {
                Some(list) => list.push(*doc, freq),
                None => list = Some(Postings::new(*doc, freq)),
            }
        }
        (list.expect("at least one posting"), bytes)
    }

    #[test]
    fn positions_round_trip_through_freezing_and_thawing() {
        let postings = vec![(3, vec![0, 5, 300, 70_000]), (9, vec![1]), (12, vec![2, 4])];
        let (list, bytes) = grow(&postings);
        assert_eq!(std::mem::size_of::<Postings>(), 16);
        let (one, one_bytes) = grow(&postings[1..2]);
        let lists = [one, list];
        let frozen = Positions::freeze(&lists, &[one_bytes.clone(), bytes.clone()]).expect("fits");
        assert_eq!(frozen.lists(), 2);
        let expect: Vec<_> = postings
            .iter()
            .map(|(d, p)| (*d, p.len() as u32, p.clone()))
            .collect();
        assert_eq!(contents(&frozen, 1, &lists[1]), expect);
        assert_eq!(contents(&frozen, 0, &lists[0]), expect[1..2]);
        assert!(!PositionReader::new(&frozen, 1, &lists[1]).read(4, &mut Vec::new()));
        assert_eq!(frozen.thaw(&lists), vec![one_bytes, bytes]);
    }

    #[test]
    fn frequencies_of_255_and_more_are_exact() {
        let many: Vec<u32> = (0..300).collect();
        let exactly: Vec<u32> = (0..255).collect();
        let (alone, alone_bytes) = grow(&[(1, many.clone())]);
        assert_eq!(alone.frequencies().collect::<Vec<_>>(), vec![(1, 300)]);
        let postings = vec![
            (0, vec![4]),
            (2, exactly),
            (5, vec![1, 2]),
            (6, many.clone()),
        ];
        let (mixed, mixed_bytes) = grow(&postings);
        let expect = vec![(0, 1), (2, 255), (5, 2), (6, 300)];
        assert_eq!(mixed.frequencies().collect::<Vec<_>>(), expect);
        let mut summed = Vec::new();
        mixed.for_each_frequency(|doc, freq| summed.push((doc, freq)));
        summed.sort();
        assert_eq!(summed, expect);
        let lists = [alone, mixed];
        let frozen = Positions::freeze(&lists, &[alone_bytes, mixed_bytes]).expect("fits");
        assert_eq!(
            contents(&frozen, 0, &lists[0]),
            vec![(1, 300, many.clone())]
        );
        assert_eq!(contents(&frozen, 1, &lists[1])[3], (6, 300, many));
    }

    #[test]
    fn positions_never_straddle_chunks() {
        // Lists big enough to fill several chunks, one larger than a chunk by itself.
        let long: Vec<u32> = (0..200_000).map(|i| i * 1_000).collect();
        let huge: Vec<u32> = (0..(CHUNK as u32)).collect();
        let lists: Vec<(Postings, Vec<u8>)> = (0..6)
            .map(|l| {
                let postings: Vec<(u32, Vec<u32>)> = (0..20)
                    .map(|doc| {
                        (
                            doc,
                            if doc == 7 && l == 3 {
                                huge.clone()
                            } else {
                                long.clone()
                            },
                        )
                    })
                    .collect();
                grow(&postings)
            })
            .collect();
        let (postings, growing): (Vec<Postings>, Vec<Vec<u8>>) = lists.into_iter().unzip();
        let frozen = Positions::freeze(&postings, &growing).expect("fits");
        assert!(frozen.arena.chunks.len() > 2);
        for (l, list) in postings.iter().enumerate() {
            let mut reader = PositionReader::new(&frozen, l, list);
            let mut out = Vec::new();
            assert!(reader.read(7, &mut out));
            assert_eq!(out, if l == 3 { &huge } else { &long }[..]);
            assert!(reader.read(19, &mut out));
            assert_eq!(out, long);
        }
        assert_eq!(frozen.thaw(&postings), growing);
    }

    #[test]
    fn what_a_list_reads_from_is_checked() {
        // Frequencies, bytes of positions, and the error.
        let cases: [(&[u32], &[u8], &str); 3] = [
            (&[2], &[3, 0], "a position repeats the one before it"),
            (
                &[1, 1],
                &[3],
                "the positions end before the posting's count of them",
            ),
            (
                &[1],
                &[0x80, 0x80, 0x80, 0x80, 0x7f],
                "a position runs past 32 bits",
            ),
        ];
        for (freqs, bytes, expect) in cases {
            let docs: Vec<u32> = (0..freqs.len() as u32).collect();
            let list = Postings::from_slices(&docs, freqs).expect("a list");
            let mut positions = Positions::default();
            assert_eq!(
                positions.push_list(&list, bytes),
                Err(expect.to_string()),
                "{freqs:?} {bytes:?}"
            );
            assert_eq!(positions.lists(), 0);
        }
        assert!(Postings::from_slices(&[], &[]).is_none());
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Lists of up to 60 postings, each of up to 300 positions below 5,000.
        fn lists() -> impl Strategy<Value = Vec<(u32, Vec<u32>)>> {
            let posting = (1u32..50, prop::collection::btree_set(0u32..5_000, 1..300));
            prop::collection::vec(posting, 1..60).prop_map(|postings| {
                let mut doc = 0;
                postings
                    .into_iter()
                    .map(|(gap, positions)| {
                        doc += gap;
                        (doc, positions.into_iter().collect())
                    })
                    .collect()
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Freezing, thawing and reading back what `for_each_piece` gives keep every
            /// posting as it was grown, and a reader finds each doc asked in any ascending order.
            #[test]
            fn lists_keep_their_postings(all in prop::collection::vec(lists(), 1..4), skip in 1usize..4) {
                let grown: Vec<(Postings, Vec<u8>)> = all.iter().map(|p| grow(p)).collect();
                let (lists, growing): (Vec<Postings>, Vec<Vec<u8>>) = grown.into_iter().unzip();
                let frozen = Positions::freeze(&lists, &growing).expect("fits");
                prop_assert_eq!(&frozen.thaw(&lists), &growing);
                let mut read = Positions::default();
                for (l, list) in lists.iter().enumerate() {
                    let expect: Vec<(u32, u32, Vec<u32>)> = all[l]
                        .iter()
                        .map(|(doc, ps)| (*doc, ps.len() as u32, ps.clone()))
                        .collect();
                    prop_assert_eq!(&contents(&frozen, l, list), &expect);
                    let mut bytes = Vec::new();
                    frozen.for_each_piece(l, list, |piece| bytes.extend_from_slice(piece));
                    bytes.push(0x55);
                    prop_assert_eq!(read.push_list(list, &bytes), Ok(bytes.len() - 1));
                    prop_assert_eq!(&contents(&read, l, list), &expect);
                    let mut reader = PositionReader::new(&frozen, l, list);
                    let mut out = Vec::new();
                    for (doc, _, positions) in expect.iter().step_by(skip) {
                        prop_assert!(reader.read(*doc, &mut out));
                        prop_assert_eq!(&out, positions);
                    }
                }
            }
        }
    }
}
