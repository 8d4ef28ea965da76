//! A benchmark of the engine that runs the same way natively and in the browser: the caller
//! supplies the clock. It measures index build time and size, and query latency percentiles for
//! each kind of query the app runs. Figures only: nothing here asserts on time.

use serde::Serialize;

use super::{parse_query, Filters, Index, Sort};
use crate::corpus::{Corpus, PressRelease, Question};

/// The fixed query set, by kind. Prefix queries have no trailing space: the last word is what
/// the user is still typing.
pub const QUERIES: [(&str, &[&str]); 6] = [
    (
        "single term",
        &["police ", "funding ", "schools ", "government ", "data "],
    ),
    (
        "two-term AND",
        &[
            "police funding ",
            "schools children ",
            "health staff ",
            "local authorities ",
        ],
    ),
    ("prefix type-ahead", &["pol", "fund", "sch", "hea", "tra"]),
    (
        "phrase",
        &[
            "\"secretary of state\" ",
            "\"per cent\" ",
            "\"local authorities\" ",
        ],
    ),
    (
        "facet + term",
        &[
            "police party:labour ",
            "funding house:lords ",
            "schools kind:question ",
        ],
    ),
    ("zero-hit", &["zzqxv ", "qqqzzz "]),
];

#[derive(Debug, Clone, Serialize)]
pub struct QueryFigures {
    pub kind: String,
    pub runs: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// Matches of each query in the kind, so runs can be compared with other engines.
    pub totals: Vec<u32>,
}

/// A build on more than one thread.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Threaded {
    pub threads: usize,
    pub build_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub documents: u32,
    pub terms: usize,
    /// How long the index took to build, or, `opened` from a bundle, to read with its corpus.
    pub build_ms: f64,
    /// Whether the index was read from a bundle rather than built.
    pub opened: bool,
    /// The same index built again on every core (`Index::build_on_threads`), natively.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threaded: Option<Threaded>,
    pub index_bytes: usize,
    /// The index's bytes by part (`Index::heap_parts`).
    pub index_parts: Vec<(&'static str, usize)>,
    pub text_bytes: usize,
    pub queries: Vec<QueryFigures>,
}

/// Bytes of record text: what the index is compared with for its memory cost.
pub fn text_bytes(corpus: &Corpus) -> usize {
    let questions: usize = corpus.questions.iter().map(question_text_bytes).sum();
    let releases: usize = corpus
        .press_releases
        .iter()
        .map(press_release_text_bytes)
        .sum();
    questions + releases
}

/// A question's bytes of text: its heading, text and answer.
pub fn question_text_bytes(q: &Question) -> usize {
    q.text.len()
        + q.heading.as_ref().map_or(0, |h| h.len())
        + q.answer
            .as_ref()
            .map_or(0, |a| a.paragraphs.iter().map(String::len).sum())
}

/// A press release's bytes of text: its title and paragraphs.
pub fn press_release_text_bytes(p: &PressRelease) -> usize {
    p.title.len() + p.paragraphs.iter().map(String::len).sum::<usize>()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Builds the index of `corpus` and runs every query `repeats` times. `now` returns
/// milliseconds from any fixed origin.
pub fn run(corpus: &Corpus, repeats: usize, now: &dyn Fn() -> f64) -> (Index, BenchReport) {
    let start = now();
    let index = Index::build(corpus);
    let build_ms = now() - start;
    // What the app makes once the index is searchable, before its reader types.
    index.keep_everything();
    let report = measure(&index, corpus, repeats, now, build_ms);
    (index, report)
}

/// Runs every query `repeats` times on `index`, the index of `corpus` made in `build_ms`.
pub fn measure(
    index: &Index,
    corpus: &Corpus,
    repeats: usize,
    now: &dyn Fn() -> f64,
    build_ms: f64,
) -> BenchReport {
    let filters = Filters::default();
    let mut queries = Vec::new();
    for (kind, texts) in QUERIES {
        let mut times = Vec::with_capacity(texts.len() * repeats);
        let mut totals = Vec::new();
        for text in texts {
            let mut total = 0;
            for _ in 0..repeats {
                let t0 = now();
                let query = parse_query(text);
                let results = index.search(&query, &filters, Sort::Relevance, 0, 20);
                times.push(now() - t0);
                total = results.total;
            }
            totals.push(total);
        }
        times.sort_by(f64::total_cmp);
        queries.push(QueryFigures {
            kind: kind.to_string(),
            runs: times.len(),
            p50_ms: percentile(&times, 50.0),
            p95_ms: percentile(&times, 95.0),
            p99_ms: percentile(&times, 99.0),
            totals,
        });
    }
    BenchReport {
        documents: index.len(),
        terms: index.term_count(),
        build_ms,
        opened: false,
        threaded: None,
        index_bytes: index.heap_bytes(),
        index_parts: index.heap_parts().to_vec(),
        text_bytes: text_bytes(corpus),
        queries,
    }
}

/// The report as an aligned table.
pub fn format_report(label: &str, report: &BenchReport) -> String {
    let made = if report.opened {
        "opened (a bundle)"
    } else {
        "build"
    };
    let mut out = format!(
        "{label}: {} documents, {} terms, {made} {:.0} ms, index ≈ {:.1} MB for {:.1} MB of text\n",
        report.documents,
        report.terms,
        report.build_ms,
        report.index_bytes as f64 / 1e6,
        report.text_bytes as f64 / 1e6
    );
    let parts: Vec<String> = report
        .index_parts
        .iter()
        .map(|(part, bytes)| format!("{part} {:.1}", *bytes as f64 / 1e6))
        .collect();
    if let Some(Threaded { threads, build_ms }) = report.threaded {
        out.push_str(&format!(
            "  built again on {threads} threads: {build_ms:.0} ms\n"
        ));
    }
    out.push_str(&format!("  index MB: {}\n", parts.join(", ")));
    out.push_str(&format!(
        "  {:<18} {:>6} {:>9} {:>9} {:>9}  totals\n",
        "query", "runs", "p50 ms", "p95 ms", "p99 ms"
    ));
    for q in &report.queries {
        out.push_str(&format!(
            "  {:<18} {:>6} {:>9.3} {:>9.3} {:>9.3}  {:?}\n",
            q.kind, q.runs, q.p50_ms, q.p95_ms, q.p99_ms, q.totals
        ));
    }
    out
}
