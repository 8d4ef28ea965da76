//! The query language: words (AND), `"phrases"`, `-exclusions`, `a OR b`, a trailing partial
//! word as a prefix (type-ahead) or an explicit `word*`, and field filters `member:`, `party:`,
//! `house:`, `dept:`, `answerer:`, `answered:yes|no|holding`, `kind:question|press`,
//! `from:2025-01`, `to:2025-06`, `uin:`, `named:yes|on-time|late|pending`.
//!
//! Parsing never fails: unknown fields, bad values and unbalanced quotes become `notes` for the
//! user and the rest of the query still runs.

use super::forms::WordForms;
use super::spelling::Correction;
use super::tokenize::{for_each_token, is_stop_word, tokenize};
use crate::corpus::lines::slugify;
use crate::corpus::House;

/// One way for a document to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    Term(String),
    Prefix(String),
    /// Words that must appear at consecutive positions in one field.
    Phrase(Vec<String>),
}

/// Alternatives joined by `OR`; a document matches the clause if it matches any of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub alternatives: Vec<Matcher>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Question,
    PressRelease,
}

impl Kind {
    /// The name the explorer shows for the kind.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Question => "Written questions",
            Kind::PressRelease => "Press releases",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Kind::Question => "question",
            Kind::PressRelease => "press",
        }
    }

    pub fn from_slug(s: &str) -> Option<Kind> {
        match s.to_ascii_lowercase().as_str() {
            "question" | "questions" | "q" => Some(Kind::Question),
            "press" | "press-release" | "press-releases" | "pr" => Some(Kind::PressRelease),
            _ => None,
        }
    }
}

/// Where a question stands: answered in substance, holding answer only, or not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Answered {
    Yes,
    Holding,
    No,
}

impl Answered {
    /// The name the explorer shows for the answer state.
    pub fn label(self) -> &'static str {
        match self {
            Answered::Yes => "Answered",
            Answered::Holding => "Holding answer",
            Answered::No => "Unanswered",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Answered::Yes => "yes",
            Answered::Holding => "holding",
            Answered::No => "no",
        }
    }

    pub fn from_slug(s: &str) -> Option<Answered> {
        match s.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "answered" => Some(Answered::Yes),
            "no" | "n" | "false" | "unanswered" => Some(Answered::No),
            "holding" => Some(Answered::Holding),
            _ => None,
        }
    }
}

/// Where a Commons named day question stood against its named day, as a filter asks for it
/// (`response::NamedDay` says how it is told): any named day question, or one answered in
/// substance by its day, one not (answered later, or overdue when its source was taken), or
/// one unanswered in sources taken by its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Named {
    Any,
    OnTime,
    Late,
    Pending,
}

impl Named {
    /// The name the explorer shows for the filter.
    pub fn label(self) -> &'static str {
        match self {
            Named::Any => "Named day question",
            Named::OnTime => "Named day: on time",
            Named::Late => "Named day: late",
            Named::Pending => "Named day: not yet come",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Named::Any => "yes",
            Named::OnTime => "on-time",
            Named::Late => "late",
            Named::Pending => "pending",
        }
    }

    pub fn from_slug(s: &str) -> Option<Named> {
        match s.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "any" => Some(Named::Any),
            "on-time" | "ontime" | "on-the-day" => Some(Named::OnTime),
            "late" | "overdue" => Some(Named::Late),
            "pending" => Some(Named::Pending),
            _ => None,
        }
    }

    /// Whether a question that stood so (`OnTime`, `Late` or `Pending`) is one this asks for.
    pub fn admits(self, stood: Named) -> bool {
        self == Named::Any || self == stood
    }
}

/// How a filter value is compared with a record's value (both as slugs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueMatch {
    /// The slug itself: what a facet click selects.
    Exact(String),
    /// The slug or a hyphen-bounded part of it: what a typed `member:lewis` means.
    Loose(String),
}

impl ValueMatch {
    pub fn matches(&self, slug: &str) -> bool {
        match self {
            ValueMatch::Exact(want) => slug == want,
            ValueMatch::Loose(want) => {
                slug == want
                    || slug.starts_with(&format!("{want}-"))
                    || slug.ends_with(&format!("-{want}"))
                    || slug.contains(&format!("-{want}-"))
            }
        }
    }
}

