//! The corpus layer: the record model, one parser per input format, diagnostics, and merging
//! parsed files into one deduplicated corpus. Parsing never fails: every entry point returns
//! records plus diagnostics, and every input line is in a record's source range, a boilerplate
//! span of its `SourceFile`, or a diagnostic.

mod api_json;
mod chunked;
mod compact;
mod coverage;
pub mod crossref;
mod detect;
mod diagnostics;
pub mod export;
pub mod fxhash;
pub mod handover;
mod html;
pub mod lines;
pub mod members;
mod merge;
mod model;
mod order;
pub mod pack;
mod page;
mod press;
mod salvage;
pub mod store;
mod stream;
mod synth;
mod thousands;
pub mod words;
mod written;

pub use chunked::ChunkedParse;
pub use coverage::unaccounted_lines;
pub use detect::detect_format;
pub use html::html_to_paragraphs;
pub use merge::{build_corpus, group_kept, merge_into, merge_kept, Merged, Merging, QuestionKey};
pub use model::*;
pub use order::natural_cmp;
pub use salvage::{salvage_corpus, Salvaged};
pub use stream::{JsonRead, JsonReader};
pub use synth::synthesize;
pub use thousands::Thousands;

use lines::split_lines;

/// What parsing one file gives: its records, what could not be read, and how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub questions: Vec<Question>,
    pub press_releases: Vec<PressRelease>,
    pub diagnostics: Vec<Diagnostic>,
    pub source: SourceFile,
    /// The files a corpus JSON file was itself built from, so its records' sources stay known.
    pub imported_sources: Vec<SourceFile>,
    /// The members a members file names (`Format::MembersJson`), for the records that know
    /// them by id alone: a merge names them (`merge`).
    pub members: Vec<Member>,
}

impl Parsed {
    fn empty(file: &str, format: Format, lines: u32) -> Self {
        Parsed {
            questions: Vec::new(),
            press_releases: Vec::new(),
            diagnostics: Vec::new(),
            source: SourceFile {
                name: file.to_string(),
                format,
                lines,
                boilerplate: Vec::new(),
            },
            imported_sources: Vec::new(),
            members: Vec::new(),
        }
    }
}

/// Parses one file. `format` overrides detection; `None` detects it from the text.
pub fn parse_file(file: &str, text: &str, format: Option<Format>) -> Parsed {
    parse_text(file, text, format, true)
}

/// Parses a file, or with `file_ends` false a piece of one that more records follow.
fn parse_text(file: &str, text: &str, format: Option<Format>, file_ends: bool) -> Parsed {
    // JSON needs only its count of lines, not the lines made (a copy of the whole file).
    let json = format.or_else(|| detect::json_format(text));
    let (lines, line_count) = match json {
        Some(Format::ApiJson | Format::CorpusJson | Format::MembersJson) => {
            (Vec::new(), lines::line_count(text))
        }
        _ => {
            let lines = split_lines(text);
            let count = lines.len();
            (lines, count)
        }
    };
    let format = json.unwrap_or_else(|| detect_format(text, &lines));
    let line_count = u32::try_from(line_count).unwrap_or(u32::MAX);
    let mut parsed = match format {
        Format::Compact => compact::parse_compact(file, &lines, file_ends),
        Format::Page => page::parse_page(file, &lines, file_ends),
        Format::PressReleases => press::parse_press_releases(file, &lines),
        Format::ApiJson => api_json::parse_api_json(file, text, line_count),
        Format::CorpusJson => parse_corpus_json(file, text, line_count),
        Format::MembersJson => members::parse_members_json(file, text, line_count),
        Format::Bundle => {
            let mut parsed = Parsed::empty(file, format, line_count);
            parsed.diagnostics.push(Diagnostic {
                file: file.to_string(),
                line: 0,
                end_line: None,
                column: None,
                severity: Severity::Error,
                message: "a bundle is binary, not text: open it with ?corpus= or Import, which \
                          read it as it is"
                    .into(),
            });
            parsed
        }
    };
    diagnostics::sort_diagnostics(&mut parsed.diagnostics);
    parsed
}

/// A corpus JSON file (this project's own asset or an export) read back as records.
fn parse_corpus_json(file: &str, text: &str, line_count: u32) -> Parsed {
    let mut parsed = Parsed::empty(file, Format::CorpusJson, line_count);
    match serde_json::from_str::<Corpus>(text.trim_start_matches('\u{feff}')) {
        Ok(corpus) => {
            parsed.questions = corpus.questions;
            parsed.press_releases = corpus.press_releases;
            parsed.diagnostics = corpus.diagnostics;
            parsed.imported_sources = corpus.sources;
            parsed.source.boilerplate = vec![[1, line_count.max(1)]];
        }
        Err(err) => parsed.diagnostics.push(api_json::json_error(
            file,
            &err,
            line_count,
            "expected an object with \"questions\" and \"press_releases\" as written by `pqx build`",
        )),
    }
    parsed
}
