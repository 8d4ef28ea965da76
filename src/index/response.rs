//! How quickly questions were answered: working days from tabling to answer, by department or
//! by answering minister, for the questions whose source gives the tabled date (official API
//! records).
//!
//! A source is a snapshot. A question with no answer in it may have been answered after the
//! source was taken, and one tabled a day before it was taken could not have been answered yet.
//! Counting only the answered questions would make every department look quick: a year of API
//! records taken days after tabling gives "100% within 10 working days" to all of them. So each
//! question is a [`Wait`]: answered after so many working days, or seen unanswered for so many
//! (up to its source's last date, [`SnapshotEnds`]). The shares and the median are the
//! Kaplan–Meier estimate over the waits, which counts an unanswered question only for as long
//! as it was seen waiting.
//!
//! A Commons named day question is to be answered on the day its asker named: [`NamedDay`]
//! says whether it was, and each group counts its named day questions answered in substance on
//! time and those that were not ([`NamedDays`]: a holding answer is no answer in substance).
//! One still unanswered when its source was taken counts as late only when its day had passed.
//!
//! Invariants: a figure the waits cannot tell (a share for a wait longer than any seen, a
//! median when fewer than half were seen answered) is not given, never guessed; when no
//! question is still waiting, the figures are the plain shares of the answered questions.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::insight::day_number;
use super::{DocRef, DocSet, Index};
use crate::corpus::fxhash::FxHashMap;
use crate::corpus::{natural_cmp, Corpus, Question};

/// Monday to Friday days after `from` up to and including `to` (bank holidays are not known).
pub fn working_days(from: &str, to: &str) -> Option<u32> {
    working_days_between(day_number(from)?, day_number(to)?)
}

/// The ISO date (`YYYY-MM-DD`) of a day number (days from 1970-01-01): `day_number` undone,
/// by the civil-calendar algorithm.
pub(crate) fn date_of(day: i64) -> String {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// [`working_days`] between two day numbers (days from 1970-01-01).
fn working_days_between(from: i64, to: i64) -> Option<u32> {
    if to < from {
        return None;
    }
    // 1970-01-01 was a Thursday: weekday 0 is Monday.
    let weekday = |day: i64| (day + 3).rem_euclid(7);
    let span = to - from;
    let rest = ((to - span % 7 + 1)..=to)
        .filter(|&d| weekday(d) < 5)
        .count();
    u32::try_from(span / 7 * 5 + rest as i64).ok()
}

/// The last day each source file saw: the latest tabled or answered date of its questions. An
/// official API file is taken at some moment the records do not give; this is the latest the
/// file shows it was taken after. A question merged from several files has the dates of its
/// latest version, which may be later than an earlier file saw, so it tells a file's last day
/// only when no question of that file alone does.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SnapshotEnds {
    /// Each file's last day by its questions with that one source.
    single: FxHashMap<Arc<str>, i64>,
    /// Each file's last day by the questions merged from it and other files.
    merged: FxHashMap<Arc<str>, i64>,
}

impl SnapshotEnds {
    pub fn of(corpus: &Corpus) -> Self {
        let mut ends = SnapshotEnds::default();
        corpus.questions.iter().for_each(|q| ends.note(q));
        ends
    }

    /// Notes `q`'s latest tabled or answered date as a last day of its files (an index notes
    /// its records as they come).
    pub fn note(&mut self, q: &Question) {
        let Some(latest) = [&q.date_tabled, &q.date_answered]
            .into_iter()
            .flatten()
            .filter_map(|date| day_number(date))
            .max()
        else {
            return;
        };
        let into = match q.sources.len() {
            1 => &mut self.single,
            _ => &mut self.merged,
        };
        for source in &q.sources {
            match into.get_mut(&source.file) {
                Some(end) => *end = (*end).max(latest),
                None => {
                    into.insert(source.file.clone(), latest);
                }
            }
        }
    }

    /// How long `q`, with no answer in its sources, had waited by their last day: that day
    /// (`YYYY-MM-DD`) and the working days from its tabling to it.
    pub fn waited(&self, q: &Question) -> Option<(String, u32)> {
        let tabled = day_number(q.date_tabled.as_deref()?)?;
        let end = self.end_of(q)?;
        Some((date_of(end), working_days_between(tabled, end)?))
    }

