//! The app's one state value and the actions that change it. The view itself (query, facets,
//! page) is not here: it lives in the URL (`location.rs`).
//!
//! Invariants: `Ready` holds a corpus together with its index and the aggregates derived from
//! both (each derived on first use, from the records' heads alone); a record's text is in the
//! record or, for the records of a bundle, in `Loaded`'s store, never in both (`KeptText` says
//! which); `notice` is `Some` exactly when that corpus is only part of its file (the load was
//! cut short); `arriving` is `Some` exactly while a bundle's text is still arriving for a
//! corpus that is already searchable; `reading` is `Some` exactly while the corpus shown is
//! the first records of a JSON file still being read (`Loaded::searchable_so_far`), and the load's
//! end replaces it with the whole; a failed load keeps only the message the user sees;
//! progress from an earlier attempt never shows once a retry has started, nor does what became
//! of an earlier attempt's saved copy (`saved`).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::rc::Rc;

use yew::Reducible;

use crate::corpus::members::{latest_of_each, named_in};
use crate::corpus::store::{KeptText, Records, TextStore, WithKept};
use crate::corpus::{group_kept, Corpus, Member, Merging, Parsed, PressRelease, Question, Sharing};
use crate::index::bundle::Texts;
use crate::index::insight::{member_directory, MemberSummary};
use crate::index::response::SnapshotEnds;
use crate::index::{Building, DocRef, Finishing, FxHashMap, Index};
use crate::ui::saved::SavedCopy;
use crate::ui::words::Thousands;

/// A loaded corpus with everything derived from it once. The aggregates depend only on the
/// records' heads: each is derived when first asked for (the first results wait for none of
/// them) and shared (`Rc`) with the same corpus once its text has arrived. A bundle's records
/// are heads in `corpus` and their text stays compressed in `store`: read a record with its
/// text through `question` and `press_release`.
#[derive(Debug)]
pub struct Loaded {
    pub corpus: Rc<Corpus>,
    pub index: Rc<Index>,
    /// The text of the first records (a bundle's), kept compressed; later ones (imported after)
    /// and those an import changed hold their own.
    kept: Option<KeptText>,
    members: Rc<OnceCell<Vec<MemberSummary>>>,
    /// How many questions share each question's answer (by its place in `corpus.questions`;
    /// 0 for a question in no answer group).
    group_sizes: Rc<OnceCell<Vec<u32>>>,
    /// The last day each source file saw, for response times.
    snapshot_ends: Rc<OnceCell<SnapshotEnds>>,
    /// Questions (their place in `corpus.questions`) by upper-case UIN.
    by_uin: Rc<OnceCell<FxHashMap<Box<str>, u32>>>,
    /// Every doc id, in the order of its record's id (questions before press releases, then by
    /// place, where ids repeat).
    by_id: Rc<OnceCell<Vec<u32>>>,
    /// Whether the text of the records the store keeps is here.
    pub text: TextState,
    /// The members' names that members files imported since the page loaded gave: later
    /// imports name their records' members known by id alone with them too.
    names: Rc<[Member]>,
}

/// What a list calls a question (`Data::question_labels`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionLabel {
    pub title: String,
    /// What it asks, when another question in the list has its title.
    pub gist: Option<String>,
}

/// The words of a title made from a question's text, for a question without a heading.
const TITLE_WORDS: usize = 12;

/// Which records' text a loaded corpus holds: of a bundle's records, those whose text the
/// store keeps (every record holding its own text has it). A bundle's text comes after its
/// index, so a corpus from one is searchable (and listed, filtered, counted) before its text is
/// there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextState {
    /// Every record's.
    Whole,
    /// None yet: it is arriving.
    Arriving,
    /// The first `questions` questions' and `press_releases` press releases' text: the file
    /// stopped before the rest.
    Partial {
        questions: usize,
        press_releases: usize,
    },
}

impl TextState {
    /// How much of the text of the records `store` keeps has come.
    fn of(store: &TextStore) -> Self {
        let questions = store.len().min(store.questions());
        match store.len() == store.records() {
            true => TextState::Whole,
            false => TextState::Partial {
                questions,
                press_releases: store.len() - questions,
            },
        }
    }
}

/// Work between two paints while an index is built in the page: long enough that the pauses
/// between slices (a few milliseconds each) cost little of the build, short enough that the
/// progress moves and a click on Cancel is taken.
const INDEX_SLICE_MS: f64 = 100.0;
/// Work between two paints while a file is read (`load.rs` gives the page a turn as often).
const READ_SLICE_MS: f64 = 30.0;
/// Records indexed between two looks at the clock (about 10 ms at 100,000 records).
const INDEX_STEP: usize = 256;
/// Postings frozen between two looks at the clock (a few milliseconds at 100,000 records, whose
/// lists hold 20 million).
const FREEZE_STEP: usize = 1 << 16;
/// Terms of an index opened from a bundle readied to grow in a step (`Building::ready_some`;
/// about 20 ms natively).
const READY_TERMS: usize = 1 << 16;
/// Questions an import copies in a step (`Importing::copy_some`; about 30 ms natively).
const COPY_QUESTIONS: usize = 1 << 16;
/// Questions whose merge keys are made in a step (`Merging::key_some`; about 20 ms natively).
const KEY_QUESTIONS: usize = 1 << 15;
/// Questions whose repeated texts an import shares in a step (`Sharing::share_some`).
const SHARE_QUESTIONS: usize = 1 << 16;
/// Frequent words kept between two looks at the clock (about 1 ms natively at 100,000 records).
const KEEP_STEP: usize = 4;

/// Runs `step` on `work` until it returns true, in slices of about `INDEX_SLICE_MS`, calling
/// `progress` after each and letting the page paint (and take a click) after it. `None`
/// when `progress` returns false (the work was cancelled).
async fn in_slices<W>(
    work: &mut W,
    step: impl FnMut(&mut W) -> bool,
    progress: impl FnMut(&W) -> bool,
) -> Option<()> {
    in_slices_of(INDEX_SLICE_MS, work, step, progress).await
}

/// `in_slices`, in slices of about `slice_ms`.
async fn in_slices_of<W>(
    slice_ms: f64,
    work: &mut W,
    mut step: impl FnMut(&mut W) -> bool,
    mut progress: impl FnMut(&W) -> bool,
) -> Option<()> {
    loop {
        let start = now_ms();
        let mut done = false;
        while !done && now_ms() - start < slice_ms {
            done = step(work);
        }
        if !progress(work) {
            return None;
        }
        // The page paints the progress even after the last slice, so what comes next (the
        // index being finished) is said before it starts.
        super::yielding::yield_to_page().await;
        if done {
            return Some(());
        }
    }
}

/// Makes what `index` keeps for its frequent words and its table of term ids by name (about
/// 0.2 s at 100,000 records), then what it keeps for its frequent prefixes (about 0.3 s more
/// in Chromium), in slices once the page has painted with it, as a bundle's are made while
/// its text arrives: a search before then reads the postings, and finds words by a binary
/// search, with the same results. Given up if the index is dropped first (an import replaced
/// it).
fn keep_frequent_after_paint(index: &Rc<Index>) {
    let Some(mut keeping) = index.keeping_frequent() else {
        return;
    };
    let index = Rc::downgrade(index);
    yew::platform::spawn_local(async move {
        super::yielding::after_next_paint().await;
        let step = |keeping: &mut _| match index.upgrade() {
            Some(index) => index.keep_frequent_some(keeping, KEEP_STEP),
            None => true,
        };
        // Never cancelled: `progress` always goes on.
        let _ = in_slices(&mut keeping, step, |_| true).await;
    });
}

