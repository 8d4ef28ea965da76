//! Reading what can be read of a corpus JSON file that was cut short (an interrupted download, a
//! full disk): every complete record before the cut, so the explorer can open with a notice
//! instead of nothing.
//!
//! Invariants: only records whose JSON object closed before the cut are returned, each exactly as
//! a full read would give it; the result keeps the model's invariants (unique ids because the
//! file had them; every `SourceRef::file` names a `sources` entry, added with what the records
//! show when the cut came before the file's own list).

use serde::de::{DeserializeOwned, IgnoredAny};

use super::model::{Corpus, Format, SourceFile};

/// The complete records before the cut, and how far the file could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Salvaged {
    pub corpus: Corpus,
    /// Bytes of the file up to the end of the last complete value.
    pub read_to: usize,
}

/// Reads a corpus JSON prefix. Never fails: a prefix with nothing complete gives an empty corpus.
pub fn salvage_corpus(bytes: &[u8]) -> Salvaged {
    let mut corpus = Corpus::default();
    let mut json = Scanner { bytes, at: 0 };
    let mut read_to = 0;
    if json.eat(b'{') {
        while let Some(key) = json.value::<String>() {
            if !json.eat(b':') {
                break;
            }
            let complete = match key.as_str() {
                "questions" => json.array(&mut corpus.questions, &mut read_to),
                "press_releases" => json.array(&mut corpus.press_releases, &mut read_to),
                "diagnostics" => json.array(&mut corpus.diagnostics, &mut read_to),
                "sources" => json.array(&mut corpus.sources, &mut read_to),
                _ => json.value::<IgnoredAny>().is_some(),
            };
            if !complete || !json.eat(b',') {
                break;
            }
        }
    }
    add_missing_sources(&mut corpus);
    Salvaged { corpus, read_to }
}

/// Names every file the records cite in `sources`, as the model requires, when the cut came
/// before the file's own list of sources.
fn add_missing_sources(corpus: &mut Corpus) {
    let cited = corpus
        .questions
        .iter()
        .flat_map(|q| q.sources.iter())
        .chain(corpus.press_releases.iter().flat_map(|p| p.sources.iter()));
    let mut added: Vec<SourceFile> = Vec::new();
    for source in cited {
        if corpus.sources.iter().any(|s| *s.name == *source.file) {
            continue;
        }
        match added.iter_mut().find(|s| *s.name == *source.file) {
            Some(file) => file.lines = file.lines.max(source.last_line),
            None => added.push(SourceFile {
                name: source.file.to_string(),
                format: Format::CorpusJson,
                lines: source.last_line,
                boilerplate: Vec::new(),
            }),
        }
    }
    corpus.sources.extend(added);
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.at += 1;
        }
    }

    /// Consumes `byte` (after any whitespace) if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// One complete JSON value of type `T`, or `None` (nothing consumed) if it is cut or wrong.
    fn value<T: DeserializeOwned>(&mut self) -> Option<T> {
        self.skip_space();
        let rest = self.bytes.get(self.at..)?;
        let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<T>();
        let value = stream.next()?.ok()?;
        self.at += stream.byte_offset();
        Some(value)
    }

    /// The elements of an array into `out`, as many as are complete; true if the array closed.
    fn array<T: DeserializeOwned>(&mut self, out: &mut Vec<T>, read_to: &mut usize) -> bool {
        if !self.eat(b'[') {
            return false;
        }
        if self.eat(b']') {
            *read_to = self.at;
            return true;
        }
        loop {
            let Some(item) = self.value::<T>() else {
                return false;
            };
            out.push(item);
            *read_to = self.at;
            if self.eat(b']') {
                *read_to = self.at;
                return true;
            }
            if !self.eat(b',') {
                return false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::build_corpus;

    fn seed_corpus() -> Corpus {
        let files = [
            (
                "000.txt",
                include_str!("../../data/000_e7677c7cd8ee13ab.txt"),
            ),
            (
                "003.txt",
                include_str!("../../data/003_7561d0f2425cc239.txt"),
            ),
        ];
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        build_corpus(&files)
    }

    #[test]
    fn a_whole_file_salvages_to_itself() {
        let corpus = seed_corpus();
        let json = serde_json::to_vec(&corpus).expect("a corpus serialises");
        let salvaged = salvage_corpus(&json);
        assert_eq!(salvaged.corpus, corpus);
        assert_eq!(salvaged.read_to, json.len() - 1);
    }

    #[test]
    fn a_cut_file_gives_the_records_before_the_cut() {
        let corpus = seed_corpus();
        let json = serde_json::to_vec(&corpus).expect("a corpus serialises");
        // Every cut gives a prefix of the questions, and never a record that was not complete.
        // (Cuts every 31 bytes and either side of every `}`: every byte would take a minute.)
        let closes = json.iter().enumerate().filter(|(_, &b)| b == b'}');
        let mut cuts: Vec<usize> = (0..json.len()).step_by(31).collect();
        cuts.extend(closes.flat_map(|(i, _)| [i, i + 1]));
        cuts.sort_unstable();
        let mut previous = 0;
        for cut in cuts {
            let salvaged = salvage_corpus(&json[..cut]);
            let n = salvaged.corpus.questions.len();
            assert!(n >= previous, "cut at {cut}: {n} < {previous}");
            assert_eq!(salvaged.corpus.questions[..], corpus.questions[..n]);
            assert!(salvaged.read_to <= cut);
            for q in &salvaged.corpus.questions {
                for s in &q.sources {
                    assert!(salvaged.corpus.sources.iter().any(|f| *f.name == *s.file));
                }
            }
            previous = n;
        }
        assert_eq!(previous, corpus.questions.len());
    }

    #[test]
    fn anything_else_gives_nothing() {
        for text in [
            "",
            "[1, 2]",
            "{\"questions\": 3}",
            "{\"questions\": [{\"id\": 1}]}",
            "nonsense",
        ] {
            assert_eq!(
                salvage_corpus(text.as_bytes()).corpus,
                Corpus::default(),
                "{text}"
            );
        }
    }
}