    /// The last day any of `q`'s sources saw.
    pub fn end_of(&self, q: &Question) -> Option<i64> {
        self.end_of_files(q.sources.iter().map(|source| &source.file))
    }

    /// The last day any of `files` saw.
    pub fn end_of_files<'a>(&self, files: impl Iterator<Item = &'a Arc<str>>) -> Option<i64> {
        files
            .filter_map(|file| self.single.get(file).or_else(|| self.merged.get(file)))
            .copied()
            .max()
    }
}

/// Where a named day question stood against its named day (`date_for_answer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedDay {
    /// Answered in substance this many working days before its named day (0: on the day).
    OnTime { early: u32 },
    /// Answered in substance after its named day, this many working days after it.
    Late { by: u32 },
    /// No answer in substance in sources that saw this many working days past its named day
    /// (their last day is after it, so any answer came late).
    Overdue { by: u32 },
    /// No answer in substance in sources whose last day is not after its named day: it may yet
    /// be answered on time.
    Pending,
}

impl NamedDay {
    /// Not answered in substance on the day: answered later, or overdue.
    pub fn is_late(self) -> bool {
        matches!(self, NamedDay::Late { .. } | NamedDay::Overdue { .. })
    }

    /// Where `q` stood against its named day; `None` when it is not a named day question with
    /// a readable day, or was withdrawn.
    pub fn of(q: &Question, ends: &SnapshotEnds) -> Option<Self> {
        if !q.named_day || q.withdrawn {
            return None;
        }
        let due = day_number(q.date_for_answer.as_deref()?)?;
        let answered = q
            .answer
            .as_ref()
            .filter(|a| !a.holding)
            .and_then(|_| day_number(q.date_answered.as_deref()?));
        Some(match answered {
            Some(day) if day <= due => NamedDay::OnTime {
                early: working_days_between(day, due)?,
            },
            Some(day) => NamedDay::Late {
                by: working_days_between(due, day)?,
            },
            None => match ends.end_of(q) {
                Some(end) if end > due => NamedDay::Overdue {
                    by: working_days_between(due, end)?,
                },
                _ => NamedDay::Pending,
            },
        })
    }
}

/// A group's named day questions whose fate by their day is known: answered in substance on
/// time, or not (answered later, or overdue when their source was taken).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NamedDays {
    pub on_time: u32,
    pub late: u32,
    /// Unanswered in sources taken by their day: not counted as either.
    pub pending: u32,
}

impl NamedDays {
    fn count(&mut self, day: NamedDay) {
        match day {
            NamedDay::OnTime { .. } => self.on_time += 1,
            NamedDay::Late { .. } | NamedDay::Overdue { .. } => self.late += 1,
            NamedDay::Pending => self.pending += 1,
        }
    }

    /// Those counted.
    pub fn known(&self) -> u32 {
        self.on_time + self.late
    }

    /// The share answered on time as a whole percentage, when any is counted.
    pub fn percent_on_time(&self) -> Option<u32> {
        let known = self.known();
        (known > 0).then(|| (f64::from(self.on_time) * 100.0 / f64::from(known)).round() as u32)
    }
}

/// One question's wait: answered after `days` working days, or seen unanswered for `days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    pub days: u32,
    pub answered: bool,
}

/// The median wait, or that it is longer than a number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Median {
    Days(u32),
    Over(u32),
}

/// A share estimated over questions some of which were lost from sight sooner is told only
/// when its standard error (Greenwood's) is at most this, five points either way…
pub const LARGEST_ERROR: f64 = 0.05;

/// …and at least this many questions were seen waiting that long: near 0% or 100% the error
/// is small even when the share rests on a handful.
pub const FEWEST_SEEN: u32 = 10;

/// The questions whose wait was so many days: answered then, or seen waiting until then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Day {
    days: u32,
    answered: u32,
    waiting: u32,
}

/// What a group's waits tell: the share answered within a number of working days (0–100) and
/// the median wait. A share is told when every question's fate by then is known (none was
/// lost from sight sooner); otherwise it is estimated (Kaplan–Meier), and told when
/// `FEWEST_SEEN` questions were seen for that long and the estimate is within
/// `LARGEST_ERROR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    /// In order of days.
    days: Vec<Day>,
    questions: u32,
}

