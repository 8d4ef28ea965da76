//! A run of records indexed apart from the index they join: on another thread (`pqx` builds
//! on every core, `Index::build_on_threads`), so one build's work is shared.
//! A segment is grown as any index is (`Building::segment_from`), from a given question and
//! press release on, its documents numbered from 0; it keeps only what joining needs (its
//! documents, terms, growing lists and field lengths), and `Building::join` puts it after the
//! records indexed so far: its terms found in the joining index's dictionary (or added, in the
//! order they came), each list appended to that term's list in the same field (`GrowingList::
//! append`, its doc ids raised by the documents before), the documents' attributes read from
//! the corpus. Terms and lists are numbered as they would have been had the joining index
//! indexed the records itself, in the same order: the result is that index.
//!
//! Invariants: a segment's documents are the records from `from` on, questions then press
//! releases as `Building::add` takes them; `term_fields` names lists of `growing`, whose doc
//! ids are below `docs.len()`; `field_len` has a length per document in each field.

use std::fmt;

use super::postings::GrowingList;
use super::{Building, DocRef, Index, TermNames, FIELD_COUNT, NONE};
use crate::corpus::store::Records;

/// Records indexed apart, to join an index at the record it has reached (see the module).
#[derive(Debug)]
pub struct Segment {
    /// The first question and press release indexed.
    from: (u32, u32),
    docs: Vec<DocRef>,
    term_names: TermNames,
    term_fields: Vec<[u32; FIELD_COUNT]>,
    growing: Vec<GrowingList>,
    field_len: [Vec<u32>; FIELD_COUNT],
    keep_positions: bool,
}

/// Why a segment cannot join an index (which is then as it was): what was indexed apart is not
/// what the index would index next, so the caller indexes those records itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JoinError {
    /// The segment begins at other records than the index has reached.
    Elsewhere {
        segment: (u32, u32),
        index: (u32, u32),
    },
    /// The corpus lacks a record the segment indexed.
    Missing(DocRef),
    /// One of them keeps positions and the other does not.
    Positions,
    /// The index has records to index again before it takes more.
    Unfinished,
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JoinError::Elsewhere { segment, index } => write!(
                f,
                "the records indexed apart begin at question {}, press release {}, but the \
                 index has reached question {}, press release {}; index them here instead",
                segment.0, segment.1, index.0, index.1
            ),
            JoinError::Missing(DocRef::Question(q)) => write!(
                f,
                "the records indexed apart include question {q}, which the corpus lacks; \
                 index the corpus's records here instead"
            ),
            JoinError::Missing(DocRef::PressRelease(p)) => write!(
                f,
                "the records indexed apart include press release {p}, which the corpus lacks; \
                 index the corpus's records here instead"
            ),
            JoinError::Positions => write!(
                f,
                "the records indexed apart keep their words' positions and the index does not \
                 (or the other way round); index them here instead"
            ),
            JoinError::Unfinished => write!(
                f,
                "the index has records to index again first; join the records indexed apart \
                 once it has"
            ),
        }
    }
}

impl std::error::Error for JoinError {}

impl Segment {
    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

impl Building {
    /// Starts a segment: an index of the records from question `questions` and press release
    /// `press_releases` on (`add` takes them; `into_segment` ends it).
    pub fn segment_from(questions: u32, press_releases: u32) -> Building {
        let index = Index {
            questions_indexed: questions,
            press_releases_indexed: press_releases,
            ..Index::default()
        };
        Building::growing(index, true)
    }

    /// What `join` needs of the records added since `segment_from`.
    pub fn into_segment(self) -> Segment {
        let Building { index, scratch, .. } = self;
        let from = index.docs.iter().fold(
            (index.questions_indexed, index.press_releases_indexed),
            |(q, p), doc| match doc {
                DocRef::Question(_) => (q - 1, p),
                DocRef::PressRelease(_) => (q, p - 1),
            },
        );
        Segment {
            from,
            docs: index.docs,
            term_names: index.term_names,
            term_fields: index.term_fields,
            growing: index.growing,
            field_len: index.field_len,
            keep_positions: scratch.keep_positions,
        }
    }

    /// Puts `segment` after the records indexed so far, as if they had been indexed here (see
    /// the module); their attributes are read from `corpus`, which holds them. Fails, leaving
    /// the index as it was, when the segment is not of the records this index would take next.
    pub fn join(&mut self, segment: Segment, corpus: &impl Records) -> Result<(), JoinError> {
        let index = &mut self.index;
        let reached = (index.questions_indexed, index.press_releases_indexed);
        if segment.from != reached {
            return Err(JoinError::Elsewhere {
                segment: segment.from,
                index: reached,
            });
        }
        if self.again_done < self.again.len() {
            return Err(JoinError::Unfinished);
        }
        if segment.keep_positions != self.scratch.keep_positions {
            return Err(JoinError::Positions);
        }
        let (questions, press_releases) = corpus.counts();
        if let Some(&missing) = segment.docs.iter().find(|doc| match **doc {
            DocRef::Question(q) => q as usize >= questions,
            DocRef::PressRelease(p) => p as usize >= press_releases,
        }) {
            return Err(JoinError::Missing(missing));
        }
        index.fill_dictionary_some(usize::MAX);
        let shift = index.docs.len() as u32;
        // Each of the segment's terms, as a term here: found, or added in the order the
        // segment met them, as indexing its records here would have added them.
        let terms: Vec<u32> = segment
            .term_names
            .iter()
            .map(|name| {
                let next = index.term_names.len() as u32;
                match index.terms.get(name) {
                    Some(term) => term,
                    None => {
                        index.terms.insert_new(name, next);
                        index.term_names.push(name);
                        index.term_fields.push([NONE; FIELD_COUNT]);
                        next
                    }
                }
            })
            .collect();
        // Each of its lists after the list of its term and field here, or as a new list, in
        // the order the segment made them (the order of its lists' ids).
        let mut lists: Vec<(u32, u32, usize)> = segment
            .term_fields
            .iter()
            .enumerate()
            .flat_map(|(t, fields)| {
                fields
                    .iter()
                    .enumerate()
                    .filter(|(_, &l)| l != NONE)
                    .map(move |(f, &l)| (l, t as u32, f))
            })
            .collect();
        lists.sort_unstable_by_key(|&(l, _, _)| l);
        for (l, t, f) in lists {
            let term = terms[t as usize] as usize;
            let later = &segment.growing[l as usize];
            match index.term_fields[term][f] {
                NONE => {
                    index.term_fields[term][f] = index.growing.len() as u32;
                    let mut list = GrowingList::default();
                    list.append(later, shift);
                    index.growing.push(list);
                }
                here => index.growing[here as usize].append(later, shift),
            }
        }
        for (f, lengths) in segment.field_len.iter().enumerate() {
            index.field_len[f].extend_from_slice(lengths);
            index.total_len[f] += lengths.iter().map(|&n| u64::from(n)).sum::<u64>();
        }
        for &doc in &segment.docs {
            match doc {
                DocRef::Question(q) => {
                    if let Some(question) = corpus.question(q as usize) {
                        index.attrs.push_question(&question);
                    }
                    index.questions_indexed += 1;
                }
                DocRef::PressRelease(p) => {
                    if let Some(release) = corpus.press_release(p as usize) {
                        index.attrs.push_press_release(&release);
                    }
                    index.press_releases_indexed += 1;
                }
            }
        }
        index.docs.extend_from_slice(&segment.docs);
        Ok(())
    }
}
