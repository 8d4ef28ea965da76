//! Posting lists: for one term in one field, the documents that contain it (dense `u32` ids in
//! ascending order), how often, and where (positions as varint deltas).
//!
//! A list grows posting by posting while an index is built, its positions in a vector of its
//! own. Once the index is complete its lists are frozen (`Postings::freeze`): their positions
//! are copied into one shared arena of byte chunks, list after list, and each list keeps only
//! where each block of `BLOCK` postings starts. A posting of a frozen list costs its doc id, a
//! byte of frequency, its positions and a quarter of a byte of block start: about seven bytes
//! instead of fourteen. A frozen list that grows again takes its positions back (`thaw`).
//!
//! Most lists hold a single posting (four in five at 100,000 records: rare words in one field of
//! one record), so that posting lives inside the list itself and only longer lists allocate.
//!
//! Invariants: a list is never empty; its doc ids are strictly ascending; each posting has
//! `freq` ≥ 1 ascending positions; `freqs` holds each frequency below 255, and 255 for those of
//! 255 or more, whose exact counts are in `large` in posting order; the positions of a frozen
//! list's block of postings lie one after another in one chunk of the arena.

/// Postings per block of a frozen list: finding one posting's positions reads past those of at
/// most fifteen postings before it.
const BLOCK: usize = 16;
/// The frequency byte of a posting of 255 or more occurrences, whose count is in `large`.
const SATURATED: u8 = u8::MAX;

/// A posting list: 24 bytes natively and 16 in wasm while it has one posting, so half a million
/// of them stay close together in memory. Doc ids, frequencies and positions are apart, so the
/// loops that only need doc ids (most of them) read a dense array.
#[derive(Debug, Clone)]
pub struct Postings {
    /// The list while `more` is `None`: one document, where its positions start in the arena,
    /// and how many there are (below `SATURATED`; a single posting of more is a `Longer`).
    one_doc: u32,
    one_at: u32,
    one_freq: u8,
    /// The whole list otherwise.
    more: Option<Box<Longer>>,
}

/// A list of more than one posting (or of one with 255 occurrences or more), side by side.
#[derive(Debug, Clone)]
struct Longer {
    docs: Vec<u32>,
    /// Each posting's frequency, `SATURATED` for 255 or more.
    freqs: Vec<u8>,
    /// `(posting, frequency)` of the saturated postings, ascending.
    large: Vec<(u32, u32)>,
    place: Place,
}

/// Where a longer list's positions are.
#[derive(Debug, Clone)]
enum Place {
    /// Frozen: where each block of `BLOCK` postings starts in the arena.
    Arena(Vec<u32>),
    /// Growing: every posting's positions, one after another.
    Own(Vec<u8>),
}

impl Longer {
    /// A growing list of one posting whose positions are `bytes`.
    fn of_one(doc: u32, freq: u32, bytes: &[u8]) -> Longer {
        let mut longer = Longer {
            docs: Vec::with_capacity(2),
            freqs: Vec::with_capacity(2),
            large: Vec::new(),
            place: Place::Own(bytes.to_vec()),
        };
        longer.push(doc, freq);
        longer
    }

    /// Appends a posting's doc id and frequency (its positions are the caller's).
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

    /// The frequency of posting `i`.
    fn freq(&self, i: usize) -> u32 {
        match self.freqs.get(i) {
            Some(&SATURATED) => self
                .large
                .binary_search_by_key(&(i as u32), |&(posting, _)| posting)
                .map_or(u32::from(SATURATED), |k| self.large[k].1),
            Some(&f) => u32::from(f),
            None => 0,
        }
    }

    /// Where the positions of the postings `first..` lie: `(bytes, at, first)` with posting
    /// `first`'s positions at `bytes[at..]`, the block of posting `i` when frozen.
    fn block_of<'a>(&'a self, i: usize, arena: &'a PositionArena) -> (&'a [u8], usize, usize) {
        match &self.place {
            Place::Own(bytes) => (bytes, 0, 0),
            Place::Arena(starts) => {
                let block = i / BLOCK;
                let (chunk, at) = starts
                    .get(block)
                    .map_or((&[][..], 0), |&s| arena.chunk_at(s));
                (chunk, at, block * BLOCK)
            }
        }
    }

    /// Calls `f` with the list's positions in pieces that, concatenated, are every posting's
    /// positions one after another.
    fn for_each_piece<'a>(&'a self, arena: &'a PositionArena, mut f: impl FnMut(&'a [u8])) {
        match &self.place {
            Place::Own(bytes) => f(bytes),
            Place::Arena(starts) => {
                for (b, &start) in starts.iter().enumerate() {
                    let (chunk, at) = arena.chunk_at(start);
                    let end = (b * BLOCK..((b + 1) * BLOCK).min(self.docs.len()))
                        .fold(at, |end, i| skip_varints(chunk, end, self.freq(i)));
                    f(chunk.get(at..end).unwrap_or_default());
                }
            }
        }
    }
}

