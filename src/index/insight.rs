//! Aggregates over the index for the browsing views: the members directory and month-by-month
//! series stacked by department, party or kind, for timelines.
//!
//! Invariant: every document passed in is counted exactly once — in a month of some series, or
//! in that series' undated count.

use std::collections::BTreeMap;

use super::hash::FxHashMap;
use super::DocRef;
use super::{DocSet, Index, Kind};
use crate::corpus::{natural_cmp, Corpus, House};

/// One member who asked questions, with what the directory shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSummary {
    pub slug: String,
    pub name: String,
    pub party: Option<String>,
    pub constituency: Option<String>,
    pub house: House,
    /// Parliament's member id, when any of their questions' sources gives it.
    pub member_id: Option<u32>,
    pub questions: u32,
    /// Answered in substance (holding answers do not count).
    pub answered: u32,
    pub first: Option<String>,
    pub last: Option<String>,
}

impl MemberSummary {
    /// Share answered, 0–100.
    pub fn answered_percent(&self) -> u32 {
        (self.answered * 100)
            .checked_div(self.questions)
            .unwrap_or(0)
    }
}

/// Every asker in the corpus, by name as a reader lists them (`natural_cmp`).
pub fn member_directory(corpus: &Corpus, index: &Index) -> Vec<MemberSummary> {
    let a = &index.attrs;
    let mut by_member: BTreeMap<u32, MemberSummary> = BTreeMap::new();
    for doc in 0..index.len() {
        let Some(DocRef::Question(i)) = index.doc_ref(doc) else {
            continue;
        };
        let Some(q) = corpus.questions.get(i as usize) else {
            continue;
        };
        let member = a.member[doc as usize];
        let entry = by_member.entry(member).or_insert_with(|| MemberSummary {
            slug: a.members.slugs[member as usize].to_string(),
            name: a.members.names[member as usize].to_string(),
            party: q.asker.party.as_deref().map(str::to_string),
            constituency: q.asker.constituency.as_deref().map(str::to_string),
            house: q.house,
            member_id: None,
            questions: 0,
            answered: 0,
            first: None,
            last: None,
        });
        entry.questions += 1;
        entry.member_id = entry.member_id.or(q.asker.member_id);
        if q.answer.as_ref().is_some_and(|x| !x.holding) {
            entry.answered += 1;
        }
        if let Some(date) = &q.date {
            if entry.first.as_deref().is_none_or(|f| **date < *f) {
                entry.first = Some(date.to_string());
            }
            if entry.last.as_deref().is_none_or(|l| **date > *l) {
                entry.last = Some(date.to_string());
            }
        }
    }
    let mut members: Vec<MemberSummary> = by_member.into_values().collect();
    members.sort_by(|x, y| natural_cmp(&x.name, &y.name));
    members
}

/// What a timeline's bars are split by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StackBy {
    #[default]
    Department,
    Party,
    Kind,
    Member,
}

impl StackBy {
    pub fn slug(self) -> &'static str {
        match self {
            StackBy::Department => "department",
            StackBy::Party => "party",
            StackBy::Kind => "kind",
            StackBy::Member => "member",
        }
    }

    pub fn from_slug(s: &str) -> Option<StackBy> {
        match s {
            "department" | "dept" => Some(StackBy::Department),
            "party" => Some(StackBy::Party),
            "kind" => Some(StackBy::Kind),
            "member" => Some(StackBy::Member),
            _ => None,
        }
    }
}

/// Counts per month (every month from the first to the last, gaps included), split into series.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stacks {
    /// `YYYY-MM`, consecutive.
    pub months: Vec<String>,
    /// Series names, largest first; an `Other` series gathers the rest beyond `max_series`.
    pub series: Vec<String>,
    /// `counts[m][s]`: documents of series `s` in month `m`.
    pub counts: Vec<Vec<u32>>,
    /// Undated documents per series.
    pub undated: Vec<u32>,
}

impl Stacks {
    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum::<u32>() + self.undated.iter().sum::<u32>()
    }

    /// The same stacks with the series named in `order` first, in that order (a chart beside
    /// columns in an order of their own: its legend and colours follow the columns), and the
    /// rest after them as they were. A name with no series is passed over.
    pub fn in_order(self, order: &[&str]) -> Stacks {
        // Each series once, however often `order` names it (two members of one name).
        let mut slots: Vec<usize> = Vec::with_capacity(self.series.len());
        let named = order
            .iter()
            .filter_map(|name| self.series.iter().position(|s| s == name));
        for s in named.chain(0..self.series.len()) {
            if !slots.contains(&s) {
                slots.push(s);
            }
        }
        let pick = |row: &[u32]| slots.iter().map(|&s| row[s]).collect::<Vec<u32>>();
        Stacks {
            series: slots.iter().map(|&s| self.series[s].clone()).collect(),
            counts: self.counts.iter().map(|row| pick(row)).collect(),
            undated: pick(&self.undated),
            months: self.months,
        }
    }
}

