//! Telling the formats apart from their text alone, so users can drop in any file.

use super::lines::{fold_quotes, Line};
use super::model::Format;

/// The format a text is most likely in. JSON is recognised by its first character; the text
/// formats by the markers only they use, looked for in the first lines.
pub fn detect_format(text: &str, lines: &[Line]) -> Format {
    if let Some(json) = json_format(text) {
        return json;
    }
    let mut page = false;
    let mut compact = false;
    for line in lines.iter().take(400) {
        let text = fold_quotes(&line.text);
        let text = text.trim_start_matches(['•', ' ']);
        if text.starts_with("PRESS RELEASE") && text.contains(':') {
            return Format::PressReleases;
        }
        page |= text == "Written Question";
        compact |= text.starts_with("Asked by");
    }
    if page || !compact && text_mentions_page_hints(lines) {
        Format::Page
    } else {
        Format::Compact
    }
}

/// The kind of JSON a text is, if it is JSON (its first character says so), which the lines
/// are not needed to tell.
pub fn json_format(text: &str) -> Option<Format> {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !start.starts_with('{') && !start.starts_with('[') {
        return None;
    }
    let head: String = start.chars().take(4096).collect();
    let corpus_like = head.contains("\"press_releases\"")
        || (head.contains("\"questions\"") && head.contains("\"sources\""));
    // Only the Members API names a member `nameDisplayAs`, and only the members data platform
    // `@Member_Id`; a question has `questionText`.
    let members = (head.contains("\"nameDisplayAs\"") || head.contains("\"@Member_Id\""))
        && !head.contains("\"questionText\"");
    Some(match (corpus_like, members) {
        (true, _) => Format::CorpusJson,
        (false, true) => Format::MembersJson,
        (false, false) => Format::ApiJson,
    })
}

fn text_mentions_page_hints(lines: &[Line]) -> bool {
    lines
        .iter()
        .take(20)
        .any(|l| super::page::is_furniture(&fold_quotes(&l.text)))
}
