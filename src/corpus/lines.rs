//! Splitting raw text into numbered, cleaned lines, and the small text helpers the format parsers
//! share (stable hashes, slugs, dates).
//!
//! Invariant: `split_lines` yields exactly one `Line` per input line, numbered from 1, so a
//! parser that accounts for every `Line` accounts for every line of the file.

/// One input line, cleaned: BOM and trailing white space removed, non-breaking and other odd
/// spaces turned into plain spaces. `indent` counts the leading spaces that were trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: u32,
    pub indent: usize,
    pub text: String,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// How many lines `split_lines` makes of `text`, without making them (a JSON file needs only
/// their count, and its one line may be the whole file).
pub fn line_count(text: &str) -> usize {
    let bytes = text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes();
    // `\n` and `\r` counted in blocks of 255 bytes, each block's counts in a byte, so the
    // compiler counts many bytes at once.
    let (newlines, returns) = bytes.chunks(255).fold((0, 0), |(n, r), block| {
        let (bn, br) = block.iter().fold((0u8, 0u8), |(bn, br), &b| {
            (bn + u8::from(b == b'\n'), br + u8::from(b == b'\r'))
        });
        (n + usize::from(bn), r + usize::from(br))
    });
    // A line ended by `\r` alone, not by `\r\n`. Most files have no `\r` at all: counting
    // pairs of bytes was two thirds of this count's time.
    let lone_returns = if returns > 0 {
        let next = bytes.iter().skip(1).chain([&0]);
        let pairs = bytes.iter().zip(next);
        pairs.filter(|&(&b, &n)| b == b'\r' && n != b'\n').count()
    } else {
        0
    };
    let unended = !matches!(bytes.last(), None | Some(b'\n' | b'\r'));
    newlines + lone_returns + usize::from(unended)
}

/// Splits on `\n`, `\r\n` or a lone `\r`, so files from any platform number the same.
pub fn split_lines(text: &str) -> Vec<Line> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = Vec::new();
    let mut rest = text;
    let mut no = 0u32;
    while !rest.is_empty() {
        let (raw, next) = match rest.find(['\n', '\r']) {
            Some(at) => {
                let skip = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..at], &rest[at + skip..])
            }
            None => (rest, ""),
        };
        no = no.saturating_add(1);
        lines.push(clean_line(no, raw));
        rest = next;
    }
    lines
}

fn clean_line(no: u32, raw: &str) -> Line {
    let spaced: String = raw
        .chars()
        .map(|c| match c {
            '\t' | '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => ' ',
            c => c,
        })
        .filter(|c| !matches!(c, '\u{feff}' | '\u{200b}'))
        .collect();
    let trimmed_start = spaced.trim_start();
    let indent = spaced.len() - trimmed_start.len();
    Line {
        no,
        indent,
        text: trimmed_start.trim_end().to_string(),
    }
}

/// Straight quotes and apostrophes for matching field labels; displayed text keeps its own.
pub fn fold_quotes(s: &str) -> String {
    s.chars().map(fold_quote).collect()
}

/// A curly quote, prime or dash as its ASCII form; any other character as it is.
fn fold_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201f}' | '\u{2033}' => '"',
        '\u{2013}' | '\u{2014}' => '-',
        c => c,
    }
}

/// Lowercase, quote-folded, single-spaced: the key under which repeated text is recognised.
pub fn normalise_for_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    push_normalised(&mut key, s);
    key
}

