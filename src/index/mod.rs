//! The index layer: an in-memory inverted index over a corpus, with ranked free text, prefix,
//! phrase and exclusion queries, field filters, facet counts and month histograms.
//!
//! Invariants: documents have dense `u32` ids in the order they were added (questions, then
//! press releases, then whatever `extend` adds); every posting list is strictly ascending by doc
//! id and never empty; the index only grows, as the corpus does. A record an import merged a
//! repeat into keeps its id and is indexed again (`Building::again`): its old postings are left
//! out as the lists are frozen, and a list left with none is dropped.
//!
//! A build runs in slices (`Building::add`, then `Building::finishing` and `Finishing::step`),
//! so a page can paint between them. While building, the lists grow and nothing derived from
//! them exists; only `Finishing::finish` hands out an index that can be searched. Everything
//! derived — the date orders, facet rows, month range, one-letter prefix sets, which lists are
//! kept as sets — is rebuilt by every `extend`. What is kept for frequent words and prefixes
//! (their total, facet counts and first `KEPT_HITS` hits, made a few at a time by
//! `keep_frequent_some`) only makes searches faster, never different.
//!
//! An index's positions are all there or absent (a bundle cut before their end; the bundle's
//! reader sets them once, when the last list's have come): without them a phrase matches the
//! records holding all of its words, with a note saying so, and `extend` keeps such an index
//! without them.

pub mod bench;
pub mod bundle;
mod docset;
pub mod forms;
mod hash;
pub mod highlight;
pub mod insight;
mod packed;
mod postings;
pub mod query;
pub mod response;
mod search;
mod segment;
pub mod shards;
pub mod similar;
pub mod spelling;
pub mod tokenize;
mod warm;

use std::rc::Rc;
use std::sync::Arc;

pub use hash::{FxHashMap, FxHashSet};
use hash::{TermDictionary, TermTable};
use insight::day_number;
use response::{NamedDay, SnapshotEnds};

use crate::corpus::lines::slugify;
use crate::corpus::store::Records;
use crate::corpus::{Corpus, House, PressRelease, Question};
pub use docset::DocSet;
use postings::{Freezer, Frozen, GrowingList, Lists, Positions};
pub use query::{
    parse_query, Answered, Clause, Filters, Kind, Matcher, Named, Query, ValueField, ValueMatch,
};
pub use search::{FacetCount, Facets, Keeping, SearchHit, SearchResults, Sort, KEPT_HITS};
use search::{KeptPrefix, KeptSearch, KeptWord};
pub use segment::{JoinError, Segment};
use tokenize::for_each_token;

/// The searchable fields of a record, in boost order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A question's heading, a press release's title.
    Heading = 0,
    /// The question itself.
    Text = 1,
    /// The answer's paragraphs, a press release's body.
    Body = 2,
    /// Asker, answerer and quoted speakers' names.
    People = 3,
}

pub const FIELD_COUNT: usize = 4;
pub const FIELDS: [Field; FIELD_COUNT] = [Field::Heading, Field::Text, Field::Body, Field::People];

/// What a document id stands for: an index into the corpus's questions or press releases
/// (ordered questions first, then by place).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocRef {
    Question(u32),
    PressRelease(u32),
}

/// The text of each field of a question: shared by the index builder and the tests' naive
/// model, so both read the same words.
pub fn question_fields(q: &Question) -> [Vec<&str>; FIELD_COUNT] {
    let mut people = vec![];
    if let Some(name) = q.asker.name.as_deref() {
        people.push(name);
    }
    if let Some(name) = q.answer.as_ref().and_then(|a| a.by.name.as_deref()) {
        people.push(name);
    }
    [
        q.heading.as_deref().into_iter().collect(),
        vec![q.text.as_str()],
        q.answer
            .as_ref()
            .map(|a| a.paragraphs.iter().map(String::as_str).collect())
            .unwrap_or_default(),
        people,
    ]
}

pub fn press_release_fields(p: &PressRelease) -> [Vec<&str>; FIELD_COUNT] {
    [
        vec![p.title.as_str()],
        Vec::new(),
        p.paragraphs.iter().map(String::as_str).collect(),
        p.quotes.iter().map(|q| q.speaker.as_str()).collect(),
    ]
}

/// Names of one facet (members, parties, …) with their slugs; id 0 is "none". Names and slugs
/// are shared (`Arc<str>`), so every facet count of every query points at them instead of
/// copying them.
#[derive(Debug, Clone)]
pub struct ValueTable {
    pub names: Vec<Arc<str>>,
    pub slugs: Vec<Arc<str>>,
    by_name: FxHashMap<Arc<str>, u32>,
    /// The texts looked up lately, by their address (`ValueTable::id_of`).
    recent: Box<[Option<Recent>]>,
}

/// A text looked up lately and its value's id.
type Recent = (Arc<str>, u32);

/// Slots of a value table's texts looked up lately: more than the members of both Houses.
const RECENT_VALUES: usize = 2048;

impl Default for ValueTable {
    fn default() -> Self {
        ValueTable {
            names: vec![Arc::from("")],
            slugs: vec![Arc::from("")],
            by_name: FxHashMap::default(),
            recent: vec![None; RECENT_VALUES].into_boxed_slice(),
        }
    }
}

/// One document's facet values as three numbered pairs (see `FacetPairs`), side by side: counting
/// the facets of a result set reads one small row and bumps three counts per match, and the
/// pairs' counts fold into the six facets' afterwards, a step as long as the pairs are few.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct FacetRow {
    /// Member and party.
    pub who: u32,
    /// Department and answerer.
    pub office: u32,
    /// Month slot and packed flags.
    pub when: u32,
}

/// The value pairs the facet rows number, each pair once: `(member, party)`,
/// `(department, answerer)` and `(month slot, flags)`, value ids as in the value tables.
#[derive(Debug, Clone, Default)]
pub(super) struct FacetPairs {
    pub who: Vec<(u32, u32)>,
    pub office: Vec<(u32, u32)>,
    /// The month slot (see `Attributes::month_label`, 0 when undated), and kind, house and
    /// answer state as one number below `FLAG_COMBINATIONS` (see `flags_of`).
    pub when: Vec<(u16, u8)>,
}

/// Numbers pairs in order of first sight.
struct PairNumbers<T>(FxHashMap<T, u32>, Vec<T>);

impl<T: Copy + Eq + std::hash::Hash> PairNumbers<T> {
    fn new() -> Self {
        PairNumbers(FxHashMap::default(), Vec::new())
    }

    fn number(&mut self, pair: T) -> u32 {
        let PairNumbers(numbers, pairs) = self;
        *numbers.entry(pair).or_insert_with(|| {
            pairs.push(pair);
            (pairs.len() - 1) as u32
        })
    }

    /// The pairs, each at its number.
    fn into_pairs(self) -> Vec<T> {
        self.1
    }
}

/// Where a document stood against a named day, as its record alone tells (`Attributes::named`):
/// not a named day question, answered in substance by its day, after it, or not at all (open:
/// overdue or pending by its source files' last days).
const NAMED_NONE: u8 = 0;
const NAMED_ON_TIME: u8 = 1;
const NAMED_LATE: u8 = 2;
const NAMED_OPEN: u8 = 3;

/// An open named day question's day (a day number) and its source files.
type OpenNamedDay = (i64, Box<[Arc<str>]>);

/// Kinds × (no house, Commons, Lords) × (no answer state, and the three states).
pub(super) const FLAG_COMBINATIONS: usize = 2 * 3 * 4;

/// Packs kind, house and answer state into `FacetRow::flags`; `unpack_flags` reverses it.
fn flags_of(kind: Kind, house: Option<House>, answered: Option<Answered>) -> u8 {
    let house = house.map_or(0, |h| h as u8 + 1);
    let answered = answered.map_or(0, |a| a as u8 + 1);
    (kind as u8 * 3 + house) * 4 + answered
}

/// `(kind, house, answered)` of packed flags, each `None` where the record has none.
pub(super) fn unpack_flags(flags: usize) -> (usize, Option<usize>, Option<usize>) {
    let (answered, rest) = (flags % 4, flags / 4);
    let (house, kind) = (rest % 3, rest / 3);
    (kind, house.checked_sub(1), answered.checked_sub(1))
}

impl Attributes {
    fn push_question(&mut self, q: &Question) {
        let holding = q.answer.as_ref().is_some_and(|a| a.holding);
        self.kind.push(Kind::Question);
        self.house.push(Some(q.house));
        self.answered.push(Some(match (&q.answer, holding) {
            (None, _) => Answered::No,
            (Some(_), true) => Answered::Holding,
            (Some(_), false) => Answered::Yes,
        }));
        self.date.push(date_number(q.date.as_deref()));
        let member = match &q.asker.name {
            Some(name) => self.members.id_of(Some(name)),
            None => self.members.id(Some(&q.asker.display_name())),
        };
        self.member.push(member);
        self.party.push(self.parties.id_of(q.asker.party.as_ref()));
        self.department
            .push(self.departments.id_of(q.department.as_ref()));
        let answerer = q.answer.as_ref().and_then(|x| x.by.name.as_ref());
        self.answerer.push(self.answerers.id_of(answerer));
        self.uin.push(q.uin.as_deref());
        let named = self.note_named_day(q);
        self.named.push(named);
    }

    /// Notes `q`'s dates as its files' last days, and where it stood against its named day as
    /// `NamedDay` tells it with no file's last day known: `NAMED_OPEN` ones, unanswered, keep
    /// their day and files (`named_day` tells overdue from pending).
    fn note_named_day(&mut self, q: &Question) -> u8 {
        self.ends.note(q);
        match NamedDay::of(q, &SnapshotEnds::default()) {
            None => NAMED_NONE,
            Some(NamedDay::OnTime { .. }) => NAMED_ON_TIME,
            Some(NamedDay::Late { .. }) => NAMED_LATE,
            Some(NamedDay::Overdue { .. } | NamedDay::Pending) => {
                let Some(due) = q.date_for_answer.as_deref().and_then(day_number) else {
                    return NAMED_NONE;
                };
                let files = q.sources.iter().map(|s| s.file.clone()).collect();
                self.named_open
                    .insert(self.named.len() as u32, (due, files));
                NAMED_OPEN
            }
        }
    }

    /// The table of `field`'s values.
    pub fn table(&self, field: ValueField) -> &ValueTable {
        match field {
            ValueField::Member => &self.members,
            ValueField::Party => &self.parties,
            ValueField::Department => &self.departments,
            ValueField::Answerer => &self.answerers,
        }
    }

    /// Where document `doc` stood against its named day (`OnTime`, `Late` or `Pending`, as
    /// `response::NamedDay` tells it from the corpus), if it is a named day question.
    pub fn named_day(&self, doc: u32) -> Option<Named> {
        match *self.named.get(doc as usize)? {
            NAMED_ON_TIME => Some(Named::OnTime),
            NAMED_LATE => Some(Named::Late),
            NAMED_OPEN => {
                let (due, files) = self.named_open.get(&doc)?;
                Some(match self.ends.end_of_files(files.iter()) {
                    Some(end) if end > *due => Named::Late,
                    _ => Named::Pending,
                })
            }
            _ => None,
        }
    }

