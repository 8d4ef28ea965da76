//! Posting lists and their positions. A list holds, for one term in one field, the documents
//! that contain it (dense `u32` ids in ascending order) and how often; `Positions` holds where,
//! for every list at once.
//!
//! An index builds each list by itself (`GrowingList`): its postings, positions and all, as
//! bytes in one vector that is only ever appended to. Once the index is complete the lists are
//! frozen into `Lists`' shared arrays (list after list, doc ids bit-packed in one (`packed`)
//! and a byte of frequency per posting in the other, with where each list ends; in parts of
//! about 320 kB, filled as the growing lists are freed, so the two forms are never both
//! whole), where no list is an allocation of its own, and their positions into `Positions`:
//! list after list in one arena of 16 kB byte chunks (varint deltas), with where each block of
//! `BLOCK` postings starts. A bundle's lists come whole and sized in advance, so they are read
//! into one part directly; an index grown from another (an import) grows only the new
//! postings, and freezes each list after the other index's list of the same id
//! (`Freezer::after`), less the postings of the documents it indexed again (records an import
//! changed), whose new postings go in among them. A posting then costs its doc id's gap (about
//! a byte and a half at 100,000 records), a byte of frequency, its positions and a fraction of
//! a byte of block start. A bundle carries the positions after the rest of its index, so an
//! index can be searched before they have come; only exact phrases need them.
//!
//! A list of a 16th of the documents or more (`DENSE_SHARE`, once `Lists` is told how many
//! there are) keeps its documents as a set (a bit a document) instead of ids: its frequencies
//! stay in its part, and its set's members in ascending order are its postings.
//!
//! Invariants: a list is never empty and lies in one part of `Lists`; its doc ids are strictly
//! ascending, packed in at least one word of its part (those of a list kept as a set are that
//! set's members, and its part holds no word of it); each frequency below 255 is its byte, and
//! one of 255 or more is the byte 255 with its exact count in `large` (in posting order). Each
//! posting has `freq` ≥ 1 ascending positions; a list's positions lie in one chunk of the
//! arena, each posting's after the one before.

use std::rc::Rc;

use super::docset::{DocSet, Rank};
use super::packed::{self, Unpacked};

/// Postings per block: finding one posting's positions reads past those of at most fifteen
/// postings before it.
const BLOCK: usize = 16;
/// The frequency byte of a posting of 255 or more occurrences, whose count is in `large`.
pub(crate) const SATURATED: u8 = u8::MAX;

/// A list is kept as a set of its documents rather than their ids when it holds at least a
/// 16th of them (when `Lists` is told how many there are): at 100,000 records 400 of 550,000
/// lists, which hold 43% of the postings. A set is `n / 8` bytes, so it costs at most two bytes
/// a posting where an id costs four; queries read it in word operations.
pub const DENSE_SHARE: usize = 16;

/// The byte a frequency is kept as, and whether its exact count must be kept beside it.
pub(crate) fn frequency_byte(freq: u32) -> (u8, bool) {
    match u8::try_from(freq) {
        Ok(f) if f < SATURATED => (f, false),
        _ => (SATURATED, true),
    }
}

/// A list while an index is built or extended: each posting as bytes, one after the other —
/// the varint gap from the posting before (the doc id itself for the first), the varint
/// frequency, then, when the index keeps positions, that many positions as varint deltas. One
/// vector, only ever appended to: adding a posting touches the list's header and its last
/// bytes, not a vector each of doc ids, frequencies and positions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GrowingList {
    bytes: Vec<u8>,
    /// The last posting's doc id.
    last: u32,
    /// How many postings there are.
    len: u32,
}

impl GrowingList {
    /// Appends a posting of `doc` (above every earlier one) at `positions` (ascending; their
    /// number is its frequency), keeping them if `keep_positions`.
    pub fn push(&mut self, doc: u32, positions: &[u32], keep_positions: bool) {
        self.push_head(doc, positions.len() as u32);
        if keep_positions {
            write_positions(&mut self.bytes, positions);
        }
    }

    /// Appends a posting of `doc` with `freq` occurrences whose positions, if kept, are
    /// `written` (as `write_positions` writes them).
    #[cfg(test)]
    fn push_written(&mut self, doc: u32, freq: u32, written: &[u8]) {
        self.push_head(doc, freq);
        self.bytes.extend_from_slice(written);
    }

    /// Appends `later`'s postings, a list grown apart whose doc ids are `shift` less than they
    /// are here (each then above every posting of this list): only its first doc id, written
    /// as the gap from 0, is written again, as the gap from this list's last; the rest of its
    /// bytes are copied as they are.
    pub fn append(&mut self, later: &GrowingList, shift: u32) {
        if later.len == 0 {
            return;
        }
        let (first, rest) = read_varint(&later.bytes, 0);
        debug_assert!(self.len == 0 || first + shift > self.last);
        write_varint(&mut self.bytes, first + shift - self.last);
        self.bytes.extend_from_slice(&later.bytes[rest..]);
        self.last = later.last + shift;
        self.len += later.len;
    }

    /// The list's last byte and last doc id, read only to have them in the cache before the
    /// list is written.
    pub fn end(&self) -> u32 {
        self.last ^ u32::from(self.bytes.last().copied().unwrap_or(0))
    }

    fn push_head(&mut self, doc: u32, freq: u32) {
        debug_assert!(self.len == 0 || doc > self.last);
        write_varint(&mut self.bytes, doc - self.last);
        write_varint(&mut self.bytes, freq);
        self.last = doc;
        self.len += 1;
    }
}

/// Lists frozen before, which the growing lists of the same ids go on from: an index grown from
/// another that stays as it is (a page searches it meanwhile) reads that one's lists as it
/// freezes its own, so none of them is copied to grow.
pub trait Frozen {
    fn lists(&self) -> &Lists;
    /// Their positions, if they are there.
    fn positions(&self) -> Option<&Positions>;
}

/// Lists grown one by one, being frozen into `Lists` a few at a time, so a page can paint
/// between steps (`finish` freezes the rest at once), and their positions unless they are not
/// kept or are more than the arena can address (the index then goes without them). Each list
/// is the `earlier` list of its id, if there is one, less the postings of the documents indexed
/// `again`, with the growing list's postings in doc id order among them.
/// Invariant: `lists` (and `positions`, while kept) hold the lists taken from `growing` so far
/// (`read` of them), in order, but those left with no posting, whose ids are in `emptied`; each
/// growing list is freed once it is read.
pub struct Freezer {
    growing: std::vec::IntoIter<GrowingList>,
    earlier: Option<Rc<dyn Frozen>>,
    /// Documents of `earlier` indexed again (ascending): their postings there are left out, and
    /// the growing lists hold their postings now.
    again: Vec<u32>,
    lists: Lists,
    positions: Option<Positions>,
    keep_positions: bool,
    /// Lists taken from `growing`.
    read: usize,
    /// The ids of the lists read that were left with no posting, ascending.
    emptied: Vec<u32>,
    /// Postings not yet frozen.
    left: usize,
    /// The postings of a part being filled.
    part_postings: usize,
    /// An earlier list's positions, in a buffer used again.
    written: Vec<u8>,
}

impl Freezer {
    /// Starts freezing `growing`, with their positions if `keep_positions`.
    pub fn new(growing: Vec<GrowingList>, keep_positions: bool) -> Freezer {
        let postings = growing.iter().map(|g| g.len as usize).sum();
        let mut lists = Lists::default();
        lists.ends.reserve_exact(growing.len());
        Freezer {
            growing: growing.into_iter(),
            earlier: None,
            again: Vec::new(),
            lists,
            positions: keep_positions.then(Positions::default),
            keep_positions,
            read: 0,
            emptied: Vec::new(),
            left: postings,
            part_postings: PART_POSTINGS,
            written: Vec::new(),
        }
    }

    /// The same, each list going on from the `earlier` list of its id (`growing` has a list,
    /// empty if nothing was added to it, for each of them), less the postings of the documents
    /// indexed `again` (ascending), which the growing lists hold as they are now.
    pub fn after(
        earlier: Rc<dyn Frozen>,
        growing: Vec<GrowingList>,
        keep_positions: bool,
        again: Vec<u32>,
    ) -> Freezer {
        let mut freezer = Freezer::new(growing, keep_positions);
        freezer.left += earlier.lists().postings();
        freezer.earlier = Some(earlier);
        freezer.again = again;
        freezer
    }