/// Appends `s` to a key as `normalise_for_key` makes it, a space between the key so far and
/// its first word: the key of several texts pushed in turn is the key of them joined by line
/// breaks. One pass and no allocation but the key's (merging into 100,000 records makes a key
/// of every question and answer).
pub fn push_normalised(key: &mut String, s: &str) {
    let mut out = std::mem::take(key).into_bytes();
    push_normalised_bytes(&mut out, s);
    // Only whole characters were written, so this never fails; were it to, the key is the
    // text with the damage marked rather than a panic.
    *key = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// `push_normalised` onto the UTF-8 bytes of a key, which stay UTF-8 (only whole characters
/// are written): keys that are only hashed need not be checked as a `String` would be.
pub fn push_normalised_bytes(out: &mut Vec<u8>, s: &str) {
    let before = out.len();
    if !push_normalised_by_char(out, s) {
        // `str::to_lowercase` lowers a capital sigma by its place in a word, which a character
        // at a time cannot; such (Greek) text is lowered whole.
        out.truncate(before);
        let lowered = fold_quotes(s).to_lowercase();
        for word in lowered.split_whitespace() {
            if !out.is_empty() {
                out.push(b' ');
            }
            out.extend_from_slice(word.as_bytes());
        }
    }
}

/// `push_normalised_bytes` a character at a time; returns false, having pushed part of `s`, at
/// a capital sigma.
fn push_normalised_by_char(out: &mut Vec<u8>, s: &str) -> bool {
    out.reserve(s.len() + 1);
    let mut space = !out.is_empty();
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        // Eight bytes of printable ASCII and single spaces are lowered and copied at once
        // (but for a space that would start the key, which none does); other ASCII a byte at a
        // time; any other character decoded whole.
        let plain = bytes.get(at..at + 8).and_then(PlainWord::of);
        if let Some(word) = plain.filter(|w| !(w.first_space && out.is_empty())) {
            // A space owed before the word is its own first byte when that is a space.
            if space && !word.first_space {
                out.push(b' ');
            }
            out.extend_from_slice(&word.lowered);
            space = word.last_space;
            if space {
                out.pop();
            }
            at += 8;
            continue;
        }
        if byte < 0x80 {
            at += 1;
            if matches!(byte, b'\t'..=b'\r' | b' ') {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(b' ');
                    space = false;
                }
                out.push(byte.to_ascii_lowercase());
            }
            continue;
        }
        let c = s
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or(' ');
        at += c.len_utf8();
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if c == 'Σ' {
            return false;
        }
        if space {
            out.push(b' ');
            space = false;
        }
        let mut buffer = [0u8; 4];
        for lower in fold_quote(c).to_lowercase() {
            out.extend_from_slice(lower.encode_utf8(&mut buffer).as_bytes());
        }
    }
    true
}

/// Eight bytes of text that `push_normalised` copies as they are but for their capitals:
/// printable ASCII (no control byte, so no whitespace but the space) and no two spaces in a row.
struct PlainWord {
    /// The bytes with their capitals lowered.
    lowered: [u8; 8],
    first_space: bool,
    last_space: bool,
}

impl PlainWord {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;

    fn of(bytes: &[u8]) -> Option<PlainWord> {
        let word = u64::from_le_bytes(bytes.try_into().ok()?);
        if word & Self::HIGH != 0 {
            return None;
        }
        // Each byte is under 0x80, so adding up to 0x7f to it never carries into the next:
        // the high bit of each byte of a sum says one thing of that byte alone.
        let at_least = |b: u8| word.wrapping_add(Self::ONES * u64::from(0x80 - b)) & Self::HIGH;
        if at_least(b' ') != Self::HIGH {
            return None;
        }
        let not_space = ((word ^ (Self::ONES * u64::from(b' '))) + Self::ONES * 0x7f) & Self::HIGH;
        let spaces = !not_space & Self::HIGH;
        if spaces & (spaces >> 8) != 0 {
            return None;
        }
        let capitals = at_least(b'A') & !at_least(b'Z' + 1);
        Some(PlainWord {
            lowered: (word | capitals >> 2).to_le_bytes(),
            first_space: spaces & 0x80 != 0,
            last_space: spaces >> 56 != 0,
        })
    }
}

