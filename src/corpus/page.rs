//! Format B, page text: search hints and notices around records that open with
//! `Written Question`, a heading and a date line (`Tuesday 24th June 2025`), then the compact
//! fields with blank lines between paragraphs.

use super::diagnostics::{Spans, Unplaced};
use super::lines::{fold_quotes, Line};
use super::model::Format;
use super::written::Reader;
use super::Parsed;

/// Lines of page furniture, by how they begin. Matched anywhere, because the page repeats them
/// between records.
const FURNITURE: [&str; 9] = [
    "To match an exact phrase, use quotation marks",
    "Use \"OR\" or \"AND\" as link words",
    "Keep yourself up-to-date with the latest developments",
    "Search Written Questions",
    "Subscribe to ",
    "Source Page:",
    "Find out more about",
    "Parallel Parliament uses cookies",
    "Back to top",
];

pub fn is_furniture(folded: &str) -> bool {
    FURNITURE.iter().any(|f| folded.starts_with(f))
}

pub fn parse_page(file: &str, lines: &[Line], file_ends: bool) -> Parsed {
    let mut reader = Reader::new(file);
    let mut unplaced = Unplaced::new(file, "'Written Question' followed by a heading and a date");
    let mut furniture = Spans::default();
    let mut last_furniture = 0;
    let mut previous = 0;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        let folded = fold_quotes(&line.text);
        if is_furniture(&folded) {
            furniture.add(line.no, last_furniture != 0 && last_furniture == previous);
            last_furniture = line.no;
        } else if folded == "Written Question" {
            reader.start_page_record(line);
        } else if !reader.line(line) {
            unplaced.add(line.no, previous);
        }
        previous = line.no;
    }
    reader.into_parsed(
        Format::Page,
        lines.len(),
        unplaced,
        furniture.into_vec(),
        file_ends,
    )
}
