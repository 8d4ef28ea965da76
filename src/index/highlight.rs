//! Marking the words a query matched inside a text, for snippets and answer views. The result
//! is plain segments; views render marked ones as `<mark>` text, so nothing in the data is ever
//! interpreted as markup.

use super::query::{Matcher, Query};
use super::tokenize::for_each_token;

/// A piece of text, marked when it is a word the query looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// The words and prefixes a query looks for, folded as the tokeniser folds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlighter {
    words: Vec<String>,
    prefixes: Vec<String>,
}

impl Highlighter {
    pub fn new(query: &Query) -> Self {
        let mut h = Highlighter::default();
        for m in query.positive_terms() {
            match m {
                Matcher::Term(w) => h.words.push(w.clone()),
                Matcher::Prefix(p) => h.prefixes.push(p.clone()),
                Matcher::Phrase(ws) => h.words.extend(ws.iter().cloned()),
            }
        }
        h
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.prefixes.is_empty()
    }

    fn matches(&self, token: &str) -> bool {
        self.words.iter().any(|w| w == token)
            || self.prefixes.iter().any(|p| token.starts_with(p.as_str()))
    }

    /// Byte ranges of the matched words of `text`.
    fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        if self.is_empty() {
            return Vec::new();
        }
        // Token positions index the text's word spans; a joined hyphenated form repeats the
        // position of its first part and covers every part up to the latest position.
        let spans = word_spans(text);
        let mut ranges = Vec::new();
        let mut latest = 0u32;
        for_each_token(text, |token, position| {
            latest = latest.max(position);
            if !self.matches(token) {
                return;
            }
            for p in position..=latest {
                if let Some(&span) = spans.get(p as usize) {
                    ranges.push(span);
                }
            }
        });
        ranges.sort_unstable();
        ranges.dedup();
        ranges
    }

    /// `text` split into marked and unmarked segments.
    pub fn segments(&self, text: &str) -> Vec<Segment> {
        split(text, &self.ranges(text))
    }

    /// Up to about `max_chars` characters of `text` around its first match (or its start), cut
    /// at word boundaries, with `…` where it was cut.
    pub fn snippet(&self, text: &str, max_chars: usize) -> Vec<Segment> {
        let ranges = self.ranges(text);
        let first = ranges.first().map_or(0, |r| r.0);
        let len = text.len();
        let mut start = first.saturating_sub(max_chars / 3);
        while start > 0 && !text.is_char_boundary(start) {
            start -= 1;
        }
        if start > 0 {
            start = text[start..].find(' ').map_or(start, |s| start + s + 1);
        }
        let mut end = text[start..]
            .char_indices()
            .nth(max_chars)
            .map_or(len, |(i, _)| start + i);
        if end < len {
            end = text[..end].rfind(' ').filter(|&e| e > start).unwrap_or(end);
        }
        let inside: Vec<(usize, usize)> = ranges
            .into_iter()
            .filter(|&(a, b)| a >= start && b <= end)
            .map(|(a, b)| (a - start, b - start))
            .collect();
        let mut segments = split(&text[start..end], &inside);
        if start > 0 {
            segments.insert(
                0,
                Segment {
                    text: "…".into(),
                    hit: false,
                },
            );
        }
        if end < len {
            segments.push(Segment {
                text: "…".into(),
                hit: false,
            });
        }
        segments
    }
}

/// Byte spans of the runs the tokeniser treats as one word position: letters and digits joined by
/// apostrophes, number separators or hyphens are split the tokeniser's way (hyphens separate).
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let joins = |c: char| {
            matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | ',' | '.')
                && i > 0
                && chars[i - 1].1.is_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.1.is_alphanumeric())
        };
        if c.is_alphanumeric() || (start.is_some() && joins(c)) {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            spans.push((s, at));
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

fn split(text: &str, ranges: &[(usize, usize)]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(a, b) in ranges {
        if a < at || b > text.len() {
            continue;
        }
        if a > at {
            out.push(Segment {
                text: text[at..a].to_string(),
                hit: false,
            });
        }
        out.push(Segment {
            text: text[a..b].to_string(),
            hit: true,
        });
        at = b;
    }
    if at < text.len() {
        out.push(Segment {
            text: text[at..].to_string(),
            hit: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::parse_query;

    fn render(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| {
                if s.hit {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    fn check(query: &str, text: &str, expect: &str) {
        let h = Highlighter::new(&parse_query(query));
        assert_eq!(render(&h.segments(text)), expect, "{query} / {text}");
    }

    #[test]
    fn matched_words_are_marked_as_written() {
        check(
            "facial recog",
            "Facial Recognition is used.",
            "[Facial] [Recognition] is used.",
        );
        check(
            "\"police chiefs\" ",
            "the Police Chiefs’ Council",
            "the [Police] [Chiefs]’ Council",
        );
        check("365,000 ", "Unit (£365,000). The", "Unit (£[365,000]). The");
        check(
            "antisocial ",
            "tackle anti-social behaviour",
            "tackle [anti]-[social] behaviour",
        );
        check(
            "anti-social ",
            "tackle anti-social behaviour",
            "tackle [anti]-[social] behaviour",
        );
        check("", "<script>alert(1)</script>", "<script>alert(1)</script>");
    }

    #[test]
    fn snippets_centre_on_the_first_match() {
        let text =
            "One two three four five six seven eight nine ten palantir eleven twelve thirteen.";
        let h = Highlighter::new(&parse_query("palantir "));
        let s = render(&h.snippet(text, 30));
        assert!(
            s.starts_with('…') && s.contains("[palantir]") && s.ends_with('…'),
            "{s}"
        );
        let h = Highlighter::new(&parse_query(""));
        assert_eq!(render(&h.snippet("short", 30)), "short");
    }
}