/// FNV-1a, 64 bits: stable across builds and platforms, which `std`'s hasher is not promised to be.
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// A readable URL-safe slug of at most `max` bytes: `Britain’s £3bn plan` → `britains-3bn-plan`.
pub fn slugify(s: &str, max: usize) -> String {
    let mut slug = String::new();
    let mut dash = false;
    for c in fold_quotes(s).chars() {
        if c == '\'' {
            continue;
        }
        if c.is_alphanumeric() {
            for lower in fold_diacritic(c).to_lowercase() {
                if lower.is_ascii_alphanumeric() {
                    if dash && !slug.is_empty() {
                        slug.push('-');
                    }
                    dash = false;
                    slug.push(lower);
                }
            }
        } else {
            dash = true;
        }
        if slug.len() >= max {
            break;
        }
    }
    slug.truncate(max);
    slug.trim_end_matches('-').to_string()
}

/// Latin letters with accents to their plain letter (`é` → `e`), so `Ynys Môn` slugs and
/// searches like `Ynys Mon`. Other characters are returned unchanged.
pub fn fold_diacritic(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'À'..='Å' => 'A',
        'ç' => 'c',
        'Ç' => 'C',
        'è'..='ë' => 'e',
        'È'..='Ë' => 'E',
        'ì'..='ï' => 'i',
        'Ì'..='Ï' => 'I',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ò'..='ö' | 'ø' => 'o',
        'Ò'..='Ö' | 'Ø' => 'O',
        'ù'..='ü' => 'u',
        'Ù'..='Ü' => 'U',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'Ý' | 'Ŷ' => 'Y',
        'ŵ' => 'w',
        'Ŵ' => 'W',
        c => c,
    }
}

/// The first `n` words of `text`, with `…` when there were more: a title for untitled records.
pub fn first_words(text: &str, n: usize) -> String {
    words_from(text, 0, n).unwrap_or_default()
}

/// `n` words of `text` from its `skip`th, with `…` where words were left out before or after;
/// `None` when it has no words from there.
pub fn words_from(text: &str, skip: usize, n: usize) -> Option<String> {
    let mut words = text.split_whitespace().skip(skip);
    let shown: Vec<&str> = words.by_ref().take(n).collect();
    if shown.is_empty() {
        return None;
    }
    let before = if skip > 0 { "…" } else { "" };
    let after = if words.next().is_some() { "…" } else { "" };
    Some(format!("{before}{}{after}", shown.join(" ")))
}

/// `text` after its first `n` words (as `words_from` counts them), from the next word's start;
/// `None` when it has no more.
pub fn after_words(text: &str, n: usize) -> Option<&str> {
    let mut rest = text.trim_start();
    for _ in 0..n {
        let end = rest.find(char::is_whitespace)?;
        rest = rest[end..].trim_start();
    }
    (!rest.is_empty()).then_some(rest)
}

/// `text` with its first letter a capital: "what steps…" gives "What steps…".
pub fn capitalised(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text,
    }
}

/// How a Lords question opens: it asks the Government (the apostrophe may be a curly one).
pub const LORDS_OPENINGS: [&str; 2] = [
    "To ask His Majesty's Government",
    "To ask Her Majesty's Government",
];