impl Postings {
    /// A list of one document; `positions` must be ascending.
    pub fn new(doc: u32, positions: &[u32], arena: &mut PositionArena) -> Postings {
        let freq = positions.len() as u32;
        match u8::try_from(freq) {
            Ok(one_freq) if one_freq < SATURATED => Postings {
                one_doc: doc,
                one_at: arena.write(positions),
                one_freq,
                more: None,
            },
            _ => {
                let mut bytes = Vec::new();
                write_positions(&mut bytes, positions);
                Postings {
                    one_doc: doc,
                    one_at: 0,
                    one_freq: SATURATED,
                    more: Some(Box::new(Longer::of_one(doc, freq, &bytes))),
                }
            }
        }
    }

    /// Appends a document; `positions` must be ascending and `doc` above every earlier one.
    pub fn push(&mut self, doc: u32, positions: &[u32], arena: &PositionArena) {
        debug_assert!(self.docs().last().is_none_or(|&d| d < doc));
        let more = match &mut self.more {
            Some(more) => more,
            // The second posting, in vectors of exactly two: most lists that get one stay short.
            None => {
                let (chunk, at) = arena.chunk_at(self.one_at);
                let end = skip_varints(chunk, at, u32::from(self.one_freq));
                let bytes = chunk.get(at..end).unwrap_or_default();
                let one = Longer::of_one(self.one_doc, u32::from(self.one_freq), bytes);
                self.more.insert(Box::new(one))
            }
        };
        if let Place::Arena(_) = more.place {
            let mut bytes = Vec::new();
            more.for_each_piece(arena, |piece| bytes.extend_from_slice(piece));
            more.place = Place::Own(bytes);
        }
        more.push(doc, positions.len() as u32);
        if let Place::Own(bytes) = &mut more.place {
            write_positions(bytes, positions);
        }
    }

    /// A whole list as a bundle holds it, already frozen: `docs` strictly ascending, each
    /// posting's frequency in `freqs`, and `bytes` starting with their positions (varint
    /// deltas, posting after posting). Appends the positions to `arena` in one piece and
    /// returns the list and the bytes of positions read. Refuses an empty list and positions
    /// that are missing, do not ascend or do not fit a `u32`.
    pub fn read(
        docs: &[u32],
        freqs: &[u32],
        bytes: &[u8],
        arena: &mut PositionArena,
    ) -> Result<(Postings, usize), String> {
        debug_assert!(docs.len() == freqs.len() && docs.is_sorted());
        let (Some(&first), Some(&first_freq)) = (docs.first(), freqs.first()) else {
            return Err("an empty list".into());
        };
        let mut more = Longer {
            docs: docs.to_vec(),
            freqs: Vec::with_capacity(freqs.len()),
            large: Vec::new(),
            place: Place::Arena(Vec::new()),
        };
        let mut starts = Vec::with_capacity(freqs.len().div_ceil(BLOCK));
        let mut end = 0;
        for (i, &freq) in freqs.iter().enumerate() {
            if freq == 0 {
                return Err("a posting with no positions".into());
            }
            if i % BLOCK == 0 {
                starts.push(end as u32);
            }
            match u8::try_from(freq) {
                Ok(f) if f < SATURATED => more.freqs.push(f),
                _ => {
                    more.large.push((i as u32, freq));
                    more.freqs.push(SATURATED);
                }
            }
            end = check_positions(bytes, end, freq)?;
        }
        let at = arena.append(&bytes[..end])?;
        starts.iter_mut().for_each(|s| *s += at);
        more.place = Place::Arena(starts);
        let list = match u8::try_from(first_freq) {
            Ok(one_freq) if docs.len() == 1 && one_freq < SATURATED => Postings {
                one_doc: first,
                one_at: at,
                one_freq,
                more: None,
            },
            _ => Postings {
                one_doc: first,
                one_at: at,
                one_freq: SATURATED,
                more: Some(Box::new(more)),
            },
        };
        Ok((list, end))
    }

