//! Parsing a large text file in pieces, so a browser can show progress and stay responsive
//! between them. Pieces end only where a record starts, and every line number, source range and
//! boilerplate span is shifted back to the whole file's numbering, so the pieces add up to what
//! one parse of the whole file gives.

use super::lines::{fold_quotes, split_lines};
use super::model::{Format, SourceFile};
use super::{detect_format, parse_text, Parsed};

/// A file cut into pieces at record starts, parsed one piece per `next`.
pub struct ChunkedParse<'a> {
    name: &'a str,
    text: &'a str,
    format: Format,
    /// Byte offset and first line number (1-based) of each piece.
    pieces: Vec<(usize, u32)>,
    next: usize,
    total_lines: u32,
}

impl<'a> ChunkedParse<'a> {
    /// Plans the pieces: about `lines_per_piece` lines each. Formats whose records cannot be cut
    /// apart safely (press release pages share their tag header; JSON is one document) are one
    /// piece.
    pub fn new(
        name: &'a str,
        text: &'a str,
        format: Option<Format>,
        lines_per_piece: usize,
    ) -> Self {
        let lines = split_lines(text);
        let format = format.unwrap_or_else(|| detect_format(text, &lines));
        let total_lines = u32::try_from(lines.len()).unwrap_or(u32::MAX);
        let mut pieces = vec![(0usize, 1u32)];
        if matches!(format, Format::Compact | Format::Page) && lines.len() > lines_per_piece {
            let starts = line_byte_offsets(text);
            let mut since = 0usize;
            for (i, line) in lines.iter().enumerate() {
                since += 1;
                let folded = fold_quotes(&line.text);
                let record_start = match format {
                    Format::Compact => folded.starts_with("Asked by"),
                    _ => folded == "Written Question",
                };
                if record_start && since >= lines_per_piece && i > 0 {
                    if let Some(&offset) = starts.get(i) {
                        pieces.push((offset, line.no));
                        since = 0;
                    }
                }
            }
        }
        ChunkedParse {
            name,
            text,
            format,
            pieces,
            next: 0,
            total_lines,
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn pieces(&self) -> usize {
        self.pieces.len()
    }

    /// Parses the next piece, or `None` when all are done.
    pub fn next_piece(&mut self) -> Option<Parsed> {
        let &(start, first_line) = self.pieces.get(self.next)?;
        let end = self
            .pieces
            .get(self.next + 1)
            .map_or(self.text.len(), |p| p.0);
        self.next += 1;
        let last = self.next == self.pieces.len();
        let mut parsed = parse_text(self.name, &self.text[start..end], Some(self.format), last);
        shift_lines(&mut parsed, first_line - 1);
        Some(parsed)
    }

    /// Combines the parsed pieces into the file's one `Parsed`.
    pub fn combine(&self, pieces: Vec<Parsed>) -> Parsed {
        let mut out = Parsed {
            questions: Vec::new(),
            press_releases: Vec::new(),
            diagnostics: Vec::new(),
            source: SourceFile {
                name: self.name.to_string(),
                format: self.format,
                lines: self.total_lines,
                boilerplate: Vec::new(),
            },
            imported_sources: Vec::new(),
            members: Vec::new(),
        };
        for piece in pieces {
            out.questions.extend(piece.questions);
            out.press_releases.extend(piece.press_releases);
            out.diagnostics.extend(piece.diagnostics);
            out.source.boilerplate.extend(piece.source.boilerplate);
            out.imported_sources.extend(piece.imported_sources);
            out.members.extend(piece.members);
        }
        super::diagnostics::sort_diagnostics(&mut out.diagnostics);
        out
    }
}

/// Byte offset at which each line starts, counting line ends as `split_lines` does.
fn line_byte_offsets(text: &str) -> Vec<usize> {
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    let mut offsets = vec![body_start];
    let mut i = body_start;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => offsets.push(i + 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                offsets.push(i + 2);
                i += 1;
            }
            b'\r' => offsets.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    offsets
}

fn shift_lines(parsed: &mut Parsed, by: u32) {
    if by == 0 {
        return;
    }
    for q in &mut parsed.questions {
        for s in &mut q.sources {
            s.first_line += by;
            s.last_line += by;
        }
    }
    for p in &mut parsed.press_releases {
        for s in &mut p.sources {
            s.first_line += by;
            s.last_line += by;
        }
    }
    for d in &mut parsed.diagnostics {
        if d.line > 0 {
            d.line += by;
        }
        if let Some(end) = &mut d.end_line {
            *end += by;
        }
    }
    for span in &mut parsed.source.boilerplate {
        span[0] += by;
        span[1] += by;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{parse_file, unaccounted_lines};

    fn whole_and_chunked(
        name: &str,
        text: &str,
        lines_per_piece: usize,
    ) -> (Parsed, Parsed, usize) {
        let whole = parse_file(name, text, None);
        let mut chunks = ChunkedParse::new(name, text, None, lines_per_piece);
        let mut pieces = Vec::new();
        while let Some(p) = chunks.next_piece() {
            pieces.push(p);
        }
        (whole, chunks.combine(pieces), chunks.pieces())
    }

    #[test]
    fn pieces_add_up_to_the_whole_file() {
        let seeds = [
            include_str!("../../data/000_e7677c7cd8ee13ab.txt"),
            include_str!("../../data/002_8b0d261ad1d3d06c.txt"),
        ];
        for (i, seed) in seeds.iter().enumerate() {
            let messy = format!("junk line\r\n{}", seed.replace('\n', "\r\n"));
            // Unanswered questions just before a cut must not be reported as cut off.
            let unanswered = seed.replace("Answered by", "Replied by");
            for text in [seed.to_string(), messy, unanswered] {
                let (whole, chunked, pieces) = whole_and_chunked("f.txt", &text, 10);
                assert!(pieces > 3, "seed {i} was cut into {pieces} pieces");
                assert_eq!(chunked.questions, whole.questions, "seed {i}");
                assert_eq!(chunked.diagnostics, whole.diagnostics, "seed {i}");
                assert_eq!(unaccounted_lines(&text, &chunked), Vec::<u32>::new());
            }
        }
    }
}
