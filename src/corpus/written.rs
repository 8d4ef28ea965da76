//! The field grammar shared by the two text formats of written questions: `Asked by:`,
//! `Question to …:`, the question, `Answered by …`, answer paragraphs. `compact` and `page`
//! drive it with their own record starts and page furniture.
//!
//! Invariant: every line handed to `Reader::line` ends up in exactly one place: a finished
//! question's source range, a boilerplate span, or a diagnostic.

use std::sync::Arc;

use super::diagnostics::Unplaced;
use super::lines::{fold_quotes, normalise_for_key, parse_date, stable_hash, Line};
use super::model::{
    Answer, Answerer, Diagnostic, Format, House, Member, Question, Severity, SourceFile, SourceRef,
};
use super::Parsed;

/// Where the reader is inside a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Just after `Written Question`: the heading, then the date line, come next.
    Heading,
    Date,
    /// After `Asked by:`, waiting for `Question to …:`.
    Asked,
    Question,
    Answer,
}

#[derive(Debug, Default)]
struct Draft {
    first_line: u32,
    last_line: u32,
    heading: Option<String>,
    date: Option<String>,
    asker: Option<Member>,
    /// The asker's description named a peerage (`Life peer`, `Bishops`).
    asker_is_peer: bool,
    department: Option<String>,
    question: Vec<String>,
    uin: Option<String>,
    answer_by: Option<(Answerer, Option<String>)>,
    answer: Vec<String>,
    warnings: Vec<(u32, String)>,
}

