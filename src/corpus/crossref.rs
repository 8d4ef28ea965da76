//! Cross-references in question and answer text: UINs written as `(HL11520)`, `[HL1234]`,
//! `PQ 146306`, `UIN 20367` or `Question 20367`. Views turn the ones the corpus holds into
//! links to those questions.

/// A reference: the byte range of its text and the UIN it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub start: usize,
    pub end: usize,
    pub uin: String,
}

/// Longest first, so `Questions` is not read as `Question` and an `s`.
const LEADS: [&str; 6] = [
    "Questions",
    "questions",
    "Question",
    "question",
    "UIN",
    "PQ",
];

/// Every reference in `text`, in order.
pub fn find_references(text: &str) -> Vec<Reference> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if !boundary {
            i += 1;
            continue;
        }
        // `HL` followed by digits.
        if bytes[i..].starts_with(b"HL") {
            let digits = count_digits(&bytes[i + 2..]);
            if (1..=7).contains(&digits) && !is_word(bytes.get(i + 2 + digits)) {
                out.push(Reference {
                    start: i,
                    end: i + 2 + digits,
                    uin: text[i..i + 2 + digits].to_string(),
                });
                i += 2 + digits;
                continue;
            }
        }
        // `PQ 146306`, `UIN 20367`, `Question 20367` (optionally `No.` and a colon).
        if let Some(lead) = LEADS.iter().find(|l| bytes[i..].starts_with(l.as_bytes())) {
            let mut j = i + lead.len();
            if is_word(bytes.get(j)) {
                i += 1;
                continue;
            }
            while j < bytes.len() && matches!(bytes[j], b' ' | b':' | b'.') {
                j += 1;
            }
            if bytes[j..].starts_with(b"No") {
                j += 2;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'.') {
                    j += 1;
                }
            }
            let hl = bytes[j..].starts_with(b"HL");
            let from = if hl { j + 2 } else { j };
            let digits = count_digits(&bytes[from..]);
            if (1..=7).contains(&digits) && !is_word(bytes.get(from + digits)) && j > i + lead.len()
            {
                out.push(Reference {
                    start: i,
                    end: from + digits,
                    uin: text[j..from + digits].to_string(),
                });
                i = from + digits;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn count_digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

fn is_word(b: Option<&u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: &[(&str, &str)]) {
        let got: Vec<(&str, String)> = find_references(text)
            .into_iter()
            .map(|r| (&text[r.start..r.end], r.uin))
            .collect();
        let expect: Vec<(&str, String)> = expect.iter().map(|(a, b)| (*a, b.to_string())).collect();
        assert_eq!(got, expect, "{text}");
    }

    #[test]
    fn references_in_the_shapes_answers_use() {
        check(
            "remarks by Lord Hanson of Flint on 17 November (HL11520) and 10 November",
            &[("HL11520", "HL11520")],
        );
        check(
            "I refer the hon. Member to the answer given to PQ 146306 on 3 May.",
            &[("PQ 146306", "146306")],
        );
        check(
            "see Question 20367 and UIN: 4512, and questions HL12 [HL1234]",
            &[
                ("Question 20367", "20367"),
                ("UIN: 4512", "4512"),
                ("questions HL12", "HL12"),
                ("HL1234", "HL1234"),
            ],
        );
        check("Question No. 77", &[("Question No. 77", "77")]);
        check(
            "THL123 HL Deb col 66, Questions to the Home Office, 2025 PQs",
            &[],
        );
        check("£3 billion, 12 questions", &[]);
    }
}

/// A reference to an earlier answer by its date: `the answer I gave on 3 March 2025`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedReference {
    pub start: usize,
    pub end: usize,
    /// ISO date.
    pub date: String,
}

/// Every "answer … gave/given on DATE" in `text` (the date must carry its year).
pub fn find_dated_references(text: &str) -> Vec<DatedReference> {
    let mut out = Vec::new();
    for lead in ["gave on ", "given on ", "answered on "] {
        let mut from = 0;
        while let Some(at) = text[from..].find(lead).map(|i| from + i) {
            from = at + lead.len();
            let before = &text[..at];
            let mentions_answer = before
                .rfind("answer")
                .is_some_and(|a| before[a..].split_whitespace().count() <= 8);
            if !mentions_answer {
                continue;
            }
            let rest = &text[from..];
            let words: Vec<(usize, &str)> = rest
                .split_inclusive(char::is_whitespace)
                .scan(0, |offset, w| {
                    let start = *offset;
                    *offset += w.len();
                    Some((start, w.trim()))
                })
                .take(3)
                .collect();
            if words.len() < 3 {
                continue;
            }
            let year = words[2].1.trim_end_matches(|c: char| !c.is_ascii_digit());
            let phrase = format!("{} {} {}", words[0].1, words[1].1, year);
            if let Some(date) = super::lines::parse_date(&phrase) {
                let end = from + words[2].0 + words[2].1.find(year).unwrap_or(0) + year.len();
                out.push(DatedReference {
                    start: from,
                    end,
                    date,
                });
            }
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

#[cfg(test)]
mod dated_tests {
    use super::find_dated_references;

    #[test]
    fn answers_referred_to_by_date() {
        let text = "I refer the hon. Member to the answer I gave on 3 March 2025, and the answer given on 17 November.";
        let refs = find_dated_references(text);
        assert_eq!(refs.len(), 1);
        assert_eq!(&text[refs[0].start..refs[0].end], "3 March 2025");
        assert_eq!(refs[0].date, "2025-03-03");
        assert!(find_dated_references("the meeting was given on 3 March 2025").is_empty());
    }
}
