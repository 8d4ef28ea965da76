//! Format C, a tag page of press releases: a `Tag: …` header, then items that open with
//! `• PRESS RELEASE : TITLE [Month YYYY]`, repeat the title indented, give the issuing
//! department and date, and carry body paragraphs, bullet lists and quotes (`X said:`).
//!
//! Invariant: a quote's paragraphs stay in `paragraphs` too, in order; `Quote::paragraph` points
//! at the first of them.

use std::sync::Arc;

use super::diagnostics::{Spans, Unplaced};
use super::lines::{fold_quotes, parse_date, parse_month_year, slugify, Line};
use super::model::{Diagnostic, Format, PressRelease, Quote, Severity, SourceFile, SourceRef};
use super::Parsed;

#[derive(Debug)]
struct Item {
    title: String,
    month: Option<String>,
    date: Option<String>,
    department: Option<String>,
    paragraphs: Vec<String>,
    quotes: Vec<Quote>,
    /// The speaker of the quote still being read, if its text may go on.
    open_quote: Option<usize>,
    first_line: u32,
    last_line: u32,
}

pub fn parse_press_releases(file: &str, lines: &[Line]) -> Parsed {
    let mut items: Vec<Item> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut furniture = Spans::default();
    let mut unplaced = Unplaced::new(file, "'• PRESS RELEASE : TITLE [Month YYYY]'");
    let mut tag_department: Option<String> = None;
    let mut previous = 0;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        let folded = fold_quotes(&line.text);
        if let Some(tag) = folded.strip_prefix("Tag:") {
            tag_department = Some(tag.trim().to_string()).filter(|t| !t.is_empty());
            furniture.add(line.no, false);
        } else if let Some((bulleted, title, month)) = title_line(&line.text) {
            let repeat = items.last().is_some_and(|item| {
                !bulleted
                    && item.paragraphs.is_empty()
                    && item.date.is_none()
                    && item.title == title
            });
            if repeat {
                if let Some(item) = items.last_mut() {
                    item.last_line = line.no;
                }
            } else {
                if month.is_none() {
                    diagnostics.push(warning(file, line.no, "expected '[Month YYYY]' after the title; the month is taken from the issue date if given"));
                }
                items.push(Item {
                    title,
                    month,
                    date: None,
                    department: None,
                    paragraphs: Vec::new(),
                    quotes: Vec::new(),
                    open_quote: None,
                    first_line: line.no,
                    last_line: line.no,
                });
            }
        } else if let Some(item) = items.last_mut() {
            item.last_line = line.no;
            read_body_line(item, &line.text, &folded);
        } else {
            unplaced.add(line.no, previous);
        }
        previous = line.no;
    }
    let mut press_releases = Vec::with_capacity(items.len());
    for item in items {
        if item.paragraphs.is_empty() {
            diagnostics.push(warning(
                file,
                item.first_line,
                "press release has a title but no body; the text may have been cut off",
            ));
        }
        if item.date.is_none() {
            diagnostics.push(warning(
                file,
                item.first_line,
                "expected 'The press release issued by DEPARTMENT on DATE.'; date unknown",
            ));
        }
        let month = item
            .month
            .or_else(|| item.date.as_ref().map(|d| d[..7].to_string()));
        let department = item.department.or_else(|| tag_department.clone());
        let mut quotes = item.quotes;
        quotes.retain(|q| !q.text.is_empty());
        press_releases.push(PressRelease {
            id: press_release_id(month.as_deref(), &item.title),
            title: item.title,
            month: month.map(Arc::from),
            date: item.date.map(Arc::from),
            department: department.map(Arc::from),
            paragraphs: item.paragraphs,
            quotes,
            sources: vec![SourceRef {
                file: file.into(),
                first_line: item.first_line,
                last_line: item.last_line,
            }],
        });
    }
    diagnostics.extend(unplaced.into_diagnostics());
    Parsed {
        questions: Vec::new(),
        press_releases,
        diagnostics,
        source: SourceFile {
            name: file.to_string(),
            format: Format::PressReleases,
            lines: lines.len() as u32,
            boilerplate: furniture.into_vec(),
        },
        imported_sources: Vec::new(),
        members: Vec::new(),
    }
}

/// `pr-2025-02-home-secretary-hosts-summit-on-mobile-phone-theft`: readable and stable.
pub fn press_release_id(month: Option<&str>, title: &str) -> String {
    let slug = slugify(title, 64);
    match month {
        Some(month) => format!("pr-{month}-{slug}"),
        None => format!("pr-{slug}"),
    }
}