/// Restrictions on record fields. Values within one list are alternatives (OR); lists are
/// combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub members: Vec<ValueMatch>,
    pub parties: Vec<ValueMatch>,
    pub departments: Vec<ValueMatch>,
    pub answerers: Vec<ValueMatch>,
    pub houses: Vec<House>,
    pub kinds: Vec<Kind>,
    pub answered: Vec<Answered>,
    /// Named day questions, by where they stood against their day.
    pub named: Vec<Named>,
    /// Inclusive bounds as `YYYYMMDD` numbers; undated records fail any bound.
    pub from: Option<u32>,
    pub to: Option<u32>,
    pub uins: Vec<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        // Each field named, so a new one is not forgotten; no default made to compare with
        // (every search asks, the quickest ones too).
        let Filters {
            members,
            parties,
            departments,
            answerers,
            houses,
            kinds,
            answered,
            named,
            from,
            to,
            uins,
        } = self;
        members.is_empty()
            && parties.is_empty()
            && departments.is_empty()
            && answerers.is_empty()
            && houses.is_empty()
            && kinds.is_empty()
            && answered.is_empty()
            && named.is_empty()
            && from.is_none()
            && to.is_none()
            && uins.is_empty()
    }

    /// Adds every restriction of `other` to this one.
    pub fn extend(&mut self, other: Filters) {
        self.members.extend(other.members);
        self.parties.extend(other.parties);
        self.departments.extend(other.departments);
        self.answerers.extend(other.answerers);
        self.houses.extend(other.houses);
        self.kinds.extend(other.kinds);
        self.answered.extend(other.answered);
        self.named.extend(other.named);
        self.from = match (self.from, other.from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.to = match (self.to, other.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.uins.extend(other.uins);
    }
}

/// The fields whose values are names, matched by their slugs (`member:lewis`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueField {
    Member,
    Party,
    Department,
    Answerer,
}

impl ValueField {
    pub const ALL: [ValueField; 4] = [
        ValueField::Member,
        ValueField::Party,
        ValueField::Department,
        ValueField::Answerer,
    ];

    /// The field a query names (`member:`, `asker:` or `by:` for the member, …), lowercase.
    pub fn of(name: &str) -> Option<ValueField> {
        match name {
            "member" | "asker" | "by" => Some(ValueField::Member),
            "party" => Some(ValueField::Party),
            "dept" | "department" => Some(ValueField::Department),
            "answerer" | "minister" => Some(ValueField::Answerer),
            _ => None,
        }
    }

    /// The values `filters` asks of this field.
    pub fn values(self, filters: &Filters) -> &[ValueMatch] {
        match self {
            ValueField::Member => &filters.members,
            ValueField::Party => &filters.parties,
            ValueField::Department => &filters.departments,
            ValueField::Answerer => &filters.answerers,
        }
    }

    fn values_mut(self, filters: &mut Filters) -> &mut Vec<ValueMatch> {
        match self {
            ValueField::Member => &mut filters.members,
            ValueField::Party => &mut filters.parties,
            ValueField::Department => &mut filters.departments,
            ValueField::Answerer => &mut filters.answerers,
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// All must match (AND); an empty list matches every document.
    pub clauses: Vec<Clause>,
    /// None may match.
    pub exclude: Vec<Matcher>,
    pub filters: Filters,
    /// What was not understood, in words for the user.
    pub notes: Vec<String>,
}

impl Query {
    /// Every word the query looks for, for highlighting and scoring.
    pub fn positive_terms(&self) -> Vec<&Matcher> {
        self.clauses
            .iter()
            .flat_map(|c| c.alternatives.iter())
            .collect()
    }
}

/// `2025-01` → `20250101` as a lower bound, `20250131` as an upper one; `2025` and
/// `2025-01-15` work too.
pub fn parse_date_bound(s: &str, upper: bool) -> Option<u32> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (year, month, day) = match parts.as_slice() {
        [y] => (num(y, 4)?, if upper { 12 } else { 1 }, None),
        [y, m] => (num(y, 4)?, num(m, 2)?, None),
        [y, m, d] => (num(y, 4)?, num(m, 2)?, Some(num(d, 2)?)),
        _ => return None,
    };
    if !(1..=12).contains(&month) {
        return None;
    }
    let day = match day {
        Some(d) if (1..=31).contains(&d) => d,
        Some(_) => return None,
        None if upper => 31,
        None => 1,
    };
    Some(year * 10_000 + month * 100 + day)
}

const FIELDS: &str = "member, party, house, dept, answerer, answered, named, kind, from, to, uin";

/// Parses a query string. Never fails.
pub fn parse_query(input: &str) -> Query {
    let mut query = Query::default();
    let mut notes = Vec::new();
    let mut items = lex(input, &mut notes).peekable();
    let mut pending_or = false;
    while let Some(item) = items.next() {
        let is_last = items.peek().is_none();
        match item {
            Item::Or => {
                if query.clauses.is_empty() {
                    query
                        .notes
                        .push("'OR' needs a word before it; ignored".into());
                } else {
                    pending_or = true;
                }
            }
            Item::Field {
                name,
                value,
                negated,
                ..
            } => {
                pending_or = false;
                read_field(&mut query, name, value, negated);
            }
            Item::Words {
                text,
                quoted,
                negated,
                ..
            } => {
                let open_prefix =
                    is_last && !quoted && !negated && !input.ends_with(char::is_whitespace);
                let Some(matcher) = words_matcher(text, quoted, open_prefix) else {
                    continue;
                };
                if negated {
                    query.exclude.extend(matcher);
                    pending_or = false;
                    continue;
                }
                match (pending_or, query.clauses.last_mut()) {
                    (true, Some(last)) => last.alternatives.extend(matcher),
                    _ => query.clauses.push(Clause {
                        alternatives: matcher,
                    }),
                }
                pending_or = false;
            }
        }
    }
    if pending_or {
        query
            .notes
            .push("'OR' needs a word after it; ignored".into());
    }
    // The reader's notes (a quote not closed) come first, as they did when it read the query
    // whole before the rest.
    if !notes.is_empty() {
        notes.append(&mut query.notes);
        query.notes = notes;
    }
    drop_stop_words(&mut query.clauses);
    query
}

/// A query's text rewritten, and the words the rewriting put in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    pub query: String,
    /// Each word added or put in place of another, once, in the order they come; none when the
    /// text is as it was.
    pub words: Vec<String>,
}

