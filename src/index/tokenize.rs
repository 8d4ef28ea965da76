//! The one tokeniser, shared by indexing and querying so both see the same words.
//!
//! Words are runs of letters and digits, lowercased, with accents and curly quotes folded.
//! Numbers keep their grouping and decimals joined (`£365,000` → `365000`, `21.5kg` → `21.5kg`);
//! UINs stay whole (`HL11520` → `hl11520`); a possessive is dropped (`Chiefs’` → `chiefs`,
//! `Britain’s` → `britain`). A hyphenated word yields its parts and, at the first part's
//! position, the joined word, so `anti-social` is found by `antisocial` too.

use crate::corpus::lines::fold_diacritic;

/// A word and its position in the text it came from. Positions count words; a joined
/// hyphenated form shares the position of its first part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub position: u32,
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_token(text, |text, position| {
        tokens.push(Token {
            text: text.to_string(),
            position,
        })
    });
    tokens
}

/// Calls `emit(word, position)` for each token, without allocating a `Vec` of them: the index
/// builder's hot path (every word of every record passes through here).
///
/// Most words are already lowercase ASCII letters and digits: those are scanned byte by byte
/// and handed over as slices of `text`. A word is copied into a buffer only from its first
/// character that changes (a capital, an accent, a dropped comma or apostrophe).
///
/// A line break ends a paragraph (a record's text keeps its paragraphs on lines of their own,
/// and the pages show them apart): the first word after one is a position further on, so a
/// phrase, whose words are at consecutive positions, never spans two paragraphs, as it never
/// spans two of an answer's (`Index::group_field`).
pub fn for_each_token(text: &str, mut emit: impl FnMut(&str, u32)) {
    let bytes = text.as_bytes();
    let char_at = |at: usize| -> Option<char> {
        match bytes.get(at) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => text.get(at..).and_then(|rest| rest.chars().next()),
            None => None,
        }
    };
    let mut word = String::new();
    let mut compound = String::new();
    let mut compound_parts = 0u32;
    let mut compound_start = 0u32;
    let mut position = 0u32;
    let mut at = 0;
    // Whether a line break has come since the last word.
    let mut line_break = false;
    let class = |at: usize| {
        bytes
            .get(at)
            .map_or(Class::Separator, |&b| CLASS[usize::from(b)])
    };
    loop {
        while let Some(&b) = bytes
            .get(at)
            .filter(|&&b| CLASS[usize::from(b)] == Class::Separator)
        {
            line_break |= b == b'\n';
            at += 1;
        }
        let Some(c) = char_at(at) else { break };
        if !is_word_char(c) {
            at += c.len_utf8();
            continue;
        }
        if std::mem::take(&mut line_break) && position > 0 {
            position += 1;
        }
        // While `verbatim`, the word so far is `text[start..end]` and `word` is unused.
        let start = at;
        let mut end = at;
        let mut verbatim = true;
        word.clear();
        loop {
            if verbatim {
                at += kept_run(bytes, at);
                end = at;
            } else {
                // Bytes are pushed as chars: every one here is ASCII.
                loop {
                    match class(at) {
                        Class::Kept => word.push(char::from(bytes[at])),
                        Class::Capital => word.push(char::from(bytes[at].to_ascii_lowercase())),
                        _ => break,
                    }
                    at += 1;
                }
            }
            // A space or other ASCII punctuation (or the end) ends the word, with nothing of
            // what follows to look at: the commonest end of a word.
            if class(at) == Class::Separator {
                break;
            }
            let Some(c) = char_at(at) else { break };
            let next_at = at + c.len_utf8();
            if is_word_char(c) {
                if verbatim {
                    word.push_str(&text[start..end]);
                    verbatim = false;
                }
                push_folded(&mut word, c);
                at = next_at;
                continue;
            }
            let next = char_at(next_at);
            let next_is_digit = next.is_some_and(|n| n.is_ascii_digit());
            let last = if verbatim {
                bytes[start..end].last()
            } else {
                word.as_bytes().last()
            };
            let prev_is_digit = last.is_some_and(u8::is_ascii_digit);
            if prev_is_digit && next_is_digit && (c == ',' || c == '.') {
                if c == ',' && verbatim {
                    word.push_str(&text[start..end]);
                    verbatim = false;
                }
                if !verbatim && c == '.' {
                    word.push('.');
                }
                at = next_at;
                continue;
            }
            if is_apostrophe(c) && next.is_some_and(char::is_alphanumeric) {
                // `don't` → `dont`; a possessive `’s` at the end of a word is dropped.
                let after_s = next_at + 1;
                let possessive =
                    matches!(next, Some('s' | 'S')) && !char_at(after_s).is_some_and(is_word_char);
                if possessive {
                    at = after_s;
                    break;
                }
                if verbatim {
                    word.push_str(&text[start..end]);
                    verbatim = false;
                }
                at = next_at;
                continue;
            }
            break;
        }
        let word: &str = if verbatim { &text[start..end] } else { &word };
        emit(word, position);
        let hyphen_follows = class(at) == Class::Other
            && char_at(at).is_some_and(is_hyphen)
            && char_at(at + char_at(at).map_or(1, char::len_utf8)).is_some_and(is_word_char);
        if compound_parts == 0 {
            compound_start = position;
            compound.clear();
        }
        if hyphen_follows || compound_parts > 0 {
            compound.push_str(word);
            compound_parts += 1;
        }
        if !hyphen_follows {
            if compound_parts > 1 {
                emit(&compound, compound_start);
            }
            compound_parts = 0;
        }
        position += 1;
    }
}

