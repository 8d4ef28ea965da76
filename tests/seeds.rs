//! The parser on the seed texts and on the messier shapes real pages take.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use pq_explorer::corpus::{
    build_corpus, merge_into, parse_file, unaccounted_lines, Corpus, Format, House, Parsed,
    Severity,
};

const SEED_A: &str = include_str!("../data/000_e7677c7cd8ee13ab.txt");
const SEED_B: &str = include_str!("../data/002_8b0d261ad1d3d06c.txt");
const SEED_C: &str = include_str!("../data/003_7561d0f2425cc239.txt");
const API_SLICE: &str = include_str!("fixtures/commons-2024-slice.json");

fn seeds() -> Vec<(String, String)> {
    vec![
        ("000_e7677c7cd8ee13ab.txt".into(), SEED_A.into()),
        ("002_8b0d261ad1d3d06c.txt".into(), SEED_B.into()),
        ("003_7561d0f2425cc239.txt".into(), SEED_C.into()),
    ]
}

/// Parses and asserts the line invariant, which every test here relies on.
fn parse(name: &str, text: &str) -> Parsed {
    let parsed = parse_file(name, text, None);
    assert_eq!(
        unaccounted_lines(text, &parsed),
        Vec::<u32>::new(),
        "{name}: lines not accounted for"
    );
    parsed
}

fn errors(parsed: &Parsed) -> Vec<String> {
    parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn seeds_give_the_expected_records() {
    let corpus = build_corpus(&seeds());
    let per_file = |file: &str| {
        corpus
            .questions
            .iter()
            .filter(|q| q.sources.iter().any(|s| s.file.starts_with(file)))
            .count()
    };
    assert_eq!(per_file("000"), 10);
    assert_eq!(per_file("002"), 10);
    assert_eq!(corpus.questions.len(), 20);
    assert_eq!(corpus.press_releases.len(), 10);
    assert_eq!(corpus.diagnostics, vec![], "the seeds read cleanly");

    let askers: BTreeSet<String> = corpus
        .questions
        .iter()
        .map(|q| q.asker.display_name())
        .collect();
    assert_eq!(askers.len(), 9, "{askers:?}");
    let lords: BTreeSet<String> = corpus
        .questions
        .iter()
        .filter(|q| q.house == House::Lords)
        .map(|q| q.asker.display_name())
        .collect();
    let expected: BTreeSet<String> = [
        "Baroness Jones of Moulsecoomb",
        "Lord Bailey of Paddington",
        "Lord Bishop of Derby",
        "Lord Kempsell",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(lords, expected);
    for q in corpus.questions.iter().filter(|q| q.house == House::Lords) {
        assert_eq!(q.asker.constituency, None, "peers sit for no constituency");
    }

    let mut groups: BTreeMap<&str, Vec<(String, usize)>> = BTreeMap::new();
    for (i, q) in corpus.questions.iter().enumerate() {
        if let Some(group) = &q.answer_group {
            groups
                .entry(group)
                .or_default()
                .push((q.asker.display_name(), i));
        }
    }
    let mut shapes: Vec<(String, usize)> = groups
        .values()
        .map(|members| (members[0].0.clone(), members.len()))
        .collect();
    shapes.sort();
    assert_eq!(
        shapes,
        vec![
            ("Clive Lewis".into(), 2),
            ("Clive Lewis".into(), 4),
            ("Jeff Smith".into(), 2)
        ]
    );
}

#[test]
fn seed_fields_are_read_in_full() {
    let parsed = parse("000.txt", SEED_A);
    let first = &parsed.questions[0];
    assert_eq!(first.asker.name.as_deref(), Some("John Hayes"));
    assert_eq!(first.asker.party.as_deref(), Some("Conservative"));
    assert_eq!(
        first.asker.constituency.as_deref(),
        Some("South Holland and The Deepings")
    );
    assert_eq!(first.department.as_deref(), Some("Home Office"));
    let answer = first.answer.as_ref().expect("answered");
    assert_eq!(answer.by.name.as_deref(), Some("Mike Tapp"));
    assert_eq!(
        answer.by.role.as_deref(),
        Some("Parliamentary Under-Secretary")
    );
    assert_eq!(answer.paragraphs.len(), 5);
    assert!(!answer.holding);

    let page = parse("002.txt", SEED_B);
    assert_eq!(page.source.format, Format::Page);
    assert_eq!(page.source.boilerplate, vec![[1, 4]]);
    let q = &page.questions[5];
    assert_eq!(
        q.heading.as_deref(),
        Some("Baroness Casey Review: Disclosure of Information")
    );
    assert_eq!(q.date.as_deref(), Some("2025-05-12"));
    assert_eq!(q.answer.as_ref().map(|a| a.paragraphs.len()), Some(4));

    let press = parse("003.txt", SEED_C);
    let release = &press.press_releases[0];
    assert_eq!(
        release.title,
        "Home Secretary hosts summit on mobile phone theft"
    );
    assert_eq!(release.month.as_deref(), Some("2025-02"));
    assert_eq!(release.date.as_deref(), Some("2025-02-06"));
    assert_eq!(release.department.as_deref(), Some("Home Office"));
    assert_eq!(release.quotes[0].speaker, "Home Secretary Yvette Cooper");
    assert!(release.quotes[0]
        .text
        .starts_with("Over the last few years"));
    assert_eq!(
        release.paragraphs[release.quotes[0].paragraph],
        release.quotes[0]
            .text
            .split("\n\n")
            .next()
            .unwrap_or_default()
    );
    let bullets = press.press_releases[1]
        .paragraphs
        .iter()
        .filter(|p| p.starts_with("• "))
        .count();
    assert_eq!(bullets, 7);
}

#[test]
fn seed_snapshots() {
    for (name, text) in seeds() {
        let parsed = parse(&name, &text);
        let mut corpus = Corpus::default();
        merge_into(&mut corpus, parsed);
        insta::assert_json_snapshot!(name.clone(), corpus);
    }
}

#[test]
fn line_endings_bom_and_odd_spaces_do_not_change_the_records() {
    let plain = parse("a.txt", SEED_A);
    let crlf = format!(
        "\u{feff}{}",
        SEED_A
            .replace('\n', "\r\n")
            .replace("Asked by: ", "Asked by:\u{a0}")
    );
    let messy = parse("a.txt", &crlf);
    assert_eq!(messy.questions, plain.questions);
    let old_mac = SEED_A.replace('\n', "\r");
    assert_eq!(parse("a.txt", &old_mac).questions, plain.questions);
}

#[test]
fn repeated_records_merge_and_list_every_source() {
    let corpus = build_corpus(&[
        ("one.txt".into(), SEED_A.into()),
        ("two.txt".into(), SEED_A.into()),
    ]);
    assert_eq!(corpus.questions.len(), 10);
    for q in &corpus.questions {
        let files: Vec<&str> = q.sources.iter().map(|s| &*s.file).collect();
        assert_eq!(files, vec!["one.txt", "two.txt"], "{}", q.id);
    }
    let twice = format!("{SEED_C}\n{SEED_C}");
    let corpus = build_corpus(&[("pr.txt".into(), twice)]);
    assert_eq!(corpus.press_releases.len(), 10);
    assert_eq!(corpus.press_releases[0].sources.len(), 2);
}

#[test]
fn a_file_cut_off_mid_record_keeps_what_it_has_and_says_so() {
    // Cut inside the last record's question, before its answer.
    let cut_at = SEED_A.rfind("Answered by").expect("seed has answers");
    let parsed = parse("cut.txt", &SEED_A[..cut_at]);
    assert_eq!(parsed.questions.len(), 10);
    assert!(parsed.questions[9].answer.is_none());
    assert!(parsed
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning && d.message.contains("cut off")));

    // Cut right after an `Asked by` line: that record has no question and becomes an error.
    let cut_at = SEED_A.rfind("Question to").expect("seed has departments");
    let parsed = parse("cut.txt", &SEED_A[..cut_at]);
    assert_eq!(parsed.questions.len(), 9);
    let errors = errors(&parsed);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("incomplete record"), "{errors:?}");
}

