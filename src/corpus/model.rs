//! The record model. The bundled corpus JSON is exactly this model serialised, so field names
//! here are the public data contract: rename nothing without a migration.
//!
//! Invariants (established by `corpus::merge`, relied on by every layer above):
//! - question ids are unique, as are press release ids;
//! - `answer_group` is `Some` only when at least two questions share the identical answer;
//! - every `SourceRef::file` names an entry of `Corpus::sources`.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::fxhash::FxHashSet;

/// Everything the explorer knows: records, what could not be read, and where it all came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Corpus {
    pub questions: Vec<Question>,
    pub press_releases: Vec<PressRelease>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Vec<SourceFile>,
}

impl Corpus {
    /// Makes each repeated text of the records (names, parties, constituencies, departments,
    /// roles, headings, dates, source files: the `Arc<str>` fields) one allocation, shared by
    /// every record that has it, and frees the copies: what a bundle's reader does as it reads,
    /// for records parsed from corpus JSON or read from text. Changes no value.
    pub fn share_texts(&mut self) {
        Sharing::default().share_some(self, usize::MAX);
    }
}

/// `Corpus::share_texts` in steps of a number of questions (an import's, which a page paints
/// between). Invariant: the texts of the questions before `at` are shared with one another,
/// and the corpus's questions are not changed between steps.
#[derive(Default)]
pub struct Sharing {
    shared: Shared,
    at: usize,
}

impl Sharing {
    /// Shares the texts of up to `questions` more of `corpus`'s questions (then of its press
    /// releases, a twentieth of the records, at once); returns whether they are all shared.
    pub fn share_some(&mut self, corpus: &mut Corpus, questions: usize) -> bool {
        let all = corpus.questions.len();
        let to = all.min(self.at.saturating_add(questions));
        let shared = &mut self.shared;
        let some = corpus.questions.get_mut(self.at..to).unwrap_or_default();
        some.iter_mut().for_each(|q| shared.question(q));
        self.at = to;
        if to < all {
            return false;
        }
        let releases = corpus.press_releases.iter_mut();
        releases.for_each(|p| shared.press_release(p));
        true
    }
}

/// The first allocation of each text seen (`Corpus::share_texts`), kept while records come.
#[derive(Default)]
pub(crate) struct Shared(FxHashSet<Arc<str>>);

impl Shared {
    /// Shares the repeated texts of `q` with the records seen before it.
    pub(crate) fn question(&mut self, q: &mut Question) {
        let dates = [&mut q.date, &mut q.date_tabled, &mut q.date_answered];
        for text in [&mut q.heading, &mut q.department].into_iter().chain(dates) {
            self.option(text);
        }
        let asker = &mut q.asker;
        for text in [&mut asker.name, &mut asker.party, &mut asker.constituency] {
            self.option(text);
        }
        if let Some(answer) = &mut q.answer {
            self.option(&mut answer.by.name);
            self.option(&mut answer.by.role);
            // A list parsed item by item has room for four or more.
            answer.paragraphs.shrink_to_fit();
        }
        q.sources.iter_mut().for_each(|s| self.text(&mut s.file));
        q.sources.shrink_to_fit();
    }

    /// Shares the repeated texts of `p` with the records seen before it.
    pub(crate) fn press_release(&mut self, p: &mut PressRelease) {
        for text in [&mut p.month, &mut p.date, &mut p.department] {
            self.option(text);
        }
        p.sources.iter_mut().for_each(|s| self.text(&mut s.file));
        p.sources.shrink_to_fit();
        p.paragraphs.shrink_to_fit();
    }

    fn text(&mut self, text: &mut Arc<str>) {
        match self.0.get(text) {
            Some(first) => *text = first.clone(),
            None => {
                self.0.insert(text.clone());
            }
        }
    }