    /// The same, keeping each list of at least a `DENSE_SHARE`th of `documents` as a set of
    /// them (`Lists::keep_sets_of`).
    pub fn keep_sets_of(mut self, documents: u32) -> Freezer {
        self.lists.keep_sets_of(documents);
        self
    }

    /// The same, filling parts of `postings` postings (tests freeze small lists into many).
    #[cfg(test)]
    fn with_parts_of(mut self, postings: usize) -> Freezer {
        self.part_postings = postings;
        self
    }

    /// Lists frozen so far, and lists in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.read, self.read + self.growing.len())
    }

    /// Freezes lists until about `postings` more postings are frozen (at least one list: the
    /// first lists, the commonest words', hold far more postings than the rest, so a count of
    /// lists would make uneven steps); returns whether every list is frozen.
    pub fn freeze_some(&mut self, postings: usize) -> bool {
        let Freezer {
            growing,
            earlier,
            again,
            lists,
            positions,
            keep_positions,
            read,
            emptied,
            left,
            part_postings,
            written,
        } = self;
        let mut budget = postings;
        while budget > 0 {
            let Some(list) = growing.next() else { break };
            let l = *read;
            *read += 1;
            let before = earlier
                .as_deref()
                .map(|e| (e.lists().get(l), e.positions()));
            let first = before.map_or(0, |(before, _)| before.len());
            // At most: postings of documents indexed again are left out.
            let len = first + list.len as usize;
            budget = budget.saturating_sub(len);
            // A part of its own for the list when the one being filled lacks room (never more
            // than the postings left); failing that, the part grows as a vector does.
            let _ = lists.room_for(len, (*part_postings).min(*left));
            *left -= len;
            written.clear();
            match before {
                Some((before, Some(earlier))) if positions.is_some() => {
                    earlier.for_each_piece(l, before, |piece| written.extend_from_slice(piece));
                }
                // Earlier lists without theirs: the index goes without positions.
                Some((before, None)) if before.len() > 0 => *positions = None,
                _ => {}
            }
            // The lists' bytes bound their positions' bytes, so they fit one chunk.
            if let Some(kept) = positions {
                if kept.begin_list(written.len() + list.bytes.len()).is_err() {
                    *positions = None;
                }
            }
            let mut grown = Grown::of(&list);
            let mut writer = lists.writer();
            // Postings written, and where the next earlier posting's positions start.
            let (mut out, mut at) = (0, 0);
            // The first document indexed again not before the earlier postings read so far.
            let mut skipped = 0;
            for (doc, freq) in before.into_iter().flat_map(|(b, _)| b.frequencies()) {
                if !again.is_empty() {
                    // Documents indexed again that come before this one are written first.
                    while grown.next_doc().is_some_and(|d| d < doc) {
                        grown.copy(&mut writer, positions, *keep_positions, out);
                        out += 1;
                    }
                    skipped = first_not_before(again, skipped, doc);
                    if again.get(skipped) == Some(&doc) {
                        skipped += 1;
                        if positions.is_some() {
                            at = skip_varints(written, at, freq);
                        }
                        continue;
                    }
                }
                writer.push_doc(doc);
                writer.push_freq(freq);
                if let Some(kept) = positions {
                    at = kept.copy_posting(out, written, at, freq);
                }
                out += 1;
            }
            while grown.left > 0 {
                grown.copy(&mut writer, positions, *keep_positions, out);
                out += 1;
            }
            // `None` only when every posting of the list was of a document indexed again.
            match lists.end_list() {
                Some(_) => {
                    if let Some(kept) = positions {
                        kept.end_list();
                    }
                }
                None => emptied.push(l as u32),
            }
        }
        growing.len() == 0
    }

    /// The ids of the lists that were left with no posting (every posting of theirs was of a
    /// document indexed again, which no longer has the word), ascending: `Lists` numbers the
    /// lists after them one lower for each.
    pub fn emptied(&self) -> &[u32] {
        &self.emptied
    }

    /// The frozen lists and their positions (`None` when not kept), freezing any left first.
    pub fn finish(mut self) -> (Lists, Option<Positions>) {
        self.freeze_some(usize::MAX);
        if let Some(positions) = &mut self.positions {
            positions.shrink();
        }
        (self.lists, self.positions)
    }
}

/// The first index from `from` of `sorted` (ascending) whose document is not before `doc`
/// (`sorted.len()` if none is), found by galloping: steps of 1, 2, 4… then a binary search of the
/// last step, so a list walks the documents indexed again only as far as its own postings go,
/// in about the logarithm of each gap (when every record is indexed again, as a members file
/// naming every asker does, a walk one by one made each list read all of them).
fn first_not_before(sorted: &[u32], from: usize, doc: u32) -> usize {
    let mut low = from;
    let mut step = 1;
    while let Some(&d) = sorted.get(low) {
        if d >= doc {
            return low;
        }
        let high = (low + step).min(sorted.len());
        if sorted.get(high).is_none_or(|&d| d >= doc) {
            return low + 1 + sorted[low + 1..high].partition_point(|&d| d < doc);
        }
        low = high;
        step *= 2;
    }
    low
}

/// A growing list's postings being read, in order, as they are frozen.
struct Grown<'a> {
    bytes: &'a [u8],
    /// The next posting's doc id, while `left` is above 0.
    doc: u32,
    /// Where the next posting's frequency starts (its doc id's gap read).
    at: usize,
    /// Postings not yet read.
    left: u32,
}

impl<'a> Grown<'a> {
    fn of(list: &'a GrowingList) -> Self {
        // The first posting's gap is its doc id.
        let (doc, at) = read_varint(&list.bytes, 0);
        Grown {
            bytes: &list.bytes,
            doc,
            at,
            left: list.len,
        }
    }

    /// The next posting's doc id, if there is one.
    fn next_doc(&self) -> Option<u32> {
        (self.left > 0).then_some(self.doc)
    }

    /// Writes the next posting, the `i`th of the list being frozen, and its positions if they
    /// are kept (`keep_positions` says whether the growing list has them).
    #[inline]
    fn copy(
        &mut self,
        writer: &mut ListWriter<'_>,
        positions: &mut Option<Positions>,
        keep_positions: bool,
        i: usize,
    ) {
        let (freq, after_freq) = read_varint(self.bytes, self.at);
        writer.push_doc(self.doc);
        writer.push_freq(freq);
        let end = match positions {
            Some(kept) => kept.copy_posting(i, self.bytes, after_freq, freq),
            // Past the arena's 4 GB, the positions written are skipped.
            None if keep_positions => skip_varints(self.bytes, after_freq, freq),
            None => after_freq,
        };
        self.left -= 1;
        if self.left > 0 {
            let (gap, at) = read_varint(self.bytes, end);
            self.doc += gap;
            self.at = at;
        }
    }
}

/// Every posting list of an index (see the module's invariants): those read whole, then those
/// built here. The postings are numbered across all lists, list after list, and kept in parts:
/// each part holds whole lists, so a list is one slice of one part. Freezing fills parts of
/// about `PART_POSTINGS` as the growing lists it reads are freed, so the two never both hold
/// every posting; a bundle, whose lists come sized in advance, reads them into one part.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    /// List `l`'s postings are numbers `ends[l - 1].posting..ends[l].posting` (from 0 for the
    /// first list), in part `ends[l].part`.
    ends: Vec<End>,
    /// The parts, ascending by the number of their first posting.
    parts: Vec<Part>,
    /// `(posting, frequency)` of the saturated postings, ascending by posting.
    large: Vec<(usize, u32)>,
    /// How many documents there are, if the lists are told (`keep_sets_of`): a list of at
    /// least a `DENSE_SHARE`th of them is kept as a set.
    documents: Option<u32>,
    /// `(list, set of its documents)` of the lists kept as sets, ascending by list.
    sets: Vec<(u32, DocSet)>,
    /// The doc ids of the list being read, packed (or made a set) as it ends.
    reading: Vec<u32>,
}

/// Postings in a part that freezing fills (320 kB): each is reserved only once the one before
/// is full, so the arrays for every posting are never reserved while every growing list is
/// still there; small enough to fit in the room the growing lists freed before it (in wasm
/// memory, which never shrinks, larger parts took fresh memory: 1.25 MB ones and 4 MB position
/// chunks left the tab 36 MB larger at 100,000 records), large enough that few lists are left
/// to a part of their own.
const PART_POSTINGS: usize = 1 << 16;

/// Where a list ends: the number of the posting after its last, the part it lies in, and where
/// its packed doc ids end in that part's `words` (where they start, for a list kept as a set).
#[derive(Debug, Clone, Copy)]
struct End {
    posting: usize,
    part: u32,
    words: u32,
}