/// How many questions share each question's answer (`Loaded::group_size`): its answer group's
/// size, counted by the group's name (borrowed, not copied), or 0.
fn answer_group_sizes(questions: &[Question]) -> Vec<u32> {
    let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
    for group in questions.iter().filter_map(|q| q.answer_group.as_deref()) {
        *counts.entry(group).or_default() += 1;
    }
    questions
        .iter()
        .map(|q| {
            q.answer_group
                .as_deref()
                .and_then(|g| counts.get(g).copied())
                .unwrap_or(0)
        })
        .collect()
}

/// Milliseconds on the page's clock.
pub(crate) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Two loads are the same only if they are the same value: comparing corpora field by field on
/// every render would cost more than the render.
impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Loaded {
    pub fn new(corpus: Corpus) -> Self {
        let index = Index::build(&corpus);
        Self::with_index(corpus, Rc::new(index))
    }

    /// `new` for the page, going on with `building`, which holds the first of `corpus`'s
    /// records (unchanged since they were indexed): JSON's records indexed as they arrived, or
    /// the records of the corpus an import added to (`Building::start_from` its index), whose
    /// text may be kept apart (`kept`) and is read from there. The index is built in slices of
    /// about `INDEX_SLICE_MS`, handing how far it has got to `progress` after each and letting
    /// the page paint (and take a click) between them, so a build of seconds shows how far it
    /// has got. `None` when `progress` returns false (the build was cancelled).
    pub async fn build_on(
        mut building: Building,
        corpus: Corpus,
        kept: Option<KeptText>,
        mut progress: impl FnMut(BuildProgress) -> bool,
    ) -> Option<Self> {
        let records = corpus.questions.len() + corpus.press_releases.len();
        let with_kept = WithKept::new(&corpus, kept.as_ref());
        in_slices(
            &mut building,
            |b| b.add(&with_kept, INDEX_STEP),
            |b| {
                let indexed = b.indexed();
                progress(BuildProgress::Adding { indexed, records })
            },
        )
        .await?;
        // Every record is in: the page says the index is being finished (freezing its lists and
        // deriving what searches read, about a second at 100,000 records), still in slices.
        let mut finishing = building.finishing();
        in_slices(
            &mut finishing,
            |f| f.step(FREEZE_STEP),
            |f| {
                let (done, all) = f.progress();
                progress(BuildProgress::Finishing { records, done, all })
            },
        )
        .await?;
        let index = Rc::new(finishing.finish());
        keep_frequent_after_paint(&index);
        Some(Self::with_index(corpus, index).keeping(kept))
    }

    /// The index of the records `building` holds, finished in slices so the page paints
    /// between them, and a building that goes on from it (`Building::start_from`) with the
    /// records that come after: what a page searches while the rest of a large file is read.
    /// The whole index is then frozen after this one's lists, not built again. What is kept
    /// for frequent words is not made: this index is of the first records only, and is
    /// searched only until the whole is in.
    pub async fn searchable_so_far(building: Building) -> (Rc<Index>, Building) {
        let mut finishing = building.finishing();
        // Never cancelled: `progress` always goes on. In the read's turns, not a build's.
        let freeze = |f: &mut Finishing| f.step(FREEZE_STEP);
        let _ = in_slices_of(READ_SLICE_MS, &mut finishing, freeze, |_| true).await;
        let index = Rc::new(finishing.finish());
        let mut building = Building::start_from(index.clone());
        // Its dictionary filled again in slices too, not in the first task that adds a record.
        let ready = |b: &mut Building| b.ready_some(READY_TERMS);
        let _ = in_slices_of(READ_SLICE_MS, &mut building, ready, |_| true).await;
        (index, building)
    }

    /// `importing` for the page: in slices of about `INDEX_SLICE_MS`, handing what is being done
    /// and how far it has got (`Importing::progress`) to `progress` after each. `None` when
    /// `progress` returns false (the import was cancelled).
    pub async fn import_in_slices(
        &self,
        files: Vec<Parsed>,
        replace: bool,
        mut progress: impl FnMut(&'static str, usize, usize) -> bool,
    ) -> Option<Import> {
        let mut importing = self.importing(files, replace);
        in_slices(&mut importing, Importing::step, |importing| {
            let (what, done, all) = importing.progress();
            progress(what, done, all)
        })
        .await?;
        Some(importing.finish())
    }

    /// An import's files being merged into this corpus (into none, to `replace` it), a step at
    /// a time: the records' text stays where it is kept (`KeptText`), only the records a repeat
    /// changes are given theirs, and the index of the result grows from this corpus's (the
    /// records a repeat changed indexed again) unless it replaces the corpus.
    pub fn importing(&self, files: Vec<Parsed>, replace: bool) -> Importing<'_> {
        Importing {
            base: self,
            files,
            replace,
            before: match replace {
                true => (0, 0),
                false => self.corpus.counts(),
            },
            stage: ImportStage::Copy,
            merging: None,
            corpus: Corpus::default(),
            kept: None,
            sharing: None,
            grows: false,
            changed: Vec::new(),
            building: None,
            named: 0,
            // What the corpus's own records name with their id (a saved import's, named by a
            // members file before a reload), then the members files' read since the page loaded.
            names: latest_of_each(
                (named_in(&self.corpus.questions).into_iter())
                    .chain(self.names.iter().cloned())
                    .collect(),
            )
            .into(),
        }
    }

    /// Whether the tab has the memory to add files to this corpus: an import builds a second
    /// index beside this one and copies the records' heads (at 500,000 records the tab went
    /// from 1.7 to 3.0 GB), and a wasm tab has 4 GB at most, where running out would end the
    /// page. It needs about 1.5× the index's bytes, of what the 4 GB hold besides what the page
    /// holds now (`memory::live_bytes`; memory an earlier import freed counts as free), a
    /// tenth of that left for the allocator's pieces; `Err` says what to do instead.
    pub fn room_to_add_to(&self) -> Result<(), String> {
        let needed = self.index.heap_bytes() as u64 / 2 * 3;
        room_for(needed, crate::ui::memory::live_bytes() as u64).map_err(|needed| {
            format!(
                "Not imported: adding files to this corpus of {} needs about {} MB \
                 more memory, more than this tab has left. Choose \"Replace the corpus with these \
                 files\" instead, or combine the corpus and the files outside the browser \
                 (pqx build, then pqx bundle) and open the bundle.",
                crate::ui::words::count(self.index.len() as usize, "record", "records"),
                Thousands(needed / 1_000_000)
            )
        })
    }

    /// Whether the record `doc` stands for has its text here.
    pub fn has_text(&self, doc: DocRef) -> bool {
        // A record holds its own text when a store keeps that of others, not its own (while a
        // bundle's text arrives there is no store yet, and imports wait for it).
        if self.kept.is_some() && !self.keeps(doc) {
            return true;
        }
        match (self.text, doc) {
            (TextState::Whole, _) => true,
            (TextState::Arriving, _) => false,
            (TextState::Partial { questions, .. }, DocRef::Question(i)) => (i as usize) < questions,
            (TextState::Partial { press_releases, .. }, DocRef::PressRelease(i)) => {
                (i as usize) < press_releases
            }
        }
    }

    /// Why a record's text is not shown, when it is not: for placeholders where it would be.
    pub fn text_missing(&self, doc: DocRef) -> Option<String> {
        let damaged = |e: String| {
            Some(format!(
                "Text not readable: the corpus file is damaged ({e}). Load it again."
            ))
        };
        let kept = self.kept.as_ref();
        match self.text {
            _ if self.has_text(doc) => match doc {
                DocRef::Question(i) => kept?.check_question(i as usize)?.err(),
                DocRef::PressRelease(i) => kept?.check_press_release(i as usize)?.err(),
            }
            .and_then(|e| damaged(format!("at byte {}: {}", e.at, e.what))),
            TextState::Arriving => Some("Text arriving…".into()),
            _ => Some("Text not loaded: the corpus file was cut short.".into()),
        }
    }

    /// Question `i` with its text, when its text is here (its head alone otherwise).
    pub fn question(&self, i: u32) -> Option<Cow<'_, Question>> {
        self.records().question(i as usize)
    }

    /// Press release `i` with its text, when its text is here (its head alone otherwise).
    pub fn press_release(&self, i: u32) -> Option<Cow<'_, PressRelease>> {
        self.records().press_release(i as usize)
    }

    /// The store of every record's text, when it holds all of it (a corpus as read from JSON
    /// or from a whole bundle, before an import changed it).
    pub fn whole_store(&self) -> Option<&TextStore> {
        let records = self.corpus.questions.len() + self.corpus.press_releases.len();
        self.kept.as_ref()?.whole_store(records)
    }

    /// The records, read with their text wherever it is.
    fn records(&self) -> WithKept<'_> {
        WithKept::new(&self.corpus, self.kept.as_ref())
    }

    /// Labels for a list of questions (their places in `corpus.questions`), in its order: each
    /// one's title (`Question::title`: its heading, else its first words) and, where another in
    /// the list has the same title, what it asks (`Question::gist`, `gist_words` words: its
    /// first, or for a question titled by its first words, those after the title), so that the
    /// two can be told apart. A question's text is read only for a title made from it or a
    /// gist, and once.
    pub fn question_labels(&self, list: &[u32], gist_words: usize) -> Vec<QuestionLabel> {
        let read: Vec<(String, Option<Cow<'_, Question>>)> = list
            .iter()
            .map(|&i| match self.corpus.questions.get(i as usize) {
                Some(head) if head.heading.is_some() => (head.title(TITLE_WORDS), None),
                Some(_) => {
                    let question = self.question(i);
                    let title = question.as_ref().map(|q| q.title(TITLE_WORDS));
                    (title.unwrap_or_default(), question)
                }
                None => (String::new(), None),
            })
            .collect();
        let repeated: Vec<bool> = {
            let mut times: FxHashMap<&str, u32> = FxHashMap::default();
            for (title, _) in &read {
                *times.entry(title).or_default() += 1;
            }
            read.iter()
                .map(|(title, _)| times.get(title.as_str()).is_some_and(|&n| n > 1))
                .collect()
        };
        read.into_iter()
            .zip(list)
            .zip(repeated)
            .map(|(((title, question), &i), repeated)| QuestionLabel {
                gist: repeated
                    .then(|| question.or_else(|| self.question(i)))
                    .flatten()
                    .and_then(|q| {
                        let skip = if q.heading.is_some() { 0 } else { TITLE_WORDS };
                        q.gist(skip, gist_words)
                    }),
                title,
            })
            .collect()
    }

    /// Whether the store keeps the text of the record `doc` stands for (whether it has come or
    /// not); records that are not a bundle's, or that an import changed, hold their own.
    fn keeps(&self, doc: DocRef) -> bool {
        self.kept.as_ref().is_some_and(|kept| match doc {
            DocRef::Question(i) => kept.keeps_question(i as usize),
            DocRef::PressRelease(i) => kept.keeps_press_release(i as usize),
        })
    }

    /// This corpus, whose first records' text is kept in `kept`'s store, as far as it has come.
    fn keeping(mut self, kept: Option<KeptText>) -> Self {
        if let Some(kept) = &kept {
            self.text = TextState::of(kept.store());
        }
        self.kept = kept;
        self
    }

    /// This corpus, loaded without its records' text (a bundle cut before its text came): their
    /// text is kept by a store none of it came into, so that records an import adds or changes
    /// later, which hold their own, are told from them.
    pub fn without_text(self) -> Self {
        let (questions, press_releases) = self.corpus.counts();
        let answered = (self.corpus.questions.iter())
            .map(|q| q.answer.is_some())
            .collect();
        let store = TextStore::new(answered, questions + press_releases);
        self.keeping(Some(KeptText::new(Rc::new(store))))
    }

    /// The same corpus with the text that arrived after its index, kept compressed; the heads,
    /// the index and all derived from them are shared, not copied or rebuilt.
    pub fn with_text(&self, texts: Texts) -> Self {
        let store = texts.into_store();
        Loaded {
            corpus: self.corpus.clone(),
            kept: None,
            index: self.index.clone(),
            members: self.members.clone(),
            group_sizes: self.group_sizes.clone(),
            snapshot_ends: self.snapshot_ends.clone(),
            by_uin: self.by_uin.clone(),
            by_id: self.by_id.clone(),
            text: TextState::Whole,
            names: self.names.clone(),
        }
        .keeping(Some(KeptText::new(Rc::new(store))))
    }

    /// A corpus with its finished index (from a bundle).
    pub fn with_index(corpus: Corpus, index: Rc<Index>) -> Self {
        Loaded {
            corpus: Rc::new(corpus),
            kept: None,
            index,
            members: Rc::default(),
            group_sizes: Rc::default(),
            snapshot_ends: Rc::default(),
            by_uin: Rc::default(),
            by_id: Rc::default(),
            text: TextState::Whole,
            names: Rc::new([]),
        }
    }

    /// The same, remembering `names` for later imports (`Import::names`).
    pub fn naming(mut self, names: Rc<[Member]>) -> Self {
        self.names = names;
        self
    }

    /// The members' names members files imported since the page loaded gave (`naming`).
    pub fn names(&self) -> &Rc<[Member]> {
        &self.names
    }

    /// Every member who asked a question, by name.
    pub fn members(&self) -> &[MemberSummary] {
        self.members
            .get_or_init(|| member_directory(&self.corpus, &self.index))
    }

    /// The last day each source file saw (`response_times`).
    pub fn snapshot_ends(&self) -> &SnapshotEnds {
        self.snapshot_ends
            .get_or_init(|| SnapshotEnds::of(&self.corpus))
    }

    /// How many questions share the answer of the question at `place` in `corpus.questions`
    /// (0 when it is in no answer group).
    pub fn group_size(&self, place: u32) -> u32 {
        self.group_sizes().get(place as usize).copied().unwrap_or(0)
    }

    /// Every question's `group_size`, derived for all at once when first asked for.
    fn group_sizes(&self) -> &[u32] {
        self.group_sizes
            .get_or_init(|| answer_group_sizes(&self.corpus.questions))
    }

    /// Derives now what a row of results reads beyond its record (how many questions share its
    /// answer), so that the first search to show a shared answer does not: 6–8 ms at 100,000
    /// records, called once the page has painted a corpus.
    pub fn derive_for_rows(&self) {
        self.group_sizes();
    }

    /// The question with UIN `uin` (in any case), for cross-reference links.
    pub fn question_by_uin(&self, uin: &str) -> Option<&Question> {
        let by_uin = self.by_uin.get_or_init(|| {
            // The index holds each record's UIN upper-cased already.
            let uins = &self.index.attrs.uin;
            let uins = (0..uins.len()).map(|d| (d, uins.get(d)));
            uins.filter_map(|(d, uin)| match (uin, self.index.doc_ref(d as u32)?) {
                (Some(uin), DocRef::Question(i)) => Some((uin.into(), i)),
                _ => None,
            })
            .collect()
        });
        let i = *by_uin.get(uin.to_ascii_uppercase().as_str())?;
        self.corpus.questions.get(i as usize)
    }

    /// The document a record id (as in `sel=` or a view) stands for: the first question with
    /// that id, else the first press release. A binary search of the records in id order, so
    /// `j`/`k` and the result list find the selected row among 100,000 without a walk.
    pub fn doc_of_id(&self, id: &str) -> Option<u32> {
        let record = |doc: u32| -> Option<(&str, DocRef)> {
            let doc_ref = self.index.doc_ref(doc)?;
            let id = match doc_ref {
                DocRef::Question(i) => self.corpus.questions.get(i as usize)?.id.as_str(),
                DocRef::PressRelease(i) => self.corpus.press_releases.get(i as usize)?.id.as_str(),
            };
            Some((id, doc_ref))
        };
        let by_id = self.by_id.get_or_init(|| {
            // Each key looked up once, not at every comparison of the sort.
            let mut keyed: Vec<_> = (0..self.index.len()).map(|d| (record(d), d)).collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, doc)| doc).collect()
        });
        let first = by_id.partition_point(|&doc| record(doc).is_none_or(|(d, _)| d < id));
        let doc = *by_id.get(first)?;
        (record(doc)?.0 == id).then_some(doc)
    }
}

