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