impl Estimate {
    pub fn of(waits: &[Wait]) -> Self {
        let mut days: Vec<Day> = Vec::new();
        let mut sorted = waits.to_vec();
        sorted.sort_by_key(|w| w.days);
        for wait in sorted {
            let day = match days.last_mut() {
                Some(day) if day.days == wait.days => day,
                _ => {
                    days.push(Day {
                        days: wait.days,
                        answered: 0,
                        waiting: 0,
                    });
                    days.last_mut().expect("just pushed")
                }
            };
            if wait.answered {
                day.answered += 1;
            } else {
                day.waiting += 1;
            }
        }
        Self {
            days,
            questions: waits.len() as u32,
        }
    }

    /// The share answered within `days` working days, 0.0–1.0, when the waits tell it.
    fn answered_within(&self, days: u32) -> Option<f64> {
        let mut still_seen = self.questions;
        let mut unanswered = 1.0;
        // Greenwood's sum: the estimate's variance is `unanswered² × greenwood`.
        let mut greenwood = 0.0;
        let mut lost_sooner = false;
        for day in self.days.iter().take_while(|d| d.days <= days) {
            // At the same number of days, answers come first: a question seen waiting after
            // `days` was still waiting when the others were answered.
            if day.answered > 0 {
                let (answered, seen) = (f64::from(day.answered), f64::from(still_seen));
                unanswered *= 1.0 - answered / seen;
                // All those seen answered at once: no spread to measure, so no error is small.
                greenwood += if seen > answered {
                    answered / (seen * (seen - answered))
                } else {
                    f64::INFINITY
                };
            }
            if day.days < days {
                lost_sooner |= day.waiting > 0;
                still_seen -= day.answered + day.waiting;
            }
        }
        // `still_seen`: the questions whose wait reached `days`, answered or not.
        let error = unanswered * greenwood.sqrt();
        let estimated = still_seen >= FEWEST_SEEN && error <= LARGEST_ERROR;
        let told = self.questions > 0 && (!lost_sooner || estimated);
        told.then_some(1.0 - unanswered)
    }

    /// [`Self::answered_within`] as a whole percentage.
    pub fn percent_within(&self, days: u32) -> Option<u32> {
        self.answered_within(days)
            .map(|share| (share * 100.0).round() as u32)
    }

    /// The fewest working days within which half the questions were answered; or the most
    /// within which fewer than half were, when the waits tell no more (and that is a day or
    /// more: "over 0" says nothing).
    pub fn median(&self) -> Option<Median> {
        let mut over = None;
        for day in &self.days {
            let Some(share) = self.answered_within(day.days) else {
                // Past here the waits tell less and less.
                break;
            };
            // A little room for the rounding of the product: two of four answered is one half.
            if share >= 0.5 - 1e-9 {
                return Some(Median::Days(day.days));
            }
            over = (day.days > 0).then_some(Median::Over(day.days));
        }
        over
    }
}

/// How the questions of one department or minister were answered in time.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTimes {
    pub name: String,
    /// Questions counted, answered or not.
    pub questions: u32,
    /// Answered in substance in the source (a holding answer promises one later).
    pub answered: u32,
    pub estimate: Estimate,
    pub named_days: NamedDays,
}

/// The group of the questions whose source names no department.
pub const NO_DEPARTMENT: &str = "No department";

/// Whom response times are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseBy {
    Department,
    /// The minister who answered. A question with no answer has none, so this counts only the
    /// questions answered, in substance or by a holding answer.
    Minister,
}

/// The named day questions in `docs` not answered in substance on their day (answered later,
/// or overdue when their source was taken): each question's place in `corpus` and where it
/// stood, the latest named day first.
pub fn late_named_days(
    corpus: &Corpus,
    index: &Index,
    docs: &DocSet,
    ends: &SnapshotEnds,
) -> Vec<(u32, NamedDay)> {
    let mut late: Vec<(u32, NamedDay, &str)> = questions_in(corpus, index, docs)
        .filter_map(|(i, q)| {
            let day = NamedDay::of(q, ends).filter(|day| day.is_late())?;
            Some((i, day, q.date_for_answer.as_deref().unwrap_or_default()))
        })
        .collect();
    late.sort_by(|a, b| b.2.cmp(a.2).then(a.0.cmp(&b.0)));
    late.into_iter().map(|(i, day, _)| (i, day)).collect()
}