impl Records for Loaded {
    fn question(&self, i: usize) -> Option<Cow<'_, Question>> {
        Loaded::question(self, u32::try_from(i).ok()?)
    }

    fn press_release(&self, i: usize) -> Option<Cow<'_, PressRelease>> {
        Loaded::press_release(self, u32::try_from(i).ok()?)
    }

    fn counts(&self) -> (usize, usize) {
        self.corpus.counts()
    }
}

/// The memory a wasm tab addresses.
const TAB_BYTES: u64 = 1 << 32;

/// `Ok` if `needed` more bytes fit in a tab whose program holds `live` bytes (0: not known,
/// taken to fit), leaving a tenth of the room for the allocator's pieces; else `Err(needed)`.
fn room_for(needed: u64, live: u64) -> Result<(), u64> {
    let room = TAB_BYTES.saturating_sub(live) / 10 * 9;
    match live == 0 || needed <= room {
        true => Ok(()),
        false => Err(needed),
    }
}

/// An import being made ready for its index to be built (`Loaded::importing`), a stage a step
/// but the copy, the keys, the sharing and the readying, which take several (natively at
/// 500,000 records no step takes more than about 0.25 s, where a tab spent 1.7 s in one task
/// merging).
/// Invariant: `corpus` holds the base's first questions in `ImportStage::Copy`, and is the
/// base's (with `kept`) once past it (none to replace it), `merging` is there in `Key` and
/// `Merge`, `sharing` in `Share`, `files` are merged into them and
/// `grows` and `changed` say so once past `Merge`, and `building` is there once past `Start`.
pub struct Importing<'a> {
    base: &'a Loaded,
    files: Vec<Parsed>,
    replace: bool,
    before: (usize, usize),
    stage: ImportStage,
    merging: Option<Merging>,
    corpus: Corpus,
    kept: Option<KeptText>,
    /// The repeated texts shared so far, in `ImportStage::Share`.
    sharing: Option<Sharing>,
    /// Whether the index grows from the base's (the files were merged into a corpus its index
    /// covers) or is built anew.
    grows: bool,
    /// The base's records the merge changed, which the index grown from the base's indexes
    /// again.
    changed: Vec<DocRef>,
    /// The build of the merged corpus's index, started.
    building: Option<Building>,
    /// How many questions members' names named someone in (`Merged::named`).
    named: usize,
    /// The members' names known: those the base's records give with their id, the base's
    /// remembered ones, then those of the files' members files (the last of each id,
    /// `members::latest_of_each`).
    names: Rc<[Member]>,
}