/// Reads question records line by line.
pub struct Reader<'a> {
    file: &'a str,
    draft: Option<(Draft, Stage)>,
    pub questions: Vec<Question>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a str) -> Self {
        Reader {
            file,
            draft: None,
            questions: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// `Written Question`: a page-format record header; the heading and date follow.
    pub fn start_page_record(&mut self, line: &Line) {
        self.finish();
        let draft = Draft {
            first_line: line.no,
            last_line: line.no,
            ..Draft::default()
        };
        self.draft = Some((draft, Stage::Heading));
    }

    /// Feeds one non-blank line. Returns false when the line is not part of any record (the
    /// caller then decides whether it is furniture or an error).
    pub fn line(&mut self, line: &Line) -> bool {
        let text = line.text.as_str();
        let folded = fold_quotes(text);
        if let Some(rest) = strip_label(&folded, "Asked by") {
            let (member, peer) = self.parse_member(line, rest);
            let keep_header = matches!(
                &self.draft,
                Some((d, Stage::Heading | Stage::Date | Stage::Asked)) if d.asker.is_none()
            );
            if !keep_header {
                self.finish();
                self.draft = Some((
                    Draft {
                        first_line: line.no,
                        ..Draft::default()
                    },
                    Stage::Asked,
                ));
            }
            if let Some((draft, stage)) = &mut self.draft {
                if matches!(stage, Stage::Heading | Stage::Date) && draft.heading.is_none() {
                    draft.warnings.push((
                        draft.first_line,
                        "expected a heading line after 'Written Question'".into(),
                    ));
                }
                draft.asker = Some(member);
                draft.asker_is_peer = peer;
                draft.last_line = line.no;
                *stage = Stage::Asked;
            }
            return true;
        }
        let Some((draft, stage)) = &mut self.draft else {
            return false;
        };
        draft.last_line = line.no;
        if let Some(department) = question_to(&folded) {
            if *stage == Stage::Answer || !draft.question.is_empty() {
                draft.warnings.push((
                    line.no,
                    "a second 'Question to …:' line in one record; kept the first department"
                        .into(),
                ));
            } else {
                draft.department = Some(department.to_string());
                *stage = Stage::Question;
            }
            return true;
        }
        if let Some(rest) = strip_label(&folded, "Answered by") {
            if *stage == Stage::Answer {
                draft.warnings.push((
                    line.no,
                    "a second 'Answered by' line in one record; its text is kept in the answer"
                        .into(),
                ));
                draft.answer.push(text.to_string());
            } else {
                draft.answer_by = Some(parse_answerer(rest));
                *stage = Stage::Answer;
            }
            return true;
        }
        if let Some(uin) = uin_line(&folded) {
            draft.uin = Some(uin);
            return true;
        }
        match *stage {
            Stage::Heading => {
                if let Some(date) = parse_date(text) {
                    draft.date = Some(date);
                    *stage = Stage::Asked;
                } else {
                    draft.heading = Some(text.to_string());
                    *stage = Stage::Date;
                }
            }
            Stage::Date => {
                match parse_date(text) {
                    Some(date) => draft.date = Some(date),
                    None => {
                        draft.warnings.push((
                            line.no,
                            format!("expected a date line such as 'Tuesday 24th June 2025', found '{}'; kept as question text", truncate(text, 60)),
                        ));
                        draft.question.push(text.to_string());
                    }
                }
                *stage = Stage::Asked;
            }
            Stage::Asked => {
                draft.warnings.push((
                    line.no,
                    "expected 'Question to …:' before the question text".into(),
                ));
                draft.question.push(text.to_string());
                *stage = Stage::Question;
            }
            Stage::Question => draft.question.push(text.to_string()),
            Stage::Answer => draft.answer.push(text.to_string()),
        }
        true
    }

    /// Closes the open record, if any: it becomes a question, or, without question text, a
    /// diagnostic that covers its lines.
    pub fn finish(&mut self) {
        let Some((draft, stage)) = self.draft.take() else {
            return;
        };
        for (line, message) in &draft.warnings {
            self.diagnostics.push(Diagnostic {
                file: self.file.to_string(),
                line: *line,
                end_line: None,
                column: None,
                severity: Severity::Warning,
                message: message.clone(),
            });
        }
        if draft.question.is_empty() {
            let expected = match stage {
                Stage::Heading | Stage::Date => "a heading, date and 'Asked by:' line",
                Stage::Asked => "'Question to …:' and the question",
                Stage::Question | Stage::Answer => "the question text",
            };
            self.diagnostics.push(Diagnostic {
                file: self.file.to_string(),
                line: draft.first_line,
                end_line: (draft.last_line > draft.first_line).then_some(draft.last_line),
                column: None,
                severity: Severity::Error,
                message: format!(
                    "incomplete record: expected {expected}; the text may have been cut off here"
                ),
            });
            return;
        }
        if draft.asker.is_none() {
            self.warn(
                draft.first_line,
                "record has no 'Asked by:' line; asker unknown",
            );
        }
        let question = self.build(draft);
        self.questions.push(question);
    }

    /// Marks the last question read as possibly cut off when the file ends inside it.
    fn finish_at_end_of_file(&mut self) {
        let open_without_answer = matches!(
            &self.draft,
            Some((draft, stage)) if *stage != Stage::Answer && !draft.question.is_empty()
        );
        let last = self.draft.as_ref().map(|(d, _)| d.last_line);
        self.finish();
        if let (true, Some(line)) = (open_without_answer, last) {
            self.warn(
                line,
                "the file ends before an 'Answered by' line: the last question is recorded as unanswered, but the text may have been cut off",
            );
        }
    }

    /// Ends the text: the last record is closed, and the reader's records and diagnostics, with
    /// the caller's unplaced lines and furniture, become the `Parsed`. `file_ends` is false for a
    /// piece of a larger file, where the next record follows and nothing was cut off.
    pub fn into_parsed(
        mut self,
        format: Format,
        line_count: usize,
        unplaced: Unplaced,
        boilerplate: Vec<[u32; 2]>,
        file_ends: bool,
    ) -> Parsed {
        if file_ends {
            self.finish_at_end_of_file();
        } else {
            self.finish();
        }
        let mut diagnostics = self.diagnostics;
        diagnostics.extend(unplaced.into_diagnostics());
        Parsed {
            questions: self.questions,
            press_releases: Vec::new(),
            diagnostics,
            source: SourceFile {
                name: self.file.to_string(),
                format,
                lines: u32::try_from(line_count).unwrap_or(u32::MAX),
                boilerplate,
            },
            imported_sources: Vec::new(),
            members: Vec::new(),
        }
    }

    fn warn(&mut self, line: u32, message: &str) {
        self.diagnostics.push(Diagnostic {
            file: self.file.to_string(),
            line,
            end_line: None,
            column: None,
            severity: Severity::Warning,
            message: message.to_string(),
        });
    }

    fn parse_member(&mut self, line: &Line, rest: &str) -> (Member, bool) {
        let (member, peer, problem) = parse_member(rest);
        if let Some(problem) = problem {
            let column = line.text.find('(').map(|c| c as u32 + 1);
            self.diagnostics.push(Diagnostic {
                file: self.file.to_string(),
                line: line.no,
                end_line: None,
                column,
                severity: Severity::Warning,
                message: problem,
            });
        }
        (member, peer)
    }

    fn build(&self, draft: Draft) -> Question {
        let text = draft.question.join("\n");
        let asker = draft.asker.unwrap_or_default();
        let uin = draft.uin.or_else(|| trailing_uin(&text));
        let house = derive_house(&text, draft.asker_is_peer, uin.as_deref());
        let answer = draft.answer_by.map(|(by, department)| {
            let holding = is_holding(&draft.answer);
            (
                Answer {
                    by,
                    paragraphs: draft.answer,
                    holding,
                },
                department,
            )
        });
        let department = draft
            .department
            .or_else(|| answer.as_ref().and_then(|(_, d)| d.clone()));
        let id = match &uin {
            Some(uin) => uin.clone(),
            None => question_hash_id(&asker, &text),
        };
        Question {
            uin,
            heading: draft.heading.map(Arc::from),
            date: draft.date.map(Arc::from),
            department: department.map(Arc::from),
            answer: answer.map(|(a, _)| a),
            sources: vec![SourceRef {
                file: self.file.into(),
                first_line: draft.first_line,
                last_line: draft.last_line,
            }],
            ..Question::asked(id, house, asker, text)
        }
    }
}

/// `q-` and 16 hex digits of asker and text: the id of a question without a UIN.
pub fn question_hash_id(asker: &Member, text: &str) -> String {
    let who = match (&asker.name, asker.member_id) {
        (Some(name), _) => name.to_string(),
        (None, Some(id)) => id.to_string(),
        (None, None) => String::new(),
    };
    format!(
        "q-{:016x}",
        stable_hash(&[&normalise_for_key(&who), &normalise_for_key(text)])
    )
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// `Asked by: X`, `Asked by X` → `X`.
fn strip_label<'t>(folded: &'t str, label: &str) -> Option<&'t str> {
    let rest = folded.strip_prefix(label)?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    (rest.is_empty() || rest.starts_with(' ')).then(|| rest.trim())
}

