//! Posting lists: for one term in one field, the documents that contain it (dense `u32` ids in
//! ascending order), how often, and where. Positions are stored as varint deltas in one shared
//! arena of byte chunks, so a posting costs a few bytes beyond its doc id and frequency, and the
//! arena grows without copying itself or doubling its capacity.
//!
//! Most lists hold a single posting (four in five at 100,000 records: rare words in one field of
//! one record), so that posting lives inside the list itself and only longer lists allocate.
//!
//! Invariants: a list is never empty; its doc ids are strictly ascending; the `freq` positions
//! of a posting start at byte `pos_at` of the arena, lie in one chunk, and are ascending.

/// How often a term occurs in one document's field, and where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detail {
    /// Occurrences of the term in the field (distinct positions).
    pub freq: u32,
    /// Where the positions start in the arena.
    pub pos_at: u32,
}

/// A posting list: 24 bytes while it has one posting, so half a million of them stay close
/// together in memory while an index is built. Doc ids and details are apart, so the loops
/// that only need doc ids (most of them) read a dense array.
#[derive(Debug, Clone)]
pub struct Postings {
    /// The list while it has one posting.
    one_doc: u32,
    one: Detail,
    /// The whole list once it has more (starting with `one_doc` and `one`).
    more: Option<Box<Longer>>,
}

/// A list of more than one posting, side by side.
#[derive(Debug, Clone)]
struct Longer {
    docs: Vec<u32>,
    details: Vec<Detail>,
}

impl Postings {
    /// A list of one document; `positions` must be ascending.
    pub fn new(doc: u32, positions: &[u32], arena: &mut PositionArena) -> Postings {
        Postings {
            one_doc: doc,
            one: encode(positions, arena),
            more: None,
        }
    }

    /// Appends a document; `positions` must be ascending and `doc` above every earlier one.
    pub fn push(&mut self, doc: u32, positions: &[u32], arena: &mut PositionArena) {
        debug_assert!(self.docs().last().is_none_or(|&d| d < doc));
        let detail = encode(positions, arena);
        match &mut self.more {
            Some(more) => {
                more.docs.push(doc);
                more.details.push(detail);
            }
            // The second posting, in vectors of exactly two: most lists that get one stay short.
            None => {
                self.more = Some(Box::new(Longer {
                    docs: vec![self.one_doc, doc],
                    details: vec![self.one, detail],
                }))
            }
        }
    }

    /// A whole list at once (as a bundle holds it); `None` when it would be empty. `docs` must
    /// be strictly ascending, and as long as `details`. A list of one needs no allocation.
    pub fn from_slices(docs: &[u32], details: &[Detail]) -> Option<Postings> {
        debug_assert!(docs.len() == details.len() && docs.is_sorted());
        match (docs, details) {
            ([], _) | (_, []) => None,
            (&[doc], &[one]) => Some(Postings {
                one_doc: doc,
                one,
                more: None,
            }),
            (&[doc, ..], &[one, ..]) => Some(Postings {
                one_doc: doc,
                one,
                more: Some(Box::new(Longer {
                    docs: docs.to_vec(),
                    details: details.to_vec(),
                })),
            }),
        }
    }

    /// The doc ids, ascending.
    pub fn docs(&self) -> &[u32] {
        match &self.more {
            Some(more) => &more.docs,
            None => std::slice::from_ref(&self.one_doc),
        }
    }

    /// Frequency and positions of each doc of `docs`, in the same order.
    pub fn details(&self) -> &[Detail] {
        match &self.more {
            Some(more) => &more.details,
            None => std::slice::from_ref(&self.one),
        }
    }

    pub fn len(&self) -> usize {
        self.docs().len()
    }

    /// `(doc, freq)` of every posting, ascending by doc.
    pub fn frequencies(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.docs()
            .iter()
            .zip(self.details())
            .map(|(&d, x)| (d, x.freq))
    }

    /// The positions of `doc` in this list, if it is there.
    pub fn positions(&self, doc: u32, arena: &PositionArena) -> Option<Vec<u32>> {
        let i = self.docs().binary_search(&doc).ok()?;
        Some(decode(self.details().get(i)?, arena))
    }

    /// Bytes of positions this list holds in the arena.
    pub fn position_bytes(&self, arena: &PositionArena) -> usize {
        let mut bytes = 0;
        for p in self.details() {
            let (chunk, start) = arena.chunk_at(p.pos_at);
            let mut next = start;
            for _ in 0..p.freq {
                next = read_varint(chunk, next).1;
            }
            bytes += next - start;
        }
        bytes
    }