/// Month-by-month stacks of the documents in `docs`.
pub fn month_stacks(index: &Index, docs: &DocSet, by: StackBy, max_series: usize) -> Stacks {
    let a = &index.attrs;
    const KINDS: [Kind; 2] = [Kind::Question, Kind::PressRelease];
    // Documents are counted by their series' number (the attribute's id), and each number named
    // once counted: no name is copied per document (at 100,000 records copying a name for each
    // into a map of names took 32 ms of a timeline's 93 ms of script). Numbers of one name are
    // one series.
    let key_of = |doc: usize| -> u32 {
        match by {
            StackBy::Department => a.department[doc],
            StackBy::Party => a.party[doc],
            StackBy::Member => a.member[doc],
            StackBy::Kind => u32::from(a.kind[doc] == Kind::PressRelease),
        }
    };
    let name_of = |key: u32| -> String {
        let names = match by {
            StackBy::Department => (&a.departments.names, "No department"),
            StackBy::Party => (&a.parties.names, "No party"),
            StackBy::Member => (&a.members.names, "No member"),
            StackBy::Kind => return KINDS[key as usize].label().to_string(),
        };
        name_or(&names.0[key as usize], names.1)
    };
    let mut by_key: FxHashMap<u32, u32> = FxHashMap::default();
    let mut cells: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let (mut first, mut last) = (u32::MAX, 0u32);
    for doc in docs.iter() {
        let d = doc as usize;
        let key = key_of(d);
        *by_key.entry(key).or_default() += 1;
        let month = a.date[d] / 100;
        if month != 0 {
            first = first.min(month);
            last = last.max(month);
        }
        *cells.entry((month, key)).or_default() += 1;
    }
    let named: Vec<(u32, String, u32)> = by_key
        .into_iter()
        .map(|(key, count)| (key, name_of(key), count))
        .collect();
    let mut totals: BTreeMap<&str, u32> = BTreeMap::new();
    for (_, name, count) in &named {
        *totals.entry(name).or_default() += count;
    }
    let mut ranked: Vec<(&str, u32)> = totals.into_iter().collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| natural_cmp(x.0, y.0)));
    let mut series: Vec<String> = ranked.iter().map(|(n, _)| n.to_string()).collect();
    cap_series(&mut series, max_series);
    let slot = |name: &str| {
        series
            .iter()
            .position(|s| s == name)
            .unwrap_or(series.len() - 1)
    };
    let months = months_from(first, last);
    let mut counts = vec![vec![0u32; series.len()]; months.len()];
    let mut undated = vec![0u32; series.len()];
    let slots: FxHashMap<u32, usize> = named
        .iter()
        .map(|(key, name, _)| (*key, slot(name)))
        .collect();
    for ((month, key), count) in cells {
        let s = slots.get(&key).copied().unwrap_or(series.len() - 1);
        if month == 0 {
            undated[s] += count;
        } else if let Ok(m) = months.binary_search(&month) {
            counts[m][s] += count;
        }
    }
    Stacks {
        months: months
            .iter()
            .map(|m| format!("{:04}-{:02}", m / 100, m % 100))
            .collect(),
        series,
        counts,
        undated,
    }
}

/// At most `max` series (at least one): past it, the last kept is `Other`, gathering the rest.
fn cap_series(series: &mut Vec<String>, max: usize) {
    if series.len() > max.max(1) {
        series.truncate(max.max(1) - 1);
        series.push("Other".into());
    }
}

/// Every month from `first` to `last` (`YYYYMM`), in order; none when `first` is after `last`.
fn months_from(first: u32, last: u32) -> Vec<u32> {
    let mut months = Vec::new();
    let mut m = first;
    while m <= last {
        months.push(m);
        m = if m % 100 == 12 {
            (m / 100 + 1) * 100 + 1
        } else {
            m + 1
        };
    }
    months
}

fn name_or(name: &str, fallback: &str) -> String {
    if name.is_empty() {
        fallback.to_string()
    } else {
        name.to_string()
    }
}

/// Questions per department for a set of documents, largest first.
pub fn department_counts(index: &Index, docs: &DocSet) -> Vec<(String, u32)> {
    let a = &index.attrs;
    let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
    for doc in docs.iter() {
        *counts.entry(a.department[doc as usize]).or_default() += 1;
    }
    let mut out: Vec<(String, u32)> = counts
        .into_iter()
        .map(|(d, n)| {
            (
                name_or(&a.departments.names[d as usize], "No department"),
                n,
            )
        })
        .collect();
    out.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| natural_cmp(&x.0, &y.0)));
    out
}