/// `input` with each of `forms`' words followed by its forms, joined with `OR`
/// (`school funding` → `school OR schools OR schooling funding`), where the word stands alone
/// (`edit_words`): not in quotes, so `"school"`'s forms are not added, nor named.
pub fn with_alternatives(input: &str, forms: &[WordForms]) -> Rewritten {
    let mut words = Vec::new();
    let query = edit_words(input, |standing| {
        let Standing::Word(word) = standing else {
            return None;
        };
        let f = forms.iter().find(|f| f.word == word)?;
        note_words(&mut words, &f.forms);
        Some(Edit::Follow(&f.forms))
    });
    Rewritten { query, words }
}

/// `input` with each of `corrections`' words replaced by the nearest word the index has
/// (`palantri police` → `palantir police`, `"facial recogniton"` → `"facial recognition"`),
/// and each of its field values by the nearest value (`member:lewsi` →
/// `member:clive-lewis`); words excluded are left as they are (`edit_words`).
pub fn with_words_changed(input: &str, corrections: &[Correction]) -> Rewritten {
    let mut words = Vec::new();
    let query = edit_words(input, |standing| {
        let (c, text) = match standing {
            Standing::Word(word) | Standing::InPhrase(word) => {
                let c = corrections
                    .iter()
                    .find(|c| c.field.is_none() && c.word == word)?;
                (c, c.nearest.clone())
            }
            Standing::Field { name, field, slug } => {
                let c = corrections
                    .iter()
                    .find(|c| c.field == Some(field) && c.word == slug)?;
                (c, format!("{name}:{}", c.nearest))
            }
        };
        note_words(&mut words, std::slice::from_ref(&c.nearest));
        Some(Edit::Replace(text))
    });
    Rewritten { query, words }
}

/// The parts of a query one could leave out, each as typed with the query without it: its
/// words, phrases and fields, but not a part joined to another by `OR` nor one excluded (`-`).
/// The words left keep their meaning: a last word left out leaves the one before it whole,
/// not a prefix.
pub fn without_each_part(input: &str) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    let items: Vec<Item> = lex(input, &mut notes).collect();
    let is_or = |i: Option<&Item>| matches!(i, Some(Item::Or));
    let parts: Vec<(usize, usize, bool)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let (start, end) = match item {
                Item::Words {
                    negated: false,
                    start,
                    end,
                    ..
                }
                | Item::Field {
                    negated: false,
                    start,
                    end,
                    ..
                } => (*start, *end),
                _ => return None,
            };
            let joined =
                is_or(i.checked_sub(1).and_then(|b| items.get(b))) || is_or(items.get(i + 1));
            (!joined).then_some((start, end, i + 1 == items.len()))
        })
        .collect();
    parts
        .into_iter()
        .map(|(start, end, last)| {
            let after = input[end..].trim_start();
            let mut rest = input[..start].trim_end().to_string();
            if !rest.is_empty() && !after.is_empty() {
                rest.push(' ');
            }
            rest += after;
            if last && !rest.is_empty() {
                rest.push(' ');
            }
            (input[start..end].to_string(), rest)
        })
        .collect()
}

/// Adds to `words` those of `new` it has not got.
fn note_words(words: &mut Vec<String>, new: &[String]) {
    for word in new {
        if !words.contains(word) {
            words.push(word.clone());
        }
    }
}

/// The runs of letters and digits in `input[start..end]`, as `(start, end)` in bytes of
/// `input`.
fn word_runs(input: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut from = None;
    for (at, c) in input[start..end].char_indices() {
        match (c.is_alphanumeric(), from) {
            (true, None) => from = Some(start + at),
            (false, Some(f)) => {
                runs.push((f, start + at));
                from = None;
            }
            _ => {}
        }
    }
    runs.extend(from.map(|f| (f, end)));
    runs
}

