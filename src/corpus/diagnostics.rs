//! Collecting line spans that are not records: furniture the parser recognises, and text it could
//! not place. Runs of neighbouring lines are reported once, so a page of junk is one diagnostic
//! with a line range rather than a thousand.

use super::model::{Diagnostic, Severity};

/// Inclusive line ranges, merged when a new line directly follows the last range (blank lines
/// between them are bridged by the caller passing `gap_ok`).
#[derive(Debug, Default)]
pub struct Spans {
    spans: Vec<[u32; 2]>,
}

impl Spans {
    /// Adds `line`; joins it to the previous range when only blank lines lie between.
    pub fn add(&mut self, line: u32, only_blanks_since_last: bool) {
        match self.spans.last_mut() {
            Some(last) if only_blanks_since_last && last[1] < line => last[1] = line,
            _ => self.spans.push([line, line]),
        }
    }

    pub fn into_vec(self) -> Vec<[u32; 2]> {
        self.spans
    }
}

/// Text the parser could not place, reported as errors that say what was expected instead.
#[derive(Debug)]
pub struct Unplaced {
    file: String,
    expected: &'static str,
    spans: Spans,
    last_line: u32,
}

impl Unplaced {
    pub fn new(file: &str, expected: &'static str) -> Self {
        Unplaced {
            file: file.to_string(),
            expected,
            spans: Spans::default(),
            last_line: 0,
        }
    }

    /// Records an unplaced line; `previous_nonblank` is the number of the last non-blank line
    /// seen before it, so consecutive unplaced lines form one span.
    pub fn add(&mut self, line: u32, previous_nonblank: u32) {
        let joined = self.last_line != 0 && self.last_line == previous_nonblank;
        self.spans.add(line, joined);
        self.last_line = line;
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let file = self.file;
        let expected = self.expected;
        self.spans
            .into_vec()
            .into_iter()
            .map(|[first, last]| Diagnostic {
                file: file.clone(),
                line: first,
                end_line: (last > first).then_some(last),
                column: None,
                severity: Severity::Error,
                message: format!("text outside any record was not read: expected {expected}"),
            })
            .collect()
    }
}

/// Sorts diagnostics by file and position, the order a reader fixes them in.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
}