/// What an import does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportStage {
    /// Copying the corpus's records (their heads, where the text is kept apart) to merge into.
    Copy,
    /// Making the keys of the questions there (`Merging::key_some`).
    Key,
    /// Merging the files into them.
    Merge,
    /// Making the answer groups again (`group_kept`).
    Group,
    /// Sharing the texts records repeat (`Sharing::share_some`, some questions a step).
    Share,
    /// Starting the index's build: grown from the base's (a copy of what it keeps), or anew.
    Start,
    /// Readying the build to grow (`Building::ready_some`).
    Ready,
}

impl Importing<'_> {
    /// Goes on; returns whether the import is ready for its index to be built (`finish`).
    pub fn step(&mut self) -> bool {
        match self.stage {
            ImportStage::Copy => {
                if self.copy_some(COPY_QUESTIONS) {
                    self.merging = Some(Merging::new(&self.corpus));
                    self.stage = ImportStage::Key;
                }
            }
            ImportStage::Key => {
                let keyed = self.merging.as_mut().is_none_or(|merging| {
                    merging.key_some(&self.corpus, self.kept.as_ref(), KEY_QUESTIONS)
                });
                if keyed {
                    self.stage = ImportStage::Merge;
                }
            }
            ImportStage::Merge => {
                self.merge();
                self.stage = ImportStage::Group;
            }
            ImportStage::Group => {
                // The answers' keys made for the merge, or, without a merge, made again.
                match self.merging.take() {
                    Some(merging) => merging.group(&mut self.corpus),
                    None => group_kept(&mut self.corpus, self.kept.as_ref()),
                }
                self.stage = ImportStage::Share;
            }
            ImportStage::Share => {
                let sharing = self.sharing.get_or_insert_with(Sharing::default);
                if sharing.share_some(&mut self.corpus, SHARE_QUESTIONS) {
                    self.sharing = None;
                    self.stage = ImportStage::Start;
                }
            }
            ImportStage::Start => {
                let building = match self.grows {
                    true => {
                        let mut building = Building::start_from(Rc::clone(&self.base.index));
                        building.again(std::mem::take(&mut self.changed));
                        building
                    }
                    false => Building::new(),
                };
                self.building = Some(building);
                self.stage = ImportStage::Ready;
            }
            ImportStage::Ready => {
                return self
                    .building
                    .as_mut()
                    .is_none_or(|building| building.ready_some(READY_TERMS))
            }
        }
        false
    }

    /// Copies up to `questions` more of the base's questions into `corpus` (then the rest of
    /// it at once: its press releases, a twentieth of its records, and its sources and
    /// diagnostics), unless the import replaces it; returns whether the copy is whole.
    fn copy_some(&mut self, questions: usize) -> bool {
        let base = &self.base.corpus;
        if self.replace {
            return true;
        }
        let at = self.corpus.questions.len();
        if at == 0 {
            // Room for the files' questions too: a merge that adds one would otherwise copy
            // every question into an array of twice the room.
            let new: usize = self.files.iter().map(|f| f.questions.len()).sum();
            (self.corpus.questions).reserve_exact(base.questions.len().saturating_add(new));
        }
        let to = base.questions.len().min(at.saturating_add(questions));
        self.corpus
            .questions
            .extend_from_slice(&base.questions[at..to]);
        if to < base.questions.len() {
            return false;
        }
        self.corpus.press_releases = base.press_releases.clone();
        self.corpus.diagnostics = base.diagnostics.clone();
        self.corpus.sources = base.sources.clone();
        self.kept = self.base.kept.clone();
        true
    }

    /// Merges the files, and decides whether the index grows from the base's (records added
    /// to a corpus its index covers, or merged into its records, which it indexes again) or is
    /// built anew.
    fn merge(&mut self) {
        let mut files = std::mem::take(&mut self.files);
        let read = files
            .iter_mut()
            .flat_map(|f| std::mem::take(&mut f.members));
        let names = latest_of_each(self.names.iter().cloned().chain(read).collect());
        let merging = (self.merging).get_or_insert_with(|| Merging::new(&self.corpus));
        let merged = merging.merge(&mut self.corpus, self.kept.as_mut(), files, names.clone());
        self.names = names.into();
        self.named = merged.named;
        let (q0, p0) = self.before;
        let covers = self.base.index.len() as usize == q0 + p0;
        self.grows = !self.replace && covers;
        let (questions, press_releases) = merged.before(q0, p0);
        self.changed = (questions.iter().map(|&q| DocRef::Question(q as u32)))
            .chain(
                press_releases
                    .iter()
                    .map(|&p| DocRef::PressRelease(p as u32)),
            )
            .collect();
    }

    /// What is being done, and how far it has got (done of all).
    pub fn progress(&self) -> (&'static str, usize, usize) {
        match (self.stage, &self.building) {
            (ImportStage::Ready, Some(building)) if self.grows => {
                let (done, all) = building.readiness();
                ("Readying the search index to add to", done, all.max(1))
            }
            (ImportStage::Start, _) if self.grows => ("Readying the search index to add to", 0, 1),
            (ImportStage::Key, _) => {
                let (done, all) = self
                    .merging
                    .as_ref()
                    .map_or((0, 1), |m| m.progress(&self.corpus));
                ("Merging the files into the corpus", done, all.max(1) * 2)
            }
            (stage, _) => {
                // The keys are half of the merge's work, each later stage a sixth.
                let all = self.corpus.questions.len().max(1) * 2;
                let done = match stage {
                    ImportStage::Copy => 0,
                    ImportStage::Merge => all / 2,
                    ImportStage::Group => all * 4 / 6,
                    _ => all * 5 / 6,
                };
                ("Merging the files into the corpus", done, all)
            }
        }
    }

    /// The merged corpus and the build of its index, started (every step taken first).
    pub fn finish(mut self) -> Import {
        while !self.step() {}
        // Never `None`: the steps end with the build started.
        let building = self.building.unwrap_or_default();
        Import {
            corpus: self.corpus,
            kept: self.kept,
            building,
            before: self.before,
            named: self.named,
            names: self.names,
        }
    }
}

