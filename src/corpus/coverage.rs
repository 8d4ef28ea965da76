//! The "nothing is silently dropped" invariant as a checkable function: every non-blank input
//! line lies in a record's source range, a boilerplate span, or a diagnostic's line range.

use super::lines::split_lines;
use super::Parsed;

/// The numbers of non-blank lines of `text` that `parsed` does not account for. Empty when the
/// parse kept its promise.
pub fn unaccounted_lines(text: &str, parsed: &Parsed) -> Vec<u32> {
    let file = parsed.source.name.as_str();
    let mut covered: Vec<[u32; 2]> = parsed.source.boilerplate.clone();
    let sources = parsed
        .questions
        .iter()
        .flat_map(|q| q.sources.iter())
        .chain(parsed.press_releases.iter().flat_map(|p| p.sources.iter()));
    covered.extend(
        sources
            .filter(|s| *s.file == *file)
            .map(|s| [s.first_line, s.last_line]),
    );
    covered.extend(
        parsed
            .diagnostics
            .iter()
            .filter(|d| d.file == file && d.line > 0)
            .map(|d| [d.line, d.end_line.unwrap_or(d.line)]),
    );
    covered.sort_unstable();
    split_lines(text)
        .into_iter()
        .filter(|line| !line.is_blank())
        .map(|line| line.no)
        .filter(|&no| {
            // The last range starting at or before `no` is not enough (ranges overlap), so look
            // at every range that starts at or before it.
            let end = covered.partition_point(|r| r[0] <= no);
            !covered[..end].iter().any(|r| r[1] >= no)
        })
        .collect()
}
