//! Format A, compact: records of `Asked by: NAME (Party - Constituency)`, `Question to the
//! Home Office:`, the question, `Answered by NAME - Role (Department)` and one answer paragraph
//! per line. A record starts at each `Asked by:`; nothing else is furniture.

use super::diagnostics::Unplaced;
use super::lines::Line;
use super::model::Format;
use super::written::Reader;
use super::Parsed;

pub fn parse_compact(file: &str, lines: &[Line], file_ends: bool) -> Parsed {
    let mut reader = Reader::new(file);
    let mut unplaced = Unplaced::new(file, "'Asked by: NAME (Party - Constituency)'");
    let mut previous = 0;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        if !reader.line(line) {
            unplaced.add(line.no, previous);
        }
        previous = line.no;
    }
    reader.into_parsed(
        Format::Compact,
        lines.len(),
        unplaced,
        Vec::new(),
        file_ends,
    )
}