/// An import's corpus before its index is built (`Importing::finish`).
pub struct Import {
    pub corpus: Corpus,
    pub kept: Option<KeptText>,
    pub building: Building,
    /// How many questions and press releases the corpus held before.
    pub before: (usize, usize),
    /// How many questions members' names (the files', or those known before) named an asker
    /// or minister of.
    pub named: usize,
    /// The members' names known after the import: the corpus's before and its files'.
    pub names: Rc<[Member]>,
}

/// How far a load has got, for the progress the user sees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LoadStage {
    /// Bytes received so far, the size the server announced, and how many of the records
    /// read are indexed (JSON's are indexed as they arrive).
    Fetching {
        received: u64,
        expected: Option<u64>,
        indexed: usize,
    },
    /// The file is read; its index is being built.
    Indexing(BuildProgress),
}

/// How far a build of an index in the page has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildProgress {
    /// `indexed` of `records` records are in.
    Adding { indexed: usize, records: usize },
    /// Every one of `records` records is in, and the index is being finished: `done` of `all`
    /// (`Finishing::progress`).
    Finishing {
        records: usize,
        done: usize,
        all: usize,
    },
}

#[derive(Debug, Clone)]
pub enum CorpusLoad {
    Loading(LoadStage),
    Ready(Rc<Loaded>),
    Failed(String),
}

impl PartialEq for CorpusLoad {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (CorpusLoad::Loading(a), CorpusLoad::Loading(b)) => a == b,
            (CorpusLoad::Ready(a), CorpusLoad::Ready(b)) => Rc::ptr_eq(a, b),
            (CorpusLoad::Failed(a), CorpusLoad::Failed(b)) => a == b,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub corpus: CorpusLoad,
    /// Bumped by every retry, so the loader runs again.
    pub attempt: u32,
    /// Why the loaded corpus is incomplete, when it is.
    pub notice: Option<String>,
    /// While the records' text arrives: bytes received, and expected.
    pub arriving: Option<(u64, Option<u64>)>,
    /// While the corpus shown is the first records of a file still being read: how far the
    /// load of the rest has got.
    pub reading: Option<LoadStage>,
    /// What became of the saved copy of the corpus shown (`saved.rs`): opened from it, being
    /// written, kept, or why not.
    pub saved: SavedCopy,
    /// What became of the saved copy of the corpus the last import left (`saved::save_imports`):
    /// kept from an earlier visit, being written, kept, or why not. Loads leave it as it is.
    pub imports: SavedCopy,
}

const STARTING: CorpusLoad = CorpusLoad::Loading(LoadStage::Fetching {
    received: 0,
    expected: None,
    indexed: 0,
});

impl Default for State {
    fn default() -> Self {
        State {
            corpus: STARTING,
            attempt: 0,
            notice: None,
            arriving: None,
            reading: None,
            saved: SavedCopy::None,
            imports: SavedCopy::None,
        }
    }
}

pub enum Action {
    Retry,
    /// A load starts (the address names another corpus): what the page shows of the one
    /// before goes, and the loading state shows how far the new one has got.
    Starting,
    /// Progress of the load started by `attempt`.
    Progress {
        attempt: u32,
        stage: LoadStage,
    },
    /// The first records of the file the load started by `attempt` is reading, searchable
    /// while the rest is read (the load ends with `Loaded`).
    FirstRecords {
        attempt: u32,
        data: Rc<Loaded>,
    },
    /// A corpus from the load, with its notice if it is incomplete.
    Loaded {
        data: Rc<Loaded>,
        notice: Option<String>,
    },
    /// The text of `of`, searchable since `Loaded`, has arrived (all of it, or with a notice
    /// saying what did not).
    TextArrived {
        of: Rc<Loaded>,
        texts: Texts,
        notice: Option<String>,
    },
    /// A corpus made in the app (an import) replaces the current one; any notice stays.
    Replaced(Rc<Loaded>),
    /// What became of the saved copy of the corpus the load started by `attempt` read.
    Saved {
        attempt: u32,
        copy: SavedCopy,
    },
    /// What became of the saved copy of the corpus the last import left.
    ImportsSaved(SavedCopy),
    Failed(String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::Retry => State {
                corpus: STARTING,
                attempt: self.attempt.wrapping_add(1),
                notice: None,
                arriving: None,
                reading: None,
                saved: SavedCopy::None,
                imports: self.imports.clone(),
            },
            Action::Starting => match self.corpus {
                CorpusLoad::Loading(_) => return self,
                _ => State {
                    corpus: STARTING,
                    notice: None,
                    arriving: None,
                    reading: None,
                    saved: SavedCopy::None,
                    ..(*self).clone()
                },
            },
            Action::Progress { attempt, stage } => match (&self.corpus, stage) {
                _ if attempt != self.attempt => return self,
                (CorpusLoad::Ready(_), _) if self.reading.is_some() => State {
                    reading: Some(stage),
                    ..(*self).clone()
                },
                (CorpusLoad::Loading(_), _) => State {
                    corpus: CorpusLoad::Loading(stage),
                    ..(*self).clone()
                },
                (
                    CorpusLoad::Ready(_),
                    LoadStage::Fetching {
                        received, expected, ..
                    },
                ) if self.arriving.is_some() => State {
                    arriving: Some((received, expected)),
                    ..(*self).clone()
                },
                _ => return self,
            },
            Action::FirstRecords { attempt, data } => match &self.corpus {
                CorpusLoad::Loading(stage) if attempt == self.attempt => State {
                    reading: Some(*stage),
                    corpus: CorpusLoad::Ready(data),
                    ..(*self).clone()
                },
                _ => return self,
            },
            Action::Loaded { data, notice } => State {
                reading: None,
                arriving: match (data.text, &self.corpus) {
                    (
                        TextState::Arriving,
                        CorpusLoad::Loading(LoadStage::Fetching {
                            received, expected, ..
                        }),
                    ) => Some((*received, *expected)),
                    (TextState::Arriving, _) => Some((0, None)),
                    _ => None,
                },
                corpus: CorpusLoad::Ready(data),
                attempt: self.attempt,
                notice,
                saved: self.saved.clone(),
                imports: self.imports.clone(),
            },
            Action::TextArrived { of, texts, notice } => match &self.corpus {
                CorpusLoad::Ready(data) if Rc::ptr_eq(data, &of) => State {
                    corpus: CorpusLoad::Ready(Rc::new(of.with_text(texts))),
                    attempt: self.attempt,
                    notice,
                    arriving: None,
                    reading: None,
                    saved: self.saved.clone(),
                    imports: self.imports.clone(),
                },
                _ => return self,
            },
            Action::Replaced(data) => State {
                corpus: CorpusLoad::Ready(data),
                arriving: None,
                ..(*self).clone()
            },
            Action::Saved { attempt, copy } if attempt == self.attempt => State {
                saved: copy,
                ..(*self).clone()
            },
            Action::Saved { .. } => return self,
            // What an earlier visit left says nothing new once this visit has imported.
            Action::ImportsSaved(SavedCopy::Elsewhere { .. })
                if self.imports != SavedCopy::None =>
            {
                return self
            }
            Action::ImportsSaved(copy) => State {
                imports: copy,
                ..(*self).clone()
            },
            Action::Failed(message) => State {
                corpus: CorpusLoad::Failed(message),
                attempt: self.attempt,
                notice: None,
                arriving: None,
                reading: None,
                saved: SavedCopy::None,
                imports: self.imports.clone(),
            },
        };
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_found_by_its_id_as_a_walk_of_the_records_finds_it() {
        let mut corpus = crate::corpus::synthesize(80, 5);
        // An id a question and a press release share: the question is the one meant.
        let shared = corpus.questions[7].id.clone();
        if let Some(p) = corpus.press_releases.first_mut() {
            p.id = shared.clone();
        }
        let data = Loaded::new(corpus);
        let walk = |id: &str| {
            let corpus = &data.corpus;
            let doc_ref = match corpus.questions.iter().position(|q| q.id == id) {
                Some(i) => DocRef::Question(i as u32),
                None => DocRef::PressRelease(
                    corpus.press_releases.iter().position(|p| p.id == id)? as u32,
                ),
            };
            data.index.doc_of(doc_ref)
        };
        let ids = data.corpus.questions.iter().map(|q| q.id.clone());
        let ids: Vec<String> = ids
            .chain(data.corpus.press_releases.iter().map(|p| p.id.clone()))
            .chain(["", "zz-no-such-record", "0"].map(String::from))
            .collect();
        for id in &ids {
            assert_eq!(data.doc_of_id(id), walk(id), "{id}");
        }
        assert_eq!(
            data.doc_of_id(&shared),
            data.index.doc_of(DocRef::Question(7))
        );
    }