    /// Heap bytes beyond the list itself.
    pub fn heap_bytes(&self) -> usize {
        self.more.as_ref().map_or(0, |more| {
            std::mem::size_of::<Longer>()
                + more.docs.capacity() * 4
                + more.details.capacity() * std::mem::size_of::<Detail>()
        })
    }
}

/// Bytes per chunk of the position arena (more for a posting that needs more).
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
        let mut previous = 0;
        for &p in positions {
            write_varint(chunk, p - previous);
            previous = p;
        }
        at
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

    /// The arena's bytes for one posting's positions, as `append_list` takes them.
    pub fn encoded(&self, detail: &Detail) -> &[u8] {
        let (chunk, start) = self.chunk_at(detail.pos_at);
        let mut end = start;
        for _ in 0..detail.freq {
            end = read_varint(chunk, end).1;
        }
        chunk.get(start..end).unwrap_or_default()
    }

    /// Reads the positions of a list's postings from the front of `bytes`: `freqs[k]` varint
    /// deltas for posting `k`, posting after posting, as `encoded` gives each. Appends them in
    /// one piece, pushes each posting's detail onto `details`, and returns the bytes read.
    /// Refuses positions that do not ascend or do not fit a `u32`.
    pub fn append_list(
        &mut self,
        bytes: &[u8],
        freqs: &[u32],
        details: &mut Vec<Detail>,
    ) -> Result<usize, String> {
        let first = details.len();
        let mut end = 0;
        for &freq in freqs {
            if freq == 0 {
                return Err("a posting with no positions".into());
            }
            details.push(Detail {
                freq,
                pos_at: end as u32,
            });
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
        }
        let (at, chunk) = self.room(end);
        if u32::try_from(u64::from(at) + end as u64).is_err() {
            return Err("positions beyond the 4 GB an index can address".into());
        }
        chunk.extend_from_slice(&bytes[..end]);
        for detail in &mut details[first..] {
            detail.pos_at += at;
        }
        Ok(end)
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

fn encode(positions: &[u32], arena: &mut PositionArena) -> Detail {
    Detail {
        freq: positions.len() as u32,
        pos_at: arena.write(positions),
    }
}

fn decode(posting: &Detail, arena: &PositionArena) -> Vec<u32> {
    let (arena, mut at) = arena.chunk_at(posting.pos_at);
    let mut out = Vec::with_capacity(posting.freq as usize);
    let mut position = 0;
    for _ in 0..posting.freq {
        let (delta, next) = read_varint(arena, at);
        position += delta;
        out.push(position);
        at = next;
    }
    out
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

    #[test]
    fn positions_round_trip() {
        let mut arena = PositionArena::default();
        let mut p = Postings::new(3, &[0, 5, 300, 70_000], &mut arena);
        assert_eq!(p.len(), 1);
        assert_eq!(std::mem::size_of::<Postings>(), 24);
        assert_eq!(p.positions(3, &arena), Some(vec![0, 5, 300, 70_000]));
        p.push(9, &[1], &mut arena);
        p.push(12, &[2, 4], &mut arena);
        assert_eq!(p.docs(), &[3, 9, 12]);
        assert_eq!(
            p.frequencies().collect::<Vec<_>>(),
            vec![(3, 4), (9, 1), (12, 2)]
        );
        assert_eq!(p.positions(3, &arena), Some(vec![0, 5, 300, 70_000]));
        assert_eq!(p.positions(9, &arena), Some(vec![1]));
        assert_eq!(p.positions(12, &arena), Some(vec![2, 4]));
        assert_eq!(p.positions(4, &arena), None);
        assert_eq!(p.position_bytes(&arena), arena.len());
    }

    #[test]
    fn positions_never_straddle_chunks() {
        let mut arena = PositionArena::default();
        // Big enough postings to fill several chunks, one larger than a chunk by itself.
        let long: Vec<u32> = (0..200_000).map(|i| i * 1_000).collect();
        let huge: Vec<u32> = (0..(CHUNK as u32)).collect();
        let mut p = Postings::new(0, &long, &mut arena);
        for doc in 1..60 {
            p.push(doc, if doc == 30 { &huge } else { &long }, &mut arena);
        }
        assert!(arena.chunks.len() > 2);
        assert_eq!(p.positions(7, &arena).as_deref(), Some(&long[..]));
        assert_eq!(p.positions(30, &arena).as_deref(), Some(&huge[..]));
        assert_eq!(p.positions(59, &arena).as_deref(), Some(&long[..]));
    }
}
