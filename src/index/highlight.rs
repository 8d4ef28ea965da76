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

/// What a query looks for in a text, folded as the tokeniser folds words: its words and
/// prefixes, marked wherever they are, and its phrases, marked only where their words follow
/// one another as the index matches them. Invariant: each phrase has two words or more (a
/// one-word phrase is a word).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlighter {
    items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Word(String),
    Prefix(String),
    Phrase(Vec<String>),
}

/// Where one of the query's items matched a text: the word positions it covers (a joined
/// hyphenated form covers its parts) and which item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    first: u32,
    last: u32,
    item: usize,
}

impl Highlighter {
    pub fn new(query: &Query) -> Self {
        let items = query
            .positive_terms()
            .into_iter()
            .map(|m| match m {
                Matcher::Term(w) => Item::Word(w.clone()),
                Matcher::Prefix(p) => Item::Prefix(p.clone()),
                Matcher::Phrase(ws) if ws.len() == 1 => Item::Word(ws[0].clone()),
                Matcher::Phrase(ws) => Item::Phrase(ws.clone()),
            })
            .collect();
        Highlighter { items }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether `text` has anything the query looks for.
    pub fn finds(&self, text: &str) -> bool {
        !self.hits(text).is_empty()
    }

    /// Of `texts`, the one where the query matches best: the most of its items (words,
    /// prefixes, phrases), then the most matches; the first of equals. `None` when none has a
    /// match.
    pub fn best<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
        let mut best: Option<((u32, usize), &str)> = None;
        for text in texts {
            let hits = self.hits(text);
            if hits.is_empty() {
                continue;
            }
            let score = (distinct(&hits), hits.len());
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, text));
            }
        }
        best.map(|(_, text)| text)
    }

    /// The query's matches in `text`, in the order of their first word.
    fn hits(&self, text: &str) -> Vec<Hit> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        // A phrase's words where they occur: (item, the word's place in the phrase, position,
        // the latest position its token covers).
        let mut phrase_words: Vec<(usize, usize, u32, u32)> = Vec::new();
        let mut latest = 0u32;
        for_each_token(text, |token, position| {
            latest = latest.max(position);
            for (item, wanted) in self.items.iter().enumerate() {
                let found = match wanted {
                    Item::Word(w) => w == token,
                    Item::Prefix(p) => token.starts_with(p.as_str()),
                    Item::Phrase(words) => {
                        let places = words.iter().enumerate().filter(|(_, w)| *w == token);
                        phrase_words.extend(places.map(|(k, _)| (item, k, position, latest)));
                        false
                    }
                };
                if found {
                    hits.push(Hit {
                        first: position,
                        last: latest,
                        item,
                    });
                }
            }
        });
        phrase_words.sort_unstable();
        // Each phrase's first word, then each later word at the next position, as the index
        // matches a phrase.
        for &(item, _, position, mut last) in phrase_words.iter().filter(|e| e.1 == 0) {
            let Some(Item::Phrase(words)) = self.items.get(item) else {
                continue;
            };
            let whole = (1..words.len()).all(|k| {
                let at = phrase_words
                    .binary_search_by(|e| (e.0, e.1, e.2).cmp(&(item, k, position + k as u32)));
                at.map(|at| last = last.max(phrase_words[at].3)).is_ok()
            });
            if whole {
                hits.push(Hit {
                    first: position,
                    last,
                    item,
                });
            }
        }
        hits.sort_unstable_by_key(|h| (h.first, h.last));
        hits
    }

    /// Byte ranges of the words `hits` cover in `text`, whose word spans are `spans`.
    fn ranges(hits: &[Hit], spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
        let mut ranges: Vec<(usize, usize)> = hits
            .iter()
            .flat_map(|h| h.first..=h.last)
            .filter_map(|p| spans.get(p as usize).copied())
            .collect();
        ranges.sort_unstable();
        ranges.dedup();
        ranges
    }

    /// `text` split into marked and unmarked segments.
    pub fn segments(&self, text: &str) -> Vec<Segment> {
        let hits = self.hits(text);
        if hits.is_empty() {
            return split(text, &[]);
        }
        split(text, &Self::ranges(&hits, &word_spans(text)))
    }

    /// Up to about `max_chars` characters of `text` around where the query matches best (the
    /// stretch with the most of its items, then the most matches, the first of equals; the
    /// text's start when nothing matches), cut at word boundaries, with `…` where it was cut.
    pub fn snippet(&self, text: &str, max_chars: usize) -> Vec<Segment> {
        let hits = self.hits(text);
        let spans = word_spans(text);
        let ranges = Self::ranges(&hits, &spans);
        let (first, stretch) = best_stretch(&hits, &spans, max_chars);
        let len = text.len();
        // Room before the stretch: a third of the snippet, or half of what the stretch leaves.
        let lead = (max_chars / 3).min(max_chars.saturating_sub(stretch) / 2);
        let mut start = first.saturating_sub(lead);
        while start > 0 && !text.is_char_boundary(start) {
            start -= 1;
        }
        // Cut at a word's start: the next one unless `start` is one.
        if start > 0 && !text[..start].ends_with(' ') {
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

/// How many of the query's items `hits` has (items past the 64th counted with those 64 before).
fn distinct<'h>(hits: impl IntoIterator<Item = &'h Hit>) -> u32 {
    hits.into_iter()
        .fold(0u64, |seen, h| seen | 1 << (h.item % 64))
        .count_ones()
}

/// Where the best stretch of about `max_chars` bytes starts, and how long its matches run:
/// the stretch from one match on with the most of the query's items, then the most matches
/// (the first of equals). `(0, 0)` when there are no matches.
fn best_stretch(hits: &[Hit], spans: &[(usize, usize)], max_chars: usize) -> (usize, usize) {
    // Each match's bytes, in order (`hits` is in the order of its first word).
    let placed: Vec<(usize, usize, &Hit)> = hits
        .iter()
        .filter_map(|h| {
            let at = |p: u32| spans.get(p as usize).copied();
            at(h.first).zip(at(h.last)).map(|(a, b)| (a.0, b.1, h))
        })
        .collect();
    let mut best = (0, 0);
    let mut best_score = (0, 0);
    for (i, &(from, _, _)) in placed.iter().enumerate() {
        let within = || {
            placed[i..]
                .iter()
                .take_while(move |(a, _, _)| a - from < max_chars)
                .filter(move |(_, b, _)| b - from <= max_chars)
        };
        let score = (distinct(within().map(|w| w.2)), within().count());
        if score > best_score {
            best_score = score;
            let to = within().map(|w| w.1).max().unwrap_or(from);
            best = (from, to - from);
        }
    }
    best
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
    fn a_phrase_is_marked_only_where_its_words_follow_one_another() {
        check(
            "\"local authorities\" ",
            "local people, and local authorities",
            "local people, and [local] [authorities]",
        );
        check(
            "police \"local authorities\" ",
            "Police in local areas; authorities",
            "[Police] in local areas; authorities",
        );
        check(
            "\"anti-social behaviour\" ",
            "tackle anti-social behaviour and social care",
            "tackle [anti]-[social] [behaviour] and social care",
        );
        check("\"police\" ", "the police", "the [police]");
    }

    /// Where the query matches best: the stretch with the most of its items, then the most
    /// matches, else the first.
    fn check_snippet(query: &str, text: &str, max_chars: usize, expect: &str) {
        let h = Highlighter::new(&parse_query(query));
        assert_eq!(
            render(&h.snippet(text, max_chars)),
            expect,
            "{query} / {text}"
        );
    }

    #[test]
    fn snippets_show_where_the_query_matches_best() {
        let text = "Funding in one place. Many more words come here, and more again, and again. \
                    Police funding for schools.";
        check_snippet(
            "police funding ",
            text,
            30,
            "…again. [Police] [funding] for…",
        );
        check_snippet(
            "\"local authorities\" police ",
            "local people in local areas, and then many words later police and local authorities respond",
            40,
            "…later [police] and [local] [authorities]…",
        );
        // Equals: the first.
        check_snippet(
            "palantir ",
            "Palantir one two three four five six seven eight nine ten palantir",
            20,
            "[Palantir] one two…",
        );
    }

    #[test]
    fn the_best_text_has_the_most_of_the_query() {
        let h = Highlighter::new(&parse_query("police \"local authorities\" "));
        let texts = [
            "Nothing here.",
            "Local police, police, police.",
            "Police and local authorities.",
            "The local authorities and police.",
        ];
        assert_eq!(h.best(texts), Some(texts[2]));
        assert_eq!(h.best(["nothing", "here"]), None);
        assert!(h.finds(texts[1]) && !h.finds(texts[0]));
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