/// A word of the query where it stands alone, one within a phrase or a hyphenated word, or a
/// field's value (`edit_words`).
enum Standing<'t> {
    /// The word as the index has it (`Schools,` → `schools`).
    Word(&'t str),
    /// A word within a phrase or a hyphenated word, as the index has it: it can be replaced,
    /// not followed by others.
    InPhrase(&'t str),
    /// A name field's value, as its slug, and the field's name as typed.
    Field {
        name: &'t str,
        field: ValueField,
        slug: String,
    },
}

/// What becomes of a word of the query (`edit_words`).
enum Edit<'a> {
    /// Followed by these words, each after `OR`.
    Follow(&'a [String]),
    /// Replaced by this text.
    Replace(String),
}

/// `input` with the words and field values `edit` names changed: a word where it stands alone
/// (not in quotes, not excluded, not part of a hyphenated word), a word within a phrase or a
/// hyphenated word (the run of letters and digits that is the word), a name field's value
/// whole. The rest of the text is kept as typed.
fn edit_words<'a>(input: &str, mut edit: impl FnMut(Standing<'_>) -> Option<Edit<'a>>) -> String {
    let mut notes = Vec::new();
    // The spans of the input `edit` changes, in order, each as `(start, end, edit)`.
    let mut edits: Vec<(usize, usize, Edit<'a>)> = Vec::new();
    for item in lex(input, &mut notes) {
        match item {
            Item::Words {
                text,
                quoted,
                negated: false,
                start,
                end,
            } => match (quoted, words_matcher(text, quoted, false).as_deref()) {
                (false, Some([Matcher::Term(word) | Matcher::Prefix(word)])) => {
                    edits.extend(edit(Standing::Word(word)).map(|e| (start, end, e)));
                }
                _ => {
                    for (start, end) in word_runs(input, start, end) {
                        if let [word] = tokenize(&input[start..end]).as_slice() {
                            // A phrase's word is replaced, never followed by others.
                            let replace = edit(Standing::InPhrase(&word.text))
                                .filter(|e| matches!(e, Edit::Replace(_)));
                            edits.extend(replace.map(|e| (start, end, e)));
                        }
                    }
                }
            },
            Item::Field {
                name,
                value,
                start,
                end,
                ..
            } => {
                if let Some(field) = ValueField::of(&name.to_ascii_lowercase()) {
                    let slug = slugify(value, 120);
                    let standing = Standing::Field { name, field, slug };
                    edits.extend(edit(standing).map(|e| (start, end, e)));
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(input.len() + 32);
    let mut at = 0;
    for (start, end, edit) in edits {
        out += &input[at..start];
        match edit {
            Edit::Follow(words) => {
                out += &input[start..end];
                words.iter().for_each(|w| out += &format!(" OR {w}"));
            }
            Edit::Replace(text) => out += &text,
        }
        at = end;
    }
    out += &input[at..];
    out
}

/// Drops clauses that are only a stop word, unless that would leave no words at all.
fn drop_stop_words(clauses: &mut Vec<Clause>) {
    // One clause stays whether it is a stop word or not.
    if clauses.len() < 2 {
        return;
    }
    let is_stop = |c: &Clause| {
        c.alternatives
            .iter()
            .all(|m| matches!(m, Matcher::Term(t) if is_stop_word(t)))
    };
    if clauses.iter().any(|c| !is_stop(c)) {
        clauses.retain(|c| !is_stop(c));
    }
}

/// The matcher(s) for a bare word or quoted phrase. A bare word that tokenises into several
/// words (`anti-social`, `covid-19`) is a phrase of them, or its joined form.
fn words_matcher(text: &str, quoted: bool, open_prefix: bool) -> Option<Vec<Matcher>> {
    let explicit_prefix = !quoted && text.ends_with('*');
    // The first word, and the words after it (a phrase's): most queries' words are one word,
    // which then takes one allocation, its own.
    let mut first: Option<String> = None;
    let mut more: Vec<String> = Vec::new();
    let mut joined: Vec<String> = Vec::new();
    let mut next_position = 0;
    for_each_token(text.trim_end_matches('*'), |word, position| {
        // A joined hyphenated form repeats the position of its first part.
        if position < next_position {
            joined.push(word.to_string());
        } else {
            next_position = position + 1;
            match first {
                None => first = Some(word.to_string()),
                Some(_) => more.push(word.to_string()),
            }
        }
    });
    let first = first?;
    if more.is_empty() {
        let prefix = explicit_prefix || open_prefix;
        return Some(vec![if prefix {
            Matcher::Prefix(first)
        } else {
            Matcher::Term(first)
        }]);
    }
    more.insert(0, first);
    let mut alternatives = vec![Matcher::Phrase(more)];
    if !quoted {
        alternatives.extend(joined.into_iter().map(Matcher::Term));
    }
    Some(alternatives)
}

fn read_field(query: &mut Query, name: &str, value: &str, negated: bool) {
    let field = name.to_ascii_lowercase();
    if negated {
        query.notes.push(format!(
            "'-{field}:' cannot exclude; searched as '{field}:{value}'"
        ));
    }
    if value.trim().is_empty() {
        query.notes.push(format!(
            "'{field}:' needs a value, such as {}",
            example(&field)
        ));
        return;
    }
    let slug = slugify(value, 120);
    let filters = &mut query.filters;
    if let Some(names) = ValueField::of(&field) {
        names.values_mut(filters).push(ValueMatch::Loose(slug));
        return;
    }
    let bad = |notes: &mut Vec<String>| {
        notes.push(format!(
            "'{field}:{value}' is not understood: use {}",
            example(&field)
        ));
    };
    match field.as_str() {
        "house" => match slug.as_str() {
            "commons" | "c" | "hoc" => filters.houses.push(House::Commons),
            "lords" | "l" | "hol" => filters.houses.push(House::Lords),
            _ => bad(&mut query.notes),
        },
        "answered" => match Answered::from_slug(&slug) {
            Some(a) => filters.answered.push(a),
            None => bad(&mut query.notes),
        },
        "named" | "named-day" => match Named::from_slug(&slug) {
            Some(n) => filters.named.push(n),
            None => bad(&mut query.notes),
        },
        "kind" | "type" => match Kind::from_slug(&slug) {
            Some(k) => filters.kinds.push(k),
            None => bad(&mut query.notes),
        },
        "from" | "since" => match parse_date_bound(value, false) {
            Some(d) => filters.from = Some(filters.from.map_or(d, |f| f.max(d))),
            None => bad(&mut query.notes),
        },
        "to" | "until" => match parse_date_bound(value, true) {
            Some(d) => filters.to = Some(filters.to.map_or(d, |t| t.min(d))),
            None => bad(&mut query.notes),
        },
        "uin" => filters.uins.push(value.trim().to_ascii_uppercase()),
        _ => query.notes.push(format!(
            "'{name}:' is not a field ({FIELDS}); '{name}:{value}' was left out"
        )),
    }
}

fn example(field: &str) -> &'static str {
    match field {
        "house" => "house:commons or house:lords",
        "answered" => "answered:yes, answered:no or answered:holding",
        "named" | "named-day" => "named:yes, named:on-time, named:late or named:pending",
        "kind" | "type" => "kind:question or kind:press",
        "from" | "since" => "from:2025-01 (a year, month or day)",
        "to" | "until" => "to:2025-06 (a year, month or day)",
        "member" | "asker" | "by" => "member:clive-lewis or member:\"Clive Lewis\"",
        "party" => "party:labour",
        "dept" | "department" => "dept:home-office",
        "uin" => "uin:HL11520",
        _ => "field:value",
    }
}

/// A lexical item of the query string: its text borrowed from the query.
#[derive(Debug, PartialEq)]
enum Item<'a> {
    Words {
        text: &'a str,
        quoted: bool,
        negated: bool,
        /// Where it starts and ends, in bytes of the query.
        start: usize,
        end: usize,
    },
    Field {
        name: &'a str,
        value: &'a str,
        negated: bool,
        /// Where it starts (its name) and ends, in bytes of the query.
        start: usize,
        end: usize,
    },
    Or,
}

/// A straight or curly double quote: each opens or closes a phrase.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}')
}

/// The items of a query string, in order, read as they are asked for (nothing is copied).
///
/// Invariant: `at` is on a character boundary of `input`, and everything before it has been
/// read into an item or was white space.
struct Lexer<'a, 'n> {
    input: &'a str,
    at: usize,
    /// Where the reader's notes go (an unclosed quote).
    notes: &'n mut Vec<String>,
}

fn lex<'a, 'n>(input: &'a str, notes: &'n mut Vec<String>) -> Lexer<'a, 'n> {
    Lexer {
        input,
        at: 0,
        notes,
    }
}

impl<'a> Iterator for Lexer<'a, '_> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let input = self.input;
        let rest = &input[self.at..];
        let mut i = self.at + (rest.len() - rest.trim_start().len());
        let mut chars = input[i..].chars();
        let first = chars.next()?;
        let negated = first == '-' && chars.next().is_some_and(|c| !c.is_whitespace());
        if negated {
            i += 1;
        }
        let char_at = |at: usize| input[at..].chars().next();
        // Where the run from `from` of characters other than white space (and `stop`) ends.
        let run_end = |from: usize, stop: fn(char) -> bool| {
            input[from..]
                .find(|c: char| c.is_whitespace() || stop(c))
                .map_or(input.len(), |len| from + len)
        };
        if let Some(quote) = char_at(i).filter(|&c| is_quote(c)) {
            let (text, next) = self.quoted(i + quote.len_utf8());
            self.at = next;
            return Some(Item::Words {
                text,
                quoted: true,
                negated,
                start: i,
                end: next,
            });
        }
        let start = i;
        i = run_end(start, |c| is_quote(c) || c == ':');
        let name = &input[start..i];
        let is_field = input[i..].starts_with(':')
            && !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphabetic());
        if is_field {
            i += 1;
            let value = match char_at(i).filter(|&c| is_quote(c)) {
                Some(quote) => {
                    let (text, next) = self.quoted(i + quote.len_utf8());
                    i = next;
                    text
                }
                None => {
                    let value_start = i;
                    i = run_end(i, |_| false);
                    &input[value_start..i]
                }
            };
            self.at = i;
            return Some(Item::Field {
                name,
                value,
                negated,
                start,
                end: i,
            });
        }
        // A colon inside a word (`12:30`) or after non-letters is just text.
        i = run_end(i, is_quote);
        self.at = i;
        let word = &input[start..i];
        Some(if word == "OR" && !negated {
            Item::Or
        } else {
            Item::Words {
                text: word,
                quoted: false,
                negated,
                start,
                end: i,
            }
        })
    }
}