const MESSY_COMPACT: &str = "\
Some stray heading the parser does not know
Asked by: Lord Bishop of Leeds (Bishops - Bishops)
Question to the Department for Environment, Food and Rural Affairs:
To ask His Majesty’s Government what assessment they have made of flood defences in West Yorkshire. [HL4321]
Answered by Baroness Hayman of Ullock - Parliamentary Under-Secretary (Department for Environment, Food and Rural Affairs)
The Government is investing £2.65 billion in flood defences:
• 1,000 new schemes
• see https://www.gov.uk/flood-defences for details
| Year | £m |
| 2025 | 12 |
Asked by: Jim Shannon (Democratic Unionist Party - Strangford)
Question to the Ministry of Defence:
To ask the Secretary of State for Defence, how many Type 32 frigates will be built.
Answered by Luke Pollard
I will reply to the hon. Member as soon as possible.
Asked by: Lord Alton of Liverpool (Crossbench - Life peer)
Question to the Foreign, Commonwealth and Development Office:
To ask His Majesty's Government what representations they have made about detained journalists.
Asked by: Baroness Fox of Buckley (Non-affiliated - Life peer)
Question to the Cabinet Office:
To ask His Majesty's Government when they will publish the review.
";

#[test]
fn real_page_variants_are_read() {
    let parsed = parse("messy.txt", MESSY_COMPACT);
    assert_eq!(parsed.questions.len(), 4);
    let [flood, frigates, journalists, review] = &parsed.questions[..] else {
        panic!("four questions expected");
    };
    assert_eq!(flood.uin.as_deref(), Some("HL4321"));
    assert_eq!(flood.id, "HL4321");
    assert_eq!(flood.house, House::Lords);
    assert_eq!(
        flood.department.as_deref(),
        Some("Department for Environment, Food and Rural Affairs")
    );
    let answer = flood.answer.as_ref().expect("answered");
    assert_eq!(
        answer.paragraphs.len(),
        5,
        "lists, URLs and table rows are kept as paragraphs"
    );

    assert_eq!(frigates.house, House::Commons);
    let holding = frigates.answer.as_ref().expect("a holding answer");
    assert!(holding.holding);
    assert_eq!(holding.by.name.as_deref(), Some("Luke Pollard"));
    assert_eq!(holding.by.role, None);

    assert!(journalists.answer.is_none(), "unanswered");
    assert_eq!(journalists.asker.party.as_deref(), Some("Crossbench"));
    assert_eq!(journalists.house, House::Lords);
    assert_eq!(review.asker.party.as_deref(), Some("Non-affiliated"));
    assert_eq!(review.asker.constituency, None);

    let errors = errors(&parsed);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("messy.txt:1: error:"), "{errors:?}");
    assert!(errors[0].contains("expected 'Asked by: NAME"), "{errors:?}");
}