/// Whole lists' postings, numbered from `first`: each one's frequency, and the doc ids of the
/// lists not kept as sets, bit-packed list after list (`packed`).
#[derive(Debug, Clone, Default)]
struct Part {
    first: usize,
    words: Vec<u32>,
    /// Each posting's frequency, `SATURATED` for 255 or more.
    freqs: Vec<u8>,
}

/// Where the postings of the list being read go: the last part, its postings numbered from
/// `first`.
pub struct ListWriter<'a> {
    part: &'a mut Part,
    first: usize,
    large: &'a mut Vec<(usize, u32)>,
    ids: &'a mut Vec<u32>,
}

impl ListWriter<'_> {
    /// Appends the list's next doc id (as a bundle holds it: its doc ids, then their
    /// frequencies), which must be above the one before (a bundle's reader checks them).
    #[inline]
    pub fn push_doc(&mut self, doc: u32) {
        self.ids.push(doc);
    }

    /// Appends the list's next frequency, once all its doc ids are in.
    #[inline]
    pub fn push_freq(&mut self, freq: u32) {
        let (byte, large) = frequency_byte(freq);
        if large {
            self.large.push((self.first + self.part.freqs.len(), freq));
        }
        self.part.freqs.push(byte);
    }
}

impl Lists {
    /// Room for `lists` lists of `postings` postings in all, reserved exactly, so lists whose
    /// sizes are known in advance (a bundle's) are read without the arrays growing twice their
    /// size. Fails when the memory is not there.
    pub fn try_reserve(
        &mut self,
        lists: usize,
        postings: usize,
    ) -> Result<(), std::collections::TryReserveError> {
        self.ends.try_reserve_exact(lists)?;
        self.room_for(postings, postings)
    }

    /// Makes sure the last part has room for a list of `postings` more postings, starting a
    /// part of `capacity` (at least `postings`) when it has not.
    fn room_for(
        &mut self,
        postings: usize,
        capacity: usize,
    ) -> Result<(), std::collections::TryReserveError> {
        if let Some(last) = self.parts.last_mut() {
            // A list's packed ids take no more words than it has postings (but for ids too
            // large to pack, which only grow the vector), so room for the frequencies is room
            // for both.
            if last.freqs.capacity() - last.freqs.len() >= postings {
                return Ok(());
            }
            // A part closed with room it will never use gives it back.
            last.words.shrink_to_fit();
            last.freqs.shrink_to_fit();
        }
        let mut part = Part {
            first: self.postings(),
            ..Part::default()
        };
        part.words.try_reserve_exact(capacity.max(postings))?;
        part.freqs.try_reserve_exact(capacity.max(postings))?;
        // A part nothing was read into is replaced, so every part but the last holds a list.
        if self.parts.last().is_some_and(|p| p.freqs.is_empty()) {
            self.parts.pop();
        }
        self.parts.push(part);
        Ok(())
    }

    /// Where the next list's postings go (`end_list` ends it).
    pub fn writer(&mut self) -> ListWriter<'_> {
        if self.parts.is_empty() {
            self.parts.push(Part::default());
        }
        let last = self.parts.len() - 1;
        let part = &mut self.parts[last];
        self.reading.clear();
        ListWriter {
            first: part.first,
            part,
            large: &mut self.large,
            ids: &mut self.reading,
        }
    }

    /// Ends the list being read: its id, or `None` (and the list is dropped) when it is empty or
    /// its doc ids and frequencies differ in number. A list of at least a `DENSE_SHARE`th of
    /// the documents (when told how many, `keep_sets_of`) is kept as a set of them: its ids
    /// leave the part.
    pub fn end_list(&mut self) -> Option<usize> {
        let start = self.ends.last().map_or(0, |end| end.posting);
        let part_id = self.parts.len().checked_sub(1)? as u32;
        let part = self.parts.last_mut()?;
        let local = start - part.first;
        // Emptied by the next `writer`.
        let ids = &self.reading;
        let len = part.freqs.len() - local;
        if len == 0 || ids.len() != len {
            part.freqs.truncate(local);
            self.large.retain(|&(posting, _)| posting < start);
            return None;
        }
        let l = self.ends.len();
        match self.documents.filter(|&n| len * DENSE_SHARE >= n as usize) {
            Some(documents) => {
                let mut set = DocSet::empty(documents);
                set.insert_all(ids);
                self.sets.push((l as u32, set));
            }
            None => packed::pack(ids, &mut part.words),
        }
        self.ends.push(End {
            posting: part.first + part.freqs.len(),
            part: part_id,
            words: part.words.len() as u32,
        });
        Some(l)
    }

    /// Reads a list as a bundle holds it: `n` doc ids packed as `packed::pack` packs them, in
    /// `words`, below `documents`; each posting's frequency as `freqs`' byte
    /// (`frequency_byte`), and in `large` those saturated, in order. Its id, or what is wrong
    /// with it (and nothing of it is kept). A list of at least a `DENSE_SHARE`th of the
    /// documents (`keep_sets_of`) is kept as a set of them, as `end_list` keeps one.
    pub fn read_packed(
        &mut self,
        n: usize,
        words: &[u32],
        freqs: &[u8],
        large: &[u32],
        documents: u32,
    ) -> Result<usize, &'static str> {
        if n == 0 || freqs.len() != n {
            return Err("a list of no postings, or of more ids or frequencies than postings");
        }
        // One pass over the bytes for both (the compiler makes it a few bytes at once).
        let (zero, saturated) = freqs.iter().fold((false, 0), |(zero, saturated), &f| {
            (zero | (f == 0), saturated + usize::from(f == SATURATED))
        });
        if zero {
            return Err("a posting with no positions");
        }
        if saturated != large.len() || large.iter().any(|&f| !frequency_byte(f).1) {
            return Err("frequencies of 255 or more that do not match their postings");
        }
        // The ids are unpacked once: checked, and for a set put in it as they are.
        let l = self.ends.len();
        let set_of = self.documents.filter(|&d| n * DENSE_SHARE >= d as usize);
        match set_of {
            Some(of) => {
                let mut set = DocSet::empty(of);
                packed::check_each(words, n, documents, set.inserter())?;
                self.sets.push((l as u32, set));
            }
            None => packed::check_each(words, n, documents, |_| {})?,
        }
        if self.parts.is_empty() {
            self.parts.push(Part::default());
        }
        let part_id = self.parts.len() - 1;
        let part = &mut self.parts[part_id];
        if set_of.is_none() {
            part.words.extend_from_slice(words);
        }
        let first = part.first + part.freqs.len();
        let saturated = freqs.iter().enumerate().filter(|&(_, &f)| f == SATURATED);
        (self.large).extend(saturated.zip(large).map(|((i, _), &f)| (first + i, f)));
        part.freqs.extend_from_slice(freqs);
        self.ends.push(End {
            posting: part.first + part.freqs.len(),
            part: part_id as u32,
            words: part.words.len() as u32,
        });
        Ok(l)
    }

    /// Keeps each list read from now on that holds at least a `DENSE_SHARE`th of `documents`
    /// as a set of them (`List::set`) instead of its doc ids.
    pub fn keep_sets_of(&mut self, documents: u32) {
        self.documents = Some(documents);
    }

    /// Gives back the room reserved for doc ids that the lists kept as sets left unused (a
    /// bundle's lists are reserved for every posting's id before it is known which are sets).
    pub fn shrink(&mut self) {
        if let Some(last) = self.parts.last_mut() {
            last.words.shrink_to_fit();
        }
    }

    /// List `l` as a set of its documents, if it is kept as one.
    pub fn set(&self, l: usize) -> Option<&DocSet> {
        let at = self
            .sets
            .binary_search_by_key(&l, |&(s, _)| s as usize)
            .ok()?;
        self.sets.get(at).map(|(_, set)| set)
    }

    /// The ids of the lists kept as sets, ascending.
    pub fn set_lists(&self) -> impl Iterator<Item = u32> + '_ {
        self.sets.iter().map(|&(l, _)| l)
    }

    /// Every list as a `GrowingList` again, with its positions if `positions` has them (the
    /// tests' way of reading lists back as they were grown).
    #[cfg(test)]
    pub fn thaw(&self, positions: Option<&Positions>) -> Vec<GrowingList> {
        let mut written = Vec::new();
        (0..self.len())
            .map(|l| {
                let list = self.get(l);
                written.clear();
                if let Some(positions) = positions {
                    positions.for_each_piece(l, list, |piece| written.extend_from_slice(piece));
                }
                let mut growing = GrowingList::default();
                let mut at = 0;
                for (doc, freq) in list.frequencies() {
                    let end = match positions {
                        Some(_) => skip_varints(&written, at, freq),
                        None => at,
                    };
                    growing.push_written(doc, freq, &written[at..end]);
                    at = end;
                }
                growing
            })
            .collect()
    }

    /// How many lists there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many postings the lists hold in all (with those of a list being read).
    pub fn postings(&self) -> usize {
        self.parts
            .last()
            .map_or(0, |part| part.first + part.freqs.len())
    }

    /// List `l` (an empty list past the last).
    pub fn get(&self, l: usize) -> List<'_> {
        let Some(&End {
            posting: end,
            part: part_id,
            words: words_end,
        }) = self.ends.get(l)
        else {
            return List::EMPTY;
        };
        let before = l.checked_sub(1).map(|b| self.ends[b]);
        let start = before.map_or(0, |b| b.posting);
        let words_start = before.filter(|b| b.part == part_id).map_or(0, |b| b.words);
        let Some(part) = self.parts.get(part_id as usize) else {
            return List::EMPTY;
        };
        let local = start - part.first..end - part.first;
        let large_from = self.large.partition_point(|&(p, _)| p < start);
        let large_to = self.large.partition_point(|&(p, _)| p < end);
        let words = part.words.get(words_start as usize..words_end as usize);
        let docs = match words {
            Some(words) if !words.is_empty() => Docs::Packed(words),
            _ => match self.set(l) {
                Some(set) => Docs::Set(set),
                None => return List::EMPTY,
            },
        };
        List {
            docs,
            freqs: part.freqs.get(local).unwrap_or_default(),
            large: self.large.get(large_from..large_to).unwrap_or_default(),
            first: start,
        }
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.ends.capacity() * std::mem::size_of::<End>()
            + self
                .parts
                .iter()
                .map(|p| p.words.capacity() * 4 + p.freqs.capacity())
                .sum::<usize>()
            + self.parts.capacity() * std::mem::size_of::<Part>()
            + self.large.capacity() * std::mem::size_of::<(usize, u32)>()
            + self
                .sets
                .iter()
                .map(|(_, set)| set.heap_bytes())
                .sum::<usize>()
            + self.sets.capacity() * std::mem::size_of::<(u32, DocSet)>()
            + self.reading.capacity() * 4
    }
}