    fn option(&mut self, text: &mut Option<Arc<str>>) {
        if let Some(text) = text {
            self.text(text);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum House {
    Commons,
    Lords,
}

impl House {
    /// The name the explorer shows for the House.
    pub fn label(self) -> &'static str {
        match self {
            House::Commons => "Commons",
            House::Lords => "Lords",
        }
    }

    /// The House's full name: `House of Commons`.
    pub fn full_name(self) -> &'static str {
        match self {
            House::Commons => "House of Commons",
            House::Lords => "House of Lords",
        }
    }

    /// The House `as_str` gives `s` for.
    pub fn from_slug(s: &str) -> Option<House> {
        match s {
            "commons" => Some(House::Commons),
            "lords" => Some(House::Lords),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            House::Commons => "commons",
            House::Lords => "lords",
        }
    }
}

/// A written question, answered or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// The UIN when known (`HL11520`, `3283`), else `q-` and a hash of asker and text.
    pub id: String,
    pub uin: Option<String>,
    pub house: House,
    pub heading: Option<Arc<str>>,
    /// ISO `YYYY-MM-DD`: the date the source shows the record under (tabled date for API records).
    pub date: Option<Arc<str>>,
    pub asker: Member,
    pub department: Option<Arc<str>>,
    pub text: String,
    pub answer: Option<Answer>,
    /// Shared by every question that received the identical answer.
    pub answer_group: Option<String>,
    /// Only the official API carries these; response-time views use them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_tabled: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_answered: Option<Arc<str>>,
    /// The day the official API gives for the answer: a named day question's named day, on
    /// which the minister is to answer it; for another, the earliest the answer is expected
    /// (in the Commons two sitting days after tabling; it is not a deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_for_answer: Option<Arc<str>>,
    /// A Commons named day question: the asker named the day (`date_for_answer`) it is to be
    /// answered on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub named_day: bool,
    /// The day a holding answer was given, kept once the answer in substance has come.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_holding_answer: Option<Arc<str>>,
    /// The day the answer was corrected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_answer_corrected: Option<Arc<str>>,
    /// The asker declared an interest relevant to the question (the register's `[R]`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interest_declared: bool,
    /// UINs the official API says were answered together with this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grouped_uins: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withdrawn: bool,
    pub sources: Vec<SourceRef>,
}

impl Question {
    /// Question `id`, asked in `house` by `asker` in `text`, with nothing else known yet: no
    /// UIN, heading, date, department or answer, none of the official API's dates and flags,
    /// and no source. A parser fills in what its format gives over it
    /// (`Question { heading, ..Question::asked(id, house, asker, text) }`).
    pub fn asked(id: String, house: House, asker: Member, text: String) -> Question {
        Question {
            id,
            uin: None,
            house,
            heading: None,
            date: None,
            asker,
            department: None,
            text,
            answer: None,
            answer_group: None,
            date_tabled: None,
            date_answered: None,
            date_for_answer: None,
            named_day: false,
            date_holding_answer: None,
            date_answer_corrected: None,
            interest_declared: false,
            grouped_uins: Vec::new(),
            withdrawn: false,
            sources: Vec::new(),
        }
    }

    /// What to call the question in lists: its heading, else the first `words` words of what it
    /// asks (`gist`, begun with a capital), else (when its text is not loaded) its UIN or id.
    pub fn title(&self, words: usize) -> String {
        match (&self.heading, self.gist(0, words)) {
            (Some(heading), _) => heading.to_string(),
            (None, Some(gist)) => super::lines::capitalised(gist),
            (None, None) => format!("Question {}", self.uin.as_deref().unwrap_or(&self.id)),
        }
    }

    /// What the question asks, without its formal opening (`To ask the Secretary of State for
    /// …,`), in `words` words from its `skip`th: what tells apart questions of one heading.
    /// `None` when its text is not loaded or has no words from there.
    pub fn gist(&self, skip: usize, words: usize) -> Option<String> {
        let asked = super::lines::without_formal_opening(&self.text);
        super::lines::words_from(asked, skip, words)
    }

    /// Whether the source gave only the question's start. The official API's bulk records cut
    /// a question's text at `API_TEXT_LIMIT` characters, mid-word and with no mark (a quarter
    /// of a year's Commons records), and only they carry a tabled date: so a text from them
    /// that long, less the spaces trimmed from its end, that does not end a sentence.
    pub fn text_looks_cut_short(&self) -> bool {
        /// The most characters the official API's bulk records give of a question's text.
        const API_TEXT_LIMIT: usize = 255;
        if self.date_tabled.is_none() {
            return false;
        }
        let text = self.text.trim_end();
        let ends_a_sentence = text.ends_with(['.', '?', '!', ')', '"', '\u{201d}', '\u{2019}']);
        (API_TEXT_LIMIT - 5..=API_TEXT_LIMIT).contains(&text.chars().count()) && !ends_a_sentence
    }