/// What a byte is to the tokeniser, so the common cases are decided by one table look-up.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// ASCII that is neither a letter, a digit, nor one of `,.'-`: it ends a word, and
    /// nothing after it changes that.
    Separator,
    /// A lowercase ASCII letter or a digit: a word's byte as it is.
    Kept,
    /// An uppercase ASCII letter: a word's byte, lowered.
    Capital,
    /// `,.'-` (which may join or end a word, depending on what is around them) and every
    /// byte of a non-ASCII character: decided a character at a time.
    Other,
}

const CLASS: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_lowercase() || byte.is_ascii_digit() {
            Class::Kept
        } else if byte.is_ascii_uppercase() {
            Class::Capital
        } else if matches!(byte, b',' | b'.' | b'\'' | b'-') {
            Class::Other
        } else {
            Class::Separator
        };
        b += 1;
    }
    table
};

/// How many bytes from `at` are lowercase ASCII letters or digits (`Class::Kept`): eight at a
/// time while eight remain, so a word's end is found by one branch, not one per byte.
fn kept_run(bytes: &[u8], start: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = start;
    while let Some(eight) = bytes
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
    {
        let word = u64::from_le_bytes(eight);
        // Each byte's low seven bits plus less than 0x80 never carries into the next byte:
        // the high bit of each byte of a sum says one thing of that byte alone.
        let low = word & !HIGH;
        let at_least = |b: u8| low.wrapping_add(ONES * u64::from(0x80 - b)) & HIGH;
        let lower = at_least(b'a') & !at_least(b'z' + 1);
        let digit = at_least(b'0') & !at_least(b'9' + 1);
        // A byte of 0x80 or more (part of a non-ASCII character) is never kept.
        let others = !((lower | digit) & !word) & HIGH;
        if others != 0 {
            return at - start + (others.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while bytes
        .get(at)
        .is_some_and(|&b| CLASS[usize::from(b)] == Class::Kept)
    {
        at += 1;
    }
    at - start
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn push_folded(word: &mut String, c: char) {
    // Most text is ASCII, which never folds: the hot path of indexing.
    if c.is_ascii() {
        word.push(c.to_ascii_lowercase());
        return;
    }
    let c = fold_diacritic(c);
    if c.is_ascii() {
        word.push(c.to_ascii_lowercase());
    } else {
        word.extend(c.to_lowercase());
    }
}

/// Words too common to narrow a search. They are indexed, and a query of nothing but stop
/// words still uses them, so no query is emptied by this list.
pub const STOP_WORDS: [&str; 33] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "her", "his",
    "if", "in", "is", "it", "its", "of", "on", "or", "she", "that", "the", "their", "they", "this",
    "to", "was", "were", "what", "with",
];

/// The longest stop word's length in bytes.
const STOP_WORD_MAX: usize = 5;

/// `STOP_WORDS` as numbers (`word_key`), in the same order: a query's words are checked by
/// comparing numbers, not calling `memcmp` half a dozen times each.
const STOP_KEYS: [u64; STOP_WORDS.len()] = {
    let mut keys = [0; STOP_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = word_key(STOP_WORDS[i].as_bytes());
        i += 1;
    }
    keys
};

/// A word of at most seven bytes as a number: its bytes big-endian, zero-padded, then its
/// length, so two such words compare as their bytes do and differ if they do (`a` and `a\0`).
const fn word_key(bytes: &[u8]) -> u64 {
    let mut key = 0;
    let mut i = 0;
    while i < 7 {
        key <<= 8;
        if i < bytes.len() {
            key |= bytes[i] as u64;
        }
        i += 1;
    }
    key << 8 | bytes.len() as u64
}

pub fn is_stop_word(word: &str) -> bool {
    word.len() <= STOP_WORD_MAX && STOP_KEYS.binary_search(&word_key(word.as_bytes())).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let got: Vec<String> = tokenize(input)
            .into_iter()
            .map(|t| format!("{}@{}", t.text, t.position))
            .collect();
        assert_eq!(got.join(" "), expect, "{input}");
    }

    #[test]
    fn words_numbers_and_uins() {
        check("Facial Recognition", "facial@0 recognition@1");
        check(
            "funding (£365,000) in 2025-26",
            "funding@0 365000@1 in@2 2025@3 26@4 202526@3",
        );
        check("21.5kg of powders", "21.5kg@0 of@1 powders@2");
        check("17 November (HL11520)", "17@0 november@1 hl11520@2");
        check("end. Next", "end@0 next@1");
    }

    #[test]
    fn quotes_accents_and_possessives_fold() {
        check("Chiefs’ Council", "chiefs@0 council@1");
        check("Britain’s leading", "britain@0 leading@1");
        check("don't", "dont@0");
        check("‘Engage’", "engage@0");
        check("Ynys Môn café", "ynys@0 mon@1 cafe@2");
        check("ÉCOLE", "ecole@0");
    }

    #[test]
    fn hyphenated_words_are_found_joined_too() {
        check(
            "anti-social behaviour",
            "anti@0 social@1 antisocial@0 behaviour@2",
        );
        check(
            "counter terror-style powers",
            "counter@0 terror@1 style@2 terrorstyle@1 powers@3",
        );
        check("well - spaced", "well@0 spaced@1");
    }

    #[test]
    fn kept_runs_end_at_the_first_other_byte_in_or_after_a_word_of_eight() {
        let naive = |bytes: &[u8], at: usize| {
            bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                .count()
        };
        let base = b"abcdefghijklmnopqrstuvwxyz0123456789";
        for others in [
            b'A', b'Z', b'@', b'[', b'`', b'{', b'/', b':', b' ', 0x80, 0xc3, 0xff, 0,
        ] {
            for at in 0..base.len() {
                let mut bytes = base.to_vec();
                bytes[at] = others;
                for start in 0..bytes.len() {
                    assert_eq!(
                        kept_run(&bytes, start),
                        naive(&bytes, start),
                        "{others:#x} at {at} from {start}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_line_break_puts_the_next_word_a_position_further_on() {
        let mut tokens = Vec::new();
        for_each_token(
            "\nlocal\n\nauthorities, local\r\n authorities",
            |word, position| tokens.push((word.to_string(), position)),
        );
        let expect = [
            ("local", 0),
            ("authorities", 2),
            ("local", 3),
            ("authorities", 5),
        ];
        let expect: Vec<(String, u32)> = expect.iter().map(|&(w, p)| (w.into(), p)).collect();
        assert_eq!(tokens, expect);
    }

    #[test]
    fn stop_words_are_sorted_for_lookup() {
        let mut sorted = STOP_WORDS;
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
        assert!(is_stop_word("the"));
        assert!(!is_stop_word("police"));
        // Looked up as numbers: each word is found, and a word sharing a stop word's first
        // letters, or a longer one, is not.
        assert!(STOP_WORDS
            .iter()
            .all(|w| is_stop_word(w) && w.len() <= STOP_WORD_MAX));
        for word in [
            "", "th", "them", "there", "with-", "withs", "ab", "zzqxv", "a\0",
        ] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// The tokeniser as first written, a character at a time with every word copied: the
        /// oracle the byte-scanning one is checked against.
        fn reference_for_each_token(text: &str, mut emit: impl FnMut(&str, u32)) {
            let char_at = |at: usize| text.get(at..).and_then(|rest| rest.chars().next());
            let mut word = String::new();
            let mut compound = String::new();
            let mut compound_parts = 0u32;
            let mut compound_start = 0u32;
            let mut position = 0u32;
            let mut at = 0;
            let mut line_break = false;
            while let Some(c) = char_at(at) {
                if !is_word_char(c) {
                    line_break |= c == '\n';
                    at += c.len_utf8();
                    continue;
                }
                if line_break && position > 0 {
                    position += 1;
                }
                line_break = false;
                word.clear();
                while let Some(c) = char_at(at) {
                    let next_at = at + c.len_utf8();
                    if is_word_char(c) {
                        push_folded(&mut word, c);
                        at = next_at;
                        continue;
                    }
                    let next = char_at(next_at);
                    let next_is_digit = next.is_some_and(|n| n.is_ascii_digit());
                    let prev_is_digit = word.as_bytes().last().is_some_and(u8::is_ascii_digit);
                    if prev_is_digit && next_is_digit && (c == ',' || c == '.') {
                        if c == '.' {
                            word.push('.');
                        }
                        at = next_at;
                        continue;
                    }
                    if is_apostrophe(c) && next.is_some_and(char::is_alphanumeric) {
                        // `don't` → `dont`; a possessive `’s` at the end of a word is dropped.
                        let after_s = next_at + 1;
                        let possessive = matches!(next, Some('s' | 'S'))
                            && !char_at(after_s).is_some_and(is_word_char);
                        if possessive {
                            at = after_s;
                            break;
                        }
                        at = next_at;
                        continue;
                    }
                    break;
                }
                emit(&word, position);
                let hyphen_follows = char_at(at).is_some_and(is_hyphen)
                    && char_at(at + char_at(at).map_or(1, char::len_utf8))
                        .is_some_and(is_word_char);
                if compound_parts == 0 {
                    compound_start = position;
                    compound.clear();
                }
                if hyphen_follows || compound_parts > 0 {
                    compound.push_str(&word);
                    compound_parts += 1;
                }
                if !hyphen_follows {
                    if compound_parts > 1 {
                        emit(&compound, compound_start);
                    }
                    compound_parts = 0;
                }
                position += 1;
            }
        }

        type Tokenizer = fn(&str, &mut dyn FnMut(&str, u32));

        fn all_tokens(text: &str, tokenizer: Tokenizer) -> Vec<(String, u32)> {
            let mut out = Vec::new();
            tokenizer(text, &mut |word, position| {
                out.push((word.to_string(), position))
            });
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// Text from the characters that steer the tokeniser: capitals, accents, letters that
            /// lowercase to two characters, digits of other scripts, separators of numbers,
            /// apostrophes, hyphens, and ASCII punctuation that only separates.
            #[test]
            fn byte_scanning_gives_the_reference_tokens(
                text in "[a-cA-CsS0-9 ,.'’‘ʼ\\-‐‑éÔŵßİ٣£\n();\"]{0,40}"
            ) {
                prop_assert_eq!(
                    all_tokens(&text, |t, emit| for_each_token(t, emit)),
                    all_tokens(&text, |t, emit| reference_for_each_token(t, emit))
                );
            }
        }
    }
}
