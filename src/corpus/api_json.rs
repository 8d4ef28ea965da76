//! Official written-questions API JSON: a list of records, a list of `{ "value": record }`, or
//! the `{ "results": [ { "value": record } ] }` envelope. Bulk records may lack member names
//! (only ids) and carry texts cut at about 255 characters; they are taken as they are.
//!
//! Lines: each record's source range is the lines its JSON object spans; the lines around the
//! records (brackets, envelope fields) are boilerplate, so every line is still accounted for.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::html::html_to_paragraphs;
use super::lines::parse_date;
use super::model::{
    Answer, Answerer, Diagnostic, Format, House, Member, Question, Severity, SourceRef,
};
use super::written::{derive_house, is_peerage, question_hash_id};
use super::Parsed;

pub fn parse_api_json(file: &str, text: &str, line_count: u32) -> Parsed {
    let mut parsed = Parsed::empty(file, Format::ApiJson, line_count);
    let json: Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(json) => json,
        Err(err) => {
            parsed.diagnostics.push(json_error(
                file,
                &err,
                line_count,
                "fix the JSON and import it again",
            ));
            return parsed;
        }
    };
    let (records, envelope) = items_of(&json, "results");
    let spans = record_line_spans(text, envelope);
    let mut covered = Vec::new();
    for (i, item) in records.iter().enumerate() {
        let [first, last] = spans.get(i).copied().unwrap_or([1, line_count.max(1)]);
        let question = (value_of(item).ok_or("expected a JSON object")).and_then(read_record);
        match question {
            Ok(mut question) => {
                question.sources.push(SourceRef {
                    file: file.into(),
                    first_line: first,
                    last_line: last,
                });
                parsed.questions.push(question);
                covered.push([first, last]);
            }
            Err(problem) => parsed.diagnostics.push(error_over(
                file,
                [first, last],
                format!("record {} was not read: {problem}", i + 1),
            )),
        }
    }
    if records.is_empty() {
        parsed.diagnostics.push(error_over(
            file,
            [1, line_count],
            "expected a list of written-question records or {\"results\": [...]}; found no records"
                .into(),
        ));
    }
    parsed.source.boilerplate = complement(&covered, line_count);
    parsed
}

/// A file that is not JSON at all: nothing in it was read, so the diagnostic covers every line,
/// and its message names where the JSON breaks.
pub(super) fn json_error(
    file: &str,
    err: &serde_json::Error,
    line_count: u32,
    what_to_do: &str,
) -> Diagnostic {
    let message = format!("not valid JSON: {err}; nothing in this file was read — {what_to_do}");
    error_over(file, [1, line_count], message)
}

/// An error over the lines from `first` to `last` of `file`.
pub(super) fn error_over(file: &str, [first, last]: [u32; 2], message: String) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line: first,
        end_line: (last > first).then_some(last),
        column: None,
        severity: Severity::Error,
        message,
    }
}

fn read_record(v: &Map<String, Value>) -> Result<Question, &'static str> {
    let text = string::<String>(v, "questionText")
        .map(|t| html_to_paragraphs(&t).join("\n"))
        .filter(|t| !t.is_empty())
        .ok_or("it has no questionText")?;
    let uin = match v.get("uin") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_ascii_uppercase()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let (asker, peer) = member(v.get("askingMember"), number(v, "askingMemberId"));
    let house = match string::<String>(v, "house")
        .map(|h| h.to_ascii_lowercase())
        .as_deref()
    {
        Some("lords") => House::Lords,
        Some("commons") => House::Commons,
        _ => derive_house(&text, peer, uin.as_deref()),
    };
    let date = |key| string::<String>(v, key).and_then(|d| parse_date(&d).map(Arc::from));
    let (date_tabled, date_answered) = (date("dateTabled"), date("dateAnswered"));
    let paragraphs = string::<String>(v, "answerText")
        .map(|t| match t.contains('<') {
            true => html_to_paragraphs(&t),
            // Text without its markup: its paragraphs may run together.
            false => html_to_paragraphs(&t)
                .iter()
                .flat_map(|p| run_together(p))
                .collect(),
        })
        .unwrap_or_default();
    let flag = |key| v.get(key).and_then(Value::as_bool).unwrap_or(false);
    let holding = flag("answerIsHolding");
    let answer = (!paragraphs.is_empty() || date_answered.is_some()).then(|| {
        let (by, _) = member(v.get("answeringMember"), number(v, "answeringMemberId"));
        Answer {
            by: Answerer {
                name: by.name,
                role: None,
                member_id: by.member_id,
            },
            paragraphs,
            holding,
        }
    });
    let grouped_uins = match v.get("groupedQuestions") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|g| match g {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Object(o) => string(o, "uin"),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let id = uin
        .clone()
        .unwrap_or_else(|| question_hash_id(&asker, &text));
    Ok(Question {
        id,
        uin,
        house,
        heading: string(v, "heading"),
        date: date_tabled.clone().or_else(|| date_answered.clone()),
        asker,
        department: string(v, "answeringBodyName"),
        text,
        answer,
        answer_group: None,
        date_tabled,
        date_answered,
        date_for_answer: date("dateForAnswer"),
        named_day: flag("isNamedDay"),
        date_holding_answer: date("dateHoldingAnswer"),
        date_answer_corrected: date("dateAnswerCorrected"),
        interest_declared: flag("memberHasInterest"),
        grouped_uins,
        withdrawn: flag("isWithdrawn"),
        sources: Vec::new(),
    })
}