    /// The question on Parliament's written-questions site, whose address is its tabled date
    /// and UIN: so only when the source gives both (the official API's records), a date as
    /// `YYYY-MM-DD` and a UIN of letters and digits (anything else is not put in an address).
    pub fn official_url(&self) -> Option<String> {
        let uin = self.uin.as_deref()?;
        let tabled = self.date_tabled.as_deref()?.get(..10)?;
        let is_date = tabled.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
        let is_uin =
            !uin.is_empty() && uin.len() <= 16 && uin.bytes().all(|b| b.is_ascii_alphanumeric());
        (is_date && is_uin).then(|| {
            format!("https://questions-statements.parliament.uk/written-questions/detail/{tabled}/{uin}")
        })
    }
}

/// A member of either House as the source describes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Member {
    /// Absent when the source gives only a member id (official API bulk records).
    pub name: Option<Arc<str>>,
    pub party: Option<Arc<str>>,
    /// `None` for peers, who sit for no constituency.
    pub constituency: Option<Arc<str>>,
    /// Parliament's member id, when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<u32>,
}

impl Member {
    /// What to call the member on screen: the name, else the id the source gave.
    pub fn display_name(&self) -> String {
        shown_name(self.name.as_deref(), self.member_id, "Unknown member")
    }
}

/// The page of the member with Parliament's member id `id` on its members site.
pub fn member_url(id: u32) -> String {
    format!("https://members.parliament.uk/member/{id}")
}

/// A person's name on screen: the name, else the member id the source gave, else `unknown`.
fn shown_name(name: Option<&str>, member_id: Option<u32>, unknown: &str) -> String {
    match (name, member_id) {
        (Some(name), _) => name.to_string(),
        (None, Some(id)) => format!("Member #{id}"),
        (None, None) => unknown.to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub by: Answerer,
    /// The answer's text, one entry per paragraph. It is stored only here.
    pub paragraphs: Vec<String>,
    /// A holding answer promises a full reply later.
    pub holding: bool,
}

impl Answer {
    /// Whether the source gave only the answer's start: it ends in an ellipsis, as the
    /// official API's bulk records' answers do once they pass a few hundred characters.
    pub fn looks_cut_short(&self) -> bool {
        self.paragraphs.last().is_some_and(|p| {
            let p = p.trim_end();
            p.ends_with("...") || p.ends_with('…')
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Answerer {
    pub name: Option<Arc<str>>,
    pub role: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<u32>,
}

impl Answerer {
    /// What to call the answering minister on screen: the name, else the id the source gave.
    pub fn display_name(&self) -> String {
        shown_name(self.name.as_deref(), self.member_id, "Unknown minister")
    }
}

/// A government press release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PressRelease {
    /// `pr-` and a readable slug of month and title.
    pub id: String,
    pub title: String,
    /// `YYYY-MM`, from the item's `[Month YYYY]` tag or its issue date.
    pub month: Option<Arc<str>>,
    pub date: Option<Arc<str>>,
    pub department: Option<Arc<str>>,
    /// The body in order. Bullet items start with `• `; a quote's paragraphs are here too.
    pub paragraphs: Vec<String>,
    pub quotes: Vec<Quote>,
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub speaker: String,
    pub text: String,
    /// Index into `paragraphs` of the quote's first paragraph, so views can show it in place.
    pub paragraph: usize,
}

/// Where a record was read: a file and an inclusive 1-based line range.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceRef {
    pub file: Arc<str>,
    pub first_line: u32,
    pub last_line: u32,
}

/// One input file and how it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub name: String,
    pub format: Format,
    pub lines: u32,
    /// Inclusive line ranges recognised as page furniture (search hints, tag headers).
    pub boilerplate: Vec<[u32; 2]>,
}

/// The input formats the parser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `Asked by:` / `Question to` / question / `Answered by` / answer lines.
    Compact,
    /// Page text with `Written Question`, heading and date lines, blank-line paragraphs.
    Page,
    /// A tag page of `• PRESS RELEASE : TITLE [Month YYYY]` items.
    PressReleases,
    /// Official written-questions API JSON.
    ApiJson,
    /// The explorer's own corpus JSON.
    CorpusJson,
    /// Parliament's Members API JSON: no records, the names of members known by id
    /// (`corpus::members`).
    MembersJson,
    /// The explorer's bundle (`pqx bundle`): records and their finished index, in binary. Told
    /// apart by its first bytes, so not among the text formats of `ALL`.
    Bundle,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Compact,
        Format::Page,
        Format::PressReleases,
        Format::ApiJson,
        Format::CorpusJson,
        Format::MembersJson,
    ];

    /// The name used on the command line and in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            Format::Compact => "compact",
            Format::Page => "page",
            Format::PressReleases => "press-releases",
            Format::ApiJson => "api-json",
            Format::CorpusJson => "corpus-json",
            Format::MembersJson => "members-json",
            Format::Bundle => "bundle",
        }
    }

    /// Accepts the names above and the short letters `a`, `b`, `c`.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "a" | "compact" => Some(Format::Compact),
            "b" | "page" => Some(Format::Page),
            "c" | "press" | "press-releases" => Some(Format::PressReleases),
            "api" | "api-json" => Some(Format::ApiJson),
            "corpus" | "corpus-json" => Some(Format::CorpusJson),
            "members" | "members-json" => Some(Format::MembersJson),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Input that was not used: the lines it names are in no record.
    Error,
    /// Input that was used, but something about it is doubtful or missing.
    Warning,
}