    /// Moves the list's positions from `old` (or its own vector) to the end of `new`, each
    /// block of postings in one piece, keeping where each block starts.
    pub fn freeze(&mut self, old: &PositionArena, new: &mut PositionArena) {
        let Some(more) = &mut self.more else {
            let (chunk, at) = old.chunk_at(self.one_at);
            let end = skip_varints(chunk, at, u32::from(self.one_freq));
            self.one_at = new.copy(chunk.get(at..end).unwrap_or_default());
            return;
        };
        let starts = match &more.place {
            Place::Own(bytes) => {
                let mut starts = Vec::with_capacity(more.docs.len().div_ceil(BLOCK));
                let mut at = 0;
                for first in (0..more.docs.len()).step_by(BLOCK) {
                    let end = (first..(first + BLOCK).min(more.docs.len()))
                        .fold(at, |end, i| skip_varints(bytes, end, more.freq(i)));
                    starts.push(new.copy(bytes.get(at..end).unwrap_or_default()));
                    at = end;
                }
                starts
            }
            Place::Arena(_) => {
                let mut starts = Vec::new();
                more.for_each_piece(old, |piece| starts.push(new.copy(piece)));
                starts
            }
        };
        more.place = Place::Arena(starts);
        more.docs.shrink_to_fit();
        more.freqs.shrink_to_fit();
        more.large.shrink_to_fit();
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
    /// then the others. Quicker than `frequencies` for sums, whose order does not matter.
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

    /// The positions of `doc` in this list, if it is there.
    #[cfg(test)]
    pub fn positions(&self, doc: u32, arena: &PositionArena) -> Option<Vec<u32>> {
        let mut out = Vec::new();
        PositionReader::new(self, arena)
            .read(doc, &mut out)
            .then_some(out)
    }

    /// Calls `f` with the list's positions in pieces: concatenated, they are each posting's
    /// varint deltas, posting after posting, as `Postings::read` takes them.
    pub fn for_each_position_bytes<'a>(
        &'a self,
        arena: &'a PositionArena,
        mut f: impl FnMut(&'a [u8]),
    ) {
        match &self.more {
            Some(more) => more.for_each_piece(arena, f),
            None => {
                let (chunk, at) = arena.chunk_at(self.one_at);
                let end = skip_varints(chunk, at, u32::from(self.one_freq));
                f(chunk.get(at..end).unwrap_or_default());
            }
        }
    }

    /// Bytes of positions this list holds.
    pub fn position_bytes(&self, arena: &PositionArena) -> usize {
        let mut bytes = 0;
        self.for_each_position_bytes(arena, |piece| bytes += piece.len());
        bytes
    }

    /// Heap bytes beyond the list itself (its positions in the arena not counted).
    pub fn heap_bytes(&self) -> usize {
        self.more.as_ref().map_or(0, |more| {
            std::mem::size_of::<Longer>()
                + more.docs.capacity() * 4
                + more.freqs.capacity()
                + more.large.capacity() * 8
                + match &more.place {
                    Place::Arena(starts) => starts.capacity() * 4,
                    Place::Own(bytes) => bytes.capacity(),
                }
        })
    }
}

/// Reads the positions of one list's postings for ascending doc ids, each read going on from
/// where the last one ended, as a phrase search walks its candidates.
pub struct PositionReader<'a> {
    list: &'a Postings,
    arena: &'a PositionArena,
    /// The first posting not yet passed, and where its positions start when `bytes` holds
    /// them (`bytes[at..]`).
    next: usize,
    bytes: &'a [u8],
    at: usize,
    placed: bool,
}

impl<'a> PositionReader<'a> {
    pub fn new(list: &'a Postings, arena: &'a PositionArena) -> Self {
        PositionReader {
            list,
            arena,
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
        let docs = self.list.docs();
        let Some(i) = docs
            .get(self.next..)
            .and_then(|rest| rest.binary_search(&doc).ok())
            .map(|k| self.next + k)
        else {
            return false;
        };
        let freq = match &self.list.more {
            None => {
                let (chunk, at) = self.arena.chunk_at(self.list.one_at);
                (self.bytes, self.at, self.placed) = (chunk, at, true);
                u32::from(self.list.one_freq)
            }
            Some(more) => {
                let (bytes, at, first) = more.block_of(i, self.arena);
                // Go on from the last read when it was in the same block (`next` is never past
                // `i`), else from the start of `i`'s block.
                if !(self.placed && self.next > first) {
                    (self.bytes, self.at, self.next, self.placed) = (bytes, at, first, true);
                }
                for j in self.next..i {
                    self.at = skip_varints(self.bytes, self.at, more.freq(j));
                }
                more.freq(i)
            }
        };
        let mut position = 0;
        for _ in 0..freq {
            let (delta, next) = read_varint(self.bytes, self.at);
            position += delta;
            out.push(position);
            self.at = next;
        }
        self.next = i + 1;
        true
    }
}

/// Bytes per chunk of the position arena (more for a list or block that needs more).
const CHUNK: usize = 1 << 22;
/// The most bytes a varint of a `u32` takes.
const VARINT_MAX: usize = 5;

/// Every posting's positions as varint deltas, in chunks of about `CHUNK` bytes that are
/// allocated once and never moved.
#[derive(Debug, Clone, Default)]
pub struct PositionArena {
    chunks: Vec<Vec<u8>>,
    /// Where each chunk starts in the whole arena.
    starts: Vec<u32>,
}

impl PositionArena {
    /// Appends ascending `positions`; returns where they start.
    fn write(&mut self, positions: &[u32]) -> u32 {
        let (at, chunk) = self.room(positions.len() * VARINT_MAX);
        write_positions(chunk, positions);
        at
    }