#[test]
fn garbage_is_reported_not_dropped() {
    let text = "hello\nworld\n\n{not json\n\u{0}\u{202e}rtl";
    let parsed = parse("junk.txt", text);
    assert!(parsed.questions.is_empty());
    assert!(!parsed.diagnostics.is_empty());
    let parsed = parse_file("junk.json", "[{\"uin\": ", Some(Format::ApiJson));
    assert_eq!(errors(&parsed).len(), 1);
    assert_eq!(unaccounted_lines("[{\"uin\": ", &parsed), Vec::<u32>::new());
}

#[test]
fn official_api_records_are_taken_as_they_are() {
    let parsed = parse("commons-2024-slice.json", API_SLICE);
    assert_eq!(parsed.source.format, Format::ApiJson);
    assert_eq!(errors(&parsed), Vec::<String>::new());
    assert_eq!(parsed.questions.len(), 15);
    for q in &parsed.questions {
        assert_eq!(Some(&q.id), q.uin.as_ref(), "API records are keyed by UIN");
        assert!(
            q.asker.member_id.is_some(),
            "member ids are kept when names are absent"
        );
        assert!(q.date_tabled.is_some());
    }
    let unanswered = parsed
        .questions
        .iter()
        .filter(|q| q.answer.is_none())
        .count();
    assert_eq!(unanswered, 2);
    let mut corpus = Corpus::default();
    merge_into(&mut corpus, parsed);
    let grouped: Vec<(&str, &str)> = corpus
        .questions
        .iter()
        .filter(|q| q.uin.as_deref() == Some("2978") || q.uin.as_deref() == Some("2979"))
        .map(|q| (q.id.as_str(), q.answer_group.as_deref().unwrap_or("none")))
        .collect();
    assert_eq!(grouped.len(), 2);
    assert_eq!(
        grouped[0].1, grouped[1].1,
        "grouped questions share an answer group"
    );
    assert_ne!(grouped[0].1, "none");

    let envelope = format!("{{\"totalResults\": 15, \"results\": {API_SLICE}}}");
    let parsed = parse("envelope.json", &envelope);
    assert_eq!(parsed.questions.len(), 15);
}

#[test]
fn a_corpus_file_reads_back_as_the_same_corpus() {
    let corpus = build_corpus(&seeds());
    let json = serde_json::to_string(&corpus).expect("serialises");
    let again = build_corpus(&[("corpus.json".into(), json)]);
    assert_eq!(again.questions, corpus.questions);
    assert_eq!(again.press_releases, corpus.press_releases);
}

#[test]
fn the_format_override_is_obeyed() {
    let parsed = parse_file("a.txt", SEED_A, Some(Format::PressReleases));
    assert!(parsed.questions.is_empty());
    assert!(parsed.press_releases.is_empty());
    assert_eq!(unaccounted_lines(SEED_A, &parsed), Vec::<u32>::new());
}

#[test]
fn a_merge_says_which_records_already_there_it_changed() {
    let mut corpus = Corpus::default();
    let first = merge_into(&mut corpus, parse("a.txt", SEED_A));
    assert!(!first.changed_before(0, 0));
    let (q0, p0) = (corpus.questions.len(), corpus.press_releases.len());
    assert!(q0 > 0);
    // New press releases change nothing already there: an index of the records before can be
    // extended with them.
    let press = merge_into(&mut corpus, parse("c.txt", SEED_C));
    assert!(corpus.press_releases.len() > p0);
    assert!(!press.changed_before(q0, p0), "{press:?}");
    // The same files again are repeats of records already there.
    let (q1, p1) = (corpus.questions.len(), corpus.press_releases.len());
    let again = merge_into(&mut corpus, parse("a.txt", SEED_A));
    // Every question of the file, each once.
    assert_eq!(again.questions, (0..q0).collect::<Vec<_>>());
    assert!(again.changed_before(q1, p1));
    let press_again = merge_into(&mut corpus, parse("c.txt", SEED_C));
    assert_eq!(press_again.press_releases, (0..p1).collect::<Vec<_>>());
    assert!(press_again.changed_before(q1, p1));
    // Those among the records before a point.
    let none: &[usize] = &[];
    assert_eq!(press_again.before(q1, 2), (none, &[0, 1][..]));
    assert_eq!(again.before(2, 0), (&[0, 1][..], none));
    assert_eq!(
        (corpus.questions.len(), corpus.press_releases.len()),
        (q1, p1)
    );
}