/// Days from 1970-01-01 for an ISO date (`YYYY-MM-DD`), by the civil-calendar algorithm.
pub fn day_number(date: &str) -> Option<i64> {
    let y: i64 = date.get(..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{parse_query, Filters};

    /// Months (`YYYYMM`), series, counts by month and series, undated counts by series.
    type Naive = (Vec<u32>, Vec<String>, Vec<Vec<u32>>, Vec<u32>);

    /// Each document's series named and counted one by one: what `month_stacks` must equal.
    fn naive_month_stacks(index: &Index, docs: &DocSet, by: StackBy, max: usize) -> Naive {
        let a = &index.attrs;
        let name = |doc: usize| match by {
            StackBy::Department => name_or(
                &a.departments.names[a.department[doc] as usize],
                "No department",
            ),
            StackBy::Party => name_or(&a.parties.names[a.party[doc] as usize], "No party"),
            StackBy::Member => name_or(&a.members.names[a.member[doc] as usize], "No member"),
            StackBy::Kind => a.kind[doc].label().to_string(),
        };
        let mut totals: BTreeMap<String, u32> = BTreeMap::new();
        for doc in docs.iter() {
            *totals.entry(name(doc as usize)).or_default() += 1;
        }
        let mut ranked: Vec<(String, u32)> = totals.into_iter().collect();
        ranked.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| natural_cmp(&x.0, &y.0)));
        let mut series: Vec<String> = ranked.into_iter().map(|(n, _)| n).collect();
        cap_series(&mut series, max);
        let dated: Vec<u32> = docs
            .iter()
            .map(|d| a.date[d as usize] / 100)
            .filter(|&m| m != 0)
            .collect();
        let months = match (dated.iter().min(), dated.iter().max()) {
            (Some(&first), Some(&last)) => months_from(first, last),
            _ => Vec::new(),
        };
        let mut counts = vec![vec![0u32; series.len()]; months.len()];
        let mut undated = vec![0u32; series.len()];
        for doc in docs.iter() {
            let n = name(doc as usize);
            let s = series
                .iter()
                .position(|x| *x == n)
                .unwrap_or(series.len() - 1);
            match months.binary_search(&(a.date[doc as usize] / 100)) {
                Ok(m) => counts[m][s] += 1,
                Err(_) => undated[s] += 1,
            }
        }
        (months, series, counts, undated)
    }

    #[test]
    fn stacks_count_each_document_once_in_its_named_series_as_one_by_one() {
        let index = Index::build(&crate::corpus::synthesize(400, 7));
        for query in ["", "police", "kind:press", "zzqxv"] {
            let docs = index.matching(&parse_query(query), &Filters::default());
            for by in [
                StackBy::Department,
                StackBy::Party,
                StackBy::Kind,
                StackBy::Member,
            ] {
                for max in [0, 1, 3, 8, 1000] {
                    let got = month_stacks(&index, &docs, by, max);
                    let months: Vec<u32> = got
                        .months
                        .iter()
                        .filter_map(|m| m.replace('-', "").parse().ok())
                        .collect();
                    assert_eq!(months.len(), got.months.len());
                    assert_eq!(
                        (
                            months,
                            got.series.clone(),
                            got.counts.clone(),
                            got.undated.clone()
                        ),
                        naive_month_stacks(&index, &docs, by, max),
                        "{query:?} {by:?} {max}"
                    );
                    assert_eq!(got.total() as usize, docs.count() as usize);
                }
            }
        }
    }

    #[test]
    fn stacks_put_in_order_keep_each_series_counts() {
        let stacks = Stacks {
            months: vec!["2025-01".into(), "2025-02".into()],
            series: vec!["Big".into(), "Middle".into(), "Small".into()],
            counts: vec![vec![5, 3, 1], vec![4, 2, 0]],
            undated: vec![1, 0, 2],
        };
        let ordered = stacks
            .clone()
            .in_order(&["Small", "Absent", "Big", "Small"]);
        assert_eq!(ordered.series, ["Small", "Big", "Middle"]);
        assert_eq!(ordered.counts, [vec![1, 5, 3], vec![0, 4, 2]]);
        assert_eq!(ordered.undated, [2, 1, 0]);
        assert_eq!(ordered.months, stacks.months);
        assert_eq!(ordered.total(), stacks.total());
        assert_eq!(stacks.clone().in_order(&[]), stacks);
    }
}