    #[test]
    fn aggregates_come_when_first_asked_for_and_are_shared_with_the_text() {
        let mut corpus = crate::corpus::synthesize(60, 3);
        let q = &mut corpus.questions[4];
        q.uin = Some("hl1234".into());
        q.answer_group = Some("g".into());
        corpus.questions[9].answer_group = Some("g".into());
        let id = corpus.questions[4].id.clone();
        let data = Loaded::new(corpus);
        assert!(data.by_uin.get().is_none() && data.members.get().is_none());
        assert_eq!(data.question_by_uin("HL1234").map(|q| &q.id), Some(&id));
        assert_eq!(data.question_by_uin("hl1234").map(|q| &q.id), Some(&id));
        assert!(data.question_by_uin("HL9").is_none());
        assert!(data.group_sizes.get().is_none());
        assert_eq!((data.group_size(4), data.group_size(9)), (2, 2));
        assert_eq!(data.group_size(5), 0);
        assert_eq!(data.group_size(60), 0, "no question there");
        let members = data.members().len();
        assert!(members > 0);
        let texts = crate::index::bundle::BundleReader::new().finish_texts();
        let with_text = data.with_text(texts);
        assert!(Rc::ptr_eq(&with_text.members, &data.members));
        assert!(Rc::ptr_eq(&with_text.group_sizes, &data.group_sizes));
        assert_eq!(with_text.members().len(), members);
    }

    #[test]
    fn questions_of_one_title_in_a_list_are_told_apart_by_what_they_ask() {
        let mut corpus = crate::corpus::synthesize(40, 2);
        for (i, text) in [
            (
                1,
                "To ask the Secretary of State for Transport, whether buses will run on Sundays.",
            ),
            (
                2,
                "To ask the Secretary of State for Transport, what the cost of rail fares is.",
            ),
        ] {
            corpus.questions[i].heading = Some("Transport".into());
            corpus.questions[i].text = text.into();
        }
        corpus.questions[3].heading = Some("Only one of these".into());
        // Titled by their first twelve words, which they share: told apart by the words after.
        let opening = "To ask the Secretary of State for Defence, with reference to the Defence Investment Plan, published on 30 June 2026, paragraph";
        for (i, end) in [(4, "48, what it costs."), (5, "54, when it starts.")] {
            corpus.questions[i].heading = None;
            corpus.questions[i].text = format!("{opening} {end}");
        }
        let data = Loaded::new(corpus);
        let labels = data.question_labels(&[1, 3, 2, 99, 4, 5], 5);
        let got: Vec<(&str, Option<&str>)> = labels
            .iter()
            .map(|l| (l.title.as_str(), l.gist.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Transport", Some("whether buses will run on…")),
                ("Only one of these", None),
                ("Transport", Some("what the cost of rail…")),
                // A place no question has: nothing to call it.
                ("", None),
                (
                    "With reference to the Defence Investment Plan, published on 30 June 2026,…",
                    Some("…paragraph 48, what it costs.")
                ),
                (
                    "With reference to the Defence Investment Plan, published on 30 June 2026,…",
                    Some("…paragraph 54, when it starts.")
                ),
            ]
        );
    }

    #[test]
    fn retry_after_failure_loads_again() {
        let state = Rc::new(State::default());
        let failed = state.reduce(Action::Failed("HTTP 404".into()));
        assert_eq!(failed.corpus, CorpusLoad::Failed("HTTP 404".into()));
        let retried = failed.reduce(Action::Retry);
        assert_eq!(retried.corpus, STARTING);
        assert_eq!(retried.attempt, 1);
    }

    #[test]
    fn progress_of_an_earlier_attempt_is_ignored() {
        let stage = LoadStage::Indexing(BuildProgress::Adding {
            records: 3,
            indexed: 0,
        });
        let state = Rc::new(State::default()).reduce(Action::Retry);
        let stale = state.clone().reduce(Action::Progress { attempt: 0, stage });
        assert_eq!(stale.corpus, STARTING);
        let current = state.reduce(Action::Progress { attempt: 1, stage });
        assert_eq!(current.corpus, CorpusLoad::Loading(stage));
    }

    #[test]
    fn text_arriving_after_the_index_completes_the_corpus_it_was_for() {
        let whole = crate::corpus::synthesize(40, 2);
        let mut reader = crate::index::bundle::BundleReader::new();
        let mut bytes = Vec::new();
        let index = Index::build(&whole);
        crate::index::bundle::write_bundle(&whole, &index, &mut bytes).expect("in memory");
        let (half, rest) = bytes.split_at(bytes.len() - 1);
        reader.feed(half).expect("a whole bundle");
        let (heads, index) = reader
            .take_searchable()
            .expect("the index comes before the text");
        let mut data = Loaded::with_index(heads, index);
        data.text = TextState::Arriving;
        let data = Rc::new(data);
        let state = Rc::new(State::default()).reduce(Action::Loaded {
            data: data.clone(),
            notice: None,
        });
        assert_eq!(state.arriving, Some((0, None)));
        assert!(!data.has_text(DocRef::Question(0)));
        let stage = LoadStage::Fetching {
            received: 7,
            expected: Some(9),
            indexed: 0,
        };
        let state = state.reduce(Action::Progress { attempt: 0, stage });
        assert_eq!(state.arriving, Some((7, Some(9))));
        reader.feed(rest).expect("a whole bundle");
        // Text for another corpus (replaced by an import meanwhile) is not applied.
        let other = Rc::new(Loaded::new(Corpus::default()));
        let texts = crate::index::bundle::BundleReader::new().finish_texts();
        let ignored = state.clone().reduce(Action::TextArrived {
            of: other,
            texts,
            notice: None,
        });
        assert!(Rc::ptr_eq(&ignored, &state));
        let state = state.reduce(Action::TextArrived {
            of: data,
            texts: reader.finish_texts(),
            notice: None,
        });
        let CorpusLoad::Ready(done) = &state.corpus else {
            panic!("the corpus stays ready");
        };
        assert_eq!((done.text, state.arriving), (TextState::Whole, None));
        for (i, q) in whole.questions.iter().enumerate() {
            assert_eq!(done.question(i as u32).as_deref(), Some(q));
            assert_eq!(done.text_missing(DocRef::Question(i as u32)), None);
        }
        for (i, p) in whole.press_releases.iter().enumerate() {
            assert_eq!(done.press_release(i as u32).as_deref(), Some(p));
        }
        assert!(done.question(whole.questions.len() as u32).is_none());
    }

