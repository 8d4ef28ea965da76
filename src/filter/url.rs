//! The URL codec: `FilterState` ⇄ a short, readable query string such as
//! `?q=facial+recognition&party=labour&from=2025-01&view=member:clive-lewis` (and `corpus=URL`
//! to load another corpus than the bundled one). It lives in the
//! query string, so any static host serves it with no rewrite rules.
//!
//! Decoding is lenient: any string, however mangled or hostile, decodes to a valid state plus a
//! list of what was ignored. It never panics.

use super::{FilterState, View, MAX_QUERY_CHARS, MAX_VALUES};
use crate::corpus::House;
use crate::index::{Answered, Kind, Sort};

/// The most parameters read from one URL; the rest are ignored with a note.
const MAX_PARAMS: usize = 200;

/// Encodes a state as a query string starting with `?`, or `""` for the default state. Keys come
/// in a fixed order and repeated keys carry multiple values.
pub fn encode_url(state: &FilterState) -> String {
    let state = state.clone().normalize();
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if !state.query.is_empty() {
        pairs.push(("q", state.query.clone()));
    }
    pairs.extend(state.kinds.iter().map(|k| ("kind", k.slug().to_string())));
    pairs.extend(
        state
            .houses
            .iter()
            .map(|h| ("house", h.as_str().to_string())),
    );
    pairs.extend(state.parties.iter().map(|v| ("party", v.clone())));
    pairs.extend(state.members.iter().map(|v| ("member", v.clone())));
    pairs.extend(state.departments.iter().map(|v| ("dept", v.clone())));
    pairs.extend(state.answerers.iter().map(|v| ("answerer", v.clone())));
    pairs.extend(
        state
            .answered
            .iter()
            .map(|a| ("answered", a.slug().to_string())),
    );
    if let Some(from) = &state.from {
        pairs.push(("from", from.clone()));
    }
    if let Some(to) = &state.to {
        pairs.push(("to", to.clone()));
    }
    if state.sort != Sort::Relevance {
        pairs.push(("sort", state.sort.slug().to_string()));
    }
    if let Some(selected) = &state.selected {
        pairs.push(("sel", selected.clone()));
    }
    match &state.view {
        View::Search => {}
        View::Question(id) => pairs.push(("view", format!("question:{id}"))),
        View::Members => pairs.push(("view", "members".into())),
        View::Member(slug) => pairs.push(("view", format!("member:{slug}"))),
        View::PressReleases => pairs.push(("view", "press".into())),
        View::PressRelease(id) => pairs.push(("view", format!("press:{id}"))),
        View::Timeline => pairs.push(("view", "timeline".into())),
        View::Import => pairs.push(("view", "import".into())),
        View::Compare(slugs) => pairs.push(("view", format!("compare:{}", slugs.join(",")))),
    }
    if let Some(corpus) = &state.corpus {
        pairs.push(("corpus", corpus.clone()));
    }
    if pairs.is_empty() {
        return String::new();
    }
    let encoded: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(&v)))
        .collect();
    format!("?{}", encoded.join("&"))
}

/// Decodes a query string (with or without `?`; a `#…` part is ignored) into a state, and says
/// what it ignored.
pub fn decode_url(search: &str) -> (FilterState, Vec<String>) {
    let mut state = FilterState::default();
    let mut ignored = Vec::new();
    let search = search.split('#').next().unwrap_or("");
    let search = search.strip_prefix('?').unwrap_or(search);
    let mut count = 0;
    for pair in search.split('&').filter(|p| !p.is_empty()) {
        count += 1;
        if count > MAX_PARAMS {
            ignored.push(format!("parameters after the first {MAX_PARAMS}"));
            break;
        }
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(key);
        let value = percent_decode(value);
        read_param(&mut state, &key, &value, &mut ignored);
    }
    let before = state.clone();
    let state = state.normalize();
    if before.query.chars().count() > MAX_QUERY_CHARS {
        ignored.push(format!("the query beyond {MAX_QUERY_CHARS} characters"));
    }
    if before.from.is_some() && state.from.is_none() {
        ignored.push(format!(
            "from={}",
            shorten(before.from.as_deref().unwrap_or(""))
        ));
    }
    if before.to.is_some() && state.to.is_none() {
        ignored.push(format!(
            "to={}",
            shorten(before.to.as_deref().unwrap_or(""))
        ));
    }
    (state, ignored)
}