fn warning(file: &str, line: u32, message: &str) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line,
        end_line: None,
        column: None,
        severity: Severity::Warning,
        message: message.to_string(),
    }
}

/// `• PRESS RELEASE : TITLE [February 2025]` → (bulleted, title, month).
fn title_line(text: &str) -> Option<(bool, String, Option<String>)> {
    let (bulleted, rest) = match text.strip_prefix('•') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let rest = rest.strip_prefix("PRESS RELEASE")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim();
    let (title, month) = match rest
        .strip_suffix(']')
        .and_then(|r| r.rfind('[').map(|at| (r, at)))
    {
        Some((r, at)) => match parse_month_year(&r[at + 1..]) {
            Some(month) => (r[..at].trim(), Some(month)),
            None => (rest, None),
        },
        None => (rest, None),
    };
    Some((bulleted, title.to_string(), month))
}

fn read_body_line(item: &mut Item, text: &str, folded: &str) {
    if item.date.is_none() && item.paragraphs.is_empty() {
        if let Some((department, date)) = issued_by(folded) {
            item.department = Some(department);
            item.date = date;
            return;
        }
    }
    if let Some(bullet) = text.strip_prefix('•') {
        item.open_quote = None;
        item.paragraphs.push(format!("• {}", bullet.trim_start()));
        return;
    }
    if let Some(speaker) = speaker(text) {
        item.paragraphs.push(text.to_string());
        item.open_quote = Some(item.quotes.len());
        item.quotes.push(Quote {
            speaker,
            text: String::new(),
            paragraph: item.paragraphs.len(),
        });
        return;
    }
    item.paragraphs.push(text.to_string());
    let Some(open) = item.open_quote else {
        return;
    };
    let Some(quote) = item.quotes.get_mut(open) else {
        return;
    };
    // The first paragraph after `X said:` is the quote; later ones continue it only while they
    // speak in the first person, which is how narration after a quote is told apart.
    if quote.text.is_empty() || speaks_in_first_person(folded) {
        if !quote.text.is_empty() {
            quote.text.push_str("\n\n");
        }
        quote.text.push_str(text);
    } else {
        item.open_quote = None;
    }
}

/// `The press release issued by the Home Office on 6 February 2025.` → department, date.
fn issued_by(folded: &str) -> Option<(String, Option<String>)> {
    let lower = folded.to_lowercase();
    let at = lower.find(" issued by ")?;
    if !lower.starts_with("the ") || at > 40 {
        return None;
    }
    let rest = &folded[at + " issued by ".len()..];
    let (who, date) = match rest.rfind(" on ") {
        Some(on) => (&rest[..on], parse_date(&rest[on + 4..])),
        None => (rest.trim_end_matches('.'), None),
    };
    let who = who.trim();
    let who = who.strip_prefix("the ").unwrap_or(who);
    Some((who.to_string(), date))
}

/// `Home Secretary Yvette Cooper said:` → `Home Secretary Yvette Cooper`.
fn speaker(text: &str) -> Option<String> {
    let body = text.strip_suffix("said:")?.trim_end().trim_end_matches(',');
    let words = body.split_whitespace().count();
    (1..=30).contains(&words).then(|| body.trim().to_string())
}

fn speaks_in_first_person(folded: &str) -> bool {
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .any(|w| {
            matches!(
                w,
                "I" | "I'm"
                    | "I've"
                    | "I'd"
                    | "I'll"
                    | "we"
                    | "We"
                    | "we're"
                    | "We're"
                    | "we've"
                    | "We've"
                    | "we'll"
                    | "We'll"
                    | "our"
                    | "Our"
                    | "us"
                    | "my"
                    | "My"
                    | "me"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_lines() {
        assert_eq!(
            title_line("• PRESS RELEASE : New £13m police centre [February 2025]"),
            Some((
                true,
                "New £13m police centre".into(),
                Some("2025-02".into())
            ))
        );
        assert_eq!(
            title_line("PRESS RELEASE : Untagged title"),
            Some((false, "Untagged title".into(), None))
        );
        assert_eq!(title_line("The press release issued by"), None);
    }

    #[test]
    fn issue_lines_and_speakers() {
        assert_eq!(
            issued_by("The press release issued by the Home Office on 6 February 2025."),
            Some(("Home Office".into(), Some("2025-02-06".into())))
        );
        assert_eq!(
            speaker("Home Secretary, Yvette Cooper, said:").as_deref(),
            Some("Home Secretary, Yvette Cooper")
        );
        assert_eq!(speaker("said:"), None);
    }
}