    #[test]
    fn the_first_records_of_a_file_are_searched_until_the_whole_is_in() {
        let whole = crate::corpus::synthesize(40, 3);
        let mut first = whole.clone();
        first.questions.truncate(10);
        first.press_releases.clear();
        let mut data = Loaded::new(first);
        data.text = TextState::Arriving;
        let data = Rc::new(data);
        let reading = LoadStage::Fetching {
            received: 3,
            expected: Some(9),
            indexed: 10,
        };
        let state = Rc::new(State::default()).reduce(Action::Progress {
            attempt: 0,
            stage: reading,
        });
        // An earlier attempt's first records are not shown.
        let stale = Action::FirstRecords {
            attempt: 1,
            data: data.clone(),
        };
        assert!(Rc::ptr_eq(&state.clone().reduce(stale), &state));
        let state = state.reduce(Action::FirstRecords {
            attempt: 0,
            data: data.clone(),
        });
        assert_eq!(state.corpus, CorpusLoad::Ready(data.clone()));
        assert_eq!((state.reading, state.arriving), (Some(reading), None));
        // The load goes on: its progress is the line's, the corpus stays the first records.
        let finishing = LoadStage::Indexing(BuildProgress::Finishing {
            records: 40,
            done: 1,
            all: 2,
        });
        let state = state.reduce(Action::Progress {
            attempt: 0,
            stage: finishing,
        });
        assert_eq!(state.reading, Some(finishing));
        assert_eq!(state.corpus, CorpusLoad::Ready(data));
        let all = Rc::new(Loaded::new(whole));
        let state = state.reduce(Action::Loaded {
            data: all.clone(),
            notice: None,
        });
        assert_eq!(state.corpus, CorpusLoad::Ready(all.clone()));
        assert_eq!((state.reading, state.arriving), (None, None));
    }

    #[test]
    fn another_corpus_starts_from_the_loading_state() {
        let starting = Rc::new(State::default());
        assert!(Rc::ptr_eq(
            &starting.clone().reduce(Action::Starting),
            &starting
        ));
        let data = Rc::new(Loaded::new(crate::corpus::synthesize(10, 1)));
        let shown = starting.reduce(Action::Loaded {
            data,
            notice: Some("cut short".into()),
        });
        let shown = shown.reduce(Action::Saved {
            attempt: 0,
            copy: SavedCopy::Saving,
        });
        let next = shown.reduce(Action::Starting);
        assert_eq!(*next, State::default());
    }

    /// `Loaded::importing` and the build that follows, at once.
    fn imported(data: &Loaded, files: Vec<Parsed>) -> Loaded {
        let Import {
            corpus,
            kept,
            mut building,
            names,
            ..
        } = data.importing(files, false).finish();
        assert!(building.add(&WithKept::new(&corpus, kept.as_ref()), usize::MAX));
        Loaded::with_index(corpus, Rc::new(building.finish()))
            .keeping(kept)
            .naming(names)
    }

    /// A file of one question new to `corpus` and a repeat of its question `i` (a source more).
    fn one_new_and_a_repeat(corpus: &Corpus, i: usize) -> Parsed {
        let mut new = corpus.questions[0].clone();
        new.text = "A question asked for the first time.".into();
        new.uin = None;
        let mut repeat = corpus.questions[i].clone();
        repeat.sources[0].first_line += 1000;
        let mut parsed = crate::corpus::parse_file("more.txt", "", None);
        parsed.questions = vec![new, repeat];
        parsed
    }

    #[test]
    fn an_import_into_a_bundles_corpus_reads_the_text_where_it_is_kept() {
        let whole = crate::corpus::synthesize(40, 2);
        let index = Index::build(&whole);
        let mut bytes = Vec::new();
        crate::index::bundle::write_bundle(&whole, &index, &mut bytes).expect("in memory");
        // Cut inside the records' text, which comes last.
        let mut reader = crate::index::bundle::BundleReader::new();
        reader
            .feed(&bytes[..bytes.len() * 9 / 10])
            .expect("a bundle cut short");
        let (heads, index) = reader.take_searchable().expect("the index came");
        let data = Loaded::with_index(heads, index).with_text(reader.finish_texts());
        let TextState::Partial { questions, .. } = data.text else {
            panic!("the text was cut: {:?}", data.text);
        };
        assert!(questions + 2 < whole.questions.len());
        let cut = DocRef::Question(questions as u32);
        let why = data.text_missing(cut).expect("says why");
        // Adding a question grows the index; the records before keep their text in the store.
        let added = one_new_and_a_repeat(&whole, 1);
        let mut expected = whole.clone();
        crate::corpus::merge_into(&mut expected, added.clone());
        let once = imported(&data, vec![added]);
        assert_eq!(once.text, data.text);
        assert_eq!(once.text_missing(cut), Some(why.clone()));
        assert!(!once.has_text(cut));
        let new = DocRef::Question(whole.questions.len() as u32);
        assert!(once.has_text(new) && once.text_missing(new).is_none());
        for i in (0..questions).chain([whole.questions.len()]) {
            assert_eq!(
                once.question(i as u32).as_deref(),
                expected.questions.get(i)
            );
        }
        // The records found, in the order of the corpus (an index that grew numbers its
        // documents in the order they were added).
        let searched = |data: &Loaded, text: &str| {
            let q = crate::index::query::parse_query(text);
            let found =
                data.index
                    .search(&q, &Default::default(), Default::default(), 0, usize::MAX);
            let mut found: Vec<DocRef> = found
                .hits
                .iter()
                .filter_map(|h| data.index.doc_ref(h.doc))
                .collect();
            found.sort();
            found
        };
        assert_eq!(searched(&once, "\"first time\""), vec![new]);
        // A repeat of a record whose text was cut gives it that text: the index grows, indexing
        // that record again, and still covers the records whose text was cut.
        let last = whole.questions.len() - 1;
        let again = imported(&once, vec![one_new_and_a_repeat(&whole, last)]);
        let last_doc = DocRef::Question(last as u32);
        assert!(!once.has_text(last_doc) && again.has_text(last_doc));
        assert_eq!(
            again.question(last as u32).as_deref(),
            Some(&whole.questions[last])
                .map(|q| {
                    let mut q = q.clone();
                    q.sources = again.corpus.questions[last].sources.clone();
                    q
                })
                .as_ref()
        );
        assert_eq!(again.text_missing(cut), Some(why));
        let word = whole.questions[0]
            .text
            .split_whitespace()
            .nth(2)
            .expect("words");
        let built = Loaded::new(whole.clone());
        let first_docs = |data: &Loaded| -> Vec<DocRef> {
            searched(data, word)
                .into_iter()
                .filter(|&d| d < DocRef::Question(whole.questions.len() as u32))
                .collect()
        };
        assert_eq!(first_docs(&again), first_docs(&built));
    }