/// Something the parser could not read, or read with doubt. Says where and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u32,
    /// The last line the diagnostic covers, when it covers more than one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub severity: Severity,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(end) = self.end_line {
            write!(f, "-{end}")?;
        }
        if let Some(col) = self.column {
            write!(f, ":{col}")?;
        }
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {level}: {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::{Answer, Answerer, Member, Question, Sharing};
    use std::sync::Arc;

    #[test]
    fn an_api_question_links_to_its_official_page_and_others_do_not() {
        let question = |uin: Option<&str>, tabled: Option<&str>| Question {
            uin: uin.map(str::to_string),
            date_tabled: tabled.map(Arc::from),
            ..crate::corpus::synthesize(1, 1).questions.remove(0)
        };
        let check = |uin, tabled, expect: Option<&str>| {
            assert_eq!(
                question(uin, tabled).official_url().as_deref(),
                expect,
                "{uin:?} {tabled:?}"
            );
        };
        check(
            Some("64916"),
            Some("2025-07-03"),
            Some("https://questions-statements.parliament.uk/written-questions/detail/2025-07-03/64916"),
        );
        check(
            Some("HL11520"),
            Some("2025-10-21T00:00:00"),
            Some("https://questions-statements.parliament.uk/written-questions/detail/2025-10-21/HL11520"),
        );
        // Without the tabled date (page and compact text), or with what is not a date or a UIN.
        check(Some("64916"), None, None);
        check(None, Some("2025-07-03"), None);
        check(Some("64916"), Some("2025-7-3"), None);
        check(Some("64916"), Some("2025/07/03"), None);
        check(Some("649 16"), Some("2025-07-03"), None);
        check(Some("../x?y"), Some("2025-07-03"), None);
        check(Some(""), Some("2025-07-03"), None);
        assert_eq!(
            super::member_url(4813),
            "https://members.parliament.uk/member/4813"
        );
    }

    #[test]
    fn an_api_question_text_at_the_apis_limit_looks_cut_short() {
        let question = |text: &str, tabled: Option<&str>| Question {
            text: text.to_string(),
            date_tabled: tabled.map(Arc::from),
            ..crate::corpus::synthesize(1, 1).questions.remove(0)
        };
        let opening = "To ask the Secretary of State for Work and Pensions, ";
        let long = |end: &str| {
            let mut text = opening.to_string();
            while text.chars().count() + end.chars().count() < 255 {
                text.push_str("what ");
            }
            text.truncate(255 - end.chars().count());
            text + end
        };
        let check = |text: &str, tabled, expect: bool| {
            assert_eq!(
                question(text, tabled).text_looks_cut_short(),
                expect,
                "{tabled:?} {} characters ending {:?}",
                text.chars().count(),
                &text[text.len() - 12..]
            );
        };
        // Cut mid-word at 255 characters, or a space or two before it (trimmed by the parser).
        check(&long("in the next five ye"), Some("2025-07-03"), true);
        check(long("ye").trim_end_matches('e'), Some("2025-07-03"), true);
        check(
            &long("(a) establish the new regulator (b"),
            Some("2025-07-03"),
            true,
        );
        check(&long("’s pay in the next year"), Some("2025-07-03"), true);
        // Whole: a sentence's end at the limit, or shorter than the limit.
        check(&long("in the next five years."), Some("2025-07-03"), false);
        check(&long("in the next five years?"), Some("2025-07-03"), false);
        check(&long("a ‘political offence’"), Some("2025-07-03"), false);
        check(
            &format!("{opening}what plans she has"),
            Some("2025-07-03"),
            false,
        );
        // Not the official API's: compact and page text give the whole question.
        check(&long("in the next five ye"), None, false);
    }

    #[test]
    fn an_answer_ending_in_an_ellipsis_looks_cut_short() {
        let answer = |paragraphs: &[&str]| Answer {
            by: Answerer::default(),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            holding: false,
        };
        assert!(answer(&["Information remains available on the websit..."]).looks_cut_short());
        assert!(answer(&["First.", "And then \u{2026} "]).looks_cut_short());
        assert!(
            !answer(&["The Act sets out which agencies may use each power."]).looks_cut_short()
        );
        assert!(!answer(&["Ends... ", "Whole."]).looks_cut_short());
        assert!(!answer(&[]).looks_cut_short());
    }

    #[test]
    fn shared_texts_are_one_allocation_and_the_same_values() {
        // At once, and in steps of 7 questions (an import's way).
        for step in [usize::MAX, 7] {
            let mut corpus = crate::corpus::synthesize(200, 5);
            // As a JSON parse leaves them: every text its own allocation.
            for q in &mut corpus.questions {
                q.asker.party = q.asker.party.as_deref().map(Arc::from);
                q.department = q.department.as_deref().map(Arc::from);
            }
            let before = corpus.clone();
            let mut sharing = Sharing::default();
            let mut steps = 1;
            while !sharing.share_some(&mut corpus, step) {
                steps += 1;
            }
            assert_eq!(steps, corpus.questions.len().div_ceil(step).max(1));
            assert_eq!(corpus, before);
            // Every party and department text is the first allocation of that text.
            let mut first: std::collections::HashMap<&str, &Arc<str>> = Default::default();
            let texts = corpus
                .questions
                .iter()
                .flat_map(|q| [&q.asker.party, &q.department])
                .flatten();
            for text in texts {
                assert!(
                    Arc::ptr_eq(first.entry(&**text).or_insert(text), text),
                    "{text}"
                );
            }
            assert!(first.len() > 10);
        }
    }

    #[test]
    fn people_are_shown_by_name_else_by_member_id() {
        let member = |name: Option<&str>, member_id| Member {
            name: name.map(Into::into),
            member_id,
            ..Member::default()
        };
        let answerer = |name: Option<&str>, member_id| Answerer {
            name: name.map(Into::into),
            role: None,
            member_id,
        };
        assert_eq!(
            member(Some("Jo Bloggs"), Some(7)).display_name(),
            "Jo Bloggs"
        );
        assert_eq!(member(None, Some(7)).display_name(), "Member #7");
        assert_eq!(member(None, None).display_name(), "Unknown member");
        assert_eq!(
            answerer(Some("Ann Minister"), None).display_name(),
            "Ann Minister"
        );
        assert_eq!(answerer(None, Some(9)).display_name(), "Member #9");
        assert_eq!(answerer(None, None).display_name(), "Unknown minister");
    }
}