    /// Replaces document `doc`'s values with those `push` appends.
    fn replace(&mut self, doc: u32, push: impl FnOnce(&mut Attributes)) {
        push(self);
        let d = doc as usize;
        if d + 1 >= self.kind.len() {
            return;
        }
        self.kind.swap_remove(d);
        self.house.swap_remove(d);
        self.answered.swap_remove(d);
        self.date.swap_remove(d);
        self.member.swap_remove(d);
        self.party.swap_remove(d);
        self.department.swap_remove(d);
        self.answerer.swap_remove(d);
        self.uin.swap_remove(d);
        self.named.swap_remove(d);
        // The record's new values were pushed as the last document's: they take `doc`'s place.
        self.named_open.remove(&doc);
        let last = self.named.len() as u32;
        if let Some(open) = self.named_open.remove(&last) {
            self.named_open.insert(doc, open);
        }
    }

    fn push_press_release(&mut self, p: &PressRelease) {
        self.kind.push(Kind::PressRelease);
        self.house.push(None);
        self.answered.push(None);
        // Undated releases count from the first of their month.
        let month_start = p
            .month
            .as_ref()
            .filter(|_| p.date.is_none())
            .map(|m| format!("{m}-01"));
        self.date
            .push(date_number(p.date.as_deref().or(month_start.as_deref())));
        self.member.push(0);
        self.party.push(0);
        self.department
            .push(self.departments.id_of(p.department.as_ref()));
        self.answerer.push(0);
        self.uin.push(None);
        self.named.push(NAMED_NONE);
    }

    /// Number of month slots, undated included.
    pub fn month_slots(&self) -> usize {
        self.month_span as usize + 1
    }

    /// `YYYY-MM` of a (non-zero) month slot.
    pub fn month_label(&self, slot: usize) -> Arc<str> {
        match self.month_labels.get(slot) {
            Some(label) => label.clone(),
            None => Arc::from(""),
        }
    }

    /// Each document's facet row (see `FacetRow`).
    pub(super) fn facet_rows(&self) -> &[FacetRow] {
        &self.facet_rows
    }

    /// Widens the month range to cover every dated document and packs every document's facet
    /// row again: month slots shift when the range does.
    fn pack_rows(&mut self) {
        let months = self.date.iter().map(|d| d / 100).filter(|&m| m != 0);
        if let (Some(first), Some(last)) = (
            months.clone().map(month_index).min(),
            months.map(month_index).max(),
        ) {
            self.first_month = first;
            // More than 5,000 years of months cannot be told apart in a u16; such dates count
            // as undated (no real corpus comes near).
            self.month_span = (last - first + 1).min(u32::from(u16::MAX) - 1);
        }
        let (first, span) = (self.first_month, self.month_span);
        let month_slot = |date: u32| match date / 100 {
            0 => 0,
            month => match month_index(month) + 1 - first {
                slot if slot <= span => slot as u16,
                _ => 0,
            },
        };
        let (mut who, mut office, mut when) =
            (PairNumbers::new(), PairNumbers::new(), PairNumbers::new());
        self.facet_rows = (0..self.date.len())
            .map(|d| FacetRow {
                who: who.number((self.member[d], self.party[d])),
                office: office.number((self.department[d], self.answerer[d])),
                when: when.number((
                    month_slot(self.date[d]),
                    flags_of(self.kind[d], self.house[d], self.answered[d]),
                )),
            })
            .collect();
        self.facet_pairs = FacetPairs {
            who: who.into_pairs(),
            office: office.into_pairs(),
            when: when.into_pairs(),
        };
        self.month_labels = (0..=span)
            .map(|slot| match slot {
                0 => Arc::from(""),
                slot => {
                    let index = first + slot - 1;
                    Arc::from(format!("{:04}-{:02}", index / 12, index % 12 + 1))
                }
            })
            .collect();
        self.name_order = NameOrder {
            member: self.members.ids_by_name(),
            party: self.parties.ids_by_name(),
            department: self.departments.ids_by_name(),
            answerer: self.answerers.ids_by_name(),
        };
        let mut all = self.empty_tally();
        all.add_set(
            &self.facet_rows,
            &DocSet::full(self.facet_rows.len() as u32),
        );
        self.all_counts = all;
    }

    /// Zero counts, one for each pair the rows number.
    pub(super) fn empty_tally(&self) -> PairTally {
        let pairs = &self.facet_pairs;
        PairTally {
            who: vec![0; pairs.who.len()],
            office: vec![0; pairs.office.len()],
            when: vec![0; pairs.when.len()],
        }
    }

    /// The counts of each facet's values from the counts of the pairs.
    pub(super) fn facet_counts(&self, tally: &PairTally) -> FacetTally {
        let mut counts = FacetTally {
            member: vec![0; self.members.len()],
            party: vec![0; self.parties.len()],
            department: vec![0; self.departments.len()],
            answerer: vec![0; self.answerers.len()],
            months: vec![0; self.month_slots()],
            flags: [0; FLAG_COMBINATIONS],
        };
        let add = |table: &mut [u32], id: usize, count: u32| {
            if let Some(c) = table.get_mut(id) {
                *c += count;
            }
        };
        let pairs = &self.facet_pairs;
        for (&(member, party), &count) in pairs.who.iter().zip(&tally.who) {
            add(&mut counts.member, member as usize, count);
            add(&mut counts.party, party as usize, count);
        }
        for (&(department, answerer), &count) in pairs.office.iter().zip(&tally.office) {
            add(&mut counts.department, department as usize, count);
            add(&mut counts.answerer, answerer as usize, count);
        }
        for (&(month, flags), &count) in pairs.when.iter().zip(&tally.when) {
            add(&mut counts.months, usize::from(month), count);
            add(&mut counts.flags, usize::from(flags), count);
        }
        counts
    }

    pub(super) fn name_order(&self) -> &NameOrder {
        &self.name_order
    }

    /// The facet counts of the documents of `set`: counted in, or, for more than half the
    /// documents, counted out of those of every document.
    pub(super) fn tally(&self, set: &DocSet) -> PairTally {
        let rows = self.facet_rows();
        if set.count() as usize * 2 > rows.len() {
            let mut tally = self.all_counts.clone();
            tally.remove_missing(rows, set);
            tally
        } else {
            let mut tally = self.empty_tally();
            tally.add_set(rows, set);
            tally
        }
    }
}

/// Each value table's ids in name order (see `ValueTable::ids_by_name`).
#[derive(Debug, Clone, Default)]
pub(super) struct NameOrder {
    pub member: Vec<u32>,
    pub party: Vec<u32>,
    pub department: Vec<u32>,
    pub answerer: Vec<u32>,
}

/// Counts of documents by each facet's value id, by month slot and by packed flags.
#[derive(Debug, Clone, Default)]
pub(super) struct FacetTally {
    pub member: Vec<u32>,
    pub party: Vec<u32>,
    pub department: Vec<u32>,
    pub answerer: Vec<u32>,
    pub months: Vec<u32>,
    pub flags: [u32; FLAG_COMBINATIONS],
}

/// Counts of documents by each pair the facet rows number (see `FacetPairs`).
#[derive(Debug, Clone, Default)]
pub(super) struct PairTally {
    pub who: Vec<u32>,
    pub office: Vec<u32>,
    pub when: Vec<u32>,
}

impl PairTally {
    /// Bytes held.
    fn heap_bytes(&self) -> usize {
        (self.who.capacity() + self.office.capacity() + self.when.capacity()) * 4
    }

    /// Counts in the documents of `set`.
    pub fn add_set(&mut self, rows: &[FacetRow], set: &DocSet) {
        set.for_each(self.counter(rows, |c| *c += 1));
    }

    /// Counts out the documents missing from `set` (of a tally that counted them in).
    pub fn remove_missing(&mut self, rows: &[FacetRow], set: &DocSet) {
        set.for_each_missing(self.counter(rows, |c| *c = c.saturating_sub(1)));
    }

    /// A function applying `step` to each count a document's row falls in. The tables are
    /// taken apart into slices first, so the walk keeps their addresses and lengths at hand
    /// rather than reading them again for every document. A row's numbers are below its
    /// tables' lengths (both are made from the same pairs), so the `get`s only guard a broken
    /// index.
    #[inline]
    fn counter<'a>(
        &'a mut self,
        rows: &'a [FacetRow],
        step: impl Fn(&mut u32) + 'a,
    ) -> impl FnMut(u32) + 'a {
        let PairTally { who, office, when } = self;
        let (who, office, when) = (
            who.as_mut_slice(),
            office.as_mut_slice(),
            when.as_mut_slice(),
        );
        move |doc| {
            let Some(row) = rows.get(doc as usize) else {
                return;
            };
            if let Some(c) = who.get_mut(row.who as usize) {
                step(c);
            }
            if let Some(c) = office.get_mut(row.office as usize) {
                step(c);
            }
            if let Some(c) = when.get_mut(row.when as usize) {
                step(c);
            }
        }
    }
}

/// `YYYYMM` as a count of months (year × 12 + month − 1).
fn month_index(yyyymm: u32) -> u32 {
    (yyyymm / 100) * 12 + (yyyymm % 100).clamp(1, 12) - 1
}

impl ValueTable {
    /// The name of the value whose slug is `slug`, if the table has one.
    pub fn name_of_slug(&self, slug: &str) -> Option<&Arc<str>> {
        let id = self.slugs.iter().position(|s| **s == *slug)?;
        self.names.get(id)
    }

    /// The ids in the order of their names (ties, which ids never share, by id).
    fn ids_by_name(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = (0..self.names.len() as u32).collect();
        ids.sort_by(|&x, &y| {
            self.names[x as usize]
                .cmp(&self.names[y as usize])
                .then(x.cmp(&y))
        });
        ids
    }

    /// The id of the value `name` names. A record's names are shared texts (a bundle's reader
    /// and a corpus JSON's keep one copy of each), so a text looked up lately is most often the
    /// same `Arc`, found by its address without hashing or comparing the text (about 0.1 s of
    /// opening 100,000 records in a tab); the slot keeps its `Arc`, so no other text can take
    /// that address while it is there.
    fn id_of(&mut self, name: Option<&Arc<str>>) -> u32 {
        let Some(name) = name else {
            return 0;
        };
        let address = Arc::as_ptr(name).cast::<u8>() as usize;
        let slot = (address >> 3 ^ address >> 14) % RECENT_VALUES;
        if let Some((seen, id)) = &self.recent[slot] {
            if Arc::ptr_eq(seen, name) {
                return *id;
            }
        }
        let id = self.id(Some(name));
        self.recent[slot] = Some((Arc::clone(name), id));
        id
    }

