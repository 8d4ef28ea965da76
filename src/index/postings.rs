//! Posting lists: for one term in one field, the documents that contain it (dense `u32` ids in
//! ascending order), how often, and where. Positions are stored as varint deltas in one shared
//! byte arena, so a posting costs a few bytes beyond its doc id and frequency.
//!
//! Invariant: `docs` is strictly ascending; `freqs[i]` positions for `docs[i]` start at byte
//! `pos_at[i]` of the arena and are ascending.

#[derive(Debug, Clone, Default)]
pub struct Postings {
    pub docs: Vec<u32>,
    pub freqs: Vec<u32>,
    pub pos_at: Vec<u32>,
}

impl Postings {
    /// Appends a document; `positions` must be ascending and `doc` above every earlier one.
    pub fn push(&mut self, doc: u32, positions: &[u32], arena: &mut Vec<u8>) {
        debug_assert!(self.docs.last().is_none_or(|&d| d < doc));
        self.docs.push(doc);
        self.freqs.push(positions.len() as u32);
        self.pos_at.push(arena.len() as u32);
        let mut previous = 0;
        for &p in positions {
            write_varint(arena, p - previous);
            previous = p;
        }
    }

    /// The positions of `doc` in this list, if it is there.
    pub fn positions(&self, doc: u32, arena: &[u8]) -> Option<Vec<u32>> {
        let i = self.docs.binary_search(&doc).ok()?;
        let mut at = self.pos_at[i] as usize;
        let mut out = Vec::with_capacity(self.freqs[i] as usize);
        let mut position = 0;
        for _ in 0..self.freqs[i] {
            let (delta, next) = read_varint(arena, at);
            position += delta;
            out.push(position);
            at = next;
        }
        Some(out)
    }

    /// Bytes of positions this list holds in the arena.
    pub fn position_bytes(&self, arena: &[u8]) -> usize {
        let mut bytes = 0;
        for (&at, &freq) in self.pos_at.iter().zip(&self.freqs) {
            let mut next = at as usize;
            for _ in 0..freq {
                next = read_varint(arena, next).1;
            }
            bytes += next - at as usize;
        }
        bytes
    }

    pub fn heap_bytes(&self) -> usize {
        (self.docs.capacity() + self.freqs.capacity() + self.pos_at.capacity()) * 4
    }
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
        let mut p = Postings::default();
        p.push(3, &[0, 5, 300, 70_000], &mut arena);
        p.push(9, &[1], &mut arena);
        assert_eq!(p.positions(3, &arena), Some(vec![0, 5, 300, 70_000]));
        assert_eq!(p.positions(9, &arena), Some(vec![1]));
        assert_eq!(p.positions(4, &arena), None);
    }
}