    #[test]
    fn a_members_file_names_the_records_of_a_bundles_corpus_and_the_index_finds_them() {
        // Records that know their askers by id alone, as the official API's bulk records do.
        let mut whole = crate::corpus::synthesize(40, 2);
        for (i, q) in whole.questions.iter_mut().enumerate() {
            (q.asker.name, q.asker.party, q.asker.constituency) = (None, None, None);
            q.asker.member_id = Some(1000 + i as u32 % 3);
        }
        let index = Index::build(&whole);
        let mut bytes = Vec::new();
        crate::index::bundle::write_bundle(&whole, &index, &mut bytes).expect("in memory");
        let mut reader = crate::index::bundle::BundleReader::new();
        reader.feed(&bytes).expect("a whole bundle");
        let (heads, index) = reader.take_searchable().expect("the index came");
        let data = Loaded::with_index(heads, index).with_text(reader.finish_texts());
        assert_eq!(data.text, TextState::Whole);
        let members = r#"{"items": [{"value": {"id": 1000, "nameDisplayAs": "Zephyrine Quill",
            "latestParty": {"name": "Green Party"}}}], "totalResults": 1}"#;
        let file = crate::corpus::parse_file("members.json", members, None);
        let import = data.importing(vec![file.clone()], false).finish();
        assert_eq!(import.named, whole.questions.len().div_ceil(3));
        let named = imported(&data, vec![file.clone()]);
        let mut expected = whole.clone();
        crate::corpus::merge_into(&mut expected, file);
        let built = Loaded::new(expected.clone());
        let searched = |data: &Loaded, text: &str| {
            let q = crate::index::query::parse_query(text);
            let found = (data.index).search(&q, &Default::default(), Default::default(), 0, 100);
            let mut found: Vec<DocRef> = (found.hits.iter())
                .filter_map(|h| data.index.doc_ref(h.doc))
                .collect();
            found.sort();
            found
        };
        let zephyrine = searched(&named, "zephyrine");
        assert_eq!(zephyrine.len(), whole.questions.len().div_ceil(3));
        assert_eq!(zephyrine, searched(&built, "zephyrine"));
        // A named record keeps its text, and is still found by it.
        let word = whole.questions[0]
            .text
            .split_whitespace()
            .nth(2)
            .expect("words");
        assert_eq!(searched(&named, word), searched(&built, word));
        for (i, q) in expected.questions.iter().enumerate() {
            assert_eq!(named.question(i as u32).as_deref(), Some(q));
        }
        assert_eq!(
            named.corpus.questions[0].asker.party.as_deref(),
            Some("Green Party")
        );
        // Their text stays where the bundle keeps it, and they are keyed by the name: the same
        // question, named and without its UIN, is merged into it, not added beside it.
        let kept = named.kept.as_ref().expect("the bundle's text is kept");
        assert!((0..whole.questions.len()).all(|i| kept.keeps_question(i)));
        let mut repeat = expected.questions[0].clone();
        (repeat.uin, repeat.id) = (None, "a-copy".into());
        repeat.sources[0].first_line += 1000;
        let mut more = crate::corpus::parse_file("more.txt", "", None);
        more.questions = vec![repeat];
        let again = imported(&named, vec![more]);
        assert_eq!(again.corpus.questions.len(), whole.questions.len());
        assert_eq!(again.corpus.questions[0].sources.len(), 2);
        // The names are remembered: a record imported later, known by the same id, is named.
        let mut later = whole.questions[1].clone();
        (later.uin, later.id) = (None, "later".into());
        later.text = "A question imported after the names.".into();
        later.asker.member_id = Some(1000);
        let mut more = crate::corpus::parse_file("later.txt", "", None);
        more.questions = vec![later];
        let import = again.importing(vec![more.clone()], false).finish();
        assert_eq!(import.named, 1);
        let last = imported(&again, vec![more]);
        let added = last
            .corpus
            .questions
            .last()
            .map(|q| q.asker.name.as_deref());
        assert_eq!(added, Some(Some("Zephyrine Quill")));
    }

    #[test]
    fn a_record_known_by_id_is_named_by_what_the_corpus_names_with_that_id() {
        // A saved import reopened: a members file named its records before the reload, and
        // none has been read since.
        let mut corpus = crate::corpus::synthesize(20, 3);
        corpus.questions[0].asker.member_id = Some(1000);
        corpus.questions[0].asker.name = Some("Zephyrine Quill".into());
        let data = Loaded::new(corpus.clone());
        assert!(data.names().is_empty());
        let mut later = corpus.questions[1].clone();
        (later.uin, later.id) = (None, "later".into());
        later.text = "A question imported after a reload.".into();
        later.asker = Member {
            name: None,
            party: None,
            constituency: None,
            member_id: Some(1000),
        };
        let mut file = crate::corpus::parse_file("later.txt", "", None);
        file.questions = vec![later];
        let import = data.importing(vec![file.clone()], false).finish();
        assert_eq!(import.named, 1);
        let after = imported(&data, vec![file]);
        let added = after.corpus.questions.last();
        assert_eq!(
            added.and_then(|q| q.asker.name.as_deref()),
            Some("Zephyrine Quill")
        );
    }

    #[test]
    fn records_loaded_without_their_text_say_so_after_an_import() {
        let (heads, _) = crate::corpus::store::tests::kept_apart(&crate::corpus::synthesize(30, 4));
        let data = Loaded::new(heads.clone()).without_text();
        let first = DocRef::Question(0);
        assert!(!data.has_text(first));
        let why = data.text_missing(first).expect("says why");
        let once = imported(&data, vec![one_new_and_a_repeat(&heads, 1)]);
        let new = DocRef::Question(heads.questions.len() as u32);
        assert!(once.has_text(new) && once.text_missing(new).is_none());
        assert_eq!(once.text_missing(first), Some(why));
        assert!(
            once.has_text(DocRef::Question(1)),
            "the repeat gave it its text"
        );
    }

    #[test]
    fn an_import_copies_the_corpus_some_questions_at_a_time() {
        let data = Loaded::new(crate::corpus::synthesize(40, 3));
        let mut importing = data.importing(Vec::new(), false);
        let mut steps = 1;
        while !importing.copy_some(7) {
            steps += 1;
        }
        assert_eq!(steps, data.corpus.questions.len().div_ceil(7));
        assert_eq!(importing.corpus, *data.corpus);
        let mut replacing = data.importing(Vec::new(), true);
        assert!(replacing.copy_some(7));
        assert_eq!(replacing.corpus, Corpus::default());
    }

    #[test]
    fn an_import_asks_for_room_for_a_second_index() {
        let data = Loaded::new(crate::corpus::synthesize(50, 3));
        assert!(data.index.heap_bytes() > 0);
        // Natively the bytes held are not counted: taken to fit.
        assert_eq!(data.room_to_add_to(), Ok(()));
        let gb = 1 << 30;
        assert_eq!(room_for(gb, 2 * gb), Ok(()));
        assert_eq!(room_for(2 * gb, 2 * gb), Err(2 * gb));
        assert_eq!(room_for(gb, 3 * gb + gb / 2), Err(gb));
        assert_eq!(room_for(gb, 5 * gb), Err(gb));
        assert_eq!(room_for(5 * gb, 0), Ok(()));
    }

    #[test]
    fn a_partial_load_keeps_its_notice_through_an_import() {
        let data = Rc::new(Loaded::new(Corpus::default()));
        let notice = Some("cut short".to_string());
        let state = Rc::new(State::default()).reduce(Action::Loaded {
            data: data.clone(),
            notice: notice.clone(),
        });
        assert_eq!(state.reduce(Action::Replaced(data)).notice, notice);
    }
}