    fn id(&mut self, name: Option<&str>) -> u32 {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
            return 0;
        };
        if let Some(&id) = self.by_name.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        let name: Arc<str> = Arc::from(name);
        self.names.push(name.clone());
        self.slugs.push(Arc::from(slugify(&name, 80)));
        self.by_name.insert(name, id);
        id
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.len() <= 1
    }
}

/// Per-document values used by filters, facets and sorting.
#[derive(Debug, Clone, Default)]
pub struct Attributes {
    /// The first month any document falls in, as year × 12 + month − 1; month slot 1.
    first_month: u32,
    /// Month slots in use: 1 + the span from `first_month` to the last month.
    month_span: u32,
    /// Each document's facet values and month slot, packed (see `FacetRow`).
    facet_rows: Vec<FacetRow>,
    /// The pairs the rows number.
    facet_pairs: FacetPairs,
    /// The facet counts of every document: a result set of more than half the documents is
    /// counted as these less the documents it leaves out.
    all_counts: PairTally,
    /// Each table's value ids in name order (`ValueTable::ids_by_name`), for ordering facet
    /// values with equal counts without comparing strings.
    name_order: NameOrder,
    /// `YYYY-MM` of each month slot (slot 0, undated, is empty), made once rather than a query.
    month_labels: Vec<Arc<str>>,
    pub kind: Vec<Kind>,
    pub house: Vec<Option<House>>,
    pub answered: Vec<Option<Answered>>,
    /// `YYYYMMDD`, 0 when undated.
    pub date: Vec<u32>,
    pub member: Vec<u32>,
    pub party: Vec<u32>,
    pub department: Vec<u32>,
    pub answerer: Vec<u32>,
    pub uin: Uins,
    /// Where each document stood against a named day, as its record alone tells (`NAMED_*`).
    named: Vec<u8>,
    /// The named day questions with no answer in substance: their named day (a day number)
    /// and their source files, whose last days (`ends`) tell overdue from pending.
    named_open: FxHashMap<u32, OpenNamedDay>,
    /// The last day each source file saw, by the questions noted so far.
    ends: SnapshotEnds,
    pub members: ValueTable,
    pub parties: ValueTable,
    pub departments: ValueTable,
    pub answerers: ValueTable,
}

/// The inverted index.
#[derive(Debug, Clone, Default)]
pub struct Index {
    docs: Vec<DocRef>,
    questions_indexed: u32,
    press_releases_indexed: u32,
    /// Term ids by name while the index grows: every term, or none in a finished index (built,
    /// or opened from a bundle) until it grows again (`term` looks names up either way).
    terms: TermDictionary,
    term_names: TermNames,
    /// For each term, its postings id in each field, or `NONE`.
    term_fields: Vec<[u32; FIELD_COUNT]>,
    /// Every term's lists, once the index is complete (see `postings`).
    lists: Lists,
    /// While documents are added: the lists, growing (empty else).
    growing: Vec<GrowingList>,
    /// Every list's positions, once the index is complete and they are here: a bundle's come
    /// after the rest of its index, and only exact phrases need them.
    positions: std::sync::OnceLock<Positions>,
    field_len: [Vec<u32>; FIELD_COUNT],
    total_len: [u64; FIELD_COUNT],
    /// Term ids in the order of their text, for prefix look-ups. Rebuilt by `extend`.
    sorted_terms: Vec<u32>,
    /// For each first character shared by many terms, the documents holding any of them: a
    /// one-letter prefix (the first keystroke of a word) is one copy, not a union of thousands
    /// of lists. Ascending by character; rebuilt by `extend`.
    initial_docs: Vec<(char, DocSet)>,
    /// What a search for one word alone needs, made in advance for each term holding at least
    /// a `DENSE_SHARE`th of the documents (its total, facet counts and first page by
    /// relevance), ascending by term id: a search for one such word alone (the first word
    /// typed, most often) reads no posting. Rebuilt by every `extend`; an index opened from a
    /// bundle gets them after its positions have come, made a few words at a time while its
    /// text arrives (`BundleReader`), so making them holds up neither its first search nor any
    /// other for long, and is searched without them until then.
    kept: std::sync::OnceLock<Vec<KeptWord>>,
    /// The same for each frequent prefix (`find_prefixes_some`: a word being typed whose
    /// expansions hold many postings), ascending by prefix, made after `kept` and the
    /// `term_table` in the same steps: a word's first few keystrokes, alone, read no posting.
    kept_prefixes: std::sync::OnceLock<Vec<KeptPrefix>>,
    /// Term ids by name for an index without a dictionary, made after what is kept, in the
    /// same steps (`keep_frequent_some`): until then, and for terms added since, `term` finds
    /// a word by binary search of the terms' order. Only ever faster, never different.
    term_table: std::sync::OnceLock<TermTable>,
    /// Doc ids newest first (undated last, ties by doc id), the reverse map, and doc ids
    /// oldest first (undated last): sorting by date is a walk, and ranking compares integers.
    /// Rebuilt by `extend`.
    newest_order: Vec<u32>,
    newest_rank: Vec<u32>,
    oldest_order: Vec<u32>,
    pub attrs: Attributes,
}

const NONE: u32 = u32::MAX;

/// Every term's text, by term id, in one string: half a million short words cost one
/// allocation and four bytes each instead of an allocation apiece.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TermNames {
    text: String,
    /// Where each term's text ends in `text`.
    ends: Vec<u32>,
}

impl TermNames {
    fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends.push(self.text.len() as u32);
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|t| &self[t])
    }

    fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4
    }
}

impl std::ops::Index<usize> for TermNames {
    type Output = str;

    fn index(&self, term: usize) -> &str {
        let start = match term {
            0 => 0,
            t => self.ends[t - 1] as usize,
        };
        &self.text[start..self.ends[term] as usize]
    }
}

/// Each document's UIN in capitals, if it has one: all in one string, so a record adds no
/// allocation of its own (a bundle's heads are read a few allocations a record).
///
/// Invariant: `spans[d]` is `NO_UIN` or a range of `text` on character boundaries; text no
/// span covers (left by `swap_remove`) is never read.
#[derive(Debug, Clone, Default)]
pub struct Uins {
    text: String,
    spans: Vec<[u32; 2]>,
}

/// The span of a document without a UIN.
const NO_UIN: [u32; 2] = [u32::MAX; 2];

impl Uins {
    /// Appends the next document's UIN, in capitals.
    pub fn push(&mut self, uin: Option<&str>) {
        let span = match uin {
            // The text never outgrows a `u32`: a UIN is a few bytes.
            Some(uin) if self.text.len() + uin.len() < u32::MAX as usize => {
                let start = self.text.len();
                self.text.push_str(uin);
                self.text[start..].make_ascii_uppercase();
                [start as u32, self.text.len() as u32]
            }
            _ => NO_UIN,
        };
        self.spans.push(span);
    }

    /// Document `doc`'s UIN, in capitals.
    pub fn get(&self, doc: usize) -> Option<&str> {
        match self.spans.get(doc) {
            Some(&[start, end]) if [start, end] != NO_UIN => {
                self.text.get(start as usize..end as usize)
            }
            _ => None,
        }
    }

