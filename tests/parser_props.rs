//! Property tests: the parser never panics and accounts for every line, on arbitrary text and on
//! seed text that has been cut, shuffled and corrupted. `PROPTEST_CASES` sets the case count
//! (default 1000 per property; `make fuzz` runs a million).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use pq_explorer::corpus::{build_corpus, lines, parse_file, unaccounted_lines, Format};
use proptest::prelude::*;

const SEEDS: [&str; 3] = [
    include_str!("../data/000_e7677c7cd8ee13ab.txt"),
    include_str!("../data/002_8b0d261ad1d3d06c.txt"),
    include_str!("../data/003_7561d0f2425cc239.txt"),
];
const API_SLICE: &str = include_str!("fixtures/commons-2024-slice.json");

/// One copy of an official API record of question 77001: unanswered, or answered (holding or
/// not) on day `day` of September 2025 with an answer of `words` words.
#[derive(Debug, Clone, Copy)]
enum Copy {
    Unanswered,
    Answered { holding: bool, day: u8, words: u8 },
}

fn copies() -> impl Strategy<Value = Copy> {
    prop_oneof![
        Just(Copy::Unanswered),
        (any::<bool>(), 10u8..28, 1u8..40).prop_map(|(holding, day, words)| Copy::Answered {
            holding,
            day,
            words
        }),
    ]
}

fn api_json(copy: Copy) -> String {
    let answer = match copy {
        Copy::Unanswered => String::new(),
        Copy::Answered {
            holding,
            day,
            words,
        } => format!(
            r#", "answerIsHolding": {holding}, "dateAnswered": "2025-09-{day:02}T00:00:00",
            "answerText": "{}""#,
            "word ".repeat(usize::from(words))
        ),
    };
    format!(
        r#"[{{"uin": "77001", "house": "Commons", "askingMemberId": 4000,
        "questionText": "To ask the Secretary of State, what steps she is taking.",
        "dateTabled": "2025-09-01T00:00:00", "dateForAnswer": "2025-09-08T00:00:00",
        "isNamedDay": true{answer}}}]"#
    )
}

fn formats() -> impl Strategy<Value = Option<Format>> {
    prop_oneof![
        Just(None),
        Just(Some(Format::Compact)),
        Just(Some(Format::Page)),
        Just(Some(Format::PressReleases)),
        Just(Some(Format::ApiJson)),
        Just(Some(Format::CorpusJson)),
    ]
}