impl<'a> Lexer<'a, '_> {
    /// Reads a quoted string from `start` (just after the opening quote), with where the item
    /// ends; an unclosed quote runs to the end with a note.
    fn quoted(&mut self, start: usize) -> (&'a str, usize) {
        let input = self.input;
        match input[start..].char_indices().find(|&(_, c)| is_quote(c)) {
            Some((len, quote)) => (&input[start..start + len], start + len + quote.len_utf8()),
            None => {
                self.notes
                    .push("a quote is not closed; the phrase runs to the end of the query".into());
                (&input[start..], input.len())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_empty_only_with_no_restriction_at_all() {
        assert!(Filters::default().is_empty());
        for field in [
            "member:lewis",
            "party:labour",
            "dept:home-office",
            "answerer:smith",
            "house:lords",
            "kind:press",
            "answered:no",
            "named:late",
            "from:2025",
            "to:2025",
            "uin:12345",
        ] {
            let filters = parse_query(field).filters;
            assert!(!filters.is_empty(), "{field}");
            assert_ne!(filters, Filters::default(), "{field}");
        }
    }

    #[test]
    fn a_query_without_each_of_its_parts() {
        let check = |input: &str, expect: &[(&str, &str)]| {
            let got = without_each_part(input);
            let got: Vec<(&str, &str)> =
                got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            assert_eq!(got, expect, "{input}");
        };
        check(
            "police funding schools",
            &[
                ("police", "funding schools"),
                ("funding", "police schools"),
                ("schools", "police funding "),
            ],
        );
        check(
            "\"local authorities\" party:labour -police ",
            &[
                ("\"local authorities\"", "party:labour -police "),
                ("party:labour", "\"local authorities\" -police "),
            ],
        );
        // Parts joined by OR stay.
        check(
            "police OR constabulary funding",
            &[("funding", "police OR constabulary ")],
        );
        check(
            "school OR schools funding palantir ",
            &[
                ("funding", "school OR schools palantir "),
                ("palantir", "school OR schools funding "),
            ],
        );
        check("palantir", &[("palantir", "")]);
        check("-palantir", &[]);
        check("", &[]);
        // Curly quotes and letters of more than one byte are cut at their edges.
        check(
            "caf\u{e9} \u{201c}na\u{ef}ve policy\u{201d} \u{a3}5m",
            &[
                ("caf\u{e9}", "\u{201c}na\u{ef}ve policy\u{201d} \u{a3}5m"),
                ("\u{201c}na\u{ef}ve policy\u{201d}", "caf\u{e9} \u{a3}5m"),
                ("\u{a3}5m", "caf\u{e9} \u{201c}na\u{ef}ve policy\u{201d} "),
            ],
        );
    }

    /// Renders a query compactly: clauses `&`-joined, alternatives `|`-joined, then exclusions,
    /// filters and notes.
    fn render(q: &Query) -> String {
        let m = |m: &Matcher| match m {
            Matcher::Term(t) => t.clone(),
            Matcher::Prefix(p) => format!("{p}*"),
            Matcher::Phrase(words) => format!("\"{}\"", words.join(" ")),
        };
        let mut out: Vec<String> = q
            .clauses
            .iter()
            .map(|c| c.alternatives.iter().map(m).collect::<Vec<_>>().join("|"))
            .collect();
        out.extend(q.exclude.iter().map(|e| format!("-{}", m(e))));
        if !q.filters.is_empty() {
            out.push(format!("{:?}", q.filters));
        }
        out.extend(q.notes.iter().map(|n| format!("note: {n}")));
        out.join(" & ")
    }

    fn check(input: &str, expect: &str) {
        assert_eq!(render(&parse_query(input)), expect, "{input}");
    }

    #[test]
    fn words_phrases_exclusions_and_or() {
        check("facial recognition ", "facial & recognition");
        check("facial recog", "facial & recog*");
        check(
            "\"facial recognition\" -palantir ",
            "\"facial recognition\" & -palantir",
        );
        check("drones OR aircraft police ", "drones|aircraft & police");
        check("anti-social ", "\"anti social\"|antisocial");
        check("the police ", "police");
        check("the ", "the");
        check("polic* force ", "polic* & force");
        check("£365,000 ", "365000");
        check("", "");
    }

    #[test]
    fn field_filters() {
        check(
            "party:labour house:lords ai ",
            "ai & Filters { members: [], parties: [Loose(\"labour\")], departments: [], answerers: [], houses: [Lords], kinds: [], answered: [], named: [], from: None, to: None, uins: [] }",
        );
        let q = parse_query("member:\"Clive Lewis\" from:2025-01 to:2025-06 answered:holding kind:press uin:hl11520");
        assert_eq!(
            q.filters.members,
            vec![ValueMatch::Loose("clive-lewis".into())]
        );
        assert_eq!(q.filters.from, Some(20250101));
        assert_eq!(q.filters.to, Some(20250631));
        assert_eq!(q.filters.answered, vec![Answered::Holding]);
        assert_eq!(q.filters.kinds, vec![Kind::PressRelease]);
        assert_eq!(q.filters.uins, vec!["HL11520".to_string()]);
        assert!(q.clauses.is_empty());
        assert!(q.notes.is_empty(), "{:?}", q.notes);
    }

    #[test]
    fn named_day_filters() {
        let q = parse_query("named:late named:on-time named:yes named:pending");
        assert_eq!(
            q.filters.named,
            vec![Named::Late, Named::OnTime, Named::Any, Named::Pending]
        );
        assert!(q.notes.is_empty(), "{:?}", q.notes);
        check(
            "named:soon ai ",
            "ai & note: 'named:soon' is not understood: use named:yes, named:on-time, named:late or named:pending",
        );
        assert!(Named::Any.admits(Named::Late) && Named::Late.admits(Named::Late));
        assert!(!Named::OnTime.admits(Named::Late));
        for named in [Named::Any, Named::OnTime, Named::Late, Named::Pending] {
            assert_eq!(Named::from_slug(named.slug()), Some(named));
        }
    }

    #[test]
    fn mistakes_become_notes_and_the_rest_still_runs() {
        check(
            "colour:red police ",
            "police & note: 'colour:' is not a field (member, party, house, dept, answerer, answered, named, kind, from, to, uin); 'colour:red' was left out",
        );
        check(
            "\"facial recog",
            "\"facial recog\" & note: a quote is not closed; the phrase runs to the end of the query",
        );
        check(
            "house:moon ai ",
            "ai & note: 'house:moon' is not understood: use house:commons or house:lords",
        );
        check(
            "from:2025-13 ai ",
            "ai & note: 'from:2025-13' is not understood: use from:2025-01 (a year, month or day)",
        );
        check(
            "OR police ",
            "police & note: 'OR' needs a word before it; ignored",
        );
        check(
            "police OR ",
            "police & note: 'OR' needs a word after it; ignored",
        );
        check("12:30 meeting ", "\"12 30\" & meeting");
    }

    #[test]
    fn forms_join_their_word_where_it_stands_alone() {
        let forms = |word: &str, forms: &[&str]| WordForms {
            word: word.into(),
            forms: forms.iter().map(|f| f.to_string()).collect(),
        };
        let school = forms("school", &["schools", "schooling"]);
        let fund = forms("fund", &["funding"]);
        let check = |input: &str, expect: &str| {
            let out = with_alternatives(input, &[school.clone(), fund.clone()]).query;
            assert_eq!(out, expect, "{input}");
        };
        check(
            "School fund",
            "School OR schools OR schooling fund OR funding",
        );
        check(
            "school OR academy dept:education ",
            "school OR schools OR schooling OR academy dept:education ",
        );
        // Not in a phrase, an exclusion, a field's value or a hyphenated word.
        check(
            "\"school fund\" -school member:school school-fund",
            "\"school fund\" -school member:school school-fund",
        );
        check("", "");
        check("schools", "schools");
        // The result parses to the word's clause with its forms as alternatives.
        let out = with_alternatives("school fund ", &[school.clone(), fund.clone()]).query;
        assert_eq!(
            render(&parse_query(&out)),
            "school|schools|schooling & fund|funding"
        );
    }

    #[test]
    fn a_correction_takes_its_word_s_place_but_in_an_exclusion() {
        let corrections = [Correction {
            field: None,
            word: "palantri".into(),
            nearest: "palantir".into(),
        }];
        let check = |input: &str, expect: &str| {
            assert_eq!(
                with_words_changed(input, &corrections).query,
                expect,
                "{input}"
            );
        };
        check("Palantri police", "palantir police");
        check("police  palantri, ", "police  palantir ");
        check(
            "drones OR palantri dept:home-office",
            "drones OR palantir dept:home-office",
        );
        check(
            "-palantri member:palantri -\"palantri x\"",
            "-palantri member:palantri -\"palantri x\"",
        );
        // In a phrase or a hyphenated word, only the word's letters change.
        check(
            "\"Palantri\" \u{201c}the Palantri, system\u{201d} palantri-x \"palantri",
            "\"palantir\" \u{201c}the palantir, system\u{201d} palantir-x \"palantir",
        );
        // Letters of more than one byte before and within are kept as typed.
        check(
            "caf\u{e9} \u{201c}na\u{ef}ve palantri\u{201d} \u{a3}5 palantri-\u{e9}t\u{e9}",
            "caf\u{e9} \u{201c}na\u{ef}ve palantir\u{201d} \u{a3}5 palantir-\u{e9}t\u{e9}",
        );
        // A field's value is corrected by its own correction, whole, quoted or not.
        let lewis = Correction {
            field: Some(ValueField::Member),
            word: "clive-lewsi".into(),
            nearest: "clive-lewis".into(),
        };
        let fields = |input: &str| with_words_changed(input, std::slice::from_ref(&lewis)).query;
        assert_eq!(fields("Member:\"Clive Lewsi\" ai"), "Member:clive-lewis ai");
        assert_eq!(fields("by:clive-lewsi"), "by:clive-lewis");
        assert_eq!(
            fields("party:clive-lewsi clive-lewsi"),
            "party:clive-lewsi clive-lewsi"
        );
    }

    /// Property tests (native only: proptest is not built for wasm).
    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;

        /// Query text from pieces that exercise the lexer: words, `OR`, exclusions, quotes (curly
        /// too), fields, hyphens, colons, stars, accents and odd spacing.
        fn query_text() -> impl proptest::strategy::Strategy<Value = String> {
            use proptest::prelude::*;
            let piece = prop::sample::select(vec![
                "school",
                "Schools",
                "OR",
                "-school",
                "\"",
                "\u{201c}",
                "school-fund",
                "dept:home",
                "member:\"a b\"",
                "12:30",
                "fund*",
                "café",
                " ",
                "  ",
                "\t",
                "£365,000",
                ":",
                "-",
            ]);
            prop::collection::vec(piece, 0..10).prop_map(|p| p.concat())
        }

        proptest::proptest! {
            /// Whatever the text, adding forms or changing words keeps the query's exclusions,
            /// filters, notes and clauses, only adding alternatives to clauses or changing words;
            /// with nothing to add or change the text is kept as it is.
            #[test]
            fn offers_change_only_the_words_they_name(input in query_text()) {
                use proptest::prelude::*;
                prop_assert_eq!(with_alternatives(&input, &[]).query, input.clone());
                prop_assert_eq!(with_words_changed(&input, &[]).query, input.clone());
                let before = parse_query(&input);
                let forms = [WordForms { word: "school".into(), forms: vec!["schools".into()] }];
                let wider = with_alternatives(&input, &forms);
                // Words are named exactly when the text changed.
                prop_assert_eq!(wider.words.is_empty(), wider.query == input);
                let wider = parse_query(&wider.query);
                let changed = with_words_changed(
                    &input,
                    &[Correction { field: None, word: "school".into(), nearest: "college".into() }],
                );
                prop_assert_eq!(changed.words.is_empty(), changed.query == input);
                let changed = parse_query(&changed.query);
                for after in [&wider, &changed] {
                    prop_assert_eq!(&after.exclude, &before.exclude);
                    prop_assert_eq!(&after.filters, &before.filters);
                    prop_assert_eq!(&after.notes, &before.notes);
                    prop_assert_eq!(after.clauses.len(), before.clauses.len());
                }
                for (b, w) in before.clauses.iter().zip(&wider.clauses) {
                    let kept = b.alternatives.iter().all(|m| match m {
                        // The last word may stop being the prefix being typed once forms follow it.
                        Matcher::Prefix(p) => w.alternatives.iter().any(|n| matches!(n, Matcher::Prefix(q) | Matcher::Term(q) if q == p)),
                        m => w.alternatives.contains(m),
                    });
                    prop_assert!(kept, "{:?} → {:?}", b, w);
                }
            }

            /// Each part a query can do without is a piece of it as typed, and the query
            /// without it keeps every other part's text (the text's bytes cut at its edges,
            /// whatever their characters).
            #[test]
            fn a_part_left_out_is_cut_from_the_query_as_typed(input in query_text()) {
                use proptest::prelude::*;
                let parts = without_each_part(&input);
                for (part, rest) in &parts {
                    prop_assert!(input.contains(part.as_str()), "{part:?} in {input:?}");
                    for (other, _) in parts.iter().filter(|(o, _)| o != part) {
                        prop_assert!(rest.contains(other.as_str()), "{other:?} in {rest:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn loose_values_match_whole_parts_of_slugs() {
        let lewis = ValueMatch::Loose("lewis".into());
        assert!(lewis.matches("clive-lewis"));
        assert!(!lewis.matches("clive-lewisham"));
        assert!(ValueMatch::Loose("labour".into()).matches("labour"));
        assert!(!ValueMatch::Exact("labour".into()).matches("labour-co-operative"));
    }
}