/// What a question asks, without the formal opening every written question starts with: "To ask
/// the Secretary of State for Health and Social Care, what steps…" and, in the Lords, "To ask
/// His Majesty's Government what steps…" both give "what steps…". The opening ends at the first
/// comma that is not inside a department's name ("for Science, Innovation and Technology,") and
/// does not go on to the body a member answers for ("for Banbury, representing the Church
/// Commissioners,"). Text that opens otherwise, or whose opening runs on past a sentence's
/// length, is returned as it is.
pub fn without_formal_opening(text: &str) -> &str {
    /// The longest opening taken off: "the Secretary of State for Foreign, Commonwealth and
    /// Development Affairs," is 73 bytes; a member and the body they represent run to about 120.
    const LONGEST: usize = 160;
    let text = text.trim_start();
    for opening in LORDS_OPENINGS {
        for apostrophe in ["'", "\u{2019}"] {
            let opening = opening.replace('\'', apostrophe);
            if let Some(asked) = strip_prefix_ignore_case(text, &opening) {
                let asked = asked.trim_start_matches([',', ' ']);
                return if asked.is_empty() { text } else { asked };
            }
        }
    }
    let Some(rest) = strip_prefix_ignore_case(text, "To ask ") else {
        return text;
    };
    let mut from = 0;
    while let Some(comma) = rest[from..].find(',').map(|at| from + at) {
        if comma > LONGEST {
            break;
        }
        // A doubled comma ("Department,, how many") is a slip in the source, not the question.
        let after = rest[comma + 1..].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let part = after.split(',').next().unwrap_or_default();
        let opening_goes_on =
            strip_prefix_ignore_case(after, "representing ").is_some() || is_part_of_a_name(part);
        if !opening_goes_on {
            return if after.trim().is_empty() { text } else { after };
        }
        from = comma + 1;
    }
    text
}

/// Whether `part` (the words between two commas) reads as part of a name: "Innovation and
/// Technology", "Food and Rural Affairs". What a question asks has words in lower case
/// ("What steps her Department…").
fn is_part_of_a_name(part: &str) -> bool {
    let mut words = part.split_whitespace().peekable();
    words.peek().is_some()
        && words
            .all(|w| matches!(w, "and" | "of" | "the" | "for") || w.starts_with(char::is_uppercase))
}

/// `text` after `prefix`, its letters in any case.
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `January`, `jan`, `Sept` → 1-based month number.
pub fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&word) || (word == "sept" && *m == "september"))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Reads `Tuesday 24th June 2025`, `24 June 2025`, `6 February 2025.` and ISO `2025-06-24`
/// (with or without a time) into `2025-06-24`. Anything else is `None`.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('.');
    if let Some(iso) = parse_iso_date(s) {
        return Some(iso);
    }
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let words = match words.first() {
        Some(first) if is_weekday(first) => &words[1..],
        _ => &words[..],
    };
    let [day, month, year] = words else {
        return None;
    };
    let day: u32 = day
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()?;
    let month = month_number(month)?;
    let year: u32 = year.parse().ok()?;
    valid_ymd(year, month, day)
}

/// `February 2025` → `2025-02`.
pub fn parse_month_year(s: &str) -> Option<String> {
    let mut words = s.split_whitespace();
    let month = month_number(words.next()?)?;
    let year: u32 = words.next()?.parse().ok()?;
    if words.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    Some(format!("{year:04}-{month:02}"))
}

fn parse_iso_date(s: &str) -> Option<String> {
    let head = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let bytes = head.as_bytes();
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = head[..4].parse().ok()?;
    let month = head[5..7].parse().ok()?;
    let day = head[8..10].parse().ok()?;
    valid_ymd(year, month, day)
}

fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let word = word.to_lowercase();
    word.len() >= 3 && DAYS.iter().any(|d| d.starts_with(&word))
}