/// One list as queries read it, read or built: its documents apart from its frequencies, so the
/// loops that only need documents (most of them) read its packed ids, or a set's words.
#[derive(Debug, Clone, Copy)]
pub struct List<'a> {
    docs: Docs<'a>,
    freqs: &'a [u8],
    /// The list's saturated postings, numbered as in the storage the list lies in.
    large: &'a [(usize, u32)],
    /// That number of the list's first posting.
    first: usize,
}

/// A list's documents: their ids, ascending and packed (`packed`), or (a list of many) the set
/// of them, whose members in ascending order are the postings.
#[derive(Debug, Clone, Copy)]
enum Docs<'a> {
    Packed(&'a [u32]),
    Set(&'a DocSet),
}

/// A list's doc ids in ascending order (`List::docs`).
pub enum DocIds<'a> {
    Packed(Unpacked<'a>),
    Set(super::docset::Members<'a>),
}

impl Iterator for DocIds<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        match self {
            DocIds::Packed(ids) => ids.next(),
            DocIds::Set(members) => members.next(),
        }
    }

    #[inline]
    fn fold<B, F: FnMut(B, u32) -> B>(self, init: B, f: F) -> B {
        match self {
            DocIds::Packed(ids) => ids.fold(init, f),
            DocIds::Set(members) => members.fold(init, f),
        }
    }
}

