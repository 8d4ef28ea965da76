//! Posting lists: for one term in one field, the documents that contain it (dense `u32` ids in
//! ascending order), how often, and where. Positions are stored as varint deltas in one shared
//! byte arena, so a posting costs a few bytes beyond its doc id and frequency.
//!
//! Most lists hold a single posting (four in five at 100,000 records: rare words in one field of
//! one record), so that posting lives inside the list itself and only longer lists allocate.
//!
//! Invariants: a list is never empty; its doc ids are strictly ascending; the `freq` positions
//! of a posting start at byte `pos_at` of the arena and are ascending.

/// One document in a posting list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Occurrences of the term in the field (distinct positions).
    pub freq: u32,
    /// Where the positions start in the arena.
    pub pos_at: u32,
}

#[derive(Debug, Clone)]
pub struct Postings {
    /// The list while it has one posting.
    one: Posting,
    /// The whole list once it has more (its first entry is `one`).
    more: Vec<Posting>,
}

impl Postings {
    /// A list of one document; `positions` must be ascending.
    pub fn new(doc: u32, positions: &[u32], arena: &mut Vec<u8>) -> Postings {
        Postings {
            one: encode(doc, positions, arena),
            more: Vec::new(),
        }
    }

    /// Appends a document; `positions` must be ascending and `doc` above every earlier one.
    pub fn push(&mut self, doc: u32, positions: &[u32], arena: &mut Vec<u8>) {
        debug_assert!(self.entries().last().is_none_or(|p| p.doc < doc));
        if self.more.is_empty() {
            // The second posting: most lists that get one stay short.
            self.more.reserve_exact(2);
            self.more.push(self.one);
        }
        self.more.push(encode(doc, positions, arena));
    }

    /// The postings, ascending by doc id.
    pub fn entries(&self) -> &[Posting] {
        if self.more.is_empty() {
            std::slice::from_ref(&self.one)
        } else {
            &self.more
        }
    }

    pub fn len(&self) -> usize {
        self.entries().len()
    }

    /// The doc ids, ascending.
    pub fn docs(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries().iter().map(|p| p.doc)
    }

    /// The positions of `doc` in this list, if it is there.
    pub fn positions(&self, doc: u32, arena: &[u8]) -> Option<Vec<u32>> {
        let entries = self.entries();
        let i = entries.binary_search_by_key(&doc, |p| p.doc).ok()?;
        Some(decode(&entries[i], arena))
    }

    /// Bytes of positions this list holds in the arena.
    pub fn position_bytes(&self, arena: &[u8]) -> usize {
        let mut bytes = 0;
        for p in self.entries() {
            let mut next = p.pos_at as usize;
            for _ in 0..p.freq {
                next = read_varint(arena, next).1;
            }
            bytes += next - p.pos_at as usize;
        }
        bytes
    }

    /// Heap bytes beyond the list itself.
    pub fn heap_bytes(&self) -> usize {
        self.more.capacity() * std::mem::size_of::<Posting>()
    }
}

fn encode(doc: u32, positions: &[u32], arena: &mut Vec<u8>) -> Posting {
    let posting = Posting {
        doc,
        freq: positions.len() as u32,
        pos_at: arena.len() as u32,
    };
    let mut previous = 0;
    for &p in positions {
        write_varint(arena, p - previous);
        previous = p;
    }
    posting
}

fn decode(posting: &Posting, arena: &[u8]) -> Vec<u32> {
    let mut at = posting.pos_at as usize;
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
        let mut arena = Vec::new();
        let mut p = Postings::new(3, &[0, 5, 300, 70_000], &mut arena);
        assert_eq!(p.len(), 1);
        assert_eq!(p.positions(3, &arena), Some(vec![0, 5, 300, 70_000]));
        p.push(9, &[1], &mut arena);
        p.push(12, &[2, 4], &mut arena);
        assert_eq!(p.docs().collect::<Vec<_>>(), vec![3, 9, 12]);
        assert_eq!(p.entries()[2].freq, 2);
        assert_eq!(p.positions(3, &arena), Some(vec![0, 5, 300, 70_000]));
        assert_eq!(p.positions(9, &arena), Some(vec![1]));
        assert_eq!(p.positions(12, &arena), Some(vec![2, 4]));
        assert_eq!(p.positions(4, &arena), None);
    }
}