/// A line-level edit of a seed: drop, duplicate, or replace a line, or cut the text short.
#[derive(Debug, Clone)]
enum Edit {
    Drop(usize),
    Duplicate(usize),
    Replace(usize, String),
    Truncate(usize),
    Swap(usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let line_text = prop_oneof![
        Just(String::new()),
        Just("Asked by:".to_string()),
        Just("Answered by".to_string()),
        Just("Written Question".to_string()),
        Just("Question to the Home Office:".to_string()),
        Just("  • PRESS RELEASE : [".to_string()),
        Just("    X said:".to_string()),
        Just("The press release issued by on 31 February 2025.".to_string()),
        "\\PC{0,40}",
    ];
    prop::collection::vec(
        prop_oneof![
            any::<usize>().prop_map(Edit::Drop),
            any::<usize>().prop_map(Edit::Duplicate),
            (any::<usize>(), line_text).prop_map(|(i, t)| Edit::Replace(i, t)),
            any::<usize>().prop_map(Edit::Truncate),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        ],
        0..8,
    )
}

fn apply(seed: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = seed.lines().map(String::from).collect();
    for edit in edits {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match edit {
            Edit::Drop(i) => {
                lines.remove(i % n);
            }
            Edit::Duplicate(i) => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Edit::Replace(i, text) => lines[i % n] = text.clone(),
            Edit::Truncate(i) => {
                let line = &mut lines[i % n];
                let cut = line
                    .char_indices()
                    .map(|(at, _)| at)
                    .nth(line.len() % 7)
                    .unwrap_or(0);
                line.truncate(cut);
                lines.truncate(i % n + 1);
            }
            Edit::Swap(a, b) => lines.swap(a % n, b % n),
        }
    }
    lines.join("\n")
}

fn check_invariant(name: &str, text: &str, format: Option<Format>) -> Result<(), TestCaseError> {
    let parsed = parse_file(name, text, format);
    let missing = unaccounted_lines(text, &parsed);
    prop_assert!(
        missing.is_empty(),
        "lines {missing:?} of {name} are in no record, boilerplate or diagnostic"
    );
    for d in &parsed.diagnostics {
        prop_assert!(!d.message.is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(common::proptest_config(1000))]

    #[test]
    fn arbitrary_text_never_panics_and_loses_no_line(text in "\\PC{0,400}(\r?\n\\PC{0,80}){0,20}", format in formats()) {
        check_invariant("any.txt", &text, format)?;
    }

    #[test]
    fn edited_seeds_lose_no_line(seed in 0..SEEDS.len(), edits in edits(), format in formats()) {
        let text = apply(SEEDS[seed], &edits);
        check_invariant("edited.txt", &text, format)?;
    }

    /// A JSON file's lines are counted without being made: the count is the lines'.
    #[test]
    fn lines_counted_are_the_lines_split(text in "\u{feff}?[a\r\n \u{a0}é]{0,40}") {
        prop_assert_eq!(lines::line_count(&text), lines::split_lines(&text).len());
    }

    #[test]
    fn cut_api_json_never_panics(cut in 0..API_SLICE.len()) {
        let mut at = cut;
        while !API_SLICE.is_char_boundary(at) {
            at -= 1;
        }
        check_invariant("cut.json", &API_SLICE[..at], None)?;
    }

    /// Two copies of one record, taken at different times, merge to the same record in either
    /// order: the answer in substance if either has one (the longer of two), with its own day,
    /// and the day of a holding answer it replaced.
    #[test]
    fn copies_of_an_official_record_merge_alike_in_either_order(a in copies(), b in copies()) {
        let merged = |first: Copy, then: Copy| {
            let corpus = build_corpus(&[("a.json".into(), api_json(first)), ("b.json".into(), api_json(then))]);
            prop_assert_eq!(corpus.questions.len(), 1);
            let q = &corpus.questions[0];
            let day = |d: &Option<std::sync::Arc<str>>| d.as_deref().map(str::to_string);
            Ok((q.answer.as_ref().map(|a| (a.holding, a.paragraphs.concat().len())), day(&q.date_answered), day(&q.date_holding_answer), q.named_day))
        };
        let (forward, backward) = (merged(a, b)?, merged(b, a)?);
        let substance = [a, b].into_iter().filter_map(|c| match c {
            Copy::Answered { holding: false, day, words } => Some((words, day)),
            _ => None,
        }).max();
        let holding_day = [a, b].into_iter().find_map(|c| match c {
            Copy::Answered { holding: true, day, .. } => Some(format!("2025-09-{day:02}")),
            _ => None,
        });
        prop_assert!(forward.3, "a named day question");
        match substance {
            // Equal lengths leave either copy's answer; otherwise the order does not matter.
            Some((_, day)) => {
                let same_length = matches!((a, b), (Copy::Answered { holding: false, words: x, .. }, Copy::Answered { holding: false, words: y, .. }) if x == y);
                prop_assert_eq!(forward.0.map(|(holding, _)| holding), Some(false));
                if !same_length {
                    prop_assert_eq!(&forward, &backward);
                    prop_assert_eq!(forward.1.clone(), Some(format!("2025-09-{day:02}")));
                }
                prop_assert_eq!(forward.2.clone(), holding_day);
            }
            None => {
                prop_assert_eq!(forward.0.is_some(), holding_day.is_some());
                prop_assert_eq!(forward.2.clone(), None);
            }
        }
    }

    #[test]
    fn merging_is_idempotent(seed in 0..SEEDS.len(), edits in edits()) {
        let text = apply(SEEDS[seed], &edits);
        let once = build_corpus(&[("a.txt".into(), text.clone())]);
        let twice = build_corpus(&[("a.txt".into(), text.clone()), ("a.txt".into(), text)]);
        prop_assert_eq!(once.questions.len(), twice.questions.len());
        prop_assert_eq!(once.press_releases.len(), twice.press_releases.len());
        let mut ids: Vec<&str> = twice.questions.iter().map(|q| q.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), twice.questions.len(), "ids are unique");
    }
}