impl<'a> List<'a> {
    const EMPTY: List<'static> = List {
        docs: Docs::Packed(&[]),
        freqs: &[],
        large: &[],
        first: 0,
    };

    /// The doc ids, ascending.
    pub fn docs(&self) -> DocIds<'a> {
        match self.docs {
            Docs::Packed(words) => DocIds::Packed(Unpacked::new(words, self.len())),
            Docs::Set(set) => DocIds::Set(set.iter()),
        }
    }

    /// The documents as a set, if the list is kept as one.
    pub fn set(&self) -> Option<&'a DocSet> {
        match self.docs {
            Docs::Set(set) => Some(set),
            Docs::Packed(_) => None,
        }
    }

    /// Adds the list's documents to `set`.
    pub fn insert_into(&self, set: &mut DocSet) {
        match self.docs {
            Docs::Packed(words) => Unpacked::new(words, self.len()).for_each(set.inserter()),
            Docs::Set(docs) => set.union_with(docs),
        }
    }

    pub fn len(&self) -> usize {
        self.freqs.len()
    }

    /// The frequency of posting `i` (0 past the end).
    pub fn freq(&self, i: usize) -> u32 {
        match self.freqs.get(i) {
            Some(&SATURATED) => self
                .large
                .binary_search_by_key(&(self.first + i), |&(posting, _)| posting)
                .map_or(u32::from(SATURATED), |k| self.large[k].1),
            Some(&f) => u32::from(f),
            None => 0,
        }
    }

    /// Every posting's frequency, in the postings' order, without reading their doc ids.
    pub fn frequency_values(&self) -> impl Iterator<Item = u32> + 'a {
        let mut large = self.large.iter();
        self.freqs.iter().map(move |&freq| match freq {
            SATURATED => large.next().map_or(u32::from(freq), |&(_, f)| f),
            f => u32::from(f),
        })
    }

    /// `(doc, freq)` of every posting, ascending by doc.
    pub fn frequencies(&self) -> impl Iterator<Item = (u32, u32)> + 'a {
        self.docs().zip(self.frequency_values())
    }

    /// Calls `f` with `(doc, freq)` of every posting, ascending by doc: the hot loops' form of
    /// `frequencies`, a plain loop over the ids or the set's words.
    #[inline]
    pub fn for_each_frequency(&self, mut f: impl FnMut(u32, u32)) {
        let mut large = self.large.iter();
        let mut freq_of = |freq: u8| match freq {
            SATURATED => large.next().map_or(u32::from(freq), |&(_, f)| f),
            f => u32::from(f),
        };
        match self.docs {
            Docs::Packed(words) => {
                let mut freqs = self.freqs.iter();
                Unpacked::new(words, self.freqs.len()).for_each(|doc| {
                    if let Some(&freq) = freqs.next() {
                        f(doc, freq_of(freq));
                    }
                });
            }
            Docs::Set(set) => {
                let mut freqs = self.freqs.iter();
                set.for_each(|doc| {
                    if let Some(&freq) = freqs.next() {
                        f(doc, freq_of(freq));
                    }
                });
            }
        }
    }

    /// `for_each_frequency` of the postings whose documents are `within` alone, ascending by
    /// doc. A set's list reads only the words both sets have bits in, finding a posting's
    /// frequency by counting the list's members before it; a packed list reads every id and
    /// skips the others' frequencies.
    #[inline]
    pub fn for_each_frequency_in(&self, within: &DocSet, mut f: impl FnMut(u32, u32)) {
        let freq_at = |i: usize| match self.freqs.get(i) {
            Some(&SATURATED) => self.freq(i),
            Some(&freq) => u32::from(freq),
            None => 0,
        };
        match self.docs {
            Docs::Packed(words) => {
                let mut i = 0;
                Unpacked::new(words, self.freqs.len()).for_each(|doc| {
                    if within.contains(doc) {
                        f(doc, freq_at(i));
                    }
                    i += 1;
                });
            }
            Docs::Set(set) => {
                // The postings before word `w`'s: the list's members in the words before it.
                let mut before = 0;
                for (w, (&listed, &wanted)) in set.words().iter().zip(within.words()).enumerate() {
                    let mut both = listed & wanted;
                    while both != 0 {
                        let bit = both.trailing_zeros();
                        let below = listed & ((1u64 << bit) - 1);
                        f(
                            (w as u32) * 64 + bit,
                            freq_at(before + below.count_ones() as usize),
                        );
                        both &= both - 1;
                    }
                    before += listed.count_ones() as usize;
                }
            }
        }
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
    pub fn push_list(&mut self, list: List<'_>, bytes: &[u8]) -> Result<usize, String> {
        if self.first_block.is_empty() {
            self.first_block.push(0);
        }
        let first = self.starts.len();
        let mut end = 0;
        for (i, freq) in list.frequency_values().enumerate() {
            if i % BLOCK == 0 {
                self.starts.push(end as u32);
            }
            end = match check_positions(bytes, end, freq) {
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

    /// Makes room for the next list's positions, at most `bytes` of them, in one chunk of the
    /// arena (for `copy_posting`); fails past the 4 GB the arena can address.
    fn begin_list(&mut self, bytes: usize) -> Result<(), String> {
        if self.first_block.is_empty() {
            self.first_block.push(0);
        }
        self.arena.make_room(bytes)
    }

    /// Gives back the room left at the end of the arena, once no more lists will be added.
    pub(crate) fn shrink(&mut self) {
        self.arena.shrink_last();
    }

    /// Ends the list `begin_list` began.
    fn end_list(&mut self) {
        self.first_block.push(self.starts.len() as u32);
    }

    /// Copies posting `i`'s `freq` positions from `bytes[at..]` (after `begin_list`) a byte at a
    /// time — a few bytes a posting, which a call to copy them would cost more than — and
    /// returns where they end.
    fn copy_posting(&mut self, i: usize, bytes: &[u8], mut at: usize, freq: u32) -> usize {
        let arena_len = self.arena.len() as u32;
        if i % BLOCK == 0 {
            self.starts.push(arena_len);
        }
        let Some(chunk) = self.arena.chunks.last_mut() else {
            return skip_varints(bytes, at, freq);
        };
        let mut left = freq;
        while left > 0 {
            let Some(&byte) = bytes.get(at) else { break };
            chunk.push(byte);
            at += 1;
            if byte < 0x80 {
                left -= 1;
            }
        }
        at
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
    pub fn for_each_piece<'a>(&'a self, l: usize, list: List<'_>, mut f: impl FnMut(&'a [u8])) {
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
    list: List<'a>,
    arena: &'a PositionArena,
    blocks: &'a [u32],
    /// The first posting not yet passed; when `placed`, its positions start at `bytes[at..]`.
    next: usize,
    bytes: &'a [u8],
    at: usize,
    placed: bool,
    /// Where a list kept as a set has been counted to.
    rank: Rank,
    /// The list's ids from the `id_at`th on (a list kept as ids; none for a set).
    ids: std::iter::Peekable<Unpacked<'a>>,
    id_at: usize,
}

impl<'a> PositionReader<'a> {
    /// A reader of list `l`, which is `list`.
    pub fn new(positions: &'a Positions, l: usize, list: List<'a>) -> Self {
        PositionReader {
            list,
            arena: &positions.arena,
            blocks: positions.blocks(l),
            next: 0,
            bytes: &[],
            at: 0,
            placed: false,
            rank: Rank::default(),
            ids: match list.docs {
                Docs::Packed(words) => Unpacked::new(words, list.len()),
                Docs::Set(_) => Unpacked::new(&[], 0),
            }
            .peekable(),
            id_at: 0,
        }
    }

    /// Puts the positions of `doc` in `out` (cleared first) and says whether `doc` is in the
    /// list. `doc` must not be below one asked before.
    pub fn read(&mut self, doc: u32, out: &mut Vec<u32>) -> bool {
        out.clear();
        let i = match self.list.docs {
            Docs::Packed(_) => {
                while self.ids.next_if(|&d| d < doc).is_some() {
                    self.id_at += 1;
                }
                // A doc read before is not read again.
                if self.ids.peek() != Some(&doc) || self.id_at < self.next {
                    return false;
                }
                self.id_at
            }
            Docs::Set(set) if set.contains(doc) => self.rank.below(set, doc),
            Docs::Set(_) => return false,
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

/// Bytes per chunk of the position arena (more for a list that needs more): small, so that a
/// chunk fits in the room freed growing lists leave (see `PART_POSTINGS`).
const CHUNK: usize = 1 << 14;

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
        self.make_room(bytes.len())?;
        let at = self.len() as u32;
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.extend_from_slice(bytes);
        }
        Ok(at)
    }

    /// Makes sure the last chunk has room for `bytes` more, starting a chunk if not; refuses
    /// bytes that would take the arena past what a `u32` addresses.
    fn make_room(&mut self, bytes: usize) -> Result<(), String> {
        if u32::try_from(self.len() + CHUNK.max(bytes)).is_err() {
            return Err("positions beyond the 4 GB an index can address".into());
        }
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= bytes);
        if !fits {
            // A chunk closed with room it will never use gives it back.
            self.shrink_last();
            self.starts.push(self.len() as u32);
            self.chunks.push(Vec::with_capacity(CHUNK.max(bytes)));
        }
        Ok(())
    }

    /// Gives back the room the last chunk has left (in place: its bytes do not move).
    fn shrink_last(&mut self) {
        if let Some(last) = self.chunks.last_mut() {
            last.shrink_to_fit();
        }
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

/// Each byte's high bit, and each byte's low bit, of a word of 8 bytes.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// Checks the `freq` positions of one posting at `bytes[end..]`: varint deltas that fit a
/// `u32` and ascend. Returns where they end.
///
/// Most postings' positions lie in 8 bytes or fewer, checked at once in the word of the 8 from
/// `end`: they end at the `freq`th byte without its high bit; they fit a `u32` when no varint
/// has 4 bytes or more (three high bits in a row), as 8 varints below 2^21 sum below 2^24; and
/// they ascend unless a delta after the first is 0, which puts a zero byte after the first
/// (whatever its varint's length). Other postings, and any with a zero byte there or a long
/// varint, are read varint by varint (`check_positions_one_by_one`, which gives the same answer
/// for all).
fn check_positions(bytes: &[u8], end: usize, freq: u32) -> Result<usize, String> {
    let word = bytes
        .get(end..end + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes);
    if let Some(word) = word.filter(|_| (1..=8).contains(&freq)) {
        // A bit at each varint's last byte; the `freq`th lowest is the posting's last byte.
        let mut ends = !word & HIGH_BITS;
        for _ in 1..freq {
            ends &= ends.wrapping_sub(1);
        }
        let len = ends.trailing_zeros() / 8 + 1;
        if len <= 8 {
            let within = u64::MAX >> (64 - 8 * len);
            // The zero bytes' high bits, exact up to the first zero byte (the first byte, which
            // may be zero, is made not to be), so exact for those below `len`.
            let others = word | 0xff;
            let zeros = others.wrapping_sub(LOW_BITS) & !others & HIGH_BITS;
            let more = word & HIGH_BITS;
            let long = more & more >> 8 & more >> 16;
            if (zeros | long) & within == 0 {
                return Ok(end + len as usize);
            }
        }
    }
    check_positions_one_by_one(bytes, end, freq)
}

/// `check_positions`, a varint at a time.
fn check_positions_one_by_one(bytes: &[u8], mut end: usize, freq: u32) -> Result<usize, String> {
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

    /// Appends a list of `docs` and `freqs` as a bundle's reader does.
    fn push_list(lists: &mut Lists, docs: &[u32], freqs: &[u32]) -> Option<usize> {
        let mut writer = lists.writer();
        docs.iter().for_each(|&doc| writer.push_doc(doc));
        freqs.iter().for_each(|&freq| writer.push_freq(freq));
        lists.end_list()
    }

    /// Every posting's `(doc, freq, positions)`.
    fn contents(positions: &Positions, l: usize, list: List<'_>) -> Vec<(u32, u32, Vec<u32>)> {
        let mut reader = PositionReader::new(positions, l, list);
        list.frequencies()
            .map(|(doc, freq)| {
                let mut out = Vec::new();
                reader.read(doc, &mut out);
                (doc, freq, out)
            })
            .collect()
    }

    /// A list grown from `postings`, keeping their positions.
    fn grow(postings: &[(u32, Vec<u32>)]) -> GrowingList {
        let mut list = GrowingList::default();
        for (doc, positions) in postings {
            list.push(*doc, positions, true);
        }
        list
    }

    #[test]
    fn a_list_grown_apart_appends_as_if_its_postings_were_pushed_here() {
        let here = [(3, vec![1, 4]), (200, vec![0])];
        // Doc ids of the list grown apart are 1,000 less than here; its first gap is two
        // bytes from 0 and one from the list it joins, the next is two bytes either way.
        let apart = [(1, vec![7]), (5, vec![2, 3, 9]), (400, vec![300])];
        let mut joined = grow(&here);
        joined.append(&grow(&apart), 1_000);
        let shifted: Vec<_> = apart.iter().map(|(d, p)| (d + 1_000, p.clone())).collect();
        assert_eq!(joined, grow(&[&here[..], &shifted[..]].concat()));
        // Into an empty list, and of an empty list.
        let mut empty = GrowingList::default();
        empty.append(&grow(&apart), 1_000);
        assert_eq!(empty, grow(&shifted));
        let mut unchanged = grow(&here);
        unchanged.append(&GrowingList::default(), 1_000);
        assert_eq!(unchanged, grow(&here));
    }

    /// Lists frozen earlier, and their positions if kept.
    struct Earlier(Lists, Option<Positions>);

    impl Frozen for Earlier {
        fn lists(&self) -> &Lists {
            &self.0
        }

        fn positions(&self) -> Option<&Positions> {
            self.1.as_ref()
        }
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn galloping_finds_what_a_binary_search_finds() {
        use proptest::prelude::*;
        proptest!(|(mut sorted in proptest::collection::vec(0u32..200, 0..80),
                    from in 0usize..80, doc in 0u32..210)| {
            sorted.sort_unstable();
            sorted.dedup();
            let from = from.min(sorted.len());
            let expect = from + sorted[from..].partition_point(|&d| d < doc);
            prop_assert_eq!(first_not_before(&sorted, from, doc), expect);
        });
    }

    #[test]
    fn lists_frozen_after_earlier_ones_without_positions_go_without_them() {
        let (lists, _) = Freezer::new(vec![grow(&[(1, vec![0, 4])])], true).finish();
        let earlier = Rc::new(Earlier(lists, None));
        let growing = vec![grow(&[(5, vec![2])]), grow(&[(5, vec![1])])];
        let (after, positions) = Freezer::after(earlier, growing, true, Vec::new()).finish();
        assert!(positions.is_none());
        assert_eq!(
            after.get(0).frequencies().collect::<Vec<_>>(),
            [(1, 2), (5, 1)]
        );
        assert_eq!(after.get(1).frequencies().collect::<Vec<_>>(), [(5, 1)]);
    }

    #[test]
    fn positions_round_trip_through_freezing_and_thawing() {
        let postings = vec![(3, vec![0, 5, 300, 70_000]), (9, vec![1]), (12, vec![2, 4])];
        let growing = vec![grow(&postings[1..2]), grow(&postings)];
        let (lists, frozen) = Freezer::new(growing.clone(), true).finish();
        let frozen = frozen.expect("fits");
        assert_eq!((lists.len(), frozen.lists(), lists.postings()), (2, 2, 4));
        let expect: Vec<_> = postings
            .iter()
            .map(|(d, p)| (*d, p.len() as u32, p.clone()))
            .collect();
        assert_eq!(contents(&frozen, 1, lists.get(1)), expect);
        assert_eq!(contents(&frozen, 0, lists.get(0)), expect[1..2]);
        assert!(!PositionReader::new(&frozen, 1, lists.get(1)).read(4, &mut Vec::new()));
        // A doc read once is not read again; the reader goes on past it.
        let (mut reader, mut out) = (PositionReader::new(&frozen, 1, lists.get(1)), Vec::new());
        assert!(reader.read(9, &mut out) && out == [1]);
        assert!(!reader.read(9, &mut out));
        assert!(reader.read(12, &mut out) && out == [2, 4]);
        assert_eq!(lists.thaw(Some(&frozen)), growing);
    }

    #[test]
    fn ids_too_large_to_pack_are_kept_as_they_are_beside_packed_lists() {
        let large = [7, packed::ID_LIMIT, packed::ID_LIMIT + 9, u32::MAX];
        let mut lists = Lists::default();
        assert_eq!(push_list(&mut lists, &[1, 2, 3], &[1, 1, 1]), Some(0));
        assert_eq!(push_list(&mut lists, &large, &[1, 2, 300, 1]), Some(1));
        assert_eq!(push_list(&mut lists, &[4, 90], &[5, 6]), Some(2));
        assert_eq!(lists.get(0).docs().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            lists.get(1).frequencies().collect::<Vec<_>>(),
            [
                (7, 1),
                (packed::ID_LIMIT, 2),
                (packed::ID_LIMIT + 9, 300),
                (u32::MAX, 1)
            ]
        );
        assert_eq!(lists.get(2).docs().collect::<Vec<_>>(), [4, 90]);
        // A list whose ids and frequencies differ in number is dropped, the next one read.
        assert_eq!(push_list(&mut lists, &[1, 2], &[1]), None);
        assert_eq!(push_list(&mut lists, &[8], &[1]), Some(3));
        assert_eq!(lists.get(3).frequencies().collect::<Vec<_>>(), [(8, 1)]);
    }

    #[test]
    fn a_list_read_as_a_bundle_holds_it_is_checked_before_any_of_it_is_kept() {
        let packed_ids = |ids: &[u32]| {
            let mut words = Vec::new();
            packed::pack(ids, &mut words);
            words
        };
        let mut lists = Lists::default();
        lists.keep_sets_of(64);
        let (few, many): (Vec<u32>, Vec<u32>) = ((3..5).collect(), (0..32).step_by(3).collect());
        let freqs: Vec<u8> = (0..many.len())
            .map(|i| if i == 2 { 255 } else { 1 })
            .collect();
        let read = |lists: &mut Lists, ids: &[u32], freqs: &[u8], large: &[u32]| {
            lists.read_packed(ids.len(), &packed_ids(ids), freqs, large, 64)
        };
        assert_eq!(read(&mut lists, &few, &[2, 1], &[]), Ok(0));
        // A 16th of the documents or more: kept as a set.
        assert_eq!(read(&mut lists, &many, &freqs, &[300]), Ok(1));
        let refused = [
            read(&mut lists, &few, &[0, 1], &[]),
            read(&mut lists, &few, &[1], &[]),
            read(&mut lists, &many, &freqs, &[]),
            read(&mut lists, &many, &freqs, &[254]),
            read(&mut lists, &[3, 64], &[1, 1], &[]),
            // Words of 2 ids, one gap of 5 bits, read as 10 ids, whose gaps need 2 words.
            lists.read_packed(10, &packed_ids(&[3, 20]), &[1; 10], &[], 64),
        ];
        assert!(refused.iter().all(Result::is_err), "{refused:?}");
        // Nothing of a refused list was kept: the next is list 2, after the two read.
        assert_eq!(read(&mut lists, &[31], &[4], &[]), Ok(2));
        assert_eq!(lists.len(), 3);
        assert_eq!(
            lists.get(0).frequencies().collect::<Vec<_>>(),
            [(3, 2), (4, 1)]
        );
        assert!(lists.set(1).is_some() && lists.set(0).is_none());
        let back: Vec<(u32, u32)> = lists.get(1).frequencies().collect();
        let expected: Vec<(u32, u32)> = many
            .iter()
            .enumerate()
            .map(|(i, &d)| (d, if i == 2 { 300 } else { 1 }))
            .collect();
        assert_eq!(back, expected);
        assert_eq!(lists.get(2).frequencies().collect::<Vec<_>>(), [(31, 4)]);
    }

    #[test]
    fn lists_grown_without_positions_freeze_without_them() {
        let mut list = GrowingList::default();
        list.push(0, &[1, 2, 3], false);
        list.push(7, &[4], false);
        let (lists, positions) = Freezer::new(vec![list.clone()], false).finish();
        assert!(positions.is_none());
        assert_eq!(
            lists.get(0).frequencies().collect::<Vec<_>>(),
            [(0, 3), (7, 1)]
        );
        assert_eq!(lists.thaw(None), vec![list]);
    }

    #[test]
    fn lists_frozen_into_many_parts_read_as_grown() {
        // Lists of 1 to 9 postings, some of 300 occurrences, frozen into parts of 4 postings:
        // each longer list gets a part of its own, shorter ones share.
        let many: Vec<u32> = (0..300).collect();
        let all: Vec<Vec<(u32, Vec<u32>)>> = (1..10u32)
            .map(|n| {
                (0..n)
                    .map(|d| {
                        (
                            d * 3 + 1,
                            if d % 3 == n % 3 {
                                many.clone()
                            } else {
                                vec![d]
                            },
                        )
                    })
                    .collect()
            })
            .collect();
        let growing: Vec<GrowingList> = all.iter().map(|p| grow(p)).collect();
        let (lists, frozen) = Freezer::new(growing.clone(), true)
            .with_parts_of(4)
            .finish();
        let frozen = frozen.expect("fits");
        assert!(lists.parts.len() > 5, "{} parts", lists.parts.len());
        assert_eq!(lists.postings(), 45);
        for (l, postings) in all.iter().enumerate() {
            let expect: Vec<(u32, u32, Vec<u32>)> = postings
                .iter()
                .map(|(doc, ps)| (*doc, ps.len() as u32, ps.clone()))
                .collect();
            assert_eq!(contents(&frozen, l, lists.get(l)), expect, "list {l}");
            assert_eq!(lists.get(l).len(), postings.len());
        }
        assert_eq!(lists.thaw(Some(&frozen)), growing);
    }

    #[test]
    fn frequencies_of_255_and_more_are_exact() {
        let many: Vec<u32> = (0..300).collect();
        let exactly: Vec<u32> = (0..255).collect();
        let postings = vec![
            (0, vec![4]),
            (2, exactly),
            (5, vec![1, 2]),
            (6, many.clone()),
        ];
        let growing = vec![grow(&[(1, many.clone())]), grow(&postings)];
        let expect = vec![(0, 1), (2, 255), (5, 2), (6, 300)];
        // Built, and read as a bundle gives them.
        let (built, frozen) = Freezer::new(growing.clone(), true).finish();
        let frozen = frozen.expect("fits");
        let mut read = Lists::default();
        for l in 0..built.len() {
            let (docs, freqs): (Vec<u32>, Vec<u32>) = built.get(l).frequencies().unzip();
            assert_eq!(push_list(&mut read, &docs, &freqs), Some(l));
        }
        for lists in [built, read] {
            assert_eq!(
                lists.get(0).frequencies().collect::<Vec<_>>(),
                vec![(1, 300)]
            );
            let mixed = lists.get(1);
            assert_eq!(mixed.frequencies().collect::<Vec<_>>(), expect);
            assert_eq!((mixed.freq(1), mixed.freq(3), mixed.freq(4)), (255, 300, 0));
            let mut summed = Vec::new();
            mixed.for_each_frequency(|doc, freq| summed.push((doc, freq)));
            summed.sort();
            assert_eq!(summed, expect);
            let mut within = DocSet::empty(7);
            within.insert_all(&[1, 2, 6]);
            let mut read = Vec::new();
            mixed.for_each_frequency_in(&within, |doc, freq| read.push((doc, freq)));
            assert_eq!(read, [(2, 255), (6, 300)]);
            assert_eq!(
                contents(&frozen, 0, lists.get(0)),
                vec![(1, 300, many.clone())]
            );
            assert_eq!(contents(&frozen, 1, mixed)[3], (6, 300, many.clone()));
            assert_eq!(lists.thaw(Some(&frozen)), growing);
        }
    }

    #[test]
    fn positions_never_straddle_chunks() {
        // Lists big enough to fill several chunks, one larger than a chunk by itself.
        let long: Vec<u32> = (0..200_000).map(|i| i * 1_000).collect();
        let huge: Vec<u32> = (0..(CHUNK as u32)).collect();
        let growing: Vec<GrowingList> = (0..6)
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
        let (postings, frozen) = Freezer::new(growing.clone(), true).finish();
        let frozen = frozen.expect("fits");
        assert!(frozen.arena.chunks.len() > 2);
        for l in 0..postings.len() {
            let mut reader = PositionReader::new(&frozen, l, postings.get(l));
            let mut out = Vec::new();
            assert!(reader.read(7, &mut out));
            assert_eq!(out, if l == 3 { &huge } else { &long }[..]);
            assert!(reader.read(19, &mut out));
            assert_eq!(out, long);
        }
        assert_eq!(postings.thaw(Some(&frozen)), growing);
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
            let mut lists = Lists::default();
            let l = push_list(&mut lists, &docs, freqs).expect("a list");
            let mut positions = Positions::default();
            assert_eq!(
                positions.push_list(lists.get(l), bytes),
                Err(expect.to_string()),
                "{freqs:?} {bytes:?}"
            );
            assert_eq!(positions.lists(), 0);
        }
        let mut lists = Lists::default();
        assert_eq!(push_list(&mut lists, &[], &[]), None);
        assert_eq!(push_list(&mut lists, &[1, 2], &[300]), None);
        assert_eq!(push_list(&mut lists, &[4], &[300]), Some(0));
        assert_eq!(lists.get(0).frequencies().collect::<Vec<_>>(), [(4, 300)]);
        assert_eq!(
            (lists.len(), lists.postings(), lists.large.len()),
            (1, 1, 1)
        );
    }

    #[test]
    fn positions_are_checked_a_word_at_a_time_as_varint_by_varint() {
        // Frequency, bytes (8 or more, so the word is read), and where they end or why not.
        let check = |freq: u32, bytes: &[u8], expect: Result<usize, &str>| {
            let expect = expect.map_err(str::to_string);
            assert_eq!(check_positions(bytes, 0, freq), expect, "{freq} {bytes:?}");
            assert_eq!(check_positions_one_by_one(bytes, 0, freq), expect);
        };
        let tail = [9u8; 8];
        let with = |front: &[u8]| [front, &tail].concat();
        check(1, &with(&[0]), Ok(1));
        check(1, &with(&[0x85, 0x03]), Ok(2));
        check(2, &with(&[0, 7]), Ok(2));
        check(4, &with(&[1, 2, 3, 4]), Ok(4));
        check(
            2,
            &with(&[3, 0]),
            Err("a position repeats the one before it"),
        );
        // A delta of 0 written in two bytes still holds a zero byte.
        check(
            2,
            &with(&[3, 0x80, 0]),
            Err("a position repeats the one before it"),
        );
        check(5, &with(&[1, 0x81, 2, 3, 4, 0xff, 0xff, 5]), Ok(8));
        // A varint of four bytes or more, more than 8 bytes or positions: varint by varint.
        check(1, &with(&[0x81, 0x80, 0x80, 0x01]), Ok(4));
        check(1, &with(&[0x80, 0x80, 0x80, 0x80, 0x0f]), Ok(5));
        check(
            1,
            &with(&[0x80, 0x80, 0x80, 0x80, 0x7f]),
            Err("a position runs past 32 bits"),
        );
        check(9, &with(&[1; 9]), Ok(9));
        let large = [0x80, 0x80, 0x80, 0x80, 0x0f];
        check(
            2,
            &with(&[&large[..], &[0x80, 0x80, 0x80, 0x01]].concat()),
            Ok(9),
        );
        check(
            2,
            &with(&[large, large].concat()),
            Err("a position runs past 32 bits"),
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Lists of up to 60 postings, each of up to 300 positions below 5,000.
        /// Their doc ids' gaps below 3 or below 50 (the first, lists dense enough to be kept as
        /// sets of their documents).
        fn lists() -> impl Strategy<Value = Vec<(u32, Vec<u32>)>> {
            let posting = |max_gap| {
                (
                    1u32..max_gap,
                    prop::collection::btree_set(0u32..5_000, 1..300),
                )
            };
            let postings = prop_oneof![
                prop::collection::vec(posting(3), 1..60),
                prop::collection::vec(posting(50), 1..60),
            ];
            postings.prop_map(|postings| {
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

        /// How many documents lists of `all` may be sets of: one past their last, and `spare`.
        fn documents(all: &[Vec<(u32, Vec<u32>)>], spare: u32) -> u32 {
            let last = all.iter().flatten().map(|(d, _)| *d).max().unwrap_or(0);
            last + 1 + spare
        }

        proptest! {
            /// The check a word at a time gives what the check varint by varint gives, for any
            /// bytes (mostly small ones, zeros and varints' continuations), start and count.
            #[test]
            fn positions_checked_at_once_are_checked_as_one_by_one(
                bytes in prop::collection::vec(
                    prop_oneof![0u8..4, 0x7cu8..=0x84, any::<u8>()], 0..24),
                end in 0usize..12,
                freq in 0u32..11,
            ) {
                prop_assert_eq!(
                    check_positions(&bytes, end, freq),
                    check_positions_one_by_one(&bytes, end, freq)
                );
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Freezing, thawing and reading back what `for_each_piece` gives keep every
            /// posting as it was grown, and a reader finds each doc asked in any ascending order.
            #[test]
            fn lists_keep_their_postings(
                all in prop::collection::vec(lists(), 1..4),
                skip in 1usize..4,
                part in 1usize..80,
                sets in prop::option::of(0u32..100),
                chosen: u64,
            ) {
                let growing: Vec<GrowingList> = all.iter().map(|p| grow(p)).collect();
                // Frozen into parts of `part` postings (a list longer than that has its own),
                // the lists of a 16th of the documents or more as sets of them if `sets`.
                let mut freezer = Freezer::new(growing.clone(), true).with_parts_of(part);
                let documents = sets.map(|spare| documents(&all, spare));
                if let Some(documents) = documents {
                    freezer = freezer.keep_sets_of(documents);
                }
                let (lists, frozen) = freezer.finish();
                for (l, postings) in all.iter().enumerate() {
                    let dense = documents.is_some_and(|n| postings.len() * DENSE_SHARE >= n as usize);
                    prop_assert_eq!(lists.get(l).set().is_some(), dense);
                }
                let postings: usize = all.iter().map(Vec::len).sum();
                prop_assert!(lists.parts.len() >= postings.div_ceil(part.max(60)));
                prop_assert_eq!(lists.postings(), postings);
                let frozen = frozen.expect("fits");
                prop_assert_eq!(&lists.thaw(Some(&frozen)), &growing);
                // The lists as a bundle gives them, list by list.
                let mut pushed = Lists::default();
                if let Some(documents) = documents {
                    pushed.keep_sets_of(documents);
                }
                let mut read = Positions::default();
                // Some of the documents (those whose id's place in its word `chosen` has), for
                // reading the postings of those alone.
                let ids = all.iter().flatten().map(|(doc, _)| doc + 1).max().unwrap_or(0);
                let mut within = DocSet::empty(ids.max(documents.unwrap_or(0)));
                (0..ids).filter(|doc| chosen >> (doc % 64) & 1 == 1).for_each(within.inserter());
                for (l, postings) in all.iter().enumerate() {
                    let list = lists.get(l);
                    let mut read_within = Vec::new();
                    list.for_each_frequency_in(&within, |doc, freq| read_within.push((doc, freq)));
                    prop_assert_eq!(
                        read_within,
                        list.frequencies().filter(|&(doc, _)| within.contains(doc)).collect::<Vec<_>>()
                    );
                    let freqs: Vec<u32> = list.frequencies().map(|(_, f)| f).collect();
                    let docs: Vec<u32> = list.docs().collect();
                    prop_assert_eq!(push_list(&mut pushed, &docs, &freqs), Some(l));
                    prop_assert_eq!(
                        pushed.get(l).frequencies().collect::<Vec<_>>(),
                        list.frequencies().collect::<Vec<_>>()
                    );
                    let expect: Vec<(u32, u32, Vec<u32>)> = postings
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
                prop_assert_eq!(pushed.set_lists().collect::<Vec<_>>(), lists.set_lists().collect::<Vec<_>>());
                // Read lists grow as built ones, as when an index opened from a bundle is
                // extended; without positions when those never came.
                let (rebuilt, positions) = Freezer::new(pushed.thaw(Some(&read)), true).finish();
                let positions = positions.expect("fits");
                prop_assert_eq!(&rebuilt.thaw(Some(&positions)), &growing);
                let (rebuilt_bare, none) = Freezer::new(pushed.thaw(None), false).finish();
                prop_assert!(none.is_none());
                for l in 0..lists.len() {
                    prop_assert_eq!(
                        rebuilt_bare.get(l).frequencies().collect::<Vec<_>>(),
                        lists.get(l).frequencies().collect::<Vec<_>>()
                    );
                    prop_assert_eq!(
                        rebuilt.get(l).frequencies().collect::<Vec<_>>(),
                        lists.get(l).frequencies().collect::<Vec<_>>()
                    );
                }
            }

            /// Lists frozen after earlier ones (each earlier list, then the postings its growing
            /// list of the same id gained; then lists with no earlier one) are the lists grown
            /// whole, positions and all, in parts of any size.
            #[test]
            fn lists_frozen_after_earlier_ones_are_the_lists_grown_whole(
                all in prop::collection::vec(lists(), 1..5),
                cuts in prop::collection::vec(1usize..70, 5),
                earlier_lists in 0usize..5,
                part in 1usize..80,
                sets: bool,
            ) {
                let earlier_lists = earlier_lists.min(all.len());
                let (heads, tails): (Vec<GrowingList>, Vec<GrowingList>) = all
                    .iter()
                    .zip(&cuts)
                    .enumerate()
                    .map(|(l, (postings, &cut))| match l < earlier_lists {
                        true => {
                            let cut = cut.min(postings.len());
                            (grow(&postings[..cut]), grow(&postings[cut..]))
                        }
                        false => (GrowingList::default(), grow(postings)),
                    })
                    .unzip();
                // The earlier lists, and the lists after them, dense ones kept as sets if `sets`.
                let mut freezer = Freezer::new(heads[..earlier_lists].to_vec(), true);
                if sets {
                    freezer = freezer.keep_sets_of(documents(&all, 0));
                }
                let (lists, positions) = freezer.finish();
                let earlier = Rc::new(Earlier(lists, positions));
                let mut freezer = Freezer::after(earlier, tails, true, Vec::new()).with_parts_of(part);
                if sets {
                    freezer = freezer.keep_sets_of(documents(&all, 0));
                }
                let (after, positions) = freezer.finish();
                let positions = positions.expect("fits");
                let whole: Vec<GrowingList> = all.iter().map(|p| grow(p)).collect();
                prop_assert_eq!(after.postings(), whole.iter().map(|g| g.len as usize).sum::<usize>());
                prop_assert_eq!(&after.thaw(Some(&positions)), &whole);
            }

            /// Lists frozen after earlier ones, some documents indexed again: each list is the
            /// earlier one without those documents' postings, with what its growing list holds
            /// for them (if anything) in doc id order, then the postings added after; a list left
            /// with none is not frozen, and its id is told.
            #[test]
            fn lists_frozen_after_earlier_ones_leave_out_the_documents_indexed_again(
                all in prop::collection::vec(lists(), 5),
                earlier_lists in 0usize..=5,
                picks in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
                redone in prop::collection::vec(prop::collection::vec(
                    prop::option::of(prop::collection::btree_set(0u32..5_000, 1..20)), 12), 5),
                added in prop::collection::vec(prop::collection::vec(1u32..3, 0..4), 5),
                part in 1usize..80,
                sets: bool,
            ) {
                // Documents of the earlier lists (some lists then hold no other).
                let docs: std::collections::BTreeSet<u32> =
                    all[..earlier_lists].iter().flatten().map(|(d, _)| *d).collect();
                let docs: Vec<u32> = docs.into_iter().collect();
                let again: std::collections::BTreeSet<u32> = picks
                    .iter()
                    .filter(|_| !docs.is_empty())
                    .map(|p| docs[p.index(docs.len())])
                    .collect();
                let again: Vec<u32> = again.into_iter().collect();
                let earlier: Vec<GrowingList> = all[..earlier_lists].iter().map(|p| grow(p)).collect();
                // The earlier lists' dense ones kept as sets if `sets`.
                let mut freezer = Freezer::new(earlier, true);
                if sets {
                    freezer = freezer.keep_sets_of(documents(&all, 0));
                }
                let (lists, positions) = freezer.finish();
                let earlier = Rc::new(Earlier(lists, positions));
                let mut growing = Vec::new();
                let mut expected = Vec::new();
                for l in 0..5 {
                    let mut now: Vec<(u32, Vec<u32>)> = again
                        .iter()
                        .zip(&redone[l])
                        .filter_map(|(&doc, ps)| Some((doc, ps.clone()?.into_iter().collect())))
                        .collect();
                    let mut doc = 10_000;
                    for gap in &added[l] {
                        doc += gap;
                        now.push((doc, vec![*gap]));
                    }
                    growing.push(grow(&now));
                    let kept = all[l].iter().filter(|(d, _)| l < earlier_lists && !again.contains(d));
                    let mut whole: Vec<(u32, Vec<u32>)> = kept.cloned().chain(now).collect();
                    whole.sort_by_key(|(d, _)| *d);
                    expected.push(whole);
                }
                let mut freezer = Freezer::after(earlier, growing, true, again).with_parts_of(part);
                freezer.freeze_some(usize::MAX);
                let emptied: Vec<u32> = (0..5u32).filter(|&l| expected[l as usize].is_empty()).collect();
                prop_assert_eq!(freezer.emptied(), &emptied[..]);
                let (after, positions) = freezer.finish();
                let positions = positions.expect("fits");
                let whole: Vec<GrowingList> = expected.iter().filter(|p| !p.is_empty()).map(|p| grow(p)).collect();
                prop_assert_eq!(&after.thaw(Some(&positions)), &whole);
            }
        }
    }
}