fn read_param(state: &mut FilterState, key: &str, value: &str, ignored: &mut Vec<String>) {
    let mut ignore = |what: &str| ignored.push(format!("{}={}", shorten(key), shorten(what)));
    let push = |values: &mut Vec<String>, ignore: &mut dyn FnMut(&str)| {
        if values.len() >= MAX_VALUES {
            ignore(value);
        } else {
            values.push(value.to_string());
        }
    };
    match key {
        "q" => state.query = value.to_string(),
        "kind" => match Kind::from_slug(value) {
            Some(k) => state.kinds.push(k),
            None => ignore(value),
        },
        "house" => match House::from_slug(&value.to_ascii_lowercase()) {
            Some(h) => state.houses.push(h),
            None => ignore(value),
        },
        "party" => push(&mut state.parties, &mut ignore),
        "member" => push(&mut state.members, &mut ignore),
        "dept" => push(&mut state.departments, &mut ignore),
        "answerer" => push(&mut state.answerers, &mut ignore),
        "answered" => match Answered::from_slug(value) {
            Some(a) => state.answered.push(a),
            None => ignore(value),
        },
        "from" => state.from = Some(value.to_string()),
        "to" => state.to = Some(value.to_string()),
        "sort" => match Sort::from_slug(value) {
            Some(s) => state.sort = s,
            None => ignore(value),
        },
        "sel" => state.selected = Some(value.to_string()),
        "corpus" if super::fetchable(value) => state.corpus = Some(value.to_string()),
        "view" => match parse_view(value) {
            Some(view) => state.view = view,
            None => ignore(value),
        },
        _ => ignore(value),
    }
}

fn parse_view(value: &str) -> Option<View> {
    let (name, arg) = match value.split_once(':') {
        Some((name, arg)) => (name, Some(arg)),
        None => (value, None),
    };
    let arg = arg.map(str::trim).filter(|a| !a.is_empty());
    match (name, arg) {
        ("search", None) => Some(View::Search),
        ("question", Some(id)) => Some(View::Question(id.to_string())),
        ("members", None) => Some(View::Members),
        ("member", Some(slug)) => Some(View::Member(slug.to_string())),
        ("press", None) => Some(View::PressReleases),
        ("press", Some(id)) => Some(View::PressRelease(id.to_string())),
        ("timeline", None) => Some(View::Timeline),
        ("import", None) => Some(View::Import),
        ("compare", Some(list)) => {
            Some(View::Compare(list.split(',').map(str::to_string).collect()))
        }
        _ => None,
    }
}

/// A value as shown in a notice: at most 40 characters, control characters dropped.
fn shorten(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    match clean.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &clean[..at]),
        None => clean,
    }
}

/// Unreserved characters stay, space becomes `+`, everything else is `%XX` of its UTF-8 bytes.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `+` is a space and `%XX` a byte; a malformed escape is kept as text; invalid UTF-8 becomes
/// U+FFFD.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, expect_url: &str, expect_ignored: &[&str]) {
        let (state, ignored) = decode_url(url);
        assert_eq!(encode_url(&state), expect_url, "{url}");
        assert_eq!(ignored, expect_ignored, "{url}");
    }

    #[test]
    fn the_readable_example_round_trips() {
        check(
            "?q=facial+recognition&party=Labour&from=2025-01&view=member:clive-lewis",
            "?q=facial+recognition&party=labour&from=2025-01&view=member:clive-lewis",
            &[],
        );
        check("", "", &[]);
        check("?", "", &[]);
        check(
            "?view=question:HL11520&sort=newest&sel=HL11520",
            "?sort=newest&sel=HL11520&view=question:HL11520",
            &[],
        );
        check("?q=%C2%A3365%2C000", "?q=%C2%A3365%2C000", &[]);
    }

    #[test]
    fn mangled_and_hostile_urls_decode_to_valid_states() {
        check(
            "?kind=spam&colour=red&sort=random&from=2025-99&view=nowhere",
            "",
            &[
                "kind=spam",
                "colour=red",
                "sort=random",
                "view=nowhere",
                "from=2025-99",
            ],
        );
        check("?q=%E0%A4%A&q2", "?q=%EF%BF%BD%25A", &["q2="]);
        check(
            "?q=%3Cscript%3Ealert(1)%3C/script%3E",
            "?q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E",
            &[],
        );
        check("?member=%00%01&view=member:", "", &["view=member:"]);
        check("?&&&=&=x", "", &["=", "=x"]);
        check(
            "?corpus=javascript:alert(1)&corpus=data:,%7B%7D&corpus=%20",
            "",
            &["corpus=javascript:alert(1)", "corpus=data:,{}", "corpus= "],
        );
        check(
            "?corpus=big.json&corpus=HTTPS://example.org/c.json",
            "?corpus=HTTPS:%2F%2Fexample.org%2Fc.json",
            &[],
        );
        // The corpus an import left, saved in the browser; no other `saved:` address.
        check("?corpus=saved:imports", "?corpus=saved:imports", &[]);
        check("?corpus=saved:other", "", &["corpus=saved:other"]);
        let long = format!("?q={}", "a".repeat(5000));
        let (state, ignored) = decode_url(&long);
        assert_eq!(state.query.len(), MAX_QUERY_CHARS);
        assert_eq!(ignored, vec!["the query beyond 1000 characters"]);
    }
}
