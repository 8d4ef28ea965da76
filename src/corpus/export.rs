//! Exports of a selection of records: corpus JSON (the same contract as the bundled asset, so
//! it can be imported again) and CSV for spreadsheets.

use std::borrow::Cow;
use std::sync::Arc;

use super::model::{Corpus, PressRelease, Question, SourceFile};
use super::store::Records;

/// The records chosen, with their text and the source files (of `sources`) they cite; no
/// diagnostics (they belong to files, not to a selection).
pub fn subset(
    records: &impl Records,
    sources: &[SourceFile],
    questions: &[usize],
    press_releases: &[usize],
) -> Corpus {
    let questions: Vec<Question> = questions
        .iter()
        .filter_map(|&i| records.question(i).map(Cow::into_owned))
        .collect();
    let press_releases: Vec<PressRelease> = press_releases
        .iter()
        .filter_map(|&i| records.press_release(i).map(Cow::into_owned))
        .collect();
    let cited = |name: &str| {
        questions
            .iter()
            .flat_map(|q| &q.sources)
            .any(|s| *s.file == *name)
            || press_releases
                .iter()
                .flat_map(|p| &p.sources)
                .any(|s| *s.file == *name)
    };
    let sources = sources.iter().filter(|s| cited(&s.name)).cloned().collect();
    Corpus {
        questions,
        press_releases,
        diagnostics: Vec::new(),
        sources,
    }
}

/// The CSV columns, one row per record; names follow the corpus JSON fields.
pub const CSV_COLUMNS: [&str; 21] = [
    "kind",
    "id",
    "uin",
    "house",
    "date",
    "date_tabled",
    "date_answered",
    "date_for_answer",
    "named_day",
    "heading",
    "asker.name",
    "asker.party",
    "asker.constituency",
    "department",
    "text",
    "answer.by.name",
    "answer.by.role",
    "answer.holding",
    "answer.paragraphs",
    "answer_group",
    "sources",
];

/// CSV (RFC 4180, CRLF line ends) of the records, questions first. Cells that a spreadsheet
/// would run as a formula (`=`, `+`, `-`, `@` first) are prefixed with `'`.
pub fn to_csv(questions: &[&Question], press_releases: &[&PressRelease]) -> String {
    let mut out = String::new();
    push_row(&mut out, CSV_COLUMNS.iter().map(|c| c.to_string()));
    let sources = |s: &[super::model::SourceRef]| {
        s.iter()
            .map(|r| format!("{}:{}-{}", r.file, r.first_line, r.last_line))
            .collect::<Vec<_>>()
            .join("; ")
    };
    for q in questions {
        let answer = q.answer.as_ref();
        push_row(
            &mut out,
            [
                "question".to_string(),
                q.id.clone(),
                q.uin.clone().unwrap_or_default(),
                q.house.as_str().to_string(),
                text(q.date.as_ref()),
                text(q.date_tabled.as_ref()),
                text(q.date_answered.as_ref()),
                text(q.date_for_answer.as_ref()),
                q.named_day.to_string(),
                text(q.heading.as_ref()),
                q.asker.display_name(),
                text(q.asker.party.as_ref()),
                text(q.asker.constituency.as_ref()),
                text(q.department.as_ref()),
                q.text.clone(),
                answer.map_or(String::new(), |a| text(a.by.name.as_ref())),
                answer.map_or(String::new(), |a| text(a.by.role.as_ref())),
                answer.map_or(String::new(), |a| a.holding.to_string()),
                answer.map_or(String::new(), |a| a.paragraphs.join("\n\n")),
                q.answer_group.clone().unwrap_or_default(),
                sources(&q.sources),
            ]
            .into_iter(),
        );
    }
    for p in press_releases {
        push_row(
            &mut out,
            [
                "press_release".to_string(),
                p.id.clone(),
                String::new(),
                String::new(),
                text(p.date.as_ref().or(p.month.as_ref())),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                p.title.clone(),
                String::new(),
                String::new(),
                String::new(),
                text(p.department.as_ref()),
                p.paragraphs.join("\n\n"),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                sources(&p.sources),
            ]
            .into_iter(),
        );
    }
    out
}

/// A shared text as a cell, empty when absent.
fn text(value: Option<&Arc<str>>) -> String {
    value.map_or_else(String::new, |t| t.to_string())
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    let mut first = true;
    for cell in cells {
        if !first {
            out.push(',');
        }
        first = false;
        let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{cell}")
        } else {
            cell
        };
        if cell.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::build_corpus;

    #[test]
    fn csv_quotes_what_it_must_and_defuses_formulas() {
        let mut out = String::new();
        push_row(
            &mut out,
            [
                "a,b".to_string(),
                "say \"hi\"".into(),
                "=SUM(A1)".into(),
                "plain".into(),
                "two\nlines".into(),
            ]
            .into_iter(),
        );
        assert_eq!(
            out,
            "\"a,b\",\"say \"\"hi\"\"\",'=SUM(A1),plain,\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn a_subset_reads_back_as_the_same_records() {
        let corpus = build_corpus(&[(
            "000.txt".into(),
            include_str!("../../data/000_e7677c7cd8ee13ab.txt").into(),
        )]);
        let part = subset(&corpus, &corpus.sources, &[1, 2], &[]);
        assert_eq!(part.questions.len(), 2);
        assert_eq!(part.sources.len(), 1);
        let json = serde_json::to_string(&part).unwrap_or_default();
        let again = build_corpus(&[("export.json".into(), json)]);
        assert_eq!(again.questions, part.questions);
        let csv = to_csv(&part.questions.iter().collect::<Vec<_>>(), &[]);
        assert_eq!(csv.lines().next(), Some(CSV_COLUMNS.join(",").as_str()));
        assert!(csv.contains("Jeff Smith"));
    }

    #[test]
    fn official_records_keep_their_days_through_an_export() {
        let corpus = build_corpus(&[(
            "api.json".into(),
            include_str!("../../tests/fixtures/commons-2024-slice.json").into(),
        )]);
        let json = serde_json::to_string(&corpus).unwrap_or_default();
        let again = build_corpus(&[("export.json".into(), json)]);
        assert_eq!(again.questions, corpus.questions);
        let named = again.questions.iter().filter(|q| q.named_day).count();
        let corrected = again
            .questions
            .iter()
            .filter(|q| q.date_answer_corrected.is_some());
        assert_eq!((named, corrected.count()), (3, 2));
        let csv = to_csv(&corpus.questions.iter().collect::<Vec<_>>(), &[]);
        // DEFRA's named day question: tabled, answered, due, named.
        assert!(
            csv.contains(",2024-08-27,2024-09-17,2024-09-05,true,"),
            "{csv}"
        );
    }
}