/// The named day questions in `docs`, counted by the month (`YYYY-MM`) of their named day, in
/// order; months with none are left out.
pub fn named_days_by_month(
    corpus: &Corpus,
    index: &Index,
    docs: &DocSet,
    ends: &SnapshotEnds,
) -> Vec<(String, NamedDays)> {
    let mut months: BTreeMap<&str, NamedDays> = BTreeMap::new();
    for (_, q) in questions_in(corpus, index, docs) {
        let Some(day) = NamedDay::of(q, ends) else {
            continue;
        };
        if let Some(month) = q.date_for_answer.as_deref().and_then(|d| d.get(..7)) {
            months.entry(month).or_default().count(day);
        }
    }
    months
        .into_iter()
        .map(|(month, days)| (month.to_string(), days))
        .collect()
}

/// Response times of the questions in `docs` whose source gives their tabled date (official API
/// records), grouped, the most questions first (`response_times_of`).
pub fn response_times(
    corpus: &Corpus,
    index: &Index,
    docs: &DocSet,
    by: ResponseBy,
    ends: &SnapshotEnds,
) -> Vec<ResponseTimes> {
    let questions = questions_in(corpus, index, docs).map(|(_, q)| q);
    response_times_of(questions, by, ends)
}

/// The questions among `docs`, each with its place in `corpus`.
fn questions_in<'a>(
    corpus: &'a Corpus,
    index: &'a Index,
    docs: &'a DocSet,
) -> impl Iterator<Item = (u32, &'a Question)> + 'a {
    docs.iter().filter_map(|doc| match index.doc_ref(doc)? {
        DocRef::Question(i) => Some((i, corpus.questions.get(i as usize)?)),
        DocRef::PressRelease(_) => None,
    })
}

/// Response times of `questions` whose source gives their tabled date, grouped, the most
/// questions first. Empty when none has it. Withdrawn questions wait for no answer and are
/// left out.
pub fn response_times_of<'a>(
    questions: impl IntoIterator<Item = &'a Question>,
    by: ResponseBy,
    ends: &SnapshotEnds,
) -> Vec<ResponseTimes> {
    let mut groups: BTreeMap<String, (Vec<Wait>, NamedDays)> = BTreeMap::new();
    for q in questions {
        let Some(tabled) = q.date_tabled.as_deref().and_then(day_number) else {
            continue;
        };
        if q.withdrawn {
            continue;
        }
        let in_substance = q.answer.as_ref().is_some_and(|a| !a.holding);
        let until = if in_substance {
            q.date_answered.as_deref().and_then(day_number)
        } else {
            ends.end_of(q)
        };
        let Some(days) = until.and_then(|until| working_days_between(tabled, until)) else {
            continue;
        };
        let name = match (by, &q.answer) {
            (ResponseBy::Department, _) => q.department.as_deref().unwrap_or(NO_DEPARTMENT).into(),
            (ResponseBy::Minister, Some(answer)) => answer.by.display_name(),
            (ResponseBy::Minister, None) => continue,
        };
        let (waits, named_days) = groups.entry(name).or_default();
        waits.push(Wait {
            days,
            answered: in_substance,
        });
        if let Some(day) = NamedDay::of(q, ends) {
            named_days.count(day);
        }
    }
    let mut out: Vec<ResponseTimes> = groups
        .into_iter()
        .map(|(name, (waits, named_days))| ResponseTimes {
            name,
            questions: waits.len() as u32,
            answered: waits.iter().filter(|w| w.answered).count() as u32,
            estimate: Estimate::of(&waits),
            named_days,
        })
        .collect();
    out.sort_by(|a, b| {
        b.questions
            .cmp(&a.questions)
            .then_with(|| natural_cmp(&a.name, &b.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waits(answered: &[u32], waiting: &[u32]) -> Vec<Wait> {
        let answered = answered.iter().map(|&days| Wait {
            days,
            answered: true,
        });
        let waiting = waiting.iter().map(|&days| Wait {
            days,
            answered: false,
        });
        answered.chain(waiting).collect()
    }

    /// `(within 5, within 10, median)` of the waits, each a hundred times over.
    fn check(
        answered: &[u32],
        waiting: &[u32],
        expect: (Option<u32>, Option<u32>, Option<Median>),
    ) {
        let many = |days: &[u32]| days.repeat(100);
        let estimate = Estimate::of(&waits(&many(answered), &many(waiting)));
        let got = (
            estimate.percent_within(5),
            estimate.percent_within(10),
            estimate.median(),
        );
        assert_eq!(got, expect, "answered {answered:?}, waiting {waiting:?}");
    }

    #[test]
    fn waits_give_shares_and_a_median() {
        use Median::{Days, Over};
        // Everyone answered: the plain shares.
        check(&[2, 4, 6, 12], &[], (Some(50), Some(75), Some(Days(4))));
        // Unanswered after 20 days: answered within 10 is 3 of 5, not 3 of 4.
        check(&[2, 4, 6, 12], &[20], (Some(40), Some(60), Some(Days(6))));
        // Some seen waiting only 3 days count until then: after 2 days 4/5 were waiting, and
        // of those still seen after 3 days, half were answered after 4 (4/5 × 1/2 left).
        // Dropping the unanswered would say 100% within 5; counting them as never answered,
        // 40%. No one was seen for 10 days.
        check(&[2, 4], &[3, 3, 6], (Some(60), None, Some(Days(4))));
        // Most still waiting at 7 days, the longest seen.
        check(&[1], &[7, 7, 7], (Some(25), None, Some(Over(7))));
        // An answer on the day a question was seen waiting comes first.
        check(&[5], &[5], (Some(50), None, Some(Days(5))));
        // Every question answered by 4 days: the share within 10 is known though none waited
        // that long.
        check(&[1, 4], &[], (Some(100), Some(100), Some(Days(1))));
        check(&[], &[], (None, None, None));
        // Tabled on the source's last day: nothing told, not even "over 0".
        check(&[], &[0], (None, None, None));
    }

    #[test]
    fn a_share_resting_on_a_handful_is_not_told() {
        // Of every four questions, one answered after 2 days, one after 4 and one after 12;
        // one lost from sight after 3.
        let estimate =
            |times: usize| Estimate::of(&waits(&[2, 4, 12].repeat(times), &[3].repeat(times)));
        // 62.5% within 5 days: ten of each leave it eight points either way, a hundred three.
        assert_eq!(estimate(10).percent_within(5), None);
        assert_eq!(estimate(100).percent_within(5), Some(63));
        assert_eq!(estimate(100).percent_within(10), Some(63));
        // Before anyone was lost from sight, the share is told however few there are.
        assert_eq!(estimate(10).percent_within(3), Some(25));
        // No one was seen waiting 13 days.
        assert_eq!(estimate(100).percent_within(13), None);
    }

    /// Where a named day question due on `due` stands, answered on a day (`true`: a holding
    /// answer) or not, in a file whose last day is `file_ends`.
    fn named_day(due: &str, answered: Option<(&str, bool)>, file_ends: &str) -> Option<NamedDay> {
        use crate::corpus::{Answer, SourceRef};
        let mut q = crate::corpus::synthesize(1, 1).questions.remove(0);
        (q.named_day, q.date_for_answer) = (true, Some(due.into()));
        q.date_tabled = Some("2025-09-01".into());
        q.sources = vec![SourceRef {
            file: "commons.json".into(),
            first_line: 1,
            last_line: 1,
        }];
        q.answer = answered.map(|(_, holding)| Answer {
            by: Default::default(),
            paragraphs: vec!["An answer.".into()],
            holding,
        });
        q.date_answered = answered.map(|(day, _)| day.into());
        let mut last = q.clone();
        (last.named_day, last.answer, last.date_answered) = (false, None, None);
        last.date_tabled = Some(file_ends.into());
        let corpus = Corpus {
            questions: vec![q.clone(), last],
            ..Corpus::default()
        };
        NamedDay::of(&q, &SnapshotEnds::of(&corpus))
    }

    #[test]
    fn a_named_day_question_is_on_time_late_overdue_or_pending() {
        use NamedDay::*;
        // 2025-09-08 was a Monday.
        let monday = "2025-09-08";
        let answered = |day| Some((day, false));
        assert_eq!(
            named_day(monday, answered(monday), monday),
            Some(OnTime { early: 0 })
        );
        assert_eq!(
            named_day(monday, answered("2025-09-04"), monday),
            Some(OnTime { early: 2 })
        );
        assert_eq!(
            named_day(monday, answered("2025-09-12"), "2025-09-12"),
            Some(Late { by: 4 })
        );
        // A holding answer on the day is no answer in substance.
        let holding = Some((monday, true));
        assert_eq!(
            named_day(monday, holding, "2025-09-20"),
            Some(Overdue { by: 9 })
        );
        assert_eq!(
            named_day(monday, None, "2025-09-09"),
            Some(Overdue { by: 1 })
        );
        // Its file ends on its named day or before: an answer may yet come on time.
        assert_eq!(named_day(monday, holding, monday), Some(Pending));
        assert_eq!(named_day(monday, None, "2025-09-05"), Some(Pending));
        assert_eq!(named_day("the 8th", None, monday), None);
    }

    #[test]
    fn named_days_count_those_whose_fate_is_known() {
        let mut days = NamedDays::default();
        assert_eq!(days.percent_on_time(), None);
        for day in [
            NamedDay::OnTime { early: 0 },
            NamedDay::OnTime { early: 3 },
            NamedDay::Late { by: 1 },
            NamedDay::Overdue { by: 2 },
            NamedDay::Pending,
            NamedDay::OnTime { early: 0 },
        ] {
            days.count(day);
        }
        assert_eq!((days.on_time, days.late, days.known()), (3, 2, 5));
        assert_eq!(days.pending, 1);
        assert_eq!(days.percent_on_time(), Some(60));
    }

    #[test]
    fn day_numbers_give_back_their_dates() {
        for date in ["1970-01-01", "2000-02-29", "2024-08-30", "2026-12-31"] {
            assert_eq!(day_number(date).map(date_of).as_deref(), Some(date));
        }
    }

    #[test]
    fn working_days_skip_weekends() {
        // 2024-08-30 was a Friday.
        assert_eq!(working_days("2024-08-30", "2024-09-09"), Some(6));
        assert_eq!(working_days("2024-08-30", "2024-08-31"), Some(0));
        assert_eq!(working_days("2024-08-30", "2025-08-29"), Some(260));
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn a_day_numbers_date_is_the_date_it_was_numbered_from(day in 0i64..60_000) {
                prop_assert_eq!(day_number(&date_of(day)), Some(day));
            }

            #[test]
            fn working_days_are_the_weekdays_counted_one_by_one(from in 0i64..30_000, span in 0i64..800) {
                let to = from + span;
                let naive = ((from + 1)..=to).filter(|d| (d + 3).rem_euclid(7) < 5).count() as u32;
                prop_assert_eq!(working_days_between(from, to), Some(naive));
            }

            #[test]
            fn with_no_question_waiting_the_shares_are_plain(days in proptest::collection::vec(0u32..30, 1..60), within in 0u32..30) {
                let estimate = Estimate::of(&waits(&days, &[]));
                let plain = days.iter().filter(|&&d| d <= within).count() as f64 / days.len() as f64;
                let share = estimate.answered_within(within);
                prop_assert!(share.is_some_and(|s| (s - plain).abs() < 1e-9), "{share:?} against {plain}");
                let mut sorted = days.clone();
                sorted.sort_unstable();
                let median = sorted[(sorted.len() - 1) / 2];
                prop_assert_eq!(estimate.median(), Some(Median::Days(median)));
            }

            #[test]
            fn shares_grow_with_the_days_and_stay_within_bounds(
                answered in proptest::collection::vec(0u32..30, 0..40),
                waiting in proptest::collection::vec(0u32..30, 0..40),
            ) {
                let estimate = Estimate::of(&waits(&answered, &waiting));
                let mut last = 0.0;
                for days in 0..40 {
                    if let Some(share) = estimate.answered_within(days) {
                        prop_assert!((0.0..=1.0 + 1e-9).contains(&share) && share + 1e-9 >= last);
                        last = share;
                    }
                }
                // Counting every waiting question as never answered gives a floor; dropping them a
                // ceiling.
                if let Some(share) = estimate.answered_within(10) {
                    let all = (answered.len() + waiting.len()) as f64;
                    let by_ten = answered.iter().filter(|&&d| d <= 10).count() as f64;
                    prop_assert!(share + 1e-9 >= by_ten / all);
                    if !answered.is_empty() {
                        prop_assert!(share <= by_ten / answered.len() as f64 + 1e-9);
                    }
                }
            }
        }
    }
}