fn valid_ymd(year: u32, month: u32, day: u32) -> Option<String> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1000..=9999).contains(&year) || day == 0 || day > days {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_after_its_first_words() {
        assert_eq!(after_words("one two  three\tfour", 2), Some("three\tfour"));
        assert_eq!(after_words("  one two", 0), Some("one two"));
        assert_eq!(after_words("one two ", 2), None);
        assert_eq!(after_words("one two", 3), None);
        // As `words_from` counts them: what it shows from the `n`th word is what follows.
        let text = "What steps is the Department taking, in (a) England and (b) Wales?";
        for n in 0..12 {
            let shown = after_words(text, n).and_then(|rest| words_from(rest, 0, 100));
            assert_eq!(
                shown,
                words_from(text, n, 100).map(|w| w.trim_start_matches('…').to_string()),
                "{n}"
            );
        }
    }

    #[test]
    fn a_question_loses_its_formal_opening() {
        fn check(text: &str, expect: &str) {
            assert_eq!(without_formal_opening(text), expect, "{text:?}");
        }
        check(
            "To ask the Secretary of State for the Home Department, whether police forces use AI.",
            "whether police forces use AI.",
        );
        check(
            "To ask His Majesty's Government what assessment they have made of rail fares.",
            "what assessment they have made of rail fares.",
        );
        check(
            "to ask Her Majesty\u{2019}s Government, what steps they are taking.",
            "what steps they are taking.",
        );
        check(
            "To ask the hon. Member for Banbury, representing the Church Commissioners, how many churches closed.",
            "how many churches closed.",
        );
        check(
            "To ask the Prime Minister, if he will list his engagements.",
            "if he will list his engagements.",
        );
        // Nothing to take off, or nothing left after it: the text as it is.
        check(
            "  What steps is the Government taking?",
            "What steps is the Government taking?",
        );
        check(
            "To ask the Secretary of State for Defence, ",
            "To ask the Secretary of State for Defence, ",
        );
        check(
            "To ask His Majesty's Government",
            "To ask His Majesty's Government",
        );
        check("To ask é", "To ask é");
        check(
            "To ask the hon. Member, representing nobody",
            "To ask the hon. Member, representing nobody",
        );
        let long = format!("To ask {}, what then", "very ".repeat(40));
        check(&long, &long);
        // Commas inside a department's name, and none after the opening's.
        check(
            "To ask the Secretary of State for Science, Innovation and Technology, what the full scope is.",
            "what the full scope is.",
        );
        check(
            "To ask the Secretary of State for Foreign, Commonwealth and Development Affairs, What steps, if any, he is taking.",
            "What steps, if any, he is taking.",
        );
        check(
            "To ask the Secretary of State for Health and Social Care,with reference to the answer of 5 May, what",
            "with reference to the answer of 5 May, what",
        );
        check(
            "To ask the Secretary of State for the Home Department,, how many asylum hotels are open.",
            "how many asylum hotels are open.",
        );
        check(
            "To ask the Secretary of State for Defence, Pursuant to the Answer of 25 March 2025 to Question 123, what",
            "Pursuant to the Answer of 25 March 2025 to Question 123, what",
        );
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// What is left is the end of the text, and never nothing of a text with words.
            #[test]
            fn the_opening_taken_off_leaves_the_rest_of_the_text(
                opening in "(To ask|to ask|To)( [A-Za-z.'\u{2019}]{1,12}){0,8}(,|, | )",
                asked in "[ -~\u{2019}é]{0,80}",
            ) {
                let text = format!("{opening}{asked}");
                let left = without_formal_opening(&text);
                prop_assert!(text.trim_start().ends_with(left), "{text:?} → {left:?}");
                prop_assert!(text.trim().is_empty() || !left.trim().is_empty(), "{text:?}");
            }
        }
    }

    #[test]
    fn words_are_taken_from_where_asked_with_marks_where_some_were_left_out() {
        assert_eq!(words_from("a b c d e", 0, 2).as_deref(), Some("a b…"));
        assert_eq!(words_from("a b c d e", 2, 2).as_deref(), Some("…c d…"));
        assert_eq!(words_from("a b c d e", 3, 5).as_deref(), Some("…d e"));
        assert_eq!(words_from("a b", 0, 2).as_deref(), Some("a b"));
        assert_eq!(words_from("a b", 2, 2), None);
        assert_eq!(first_words("  ", 3), "");
    }

    #[test]
    fn capitalised_makes_only_a_lower_case_first_letter_a_capital() {
        assert_eq!(capitalised("what steps".into()), "What steps");
        assert_eq!(capitalised("élan".into()), "Élan");
        assert_eq!(capitalised("(a) then".into()), "(a) then");
        assert_eq!(capitalised(String::new()), "");
    }

    #[test]
    fn lines_are_counted_across_the_counts_blocks() {
        // Blocks of 255 bytes all newlines, and line endings of every kind across their edges.
        for text in [
            "\n".repeat(1000),
            "ab\r\n".repeat(300),
            "abc\r".repeat(300) + "tail",
            "é\n\r".repeat(200),
        ] {
            assert_eq!(line_count(&text), split_lines(&text).len(), "{text:?}");
        }
    }

    #[test]
    fn lines_are_numbered_whatever_the_line_endings() {
        let lines = split_lines("\u{feff}a\r\nb\rc\n\n  d\u{a0}e  ");
        let got: Vec<(u32, usize, &str)> = lines
            .iter()
            .map(|l| (l.no, l.indent, l.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 0, "a"),
                (2, 0, "b"),
                (3, 0, "c"),
                (4, 0, ""),
                (5, 2, "d e")
            ]
        );
    }

    #[test]
    fn dates_in_the_shapes_sources_use() {
        let check = |input: &str, expect: Option<&str>| {
            assert_eq!(parse_date(input).as_deref(), expect, "{input}")
        };
        check("Tuesday 24th June 2025", Some("2025-06-24"));
        check("6 February 2025.", Some("2025-02-06"));
        check("2024-08-30T00:00:00", Some("2024-08-30"));
        check("Wed 2nd April 2025", Some("2025-04-02"));
        check("31st February 2025", None);
        check("Police: Artificial Intelligence", None);
        check("", None);
        assert_eq!(
            parse_month_year("February 2025").as_deref(),
            Some("2025-02")
        );
        assert_eq!(parse_month_year("Febuary"), None);
    }

    #[test]
    fn slugs_are_readable_and_bounded() {
        assert_eq!(
            slugify("Britain’s leading the way: £3 billion!", 80),
            "britains-leading-the-way-3-billion"
        );
        assert_eq!(slugify("Ynys Môn", 80), "ynys-mon");
        assert!(slugify(&"word ".repeat(50), 20).len() <= 20);
    }
}

// proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod key_props {
    use proptest::prelude::*;

    /// `normalise_for_key` as first written: fold, lower the whole string, join its words.
    fn key_as_written(s: &str) -> String {
        let folded = super::fold_quotes(s).to_lowercase();
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest! {
        /// One pass gives the key the whole-string steps give, for text drawn from what steers
        /// it (capitals, curly quotes and dashes, letters that lower to two, a capital sigma at
        /// a word's end and inside one, every kind of space, control bytes, the ASCII beside
        /// the capitals, runs of plain words), and keys pushed in turn give the
        /// key of the texts joined by line breaks.
        #[test]
        fn keys_in_one_pass_are_the_keys_of_the_whole_steps(
            parts in proptest::collection::vec(
                proptest::collection::vec(
                    prop::sample::select(vec![
                        "a", "Q", "É", "İ", "ß", "Σ", "σ", "ΑΣ", "\u{2019}", "\u{201c}", "\u{2014}",
                        " ", "  ", "\n", "\t", "\u{a0}", "\u{2003}", "\u{b}", "1,5", "'", "Ω",
                        // Runs of plain ASCII, lowered and copied eight bytes at a time.
                        "word", "Word ", " the HOME Office", "[Z]@`{", "\u{1}", "\u{7f}",
                    ]),
                    0..40,
                ),
                0..4,
            ),
        ) {
            let parts: Vec<String> = parts.into_iter().map(|p| p.concat()).collect();
            for p in &parts {
                prop_assert_eq!(super::normalise_for_key(p), key_as_written(p));
            }
            let mut key = String::new();
            for p in &parts {
                super::push_normalised(&mut key, p);
            }
            prop_assert_eq!(key, key_as_written(&parts.join("\n")));
        }
    }
}