    /// Appends `bytes` in one chunk; returns where they start.
    fn copy(&mut self, bytes: &[u8]) -> u32 {
        self.copy_pieces(&[bytes])
    }

    /// Appends `pieces` one after another in one chunk; returns where they start.
    fn copy_pieces(&mut self, pieces: &[&[u8]]) -> u32 {
        let (at, chunk) = self.room(pieces.iter().map(|p| p.len()).sum());
        pieces
            .iter()
            .for_each(|piece| chunk.extend_from_slice(piece));
        at
    }

    /// `copy`, refusing bytes that would take the arena past what a `u32` addresses.
    fn append(&mut self, bytes: &[u8]) -> Result<u32, String> {
        if u32::try_from(self.len() + CHUNK.max(bytes.len())).is_err() {
            return Err("positions beyond the 4 GB an index can address".into());
        }
        Ok(self.copy(bytes))
    }

    /// The chunk to append `needed` bytes to (a new one when the last is too full), and where
    /// in the arena they will start.
    fn room(&mut self, needed: usize) -> (u32, &mut Vec<u8>) {
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= needed);
        if !fits {
            self.starts.push(self.len() as u32);
            self.chunks.push(Vec::with_capacity(CHUNK.max(needed)));
        }
        let last = self.chunks.len() - 1;
        let chunk = &mut self.chunks[last];
        (self.starts[last] + chunk.len() as u32, chunk)
    }

    /// Bytes written.
    fn len(&self) -> usize {
        match (self.starts.last(), self.chunks.last()) {
            (Some(&start), Some(chunk)) => start as usize + chunk.len(),
            _ => 0,
        }
    }