    /// Moves the last document's UIN to document `doc` (`Vec::swap_remove`).
    fn swap_remove(&mut self, doc: usize) {
        self.spans.swap_remove(doc);
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// The documents of `dates` (`YYYYMMDD`, 0 when undated) oldest first and newest first, those
/// of one date in doc order and the undated last. Counted into a slot a date where the dates'
/// span is not much more than the documents (a dozen years of `YYYYMMDD` span about 110,000
/// numbers): no comparison, one pass for each order. Else sorted, each order the documents'
/// keys packed into one number (undated, date, doc id), not doc ids whose dates each comparison
/// would look up (at 500,000 records that was 0.2 s in a tab).
fn date_orders(dates: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let dated = dates.iter().copied().filter(|&d| d != 0);
    let (low, high) = dated.fold((u32::MAX, 0), |(lo, hi), d| (lo.min(d), hi.max(d)));
    let span = high.checked_sub(low).map_or(0, |s| s as usize + 1);
    if span > 4 * dates.len() + (1 << 16) {
        return date_orders_sorted(dates);
    }
    // `starts[k]..starts[k + 1]` will hold the documents of date `low + k`.
    let mut starts = vec![0u32; span + 1];
    for &d in dates.iter().filter(|&&d| d != 0) {
        starts[(d - low) as usize + 1] += 1;
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut oldest = vec![0u32; dates.len()];
    let mut next = starts.clone();
    let mut undated = starts[span];
    for (doc, &d) in dates.iter().enumerate() {
        let at = match d {
            0 => &mut undated,
            d => &mut next[(d - low) as usize],
        };
        oldest[*at as usize] = doc as u32;
        *at += 1;
    }
    let mut newest = Vec::with_capacity(dates.len());
    for k in (0..span).rev() {
        newest.extend_from_slice(&oldest[starts[k] as usize..starts[k + 1] as usize]);
    }
    newest.extend_from_slice(&oldest[starts[span] as usize..]);
    (oldest, newest)
}

/// `date_orders` by sorting.
fn date_orders_sorted(dates: &[u32]) -> (Vec<u32>, Vec<u32>) {
    // Dates are YYYYMMDD, below 2^31.
    let order = |key: &dyn Fn(u32) -> u64| {
        let mut keys: Vec<u64> = (dates.iter().enumerate())
            .map(|(d, &date)| {
                let undated = u64::from(date == 0) << 63;
                undated | key(date & 0x7fff_ffff) << 32 | d as u64
            })
            .collect();
        keys.sort_unstable();
        keys.into_iter().map(|k| k as u32).collect::<Vec<u32>>()
    };
    (
        order(&|date| u64::from(date)),
        order(&|date| u64::from(0x7fff_ffff - date)),
    )
}

/// Term ids in the order of their names. Sorted by each name's first eight bytes as one number
/// (zero-padded, so a shorter name sorts first), comparing whole names only where those tie:
/// most comparisons then read no name (sorting half a million names by comparing them took
/// 125 ms natively at 100,000 records).
fn sorted_by_name(names: &TermNames) -> Vec<u32> {
    let mut keyed: Vec<(u64, u32)> = (0..names.len())
        .map(|t| {
            let mut head = [0u8; 8];
            let name = names[t].as_bytes();
            let n = name.len().min(8);
            head[..n].copy_from_slice(&name[..n]);
            (u64::from_be_bytes(head), t as u32)
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| names[a.1 as usize].cmp(&names[b.1 as usize]))
    });
    keyed.into_iter().map(|(_, t)| t).collect()
}

/// An index growing by the records a corpus has gained, a few at a time, so a caller can show
/// its progress and let the page paint between steps (`Index::extend` is all of them in one
/// step). Invariant: while it lasts the index's lists grow (`Index::growing`) and nothing
/// derived from them is there; `finish` freezes them and derives the rest.
pub struct Building {
    index: Index,
    scratch: Scratch,
    /// The index grown from, whose lists the growing ones go on from (`start_from`).
    earlier: Option<Rc<Index>>,
    /// Documents of `earlier` to index again (`again`), ascending, with the records they stand
    /// for; those before `again_done` are passed, and those of them that were indexed again
    /// are in `redone` (a record the corpus lacks keeps what `earlier` has of it).
    again: Vec<(u32, DocRef)>,
    again_done: usize,
    redone: Vec<u32>,
}

impl Default for Building {
    fn default() -> Self {
        Building::new()
    }
}

impl Building {
    /// Starts an index of no records.
    pub fn new() -> Building {
        Building::growing(Index::default(), true)
    }

    /// Starts growing a copy of `base`, which stays as it is (a page searches it while the copy
    /// grows; an index opened from a bundle whose positions never came grows without them). Of `base` only what a build keeps is copied, not what it derives again; its lists
    /// are not copied at all: the copy's lists grow empty, and each is frozen after `base`'s list
    /// of the same id (`Freezer::after`), so adding a few records costs no second copy of every
    /// list.
    pub fn start_from(base: Rc<Index>) -> Building {
        let index = Index {
            docs: base.docs.clone(),
            questions_indexed: base.questions_indexed,
            press_releases_indexed: base.press_releases_indexed,
            terms: base.terms.clone(),
            term_names: base.term_names.clone(),
            term_fields: base.term_fields.clone(),
            growing: vec![GrowingList::default(); base.lists.len()],
            field_len: base.field_len.clone(),
            total_len: base.total_len,
            attrs: base.attrs.clone(),
            ..Index::default()
        };
        let mut building = Building::growing(index, base.grows_with_positions());
        building.earlier = Some(base);
        building
    }

    /// Goes on growing `index`, whose lists are in `growing` (with their positions if
    /// `keep_positions`); its dictionary, if it came without one, is filled by `ready_some`
    /// or `add`.
    fn growing(index: Index, keep_positions: bool) -> Building {
        let scratch = Scratch {
            keep_positions,
            ..Scratch::default()
        };
        Building {
            index,
            scratch,
            earlier: None,
            again: Vec::new(),
            again_done: 0,
            redone: Vec::new(),
        }
    }

    /// Indexes again, before the records the corpus gained, the records of `changed` that the
    /// index grown from holds (`start_from`; an import merged repeats into them): each keeps its
    /// doc id, and its postings in the lists grown from are left out as they are frozen
    /// (`Freezer::after`), so a few changed records cost what a few added ones do, not a new
    /// index. Records it does not hold are left to `add`.
    pub fn again(&mut self, changed: impl IntoIterator<Item = DocRef>) {
        let Some(earlier) = &self.earlier else { return };
        let changed: FxHashSet<DocRef> = changed.into_iter().collect();
        if changed.is_empty() {
            return;
        }
        self.again = (0..earlier.docs.len() as u32)
            .filter(|&d| changed.contains(&earlier.docs[d as usize]))
            .map(|d| (d, earlier.docs[d as usize]))
            .collect();
        self.again_done = 0;
        self.redone.clear();
    }

    /// Indexes up to `records` more of the records `corpus` has gained (those to index `again`
    /// first, then its new questions, then its new press releases), read with their text
    /// wherever it is kept; returns whether every record of `corpus` is in.
    pub fn add(&mut self, corpus: &impl Records, records: usize) -> bool {
        self.index.fill_dictionary_some(usize::MAX);
        let index = &mut self.index;
        let (questions, press_releases) = corpus.counts();
        let mut records = records;
        while records > 0 && self.again_done < self.again.len() {
            let (doc, doc_ref) = self.again[self.again_done];
            match doc_ref {
                DocRef::Question(q) => {
                    if let Some(question) = corpus.question(q as usize) {
                        let fields = question_fields(&question);
                        let answer = AnswerKey::of(&question);
                        index.index_fields(doc, &fields, answer, &mut self.scratch);
                        index.attrs.replace(doc, |a| a.push_question(&question));
                        self.redone.push(doc);
                    }
                }
                DocRef::PressRelease(p) => {
                    if let Some(release) = corpus.press_release(p as usize) {
                        let fields = press_release_fields(&release);
                        index.index_fields(doc, &fields, None, &mut self.scratch);
                        index.attrs.replace(doc, |a| a.push_press_release(&release));
                        self.redone.push(doc);
                    }
                }
            }
            self.again_done += 1;
            records -= 1;
        }
        for _ in 0..records {
            let (q, p) = (
                index.questions_indexed as usize,
                index.press_releases_indexed as usize,
            );
            if let Some(question) = corpus.question(q) {
                let doc = DocRef::Question(q as u32);
                let answer = AnswerKey::of(&question);
                index.add_doc(doc, &question_fields(&question), answer, &mut self.scratch);
                index.attrs.push_question(&question);
                index.questions_indexed += 1;
            } else if let Some(release) = corpus.press_release(p) {
                let doc = DocRef::PressRelease(p as u32);
                let fields = press_release_fields(&release);
                index.add_doc(doc, &fields, None, &mut self.scratch);
                index.attrs.push_press_release(&release);
                index.press_releases_indexed += 1;
            } else {
                break;
            }
        }
        self.again_done == self.again.len() && self.indexed() == questions + press_releases
    }

    /// Readies up to `terms` more of what the index needs to grow (the dictionary of an index
    /// opened from a bundle, which comes without one: about 0.15 s at 100,000 records, so a
    /// page does it in steps; `add` does what is left at once); returns whether it is ready.
    pub fn ready_some(&mut self, terms: usize) -> bool {
        self.index.fill_dictionary_some(terms)
    }

    /// How far `ready_some` has got: terms ready, of all.
    pub fn readiness(&self) -> (usize, usize) {
        (self.index.terms.len(), self.index.term_names.len())
    }

    /// Records in the index so far.
    pub fn indexed(&self) -> usize {
        (self.index.questions_indexed + self.index.press_releases_indexed) as usize
    }

    /// The finished index: its lists frozen, everything derived from them made, and what is
    /// kept for its frequent words (`Finishing` is the same in steps, without the last).
    pub fn finish(self) -> Index {
        let index = self.finishing().finish();
        index.keep_frequent();
        index
    }

    /// Every record is in: the lists are frozen and the rest derived in steps from here.
    pub fn finishing(self) -> Finishing {
        let Building {
            mut index,
            scratch,
            earlier,
            redone,
            ..
        } = self;
        let growing = std::mem::take(&mut index.growing);
        // The dictionary is for growing: a finished index looks its terms up by their order,
        // as one opened from a bundle does (`Index::term`), and one grown from it fills the
        // dictionary again (`Building::ready_some`). Let go before the lists are frozen, its
        // room (a fifth of the build's at 100,000 records) takes their frozen form.
        index.terms = TermDictionary::default();
        let keep = scratch.keep_positions;
        let freezer = match earlier {
            Some(earlier) => Freezer::after(earlier, growing, keep, redone),
            None => Freezer::new(growing, keep),
        }
        .keep_sets_of(index.len());
        Finishing {
            index,
            freezer: Some(freezer),
            derived: 0,
            initials_at: 0,
            initial: None,
        }
    }
}

/// An index whose records are all in, being finished a step at a time (`Building::finish` is
/// all of it at once), so a page can paint and take a click between steps: its lists frozen a
/// few at a time, then each of the things derived from them made in a step of its own (the
/// slowest, the terms' order, is about 35 ms natively at 100,000 records), then the one-letter
/// sets, each step reading lists of about as many postings as a freezing step freezes.
/// Invariant: while `freezer` is there the index has no lists; after it, `derived` of
/// `DERIVE`'s steps are made; after those, the one-letter sets of the terms before
/// `initials_at` in the terms' order, the last in `initial` while its character's terms go on
/// past there.
pub struct Finishing {
    index: Index,
    freezer: Option<Freezer>,
    derived: usize,
    initials_at: usize,
    /// The one-letter set being made, until its character's last term is read.
    initial: Option<(char, DocSet)>,
}

/// What is derived from the frozen lists and the documents' attributes, in order, a step each
/// (the one-letter sets, after them, read the terms' order).
const DERIVE: [fn(&mut Index); 3] = [
    Index::derive_facet_rows,
    Index::order_by_date,
    Index::derive_terms,
];

impl Finishing {
    /// Does the next step: freezes lists of about `postings` more postings (at least one list)
    /// or, once they are all frozen, makes the next derived thing, or more of the one-letter
    /// sets (reading lists of about `postings` postings). Returns whether the index is finished.
    pub fn step(&mut self, postings: usize) -> bool {
        if let Some(freezer) = &mut self.freezer {
            if freezer.freeze_some(postings) {
                self.take_frozen();
            }
            return false;
        }
        if let Some(derive) = DERIVE.get(self.derived) {
            derive(&mut self.index);
            self.derived += 1;
            return false;
        }
        if self.initials_at < self.index.sorted_terms.len() {
            let at = self.initials_at;
            self.initials_at = self
                .index
                .add_initial_terms(at, &mut self.initial, postings);
        }
        self.initials_at == self.index.sorted_terms.len()
    }

    /// How far it has got, `(done, all)`: a unit a list frozen, one for the frozen lists going
    /// into the index, a tenth of the lists for each derived step (each step adds some), and a
    /// unit a term passed by the one-letter sets.
    pub fn progress(&self) -> (usize, usize) {
        let (frozen, lists) = match &self.freezer {
            Some(freezer) => freezer.progress(),
            None => (self.index.lists.len() + 1, self.index.lists.len()),
        };
        let step = lists / 10 + 1;
        let terms = self.index.term_names.len();
        (
            frozen + self.derived * step + self.initials_at,
            lists + 1 + DERIVE.len() * step + terms,
        )
    }

    /// The frozen lists go into the index.
    fn take_frozen(&mut self) {
        if let Some(freezer) = self.freezer.take() {
            self.index.renumber_lists(freezer.emptied());
            let (lists, positions) = freezer.finish();
            self.index.lists = lists;
            if let Some(positions) = positions {
                self.index.positions = positions.into();
            }
        }
    }

    /// The searchable index, doing any steps left. What is kept for its frequent words is not
    /// made (searches are whole without it; `Index::keep_frequent_some` makes it in steps).
    pub fn finish(mut self) -> Index {
        while !self.step(usize::MAX) {}
        self.index
    }
}

/// Term ids put in the table of ids by name for each frequent word's worth of keeping
/// (`keep_frequent_some`): about as long as one word's (a quarter of a millisecond natively).
const NAMES_A_WORD: usize = 8_192;

/// A prefix is frequent (`Index::find_prefixes_some`) when its terms' lists hold at least the
/// documents' number over this in postings: at 100,000 synthetic records about 270 prefixes,
/// whose searches alone took 0.3–1.9 ms natively.
const KEPT_PREFIX_SHARE: usize = 2;

/// The walk of the terms' order that finds the frequent prefixes, a few terms at a time
/// (`Index::find_prefixes_some`). Invariant: `open` holds each beginning of the term before
/// `at` in the terms' order (its length in bytes, and the terms and postings of those from
/// it on that begin so), shortest first; `found` the frequent prefixes closed so far.
#[derive(Debug, Default)]
pub(super) struct PrefixWalk {
    at: usize,
    open: Vec<(usize, u32, usize)>,
    found: Vec<Box<str>>,
}

/// Terms `Index::find_prefixes_some` walks for each prefix of `keep_frequent_some`'s budget:
/// about as long as making one prefix's search (the whole walk is about 20 ms natively at
/// 100,000 records, 490,000 terms).
pub(super) const WALK_TERMS: usize = 16_384;

/// What making a prefix's kept search costs in frequent words' (`keep_frequent_some`'s
/// budget): a prefix's expansions are read whole, a few of them scored.
const PREFIX_WORDS: usize = 4;

/// A first character needs this many terms before its documents are kept as a set (fewer are
/// quick to merge when asked).
const INITIAL_SET_TERMS: usize = 64;

/// What reading a term's lists into a one-letter set costs at the least, in postings: finding
/// its lists is a few reads far apart in memory, which for a term of one posting (most of them)
/// take ten times as long as adding the posting (natively at 100,000 records, 52,000 such terms
/// took 80 ms, where freezing 65,536 postings takes about 10).
const TERM_POSTINGS: usize = 16;

/// `YYYYMMDD` of a date's digits (`2024-01-09` → 20240109); 0 unless there are exactly eight.
fn date_number(date: Option<&str>) -> u32 {
    let Some(d) = date else { return 0 };
    let mut value = 0u32;
    let mut digits = 0;
    for b in d.bytes().filter(u8::is_ascii_digit) {
        digits += 1;
        if digits > 8 {
            return 0;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    if digits == 8 {
        value
    } else {
        0
    }
}

/// One field's tokens grouped by term without sorting: a counting pass over the tokens, which
/// arrive in text order, so each term's positions come out ascending. Reused across documents.
#[derive(Default)]
struct Scratch {
    /// `(k, position)` in text order: the token is of the term `terms[k]`.
    tokens: Vec<(u32, u32)>,
    /// The field's distinct terms, in order of first appearance (each given its place by the
    /// dictionary's marks as the field's words are looked up).
    terms: Vec<u32>,
    /// Where each term's positions start in `positions`, and how many there are.
    starts: Vec<u32>,
    counts: Vec<u32>,
    positions: Vec<u32>,
    /// The list of each of `terms` in the field being added.
    lists: Vec<u32>,
    /// Whether the lists being grown keep their positions (an index opened from a bundle
    /// whose positions never came grows without them).
    keep_positions: bool,
    /// The shared answers grouped lately (`Scratch::keep_answer`), the oldest making room.
    answers: Vec<KeptAnswer>,
    /// Where the next answer kept goes once `answers` is full.
    answers_next: usize,
}

/// A question's answer as the builder meets it: the group of questions that share it (which
/// the merge makes from a normalised key) and a hash of its paragraphs as written, so an answer
/// of the group written differently (in capitals, or split into other paragraphs) is read anew.
struct AnswerKey<'a> {
    group: &'a str,
    hash: u64,
}

impl<'a> AnswerKey<'a> {
    /// The key of `question`'s answer, if other questions share it.
    fn of(question: &'a Question) -> Option<AnswerKey<'a>> {
        use std::hash::Hasher;
        let group = question.answer_group.as_deref()?;
        let mut hasher = crate::corpus::fxhash::FxHasher::default();
        for paragraph in &question.answer.as_ref()?.paragraphs {
            hasher.write(paragraph.as_bytes());
            // A byte no UTF-8 text has, so paragraphs split elsewhere hash apart.
            hasher.write_u8(0xff);
        }
        Some(AnswerKey {
            group,
            hash: hasher.finish(),
        })
    }
}

/// How many shared answers `Scratch` keeps grouped. The questions sharing an answer come one
/// after another, or nearly (in a year of Commons questions nine in ten are within three of
/// the one before; in the synthetic corpora within two), so a few serve them all.
const KEPT_ANSWERS: usize = 4;

/// A shared answer's words grouped by term, as `Scratch::group` left them.
#[derive(Default)]
struct KeptAnswer {
    group: String,
    hash: u64,
    length: u32,
    terms: Vec<u32>,
    starts: Vec<u32>,
    counts: Vec<u32>,
    positions: Vec<u32>,
}

impl Scratch {
    /// Groups `tokens` by term. Repeated positions of one term are kept once.
    fn group(&mut self) {
        self.counts.clear();
        self.counts.resize(self.terms.len(), 0);
        for &(k, _) in &self.tokens {
            self.counts[k as usize] += 1;
        }
        self.starts.clear();
        let mut at = 0;
        for &count in &self.counts {
            self.starts.push(at);
            at += count;
        }
        self.positions.clear();
        self.positions.resize(self.tokens.len(), 0);
        // `counts` becomes each term's fill cursor, then its number of distinct positions.
        self.counts.iter_mut().for_each(|c| *c = 0);
        for &(k, position) in &self.tokens {
            let k = k as usize;
            let (start, filled) = (self.starts[k] as usize, self.counts[k] as usize);
            // Text order gives ascending positions: drop a repeat of the last one here; anything
            // out of order (none is expected) is sorted and deduplicated below.
            if filled > 0 && self.positions[start + filled - 1] == position {
                continue;
            }
            self.positions[start + filled] = position;
            self.counts[k] += 1;
        }
        for k in 0..self.terms.len() {
            let (start, len) = (self.starts[k] as usize, self.counts[k] as usize);
            let list = &mut self.positions[start..start + len];
            if !list.is_sorted() {
                list.sort_unstable();
                let mut kept = 0;
                for read in 0..len {
                    if kept == 0 || list[read] != list[kept - 1] {
                        list[kept] = list[read];
                        kept += 1;
                    }
                }
                self.counts[k] = kept as u32;
            }
        }
    }

    /// Keeps the answer just grouped, of `length` words, for the next questions that share it.
    fn keep_answer(&mut self, key: &AnswerKey, length: u32) {
        let at = if self.answers.len() < KEPT_ANSWERS {
            self.answers.push(KeptAnswer::default());
            self.answers.len() - 1
        } else {
            let at = self.answers_next;
            self.answers_next = (at + 1) % KEPT_ANSWERS;
            at
        };
        let kept = &mut self.answers[at];
        kept.group.clear();
        kept.group.push_str(key.group);
        kept.hash = key.hash;
        kept.length = length;
        kept.terms.clone_from(&self.terms);
        kept.starts.clone_from(&self.starts);
        kept.counts.clone_from(&self.counts);
        kept.positions.clone_from(&self.positions);
    }

    /// Groups the answer of `key` as it was kept, if it was; returns its length in words.
    fn replay(&mut self, key: &AnswerKey) -> Option<u32> {
        let kept = self
            .answers
            .iter()
            .find(|k| k.hash == key.hash && k.group == key.group)?;
        self.terms.clone_from(&kept.terms);
        self.starts.clone_from(&kept.starts);
        self.counts.clone_from(&kept.counts);
        self.positions.clone_from(&kept.positions);
        Some(kept.length)
    }

    /// The distinct positions of the `k`th grouped term, ascending.
    fn positions_of(&self, k: usize) -> &[u32] {
        let start = self.starts[k] as usize;
        &self.positions[start..start + self.counts[k] as usize]
    }
}

impl Frozen for Index {
    fn lists(&self) -> &Lists {
        &self.lists
    }

    fn positions(&self) -> Option<&Positions> {
        self.positions.get()
    }
}

impl Index {
    /// Indexes every record of `corpus`.
    pub fn build(corpus: &Corpus) -> Index {
        let mut index = Index::default();
        index.extend(corpus);
        index
    }

    /// Indexes every record of `corpus` as `build` does, on `threads` threads: each indexes a
    /// run of the records, as many as the others, and this one joins their segments to its own
    /// in order (`Building::join`), then freezes the lists. The index is the one `build` makes.
    /// The finishing (the lists frozen, and what is derived from them) is on this thread, and so
    /// is a run whose thread could not be made (wasm in a page has none) or failed.
    pub fn build_on_threads(corpus: &Corpus, threads: usize) -> Index {
        let (questions, press_releases) = corpus.counts();
        let records = questions + press_releases;
        let threads = threads.clamp(1, records.max(1));
        // Run `i` is the records `cut(i)..cut(i + 1)`, questions then press releases.
        let cut = |i: usize| records * i / threads;
        let start = |record: usize| match record.checked_sub(questions) {
            None => (record as u32, 0),
            Some(release) => (questions as u32, release as u32),
        };
        std::thread::scope(|scope| {
            let others: Vec<_> = (1..threads)
                .map(|i| {
                    let run = move || {
                        let (q, p) = start(cut(i));
                        let mut segment = Building::segment_from(q, p);
                        segment.add(corpus, cut(i + 1) - cut(i));
                        segment.into_segment()
                    };
                    std::thread::Builder::new().spawn_scoped(scope, run).ok()
                })
                .collect();
            let mut building = Building::start_from(Rc::new(Index::default()));
            building.add(corpus, cut(1));
            for (i, other) in (1..).zip(others) {
                let joined = other.is_some_and(|other| {
                    other
                        .join()
                        .is_ok_and(|segment| building.join(segment, corpus).is_ok())
                });
                if !joined {
                    building.add(corpus, cut(i + 1) - cut(i));
                }
            }
            building.finish()
        })
    }

    /// Indexes the records `corpus` has gained since the last build or extend (imports append
    /// records; merged repeats keep their ids and text).
    pub fn extend(&mut self, corpus: &Corpus) {
        let mut building = Building::start_from(Rc::new(std::mem::take(self)));
        building.add(corpus, usize::MAX);
        *self = building.finish();
    }

    /// Makes what is kept for each frequent word (see `kept`) and the table of term ids by
    /// name, unless they are made already: what a finished index has. The frequent prefixes'
    /// searches (`kept_prefixes`) are left to `keep_frequent_some` (the app makes them in
    /// slices once the index is searchable) or `keep_everything`.
    fn keep_frequent(&self) {
        if self.kept.get().is_none() || !self.finds_terms_at_once() {
            self.keep_words_some(&mut self.start_keeping(), usize::MAX);
        }
    }

    /// Makes everything an index keeps to answer searches sooner (`keep_frequent_some` to the
    /// end at once): what the app makes in slices after the index is searchable.
    pub fn keep_everything(&self) {
        if let Some(mut keeping) = self.keeping_frequent() {
            self.keep_frequent_some(&mut keeping, usize::MAX);
        }
    }

    /// Starts making what is kept for the frequent words a few at a time, then the table of
    /// term ids by name, then what is kept for the frequent prefixes (see `kept`,
    /// `term_table`, `kept_prefixes` and `keep_frequent_some`); `None` when all are made.
    pub fn keeping_frequent(&self) -> Option<Keeping> {
        let made = self.kept.get().is_some()
            && self.finds_terms_at_once()
            && self.kept_prefixes.get().is_some();
        (!made).then(|| self.start_keeping())
    }

    /// Makes what is kept for up to `words` more frequent words with `keeping` (which this
    /// index's `keeping_frequent` started), or once they are made puts `NAMES_A_WORD` term ids
    /// a word in the table of ids by name, or once it is whole makes what is kept for a
    /// `PREFIX_WORDS`th as many frequent prefixes; once all are whole the index has them and
    /// it returns true. A search before then reads the postings and finds a word by binary
    /// search, with the same results.
    pub fn keep_frequent_some(&self, keeping: &mut Keeping, words: usize) -> bool {
        if !self.keep_words_some(keeping, words) {
            return false;
        }
        if !self.keep_prefixes_some(keeping, words.div_ceil(PREFIX_WORDS)) {
            return false;
        }
        // Set only here: the first to finish stands.
        if self.kept_prefixes.get().is_none() {
            let _ = self
                .kept_prefixes
                .set(std::mem::take(&mut keeping.made_prefixes));
        }
        true
    }

    /// The frequent words' part of `keep_frequent_some`: their kept searches, then the table
    /// of term ids by name. Returns whether both are whole.
    fn keep_words_some(&self, keeping: &mut Keeping, words: usize) -> bool {
        if !self.keep_some(keeping, words) {
            return false;
        }
        // Set only here: the first to finish stands.
        if self.kept.get().is_none() {
            let _ = self.kept.set(std::mem::take(&mut keeping.made));
        }
        if !self.name_terms_some(keeping, words.saturating_mul(NAMES_A_WORD)) {
            return false;
        }
        if let Some(table) = keeping.table.take() {
            let _ = self.term_table.set(table);
        }
        true
    }

    /// Whether `term` finds a word without a binary search: by the table of ids by name, or by
    /// the dictionary of every term (an index growing, or one of no terms).
    fn finds_terms_at_once(&self) -> bool {
        self.term_table.get().is_some() || self.terms.len() == self.term_names.len()
    }

    /// Puts up to `names` more term ids in `keeping`'s table of ids by name; returns whether
    /// every term is in.
    fn name_terms_some(&self, keeping: &mut Keeping, names: usize) -> bool {
        if self.finds_terms_at_once() {
            return true;
        }
        let all = self.term_names.len();
        let table = keeping
            .table
            .get_or_insert_with(|| TermTable::with_room(all));
        let from = keeping.named as usize;
        let to = all.min(from.saturating_add(names));
        for id in from..to {
            table.insert_new(id as u32, &self.term_names);
        }
        keeping.named = to as u32;
        to == all
    }

    /// Whether lists grown from this index keep positions: unless it was opened from a bundle
    /// whose positions never came.
    fn grows_with_positions(&self) -> bool {
        self.lists.is_empty() || self.positions.get().is_some()
    }

    /// Every list's positions, unless they have not come (see `positions`).
    pub(crate) fn positions(&self) -> Option<&Positions> {
        self.positions.get()
    }

    /// Recomputes what is derived from the documents' attributes: facet rows and date orders.
    fn derive_rows(&mut self) {
        self.derive_facet_rows();
        self.order_by_date();
    }

    /// Recomputes the documents' facet rows (see `Attributes::pack_rows`).
    fn derive_facet_rows(&mut self) {
        self.attrs.pack_rows();
    }

    /// Recomputes the terms' sorted order; the one-letter prefix sets, which follow it, are
    /// made again from none (`add_initial_terms`).
    fn derive_terms(&mut self) {
        self.sorted_terms = sorted_by_name(&self.term_names);
        self.initial_docs.clear();
    }

    /// The terms of the lists kept as sets (see `kept`), ascending: found by a bit set of those
    /// lists' ids (searching the sets for each of the terms' lists took 7–10 ms at 100,000
    /// records natively).
    fn frequent_terms(&self) -> Vec<u32> {
        let mut is_dense = DocSet::empty(self.lists.len() as u32);
        self.lists.set_lists().for_each(|l| is_dense.insert(l));
        (0..self.term_fields.len() as u32)
            .filter(|&t| {
                self.term_fields[t as usize]
                    .iter()
                    .any(|&l| l != NONE && is_dense.contains(l))
            })
            .collect()
    }

    /// `find_prefixes_some`'s prefixes, walked at once.
    #[cfg(test)]
    fn frequent_prefixes(&self) -> Vec<Box<str>> {
        let mut walk = PrefixWalk::default();
        loop {
            if let Some(found) = self.find_prefixes_some(&mut walk, usize::MAX) {
                return found;
            }
        }
    }

    /// Walks up to `terms` more terms of the terms' order, keeping the sums of every beginning
    /// of the term before; once every term is walked, gives the frequent prefixes, ascending:
    /// the prefixes a search for alone reads many postings for, those of two terms or more
    /// whose lists hold a `KEPT_PREFIX_SHARE`th as many postings as there are documents or
    /// more (a prefix of one term is searched as that word, kept if it is frequent).
    pub(super) fn find_prefixes_some(
        &self,
        walk: &mut PrefixWalk,
        terms: usize,
    ) -> Option<Vec<Box<str>>> {
        let want = (self.len() as usize / KEPT_PREFIX_SHARE).max(1);
        let PrefixWalk { at, open, found } = walk;
        let name_at = |i: usize| &self.term_names[self.sorted_terms[i] as usize];
        let mut close = |open: &mut Vec<(usize, u32, usize)>, keep: usize, before: &str| {
            while let Some(&(len, terms, postings)) = open.last().filter(|o| o.0 > keep) {
                if terms > 1 && postings >= want {
                    found.push(Box::from(before.get(..len).unwrap_or_default()));
                }
                open.pop();
            }
        };
        let end = self.sorted_terms.len().min(at.saturating_add(terms));
        for i in *at..end {
            let before = i.checked_sub(1).map_or("", name_at);
            let name = name_at(i);
            let common: usize = (before.chars().zip(name.chars()))
                .take_while(|(a, b)| a == b)
                .map(|(c, _)| c.len_utf8())
                .sum();
            close(open, common, before);
            let from = open.last().map_or(0, |o| o.0);
            let rest = name.get(from..).unwrap_or_default();
            open.extend(
                rest.char_indices()
                    .map(|(i, c)| (from + i + c.len_utf8(), 0, 0)),
            );
            let postings: usize = self
                .postings_of(self.sorted_terms[i])
                .map(|(_, l)| l.len())
                .sum();
            for (_, terms, sum) in open.iter_mut() {
                *terms += 1;
                *sum += postings;
            }
        }
        *at = end;
        if end < self.sorted_terms.len() {
            return None;
        }
        let last = end.checked_sub(1).map_or("", name_at);
        close(open, 0, last);
        let mut found = std::mem::take(found);
        found.sort_unstable();
        Some(found)
    }

    /// What is kept for `prefix`, if it is kept (see `kept_prefixes`).
    fn kept_prefix(&self, prefix: &str) -> Option<&KeptPrefix> {
        let kept = self.kept_prefixes.get()?;
        let at = kept.binary_search_by(|k| (*k.prefix).cmp(prefix)).ok()?;
        kept.get(at)
    }

    /// What is kept for `term`, if it is kept (see `kept`).
    fn kept_word(&self, term: u32) -> Option<&KeptWord> {
        let kept = self.kept.get()?;
        let at = kept.binary_search_by_key(&term, |k| k.term).ok()?;
        kept.get(at)
    }

    /// Makes more of the one-letter sets (`initial_docs`) from the term at `at` in
    /// `sorted_terms`, where terms sharing a first character lie together: that character's
    /// set, if it begins `INITIAL_SET_TERMS` terms or more, reading its terms' lists until about
    /// `postings` postings are read (at least one term's, each counting as `TERM_POSTINGS` at
    /// least), as one character can begin half the terms (numbers' first digit). `making`
    /// holds a set begun and not yet whole, which a later call goes on with. Returns where the
    /// next term to read is in `sorted_terms`.
    fn add_initial_terms(
        &mut self,
        at: usize,
        making: &mut Option<(char, DocSet)>,
        postings: usize,
    ) -> usize {
        let (names, sorted) = (&self.term_names, &self.sorted_terms);
        let initial = |i: usize| {
            sorted
                .get(i)
                .and_then(|&t| names[t as usize].chars().next())
        };
        let Some(c) = initial(at) else {
            return at + 1;
        };
        let mut set = match making.take() {
            Some((begun, set)) if begun == c => set,
            // Fewer than `INITIAL_SET_TERMS` terms begin with it: past them (at most that many).
            _ if initial(at + INITIAL_SET_TERMS - 1) != Some(c) => {
                return (at..).find(|&i| initial(i) != Some(c)).unwrap_or(at + 1);
            }
            _ => DocSet::empty(self.len()),
        };
        let (mut next, mut budget) = (at, postings);
        while budget > 0 && initial(next) == Some(c) {
            let of_term = self.term_docs(sorted[next], &mut set);
            budget = budget.saturating_sub(of_term.max(TERM_POSTINGS));
            next += 1;
        }
        match initial(next) == Some(c) {
            true => *making = Some((c, set)),
            false => self.initial_docs.push((c, set)),
        }
        next
    }

    /// Lists emptied as they were frozen (`Freezer::emptied`, ascending) are gone: the terms'
    /// fields that named them name none, and those naming a later list name it by its new id.
    fn renumber_lists(&mut self, emptied: &[u32]) {
        if emptied.is_empty() {
            return;
        }
        for fields in &mut self.term_fields {
            for l in fields.iter_mut().filter(|l| **l != NONE) {
                *l = match emptied.binary_search(l) {
                    Ok(_) => NONE,
                    Err(before) => *l - before as u32,
                };
            }
        }
    }

    fn add_doc(
        &mut self,
        doc_ref: DocRef,
        fields: &[Vec<&str>; FIELD_COUNT],
        answer: Option<AnswerKey>,
        scratch: &mut Scratch,
    ) {
        let doc = self.docs.len() as u32;
        self.docs.push(doc_ref);
        self.index_fields(doc, fields, answer, scratch);
    }

    /// Adds `fields`' postings of document `doc` to the growing lists, and its field lengths:
    /// the next document's, or those of one indexed again (`Building::again`), which replace
    /// its old ones. A question's answer whose group (`answer`) was grouped lately, word for word
    /// the same, is not read again: its words come grouped from `scratch`.
    fn index_fields(
        &mut self,
        doc: u32,
        fields: &[Vec<&str>; FIELD_COUNT],
        answer: Option<AnswerKey>,
        scratch: &mut Scratch,
    ) {
        for (f, texts) in fields.iter().enumerate() {
            let answer = answer.as_ref().filter(|_| f == Field::Body as usize);
            let length = match answer.and_then(|key| scratch.replay(key)) {
                Some(length) => length,
                None => {
                    let length = self.group_field(texts, scratch);
                    if let Some(key) = answer {
                        scratch.keep_answer(key, length);
                    }
                    length
                }
            };
            match self.field_len[f].get_mut(doc as usize) {
                Some(old) => {
                    self.total_len[f] -= u64::from(*old);
                    *old = length;
                }
                None => self.field_len[f].push(length),
            }
            self.total_len[f] += u64::from(length);
            // The field's lists are found, and their ends read, before any is written: loads
            // that do not wait on one another, so memory fetches them together, where writing
            // each list as it was found would wait for each in turn.
            scratch.lists.clear();
            for &term in &scratch.terms {
                let list = match self.term_fields[term as usize][f] {
                    NONE => {
                        self.term_fields[term as usize][f] = self.growing.len() as u32;
                        self.growing.push(GrowingList::default());
                        self.growing.len() as u32 - 1
                    }
                    list => list,
                };
                scratch.lists.push(list);
            }
            let ends = scratch
                .lists
                .iter()
                .map(|&l| self.growing[l as usize].end());
            std::hint::black_box(ends.fold(0, |a, b| a ^ b));
            for (k, &list) in scratch.lists.iter().enumerate() {
                let positions = scratch.positions_of(k);
                self.growing[list as usize].push(doc, positions, scratch.keep_positions);
            }
        }
    }

    /// Splits a field's `texts` into words, finds their terms (adding new ones) and groups them
    /// by term in `scratch`; returns the field's length in words.
    fn group_field(&mut self, texts: &[&str], scratch: &mut Scratch) -> u32 {
        scratch.tokens.clear();
        scratch.terms.clear();
        let mut offset = 0u32;
        for text in texts {
            let mut last = None;
            for_each_token(text, |word, position| {
                let next = self.term_names.len() as u32;
                let terms = &mut scratch.terms;
                // Each of the field's terms is marked with its place in `terms`.
                let (_, new, k) = self.terms.mark(
                    word,
                    || next,
                    |term| {
                        terms.push(term);
                        terms.len() as u32 - 1
                    },
                );
                if new {
                    self.term_names.push(word);
                    self.term_fields.push([NONE; FIELD_COUNT]);
                }
                scratch.tokens.push((k, offset + position));
                last = Some(last.map_or(position, |l: u32| l.max(position)));
            });
            // Paragraphs are apart: a phrase never spans two of them.
            offset += last.map_or(0, |p| p + 2);
        }
        self.terms.clear_marks();
        scratch.group();
        scratch.tokens.len() as u32
    }

    /// The documents newest first and oldest first (undated last in both, ties by doc id), and
    /// each one's place newest first (`date_orders`).
    fn order_by_date(&mut self) {
        let date = &self.attrs.date;
        let (oldest, newest) = date_orders(&date[..date.len().min(self.docs.len())]);
        let mut rank = vec![0u32; newest.len()];
        for (r, &d) in newest.iter().enumerate() {
            rank[d as usize] = r as u32;
        }
        self.newest_order = newest;
        self.newest_rank = rank;
        self.oldest_order = oldest;
    }

    /// The id of the term `word`, if the index has it: from the dictionary while the index
    /// grows, or, in a finished index (a built one lets its dictionary go; a bundle's comes
    /// without one: building it would cost a fifth of the opening), by binary search of the
    /// terms' order.
    pub(crate) fn term(&self, word: &str) -> Option<u32> {
        if self.terms.len() == self.term_names.len() {
            return self.terms.get(word);
        }
        let names = &self.term_names;
        if let Some(table) = self.term_table.get() {
            if table.len() == names.len() {
                return table.get(word, names);
            }
        }
        let at = self
            .sorted_terms
            .binary_search_by(|&t| names[t as usize].cmp(word))
            .ok()?;
        Some(self.sorted_terms[at])
    }

    /// Fills up to `terms` more of the dictionary of an index that came without one (a
    /// bundle's), in term id order, before the index grows; returns whether it holds every term.
    fn fill_dictionary_some(&mut self, terms: usize) -> bool {
        let (from, all) = (self.terms.len(), self.term_names.len());
        if from == all {
            return true;
        }
        if from == 0 {
            self.terms.reserve(all);
        }
        let to = all.min(from.saturating_add(terms));
        for id in from..to {
            self.terms.insert_new(&self.term_names[id], id as u32);
        }
        to == all
    }

    pub fn len(&self) -> u32 {
        self.docs.len() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn doc_ref(&self, doc: u32) -> Option<DocRef> {
        self.docs.get(doc as usize).copied()
    }

    /// The doc id of a corpus record, for views that start from a record.
    pub fn doc_of(&self, doc_ref: DocRef) -> Option<u32> {
        self.docs
            .iter()
            .position(|d| *d == doc_ref)
            .map(|d| d as u32)
    }

    pub fn term_count(&self) -> usize {
        self.term_names.len()
    }

    /// Approximate bytes held by the index, for the benchmark's memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.heap_parts().iter().map(|(_, bytes)| bytes).sum()
    }

    /// Approximate bytes held by each part of the index, for the benchmark's memory figures.
    pub fn heap_parts(&self) -> [(&'static str, usize); 6] {
        // The dictionary's slots, estimated when it holds the terms.
        let dictionary = match self.terms.len() {
            0 => 0,
            _ => self.term_names.iter().map(|t| t.len() + 8).sum::<usize>(),
        };
        let table = self.term_table.get().map_or(0, TermTable::heap_bytes);
        let terms =
            self.term_names.heap_bytes() + dictionary + table + self.term_fields.capacity() * 16;
        let documents = self.docs.capacity() * 8
            + self
                .field_len
                .iter()
                .map(|v| v.capacity() * 4)
                .sum::<usize>()
            + self.attrs.date.capacity() * 40;
        let sets = self.initial_docs.len() * (self.docs.len() / 8 + 8);
        let kept_bytes = |k: &KeptSearch| k.tally.heap_bytes() + k.first.len() * 8 + 24;
        let kept = self.kept.get().map_or(0, |kept| {
            kept.iter()
                .map(|k| kept_bytes(&k.search) + 4)
                .sum::<usize>()
        }) + self.kept_prefixes.get().map_or(0, |kept| {
            (kept.iter())
                .map(|k| kept_bytes(&k.search) + k.prefix.len() + 16)
                .sum::<usize>()
        });
        [
            ("terms", terms),
            ("postings", self.lists.heap_bytes()),
            (
                "positions",
                self.positions.get().map_or(0, Positions::heap_bytes),
            ),
            ("documents", documents),
            ("sets", sets),
            ("kept pages", kept),
        ]
    }
}

#[cfg(test)]
mod flag_tests {
    use super::*;

    /// The walk finds the prefixes a count of every beginning of every term finds, walked in
    /// steps of any size: terms that begin others (`αλφα`, `αλφαβητο`), letters of more than a
    /// byte, numbers.
    #[test]
    fn the_frequent_prefixes_are_those_a_count_of_every_beginning_finds() {
        let mut corpus = crate::corpus::synthesize(300, 5);
        for (i, q) in corpus.questions.iter_mut().enumerate() {
            let words = ["αλφα", "αλφαβητο", "αλφας", "αμμος", "ανω", "2024", "20241"];
            q.heading = Some(words[i % 7..].join(" ").into());
        }
        let index = Index::build(&corpus);
        let mut counts: std::collections::BTreeMap<&str, (u32, usize)> = Default::default();
        for t in 0..index.term_names.len() {
            let name = &index.term_names[t];
            let postings: usize = index.postings_of(t as u32).map(|(_, l)| l.len()).sum();
            for (end, c) in name.char_indices() {
                let count = counts.entry(&name[..end + c.len_utf8()]).or_default();
                count.0 += 1;
                count.1 += postings;
            }
        }
        let want = index.len() as usize / KEPT_PREFIX_SHARE;
        let expected: Vec<Box<str>> = (counts.iter())
            .filter(|(_, &(terms, postings))| terms > 1 && postings >= want)
            .map(|(&prefix, _)| prefix.into())
            .collect();
        assert!(expected.iter().any(|p| &**p == "α"));
        assert!(expected.iter().any(|p| &**p == "αλφα"));
        assert_eq!(index.frequent_prefixes(), expected);
        for terms in [1, 7, 1000] {
            let mut walk = PrefixWalk::default();
            let mut steps = 1;
            let found = loop {
                match index.find_prefixes_some(&mut walk, terms) {
                    Some(found) => break found,
                    None => steps += 1,
                }
            };
            assert_eq!(found, expected, "{terms} terms a step");
            assert_eq!(steps, index.sorted_terms.len().div_ceil(terms).max(1));
        }
    }

    #[test]
    fn the_date_orders_are_by_date_then_doc_id_with_undated_last() {
        let mut corpus = crate::corpus::synthesize(300, 5);
        for q in corpus.questions.iter_mut().step_by(7) {
            (q.date, q.date_tabled, q.date_answered) = (None, None, None);
        }
        // Ties: many records on one day.
        for q in corpus.questions.iter_mut().skip(3).step_by(5) {
            q.date = Some("2020-02-02".into());
        }
        let index = Index::build(&corpus);
        let date = &index.attrs.date;
        assert!(date.contains(&0));
        let mut newest: Vec<u32> = (0..index.len()).collect();
        newest.sort_by_key(|&d| {
            (
                date[d as usize] == 0,
                std::cmp::Reverse(date[d as usize]),
                d,
            )
        });
        let mut oldest: Vec<u32> = (0..index.len()).collect();
        oldest.sort_by_key(|&d| (date[d as usize] == 0, date[d as usize], d));
        assert_eq!(index.newest_order, newest);
        assert_eq!(index.oldest_order, oldest);
        for (r, &d) in newest.iter().enumerate() {
            assert_eq!(index.newest_rank[d as usize], r as u32);
        }
    }

    #[test]
    fn dates_become_numbers_only_with_eight_digits() {
        let cases = [
            (Some("2024-01-09"), 20240109),
            (Some("20240109"), 20240109),
            (Some("2024-1-9"), 0),
            (Some("2024-01-09T10:00"), 0),
            (Some("no date"), 0),
            (Some(""), 0),
            (None, 0),
        ];
        for (date, expect) in cases {
            assert_eq!(date_number(date), expect, "{date:?}");
        }
    }

    #[test]
    fn packed_flags_round_trip_below_the_combination_count() {
        let houses = [None, Some(House::Commons), Some(House::Lords)];
        let states = [
            None,
            Some(Answered::Yes),
            Some(Answered::Holding),
            Some(Answered::No),
        ];
        let mut seen = std::collections::HashSet::new();
        for kind in [Kind::Question, Kind::PressRelease] {
            for house in houses {
                for answered in states {
                    let flags = flags_of(kind, house, answered);
                    assert!(usize::from(flags) < FLAG_COMBINATIONS);
                    assert!(seen.insert(flags), "{flags} packed twice");
                    let (k, h, x) = unpack_flags(usize::from(flags));
                    assert_eq!(k, kind as usize);
                    assert_eq!(h, house.map(|h| h as usize));
                    assert_eq!(x, answered.map(|a| a as usize));
                }
            }
        }
    }
}

// proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod term_order_tests {
    use super::{sorted_by_name, TermNames};
    use proptest::prelude::*;

    fn names(words: &[&str]) -> TermNames {
        let mut names = TermNames::default();
        words.iter().for_each(|w| names.push(w));
        names
    }

    #[test]
    fn names_sharing_their_first_eight_bytes_sort_by_the_rest() {
        let words = [
            "parliamentary",
            "parliament",
            "b",
            "",
            "parliamentarian",
            "a\0",
            "a",
            "é",
            "z",
        ];
        let sorted: Vec<&str> = sorted_by_name(&names(&words))
            .into_iter()
            .map(|t| words[t as usize])
            .collect();
        let expect = [
            "",
            "a",
            "a\0",
            "b",
            "parliament",
            "parliamentarian",
            "parliamentary",
            "z",
            "é",
        ];
        assert_eq!(sorted, expect);
    }

    proptest! {
        /// The date orders counted are the orders sorted, for dates on a few days or spread
        /// too far to count, and undated documents.
        #[test]
        fn date_orders_counted_are_date_orders_sorted(
            dates in proptest::collection::vec(prop_oneof![
                Just(0u32),
                20_240_101u32..20_240_110,
                10_000_000u32..99_999_999,
            ], 0..60),
        ) {
            prop_assert_eq!(super::date_orders(&dates), super::date_orders_sorted(&dates));
        }

        /// The order is the names' order, whatever their lengths, shared heads, zero bytes
        /// or characters beyond ASCII.
        #[test]
        fn terms_sort_as_their_names_do(words in proptest::collection::vec("(parliamen|a|\\x00)?[a-c\\x00é]{0,10}", 0..40)) {
            let mut words = words;
            words.sort_unstable();
            words.dedup();
            let shuffled: Vec<&str> = words.iter().rev().map(String::as_str).collect();
            let sorted: Vec<&str> = sorted_by_name(&names(&shuffled))
                .into_iter()
                .map(|t| shuffled[t as usize])
                .collect();
            let expect: Vec<&str> = words.iter().map(String::as_str).collect();
            prop_assert_eq!(sorted, expect);
        }
    }
}

#[cfg(test)]
mod scratch_tests {
    use super::{AnswerKey, Scratch, KEPT_ANSWERS};

    #[test]
    fn tokens_group_by_term_with_positions_ascending_and_distinct() {
        // Term 2 arrives out of order once and repeats a position; term 0 repeats one too.
        let mut scratch = Scratch {
            tokens: vec![(0, 5), (1, 1), (0, 3), (1, 1), (2, 4), (0, 5), (1, 9)],
            terms: vec![2, 0, 1],
            ..Scratch::default()
        };
        scratch.group();
        let grouped: Vec<(u32, Vec<u32>)> = (0..scratch.terms.len())
            .map(|k| (scratch.terms[k], scratch.positions_of(k).to_vec()))
            .collect();
        assert_eq!(
            grouped,
            vec![(2, vec![3, 5]), (0, vec![1, 9]), (1, vec![4])]
        );
        // The next field groups from scratch.
        scratch.tokens = vec![(0, 0)];
        scratch.terms = vec![1];
        scratch.group();
        assert_eq!(scratch.counts, vec![1]);
        assert_eq!(scratch.positions_of(0), &[0]);
    }

    #[test]
    fn a_kept_answer_comes_back_grouped_for_its_group_and_text_only() {
        let key = |group, hash| AnswerKey { group, hash };
        let mut scratch = Scratch {
            tokens: vec![(0, 0), (1, 1), (0, 2)],
            terms: vec![4, 7],
            ..Scratch::default()
        };
        scratch.group();
        scratch.keep_answer(&key("g-1", 11), 3);
        scratch.tokens = vec![(0, 0)];
        scratch.terms = vec![1];
        scratch.group();
        assert_eq!(scratch.replay(&key("g-1", 11)), Some(3));
        assert_eq!(scratch.terms, vec![4, 7]);
        assert_eq!(scratch.positions_of(0), &[0, 2]);
        assert_eq!(scratch.positions_of(1), &[1]);
        // Written differently in the same group, or another group's: read anew.
        assert_eq!(scratch.replay(&key("g-1", 12)), None);
        assert_eq!(scratch.replay(&key("g-2", 11)), None);
        // The oldest makes room once `KEPT_ANSWERS` are kept.
        for n in 0..KEPT_ANSWERS as u64 {
            scratch.keep_answer(&key("g-3", n), 1);
        }
        assert_eq!(scratch.replay(&key("g-1", 11)), None);
        assert_eq!(scratch.replay(&key("g-3", 0)), Some(1));
    }
}

#[cfg(test)]
mod value_table_tests {
    use super::{Uins, ValueTable};

    #[test]
    fn a_value_is_found_by_its_slug() {
        let mut table = ValueTable::default();
        table.id(Some("Home Office"));
        table.id(Some("Ministry of Defence"));
        let name = |slug: &str| table.name_of_slug(slug).map(|n| n.to_string());
        assert_eq!(name("home-office").as_deref(), Some("Home Office"));
        assert_eq!(
            name("ministry-of-defence").as_deref(),
            Some("Ministry of Defence")
        );
        assert_eq!(name("cabinet-office"), None);
    }

    #[test]
    fn uins_are_kept_in_capitals_by_document_and_move_as_a_vec_would() {
        let mut uins = Uins::default();
        for uin in [Some("hl1234"), None, Some("3283"), Some(""), Some("Ab")] {
            uins.push(uin);
        }
        fn all(uins: &Uins) -> Vec<Option<&str>> {
            (0..uins.len()).map(|d| uins.get(d)).collect()
        }
        let expect = [Some("HL1234"), None, Some("3283"), Some(""), Some("AB")];
        assert_eq!(all(&uins), expect);
        // A document given a new UIN (`Attributes::replace`): pushed, then moved into place.
        uins.push(Some("hl9"));
        uins.swap_remove(1);
        assert_eq!(
            all(&uins),
            [expect[0], Some("HL9"), expect[2], expect[3], expect[4]]
        );
        assert_eq!(uins.get(5), None);
    }

    #[test]
    fn a_value_found_by_its_address_is_the_value_found_by_its_text() {
        use std::sync::Arc;
        // More texts than slots, each as several `Arc`s (the same text, other addresses),
        // each looked up many times; some only spaces or padded.
        let texts: Vec<String> = (0..3000)
            .map(|i| match i % 7 {
                0 => " ".repeat(i % 3),
                1 => format!("  Member {} ", i / 7),
                _ => format!("Member {}", i / 7),
            })
            .collect();
        let arcs: Vec<Arc<str>> = texts.iter().map(|t| Arc::from(t.as_str())).collect();
        let (mut by_address, mut by_text) = (ValueTable::default(), ValueTable::default());
        for round in 0..3 {
            for (i, arc) in arcs.iter().enumerate().skip(round) {
                let text = by_text.id(Some(&texts[i]));
                assert_eq!(by_address.id_of(Some(arc)), text, "{:?}", texts[i]);
            }
        }
        assert_eq!(by_address.id_of(None), 0);
        assert_eq!(by_address.names, by_text.names);
    }
}

// proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod named_day_tests {
    use super::response::{NamedDay, SnapshotEnds};
    use super::{parse_query, Filters, Index, Named, Sort};
    use crate::corpus::{synthesize, Answer, Corpus, SourceRef};
    use proptest::prelude::*;

    /// One question's named day facts: whether it is one and withdrawn, its day, tabled day,
    /// answer (day, holding), and which of three files it came from (one or two of them).
    type Facts = (bool, bool, u8, u8, Option<(u8, bool)>, u8, bool);

    /// 2025-09-01 and the days after it.
    fn day(n: u8) -> std::sync::Arc<str> {
        let day = super::insight::day_number("2025-09-01").unwrap_or(0) + i64::from(n);
        super::response::date_of(day).into()
    }

    fn corpus_of(facts: &[Facts]) -> Corpus {
        let mut questions = synthesize(facts.len().max(1), 7).questions;
        questions.truncate(facts.len());
        for (q, &(named, withdrawn, due, tabled, answer, file, merged)) in
            questions.iter_mut().zip(facts)
        {
            (q.named_day, q.withdrawn) = (named, withdrawn);
            q.date_for_answer = Some(day(due));
            q.date_tabled = Some(day(tabled));
            q.answer = answer.map(|(_, holding)| Answer {
                by: Default::default(),
                paragraphs: vec!["An answer.".into()],
                holding,
            });
            q.date_answered = answer.map(|(d, _)| day(d));
            let source = |f: u8| SourceRef {
                file: format!("file-{}.json", f % 3).into(),
                first_line: 1,
                last_line: 1,
            };
            q.sources = vec![source(file)];
            if merged {
                q.sources.push(source(file + 1));
            }
        }
        Corpus {
            questions,
            ..Corpus::default()
        }
    }

    fn facts() -> impl Strategy<Value = Vec<Facts>> {
        let one = (
            any::<bool>(),
            prop::bool::weighted(0.1),
            0u8..40,
            0u8..40,
            prop::option::of((0u8..60, prop::bool::weighted(0.2))),
            0u8..3,
            prop::bool::weighted(0.2),
        );
        prop::collection::vec(one, 0..40)
    }

    proptest! {
        /// Where the index says each question stood against its named day is where
        /// `NamedDay::of` says it did, by the corpus's files' last days.
        #[test]
        fn the_index_tells_named_days_as_the_corpus_does(facts in facts()) {
            let corpus = corpus_of(&facts);
            let index = Index::build(&corpus);
            let ends = SnapshotEnds::of(&corpus);
            for (doc, q) in corpus.questions.iter().enumerate() {
                let want = NamedDay::of(q, &ends).map(|day| match day {
                    NamedDay::OnTime { .. } => Named::OnTime,
                    NamedDay::Late { .. } | NamedDay::Overdue { .. } => Named::Late,
                    NamedDay::Pending => Named::Pending,
                });
                prop_assert_eq!(index.attrs.named_day(doc as u32), want, "question {}", doc);
            }
            // `named:late` finds those, and only those.
            let late = index.search(&parse_query("named:late"), &Filters::default(), Sort::Relevance, 0, usize::MAX);
            let want = (corpus.questions.iter())
                .filter(|q| NamedDay::of(q, &ends).is_some_and(NamedDay::is_late))
                .count();
            prop_assert_eq!(late.total as usize, want);
        }
    }
}