/// A paragraph of an answer the official API's bulk records give without its markup, split
/// where paragraphs ran together: "…can be found on gov.uk here.At the Spending Review…" (one
/// answer in nine of a year's Commons records). A sentence's end between two lower-case
/// letters (or a letter and a bracket) and a capitalised word, with no space, is taken for a
/// paragraph's end; "Mr.Smith", "e.g.The" and "gov.uk" are not split.
fn run_together(paragraph: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let ends_a_word = |c: char| c.is_ascii_lowercase() || c == ')';
    let mut parts = Vec::new();
    let mut start = 0;
    for window in chars.windows(5) {
        let [(_, a), (_, b), (_, stop), (next, c), (_, d)] = *window else {
            continue;
        };
        let splits = ends_a_word(a)
            && ends_a_word(b)
            && matches!(stop, '.' | '?' | '!' | ':')
            && c.is_ascii_uppercase()
            && d.is_ascii_lowercase();
        if splits {
            parts.push(paragraph[start..next].trim().to_string());
            start = next;
        }
    }
    parts.push(paragraph[start..].trim().to_string());
    parts.retain(|p| !p.is_empty());
    parts
}

/// A member object of the API (`name`, `party`, `memberFrom`) or just an id.
fn member(object: Option<&Value>, id: Option<u32>) -> (Member, bool) {
    let object = object.and_then(Value::as_object);
    let from = object.and_then(|o| string::<Arc<str>>(o, "memberFrom"));
    let peer = from.as_deref().is_some_and(is_peerage);
    let member = Member {
        name: object.and_then(|o| string(o, "name").or_else(|| string(o, "listAs"))),
        party: object.and_then(|o| string(o, "party")),
        constituency: from.filter(|_| !peer),
        member_id: id.or_else(|| object.and_then(|o| number(o, "id"))),
    };
    (member, peer)
}

/// A field's trimmed text, if it has any, as a `String` or a shared `Arc<str>`.
pub(super) fn string<T: for<'a> From<&'a str>>(v: &Map<String, Value>, key: &str) -> Option<T> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(T::from)
}

pub(super) fn number(v: &Map<String, Value>, key: &str) -> Option<u32> {
    v.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

/// The lines from 1 to `line_count` that no range in `covered` (sorted) contains.
pub(super) fn complement(covered: &[[u32; 2]], line_count: u32) -> Vec<[u32; 2]> {
    let mut gaps = Vec::new();
    let mut next = 1u32;
    for &[first, last] in covered {
        if first > next {
            gaps.push([next, first - 1]);
        }
        next = next.max(last.saturating_add(1));
    }
    if next <= line_count {
        gaps.push([next, line_count]);
    }
    gaps
}

/// A file's items and where they are: the file itself when it is a list, the array under
/// `field` of an object that has one, or else the one object the file is.
pub(super) fn items_of<'a>(json: &'a Value, field: &'static str) -> (&'a [Value], Envelope) {
    match json {
        Value::Array(items) => (items.as_slice(), Envelope::List),
        Value::Object(map) => match map.get(field) {
            Some(Value::Array(items)) => (items.as_slice(), Envelope::Under(field)),
            _ => (std::slice::from_ref(json), Envelope::List),
        },
        _ => (&[][..], Envelope::List),
    }
}