    /// Bytes reserved.
    pub fn heap_bytes(&self) -> usize {
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
fn write_positions(out: &mut Vec<u8>, positions: &[u32]) {
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
    fn contents(list: &Postings, arena: &PositionArena) -> Vec<(u32, u32, Vec<u32>)> {
        list.frequencies()
            .map(|(doc, freq)| (doc, freq, list.positions(doc, arena).unwrap_or_default()))
            .collect()
    }

    fn freeze(lists: &mut [Postings], arena: &mut PositionArena) {
        let old = std::mem::take(arena);
        for list in lists {
            list.freeze(&old, arena);
        }
    }

    #[test]
    fn positions_round_trip_through_freezing_and_growing_again() {
        let mut arena = PositionArena::default();
        let mut p = Postings::new(3, &[0, 5, 300, 70_000], &mut arena);
        assert_eq!(p.len(), 1);
        assert_eq!(std::mem::size_of::<Postings>(), 24);
        assert_eq!(p.positions(3, &arena), Some(vec![0, 5, 300, 70_000]));
        p.push(9, &[1], &arena);
        p.push(12, &[2, 4], &arena);
        let expect = vec![
            (3, 4, vec![0, 5, 300, 70_000]),
            (9, 1, vec![1]),
            (12, 2, vec![2, 4]),
        ];
        assert_eq!(contents(&p, &arena), expect);
        assert_eq!(p.positions(4, &arena), None);
        let mut lists = [p];
        freeze(&mut lists, &mut arena);
        assert_eq!(contents(&lists[0], &arena), expect);
        assert_eq!(lists[0].position_bytes(&arena), arena.len());
        lists[0].push(20, &[7], &arena);
        assert_eq!(contents(&lists[0], &arena)[3], (20, 1, vec![7]));
        freeze(&mut lists, &mut arena);
        assert_eq!(contents(&lists[0], &arena)[..3], expect[..]);
        assert_eq!(lists[0].position_bytes(&arena), arena.len());
    }

    #[test]
    fn frequencies_of_255_and_more_are_exact() {
        let many: Vec<u32> = (0..300).collect();
        let exactly: Vec<u32> = (0..255).collect();
        let mut arena = PositionArena::default();
        let mut alone = Postings::new(1, &many, &mut arena);
        assert_eq!(alone.frequencies().collect::<Vec<_>>(), vec![(1, 300)]);
        let mut mixed = Postings::new(0, &[4], &mut arena);
        mixed.push(2, &exactly, &arena);
        mixed.push(5, &[1, 2], &arena);
        mixed.push(6, &many, &arena);
        let expect = vec![(0, 1), (2, 255), (5, 2), (6, 300)];
        assert_eq!(mixed.frequencies().collect::<Vec<_>>(), expect);
        alone.push(3, &[9], &arena);
        let mut lists = [alone, mixed];
        freeze(&mut lists, &mut arena);
        assert_eq!(lists[1].frequencies().collect::<Vec<_>>(), expect);
        assert_eq!(lists[1].positions(6, &arena), Some(many.clone()));
        assert_eq!(lists[0].positions(1, &arena), Some(many));
        assert_eq!(lists[0].positions(3, &arena), Some(vec![9]));
    }

    #[test]
    fn positions_never_straddle_chunks() {
        let mut arena = PositionArena::default();
        // Big enough postings to fill several chunks, one larger than a chunk by itself.
        let long: Vec<u32> = (0..200_000).map(|i| i * 1_000).collect();
        let huge: Vec<u32> = (0..(CHUNK as u32)).collect();
        let mut p = Postings::new(0, &long, &mut arena);
        for doc in 1..60 {
            p.push(doc, if doc == 30 { &huge } else { &long }, &arena);
        }
        let mut lists = [p];
        freeze(&mut lists, &mut arena);
        assert!(arena.chunks.len() > 2);
        for _ in 0..2 {
            assert_eq!(lists[0].positions(7, &arena).as_deref(), Some(&long[..]));
            assert_eq!(lists[0].positions(30, &arena).as_deref(), Some(&huge[..]));
            assert_eq!(lists[0].positions(59, &arena).as_deref(), Some(&long[..]));
            freeze(&mut lists, &mut arena);
        }
    }

    #[test]
    fn what_a_list_reads_from_is_checked() {
        let mut arena = PositionArena::default();
        // Doc ids, frequencies, bytes of positions, and the error.
        type Case<'a> = (&'a [u32], &'a [u32], &'a [u8], &'a str);
        let cases: [Case; 4] = [
            (&[], &[], &[], "an empty list"),
            (&[1], &[0], &[], "a posting with no positions"),
            (&[1], &[2], &[3, 0], "a position repeats the one before it"),
            (
                &[1, 2],
                &[1, 1],
                &[3],
                "the positions end before the posting's count of them",
            ),
        ];
        for (docs, freqs, bytes, expect) in cases {
            let got = Postings::read(docs, freqs, bytes, &mut arena).map(|(_, used)| used);
            assert_eq!(got, Err(expect.to_string()), "{docs:?} {freqs:?} {bytes:?}");
        }
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

            /// Growing, freezing at any point, growing again and reading what a list writes all
            /// keep every posting as it was pushed.
            #[test]
            fn lists_keep_their_postings(postings in lists(), cut in 0usize..60) {
                let expect: Vec<(u32, u32, Vec<u32>)> = postings
                    .iter()
                    .map(|(doc, ps)| (*doc, ps.len() as u32, ps.clone()))
                    .collect();
                let mut arena = PositionArena::default();
                let mut list = Postings::new(postings[0].0, &postings[0].1, &mut arena);
                let cut = cut.clamp(1, postings.len());
                for (doc, positions) in &postings[1..cut] {
                    list.push(*doc, positions, &arena);
                }
                let mut lists = [list];
                freeze(&mut lists, &mut arena);
                for (doc, positions) in &postings[cut..] {
                    lists[0].push(*doc, positions, &arena);
                }
                prop_assert_eq!(&contents(&lists[0], &arena), &expect);
                freeze(&mut lists, &mut arena);
                prop_assert_eq!(&contents(&lists[0], &arena), &expect);
                let mut bytes = Vec::new();
                lists[0].for_each_position_bytes(&arena, |piece| bytes.extend_from_slice(piece));
                let docs: Vec<u32> = expect.iter().map(|p| p.0).collect();
                let freqs: Vec<u32> = expect.iter().map(|p| p.1).collect();
                let mut other = PositionArena::default();
                let (read, used) = Postings::read(&docs, &freqs, &bytes, &mut other).map_err(TestCaseError::fail)?;
                prop_assert_eq!(used, bytes.len());
                prop_assert_eq!(&contents(&read, &other), &expect);
            }
        }
    }
}