/// `Question to the Home Office:` → `Home Office`.
fn question_to(folded: &str) -> Option<&str> {
    let rest = folded.strip_prefix("Question to ")?.strip_suffix(':')?;
    let rest = rest.strip_prefix("the ").unwrap_or(rest).trim();
    (!rest.is_empty()).then_some(rest)
}

/// `UIN 12345`, `UIN: HL1234` → the UIN.
fn uin_line(folded: &str) -> Option<String> {
    let rest = folded.strip_prefix("UIN")?;
    let rest = rest.trim_start_matches([':', ' ']);
    let uin: String = rest
        .split([' ', ','])
        .next()?
        .trim_end_matches('.')
        .to_string();
    is_uin(&uin).then(|| uin.to_ascii_uppercase())
}

/// A UIN is digits, optionally after `HL`.
pub fn is_uin(s: &str) -> bool {
    let digits = s
        .strip_prefix("HL")
        .or_else(|| s.strip_prefix("hl"))
        .unwrap_or(s);
    !digits.is_empty() && digits.len() <= 8 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Lords questions printed with their UIN: `… on that decision. [HL1234]`.
fn trailing_uin(text: &str) -> Option<String> {
    let inner = text.trim_end().strip_suffix(']')?;
    let open = inner.rfind('[')?;
    let uin = inner[open + 1..].trim();
    is_uin(uin).then(|| uin.to_ascii_uppercase())
}

/// Party descriptions that mean the member sits in the Lords and has no constituency.
const PEERAGES: [&str; 8] = [
    "life peer",
    "hereditary",
    "hereditary peer",
    "excepted hereditary",
    "bishops",
    "bishop",
    "lord spiritual",
    "lord temporal",
];

pub fn is_peerage(description: &str) -> bool {
    let d = description.trim().to_lowercase();
    PEERAGES.contains(&d.as_str()) || d.ends_with(" peer")
}

/// `John Hayes (Conservative - South Holland and The Deepings)` → name, party, constituency.
/// Also says whether the description named a peerage, and returns a problem to report when the
/// shape is not the expected one.
pub fn parse_member(text: &str) -> (Member, bool, Option<String>) {
    let text = text.trim();
    let expected = "expected 'NAME (Party - Constituency)' or 'NAME (Party - Life peer)'";
    let Some(inner_end) = text.strip_suffix(')') else {
        let member = Member {
            name: (!text.is_empty()).then(|| Arc::from(text)),
            ..Member::default()
        };
        return (member, false, Some(format!("{expected}; no party given")));
    };
    let Some(open) = matching_open(inner_end) else {
        let member = Member {
            name: Some(text.into()),
            ..Member::default()
        };
        return (
            member,
            false,
            Some(format!("{expected}; unbalanced parentheses")),
        );
    };
    let name = inner_end[..open].trim();
    let inner = inner_end[open + 1..].trim();
    let (party, seat) = match inner.split_once(" - ") {
        Some((party, seat)) => (party.trim(), Some(seat.trim())),
        None => (inner, None),
    };
    let peer = seat.is_some_and(is_peerage);
    let constituency = seat.filter(|s| !s.is_empty() && !peer);
    let member = Member {
        name: (!name.is_empty()).then(|| Arc::from(name)),
        party: (!party.is_empty()).then(|| Arc::from(party)),
        constituency: constituency.map(Arc::from),
        member_id: None,
    };
    let problem = if member.name.is_none() {
        Some(format!("{expected}; the name is missing"))
    } else {
        None
    };
    (member, peer, problem)
}

/// The index of the `(` that the final `)` (already stripped) closes.
fn matching_open(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in s.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => return Some(at),
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `Mike Tapp - Parliamentary Under-Secretary (Home Office)` → answerer and department.
pub fn parse_answerer(text: &str) -> (Answerer, Option<String>) {
    let text = text.trim();
    let (body, department) = match text.strip_suffix(')').and_then(|t| {
        let open = matching_open(t)?;
        Some((t[..open].trim(), t[open + 1..].trim()))
    }) {
        Some((body, dept)) if !dept.is_empty() => (body, Some(dept.to_string())),
        _ => (text, None),
    };
    let (name, role) = match body.split_once(" - ") {
        Some((name, role)) => (name.trim(), Some(role.trim())),
        None => (body, None),
    };
    let answerer = Answerer {
        name: (!name.is_empty()).then(|| Arc::from(name)),
        role: role.filter(|r| !r.is_empty()).map(Arc::from),
        member_id: None,
    };
    (answerer, department)
}

/// Lords questions ask the Government; peers describe themselves as such; Lords UINs start HL.
pub fn derive_house(text: &str, asker_is_peer: bool, uin: Option<&str>) -> House {
    let folded = fold_quotes(text);
    let asks_government = super::lines::LORDS_OPENINGS
        .iter()
        .any(|p| folded.starts_with(p));
    let lords_uin = uin.is_some_and(|u| u.starts_with("HL"));
    if asks_government || lords_uin || asker_is_peer {
        House::Lords
    } else {
        House::Commons
    }
}

/// A holding answer promises a substantive reply later.
pub fn is_holding(paragraphs: &[String]) -> bool {
    let Some(first) = paragraphs.first() else {
        return false;
    };
    let first = normalise_for_key(first);
    first.starts_with("holding answer")
        || (paragraphs.len() <= 2
            && first.contains("as soon as possible")
            && ["will reply", "will respond", "will write", "shall reply"]
                .iter()
                .any(|p| first.contains(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_member(input: &str, expect: (&str, &str, Option<&str>)) {
        let (m, peer, problem) = parse_member(input);
        assert_eq!(problem, None, "{input}");
        assert_eq!(peer, expect.2.is_none(), "{input}");
        assert_eq!(
            (
                m.name.as_deref(),
                m.party.as_deref(),
                m.constituency.as_deref()
            ),
            (Some(expect.0), Some(expect.1), expect.2),
            "{input}"
        );
    }

    #[test]
    fn members_of_both_houses() {
        check_member(
            "John Hayes (Conservative - South Holland and The Deepings)",
            (
                "John Hayes",
                "Conservative",
                Some("South Holland and The Deepings"),
            ),
        );
        check_member(
            "Baroness Jones of Moulsecoomb (Green Party - Life peer)",
            ("Baroness Jones of Moulsecoomb", "Green Party", None),
        );
        check_member(
            "Lord Bishop of Derby (Bishops - Bishops)",
            ("Lord Bishop of Derby", "Bishops", None),
        );
        check_member(
            "Lord Kempsell (Conservative - Life peer)",
            ("Lord Kempsell", "Conservative", None),
        );
        check_member(
            "Jim Shannon (Democratic Unionist Party - Strangford)",
            (
                "Jim Shannon",
                "Democratic Unionist Party",
                Some("Strangford"),
            ),
        );
        let (m, _, problem) = parse_member("Someone Without Party");
        assert_eq!(m.name.as_deref(), Some("Someone Without Party"));
        assert!(problem.is_some_and(|p| p.contains("expected 'NAME (Party")));
    }

    #[test]
    fn answerers_with_and_without_role() {
        let (a, d) = parse_answerer("Mike Tapp - Parliamentary Under-Secretary (Home Office)");
        assert_eq!(a.name.as_deref(), Some("Mike Tapp"));
        assert_eq!(a.role.as_deref(), Some("Parliamentary Under-Secretary"));
        assert_eq!(d.as_deref(), Some("Home Office"));
        let (a, d) = parse_answerer("Alex Davies-Jones");
        assert_eq!(
            (a.name.as_deref(), a.role, d),
            (Some("Alex Davies-Jones"), None, None)
        );
    }

    #[test]
    fn uins_and_houses() {
        assert_eq!(
            trailing_uin("what assessment they have made. [HL1234]").as_deref(),
            Some("HL1234")
        );
        assert_eq!(trailing_uin("on 17 November (HL11520) and"), None);
        assert_eq!(uin_line("UIN: HL1234").as_deref(), Some("HL1234"));
        assert_eq!(
            uin_line("UIN 20367, tabled on 1 May").as_deref(),
            Some("20367")
        );
        assert_eq!(
            derive_house("To ask the Secretary of State", true, None),
            House::Lords
        );
        assert_eq!(
            derive_house("To ask His Majesty’s Government whether", false, None),
            House::Lords
        );
        assert_eq!(
            derive_house("To ask the Secretary of State", false, Some("HL12")),
            House::Lords
        );
        assert_eq!(
            derive_house("To ask the Secretary of State", false, None),
            House::Commons
        );
    }

    #[test]
    fn holding_answers() {
        let p = |s: &str| vec![s.to_string()];
        assert!(is_holding(&p(
            "I will reply to the hon. Member as soon as possible."
        )));
        assert!(is_holding(&p("Holding answer received on 3 March 2025")));
        assert!(!is_holding(&p(
            "Equipment theft can have devastating consequences."
        )));
    }
}