/// An item's record: its `value` (the APIs' `{ "value": … }` wrapping), or the item itself.
pub(super) fn value_of(item: &Value) -> Option<&Map<String, Value>> {
    match item.get("value") {
        Some(Value::Object(value)) => Some(value),
        _ => item.as_object(),
    }
}

/// Where a JSON file's array of records is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Envelope {
    /// The file is the array (or a single record).
    List,
    /// The array is the top-level object's field of this name.
    Under(&'static str),
    /// The array is the field `.1` of the object that is the top-level object's field `.0`
    /// (the members data platform's `{"Members": {"Member": [ … ]}}`).
    Nested(&'static str, &'static str),
}

/// The first and last line of each element of the records array (`envelope` says where it is).
/// Only called on text that parsed as JSON.
pub(super) fn record_line_spans(text: &str, envelope: Envelope) -> Vec<[u32; 2]> {
    // The keys the array must be under, outermost first.
    let path: &[&str] = match &envelope {
        Envelope::List => &[],
        Envelope::Under(field) => std::slice::from_ref(field),
        Envelope::Nested(outer, inner) => &[*outer, *inner],
    };
    let bytes = text.as_bytes();
    let mut line = 1u32;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    // The last string met at each depth down the path: the key of what opens next there.
    let mut keys = vec![String::new(); path.len()];
    let mut string_start = 0usize;
    let mut array_depth: Option<usize> = None;
    let mut spans = Vec::new();
    let mut open: Option<u32> = None;
    let target_depth = path.len() + 1;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                if let Some(key) = depth.checked_sub(1).and_then(|d| keys.get_mut(d)) {
                    *key = text.get(string_start..i).unwrap_or("").to_string();
                }
            }
            i += 1;
            continue;
        }
        let at_elements = array_depth == Some(depth);
        match b {
            b'"' => {
                in_string = true;
                string_start = i + 1;
                if at_elements && open.is_none() {
                    open = Some(line);
                }
            }
            b'[' | b'{' => {
                if at_elements && open.is_none() {
                    open = Some(line);
                }
                depth += 1;
                let under_path = keys.iter().zip(path).all(|(k, p)| k.as_str() == *p);
                let wanted = depth == target_depth && b == b'[' && under_path;
                if wanted && array_depth.is_none() {
                    array_depth = Some(depth);
                }
            }
            b']' | b'}' => {
                if at_elements {
                    if let Some(first) = open.take() {
                        spans.push([first, line]);
                    }
                    array_depth = None;
                }
                depth = depth.saturating_sub(1);
                if array_depth == Some(depth) {
                    if let Some(first) = open.take() {
                        spans.push([first, line]);
                    }
                }
            }
            b',' if at_elements => {
                if let Some(first) = open.take() {
                    spans.push([first, line]);
                }
            }
            b if at_elements && !b.is_ascii_whitespace() && open.is_none() => open = Some(line),
            _ => {}
        }
        i += 1;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_records_in_both_shapes() {
        let list = "[\n {\"a\": 1,\n  \"b\": [1, 2]},\n {\"c\": \"]\"}\n]";
        assert_eq!(
            record_line_spans(list, Envelope::List),
            vec![[2, 3], [4, 4]]
        );
        let envelope =
            "{\"totalResults\": 2,\n \"results\": [\n  {\"value\": {}},\n  {\"value\": {}}\n ]\n}";
        let spans = record_line_spans(envelope, Envelope::Under("results"));
        assert_eq!(spans, vec![[3, 3], [4, 4]]);
        let nested = "{\"Members\": {\"Member\": [\n  {\"a\": \"[\"},\n  {\"b\": [1]}\n]}}";
        let spans = record_line_spans(nested, Envelope::Nested("Members", "Member"));
        assert_eq!(spans, vec![[2, 2], [3, 3]]);
        // The inner key must be under the outer one.
        let elsewhere = "{\"Other\": {\"Member\": [\n  {}\n]}}";
        assert!(record_line_spans(elsewhere, Envelope::Nested("Members", "Member")).is_empty());
        assert_eq!(complement(&[[2, 3], [4, 4]], 5), vec![[1, 1], [5, 5]]);
    }

    #[test]
    fn records_without_names_keep_member_ids() {
        let json = r#"[{"value": {"uin": "3283", "house": "Commons", "askingMemberId": 5031,
            "askingMember": null, "questionText": "To ask the Secretary of State for Education, what…",
            "answerText": "<p>The table below…</p>", "dateTabled": "2024-08-30T00:00:00",
            "dateAnswered": "2024-09-09T00:00:00", "answeringBodyName": "Department for Education",
            "answeringMemberId": 4125, "groupedQuestions": ["3284"], "heading": "Schools: Finance"}}]"#;
        let parsed = parse_api_json("api.json", json, 5);
        assert_eq!(parsed.diagnostics, vec![]);
        let q = &parsed.questions[0];
        assert_eq!(q.id, "3283");
        assert_eq!(q.asker.member_id, Some(5031));
        assert_eq!(q.asker.name, None);
        assert_eq!(q.date.as_deref(), Some("2024-08-30"));
        assert_eq!(q.date_answered.as_deref(), Some("2024-09-09"));
        assert_eq!(q.grouped_uins, vec!["3284".to_string()]);
        let answer = q
            .answer
            .as_ref()
            .map(|a| (a.by.member_id, a.paragraphs.clone()));
        assert_eq!(
            answer,
            Some((Some(4125), vec!["The table below…".to_string()]))
        );
    }

    #[test]
    fn named_days_holding_answers_corrections_and_interests_are_read() {
        let json = r#"[{"uin": "75343", "house": "Commons", "questionText": "To ask…",
            "dateTabled": "2025-09-04T00:00:00", "dateForAnswer": "2025-09-08T00:00:00",
            "isNamedDay": true, "dateHoldingAnswer": "2025-09-08T00:00:00",
            "dateAnswered": "2025-09-12T00:00:00", "answerText": "<p>Yes.</p>",
            "answerIsHolding": false, "dateAnswerCorrected": "2025-10-01T00:00:00",
            "memberHasInterest": true},
            {"uin": "75344", "questionText": "To ask…", "isNamedDay": null,
            "dateForAnswer": "", "memberHasInterest": "yes"}]"#;
        let parsed = parse_api_json("api.json", json, 9);
        assert_eq!(parsed.diagnostics, vec![]);
        let q = &parsed.questions[0];
        assert_eq!(q.date_for_answer.as_deref(), Some("2025-09-08"));
        assert!(q.named_day && q.interest_declared);
        assert_eq!(q.date_holding_answer.as_deref(), Some("2025-09-08"));
        assert_eq!(q.date_answer_corrected.as_deref(), Some("2025-10-01"));
        // Missing, empty or not of the kind the API sends: not given.
        let q = &parsed.questions[1];
        assert_eq!((q.date_for_answer.as_deref(), q.named_day), (None, false));
        assert!(!q.interest_declared);
    }

    fn check_run_together(text: &str, expect: &[&str]) {
        assert_eq!(run_together(text), expect, "{text}");
    }

    #[test]
    fn paragraphs_run_together_are_split() {
        check_run_together(
            "Estimates can be found on gov.uk here.At the Spending Review, we announced £39 billion.",
            &["Estimates can be found on gov.uk here.", "At the Spending Review, we announced £39 billion."],
        );
        check_run_together(
            "It was set out in (a) and (b):The table shows this.Is it? Yes.",
            &[
                "It was set out in (a) and (b):",
                "The table shows this.",
                "Is it? Yes.",
            ],
        );
        // Abbreviations, names, addresses and numbers stay whole.
        for whole in [
            "Mr.Smith and St.Albans",
            "e.g.The one",
            "www.gov.uk/Guidance",
            "1.5.The",
            "No.10",
            "café.Été",
        ] {
            check_run_together(whole, &[whole]);
        }
        check_run_together("", &[]);
    }

    #[test]
    fn answers_with_markup_are_not_split_as_run_together() {
        let json = |answer: &str| {
            format!(r#"[{{"uin": "1", "questionText": "To ask…", "answerText": "{answer}"}}]"#)
        };
        let paragraphs = |answer: &str| {
            let parsed = parse_api_json("api.json", &json(answer), 1);
            parsed.questions[0]
                .answer
                .as_ref()
                .map(|a| a.paragraphs.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            paragraphs("Found here.At the Review."),
            ["Found here.", "At the Review."]
        );
        assert_eq!(
            paragraphs("<p>Found here.At the Review.</p>"),
            ["Found here.At the Review."]
        );
    }

    #[test]
    fn broken_json_is_one_diagnostic_with_a_position() {
        let parsed = parse_api_json("bad.json", "[{\"uin\": 1,\n", 2);
        assert!(parsed.questions.is_empty());
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].end_line, Some(2));
        assert!(parsed.diagnostics[0].message.contains("not valid JSON"));
    }
}
