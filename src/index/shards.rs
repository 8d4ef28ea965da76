//! A simulation of serving a corpus too large for one browser from static hosting, in the style
//! of Pagefind (see docs/scaling.md): the term dictionary split into shards of whole terms in
//! text order, a parallel set of position shards for phrases, records in chunks of consecutive
//! doc ids, and one attribute file for filters and facets. For each benchmark query it counts
//! the bytes a browser would fetch: the shards holding the query's terms (all of a prefix's
//! terms), position shards for a phrase, and the chunks holding the first page of results.
//!
//! Sizes are of the encodings such a build would write, uncompressed: postings as varint doc-id
//! deltas and term frequencies (one list per term, fields merged), positions as varint deltas,
//! records as their corpus JSON.

use serde::Serialize;

use super::bench::QUERIES;
use super::{parse_query, DocRef, Filters, Index, Matcher, Sort};
use crate::corpus::Corpus;

/// How the files are cut.
#[derive(Debug, Clone, Copy)]
pub struct ShardPlan {
    /// A shard closes once it holds at least this many bytes (a single huge list is one shard).
    pub shard_bytes: usize,
    /// Records per chunk file.
    pub chunk_records: usize,
    /// Results fetched for the first page.
    pub page: usize,
}

impl Default for ShardPlan {
    fn default() -> Self {
        ShardPlan {
            shard_bytes: 64 * 1024,
            chunk_records: 1,
            page: 20,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QueryBytes {
    pub kind: String,
    pub query: String,
    pub matches: u32,
    pub shards: usize,
    pub shard_bytes: usize,
    pub position_bytes: usize,
    pub chunk_bytes: usize,
    pub total_bytes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShardReport {
    pub documents: u32,
    pub terms: usize,
    pub shards: usize,
    pub postings_bytes: usize,
    pub largest_shard_bytes: usize,
    pub positions_bytes: usize,
    pub chunks: usize,
    pub records_bytes: usize,
    /// Fetched once when the app starts: the shard directory and the attribute file.
    pub start_bytes: usize,
    pub queries: Vec<QueryBytes>,
}

fn varint_len(mut value: u32) -> usize {
    let mut n = 1;
    while value >= 0x80 {
        value >>= 7;
        n += 1;
    }
    n
}

/// Encoded sizes of one term's merged postings and of its positions.
fn term_sizes(index: &Index, term: u32) -> (usize, usize) {
    let mut docs: Vec<(u32, u32)> = Vec::new();
    let mut positions = 0;
    for (_, l, list) in index.lists_of(term) {
        docs.extend(list.frequencies());
        if let Some(all) = index.positions() {
            all.for_each_piece(l, list, |piece| positions += piece.len());
        }
    }
    docs.sort_unstable();
    let mut bytes = index.term_names[term as usize].len() + 2;
    let mut previous = 0;
    let mut i = 0;
    while i < docs.len() {
        let doc = docs[i].0;
        let mut tf = 0;
        while i < docs.len() && docs[i].0 == doc {
            tf += docs[i].1;
            i += 1;
        }
        bytes += varint_len(doc - previous) + varint_len(tf);
        previous = doc;
    }
    (bytes, positions)
}

/// Cuts `index` (built over `corpus`) into files as `plan` says and counts the bytes each
/// benchmark query fetches.
pub fn simulate(index: &Index, corpus: &Corpus, plan: ShardPlan) -> ShardReport {
    // Shards of whole terms in text order, with positions cut at the same boundaries.
    let mut shard_of = vec![0u32; index.term_names.len()];
    let mut shard_sizes: Vec<usize> = vec![0];
    let mut position_sizes: Vec<usize> = vec![0];
    let mut directory = 0;
    for &term in &index.sorted_terms {
        let (bytes, positions) = term_sizes(index, term);
        let last = shard_sizes.len() - 1;
        if shard_sizes[last] >= plan.shard_bytes {
            shard_sizes.push(0);
            position_sizes.push(0);
            directory += index.term_names[term as usize].len() + 8;
        }
        let last = shard_sizes.len() - 1;
        shard_sizes[last] += bytes;
        position_sizes[last] += positions;
        shard_of[term as usize] = last as u32;
    }
    // Records in chunks of consecutive doc ids.
    let chunk_count = (index.len() as usize).div_ceil(plan.chunk_records.max(1));
    let mut chunk_sizes = vec![0usize; chunk_count];
    for doc in 0..index.len() {
        let bytes = match index.doc_ref(doc) {
            Some(DocRef::Question(i)) => corpus
                .questions
                .get(i as usize)
                .and_then(|q| serde_json::to_vec(q).ok()),
            Some(DocRef::PressRelease(i)) => corpus
                .press_releases
                .get(i as usize)
                .and_then(|p| serde_json::to_vec(p).ok()),
            None => None,
        }
        .map_or(0, |v| v.len());
        chunk_sizes[doc as usize / plan.chunk_records.max(1)] += bytes;
    }
    // Ten bytes of attributes per document, plus the facet value names.
    let a = &index.attrs;
    let names: usize = [&a.members, &a.parties, &a.departments, &a.answerers]
        .iter()
        .map(|t| t.names.iter().map(|n| n.len() + 1).sum::<usize>())
        .sum();
    let start_bytes = directory + index.len() as usize * 10 + names;

    let mut queries = Vec::new();
    for (kind, texts) in QUERIES {
        for text in texts {
            let query = parse_query(text);
            let mut shards: Vec<u32> = Vec::new();
            let mut phrase_shards: Vec<u32> = Vec::new();
            for m in query.positive_terms() {
                match m {
                    Matcher::Term(w) => {
                        shards.extend(index.term(w.as_str()).map(|t| shard_of[t as usize]))
                    }
                    Matcher::Prefix(p) => {
                        shards.extend(index.prefix_terms(p).iter().map(|&t| shard_of[t as usize]))
                    }
                    Matcher::Phrase(words) => {
                        for w in words {
                            if let Some(t) = index.term(w.as_str()) {
                                shards.push(shard_of[t as usize]);
                                phrase_shards.push(shard_of[t as usize]);
                            }
                        }
                    }
                }
            }
            shards.sort_unstable();
            shards.dedup();
            phrase_shards.sort_unstable();
            phrase_shards.dedup();
            let results = index.search(&query, &Filters::default(), Sort::Relevance, 0, plan.page);
            let mut chunks: Vec<usize> = results
                .hits
                .iter()
                .map(|h| h.doc as usize / plan.chunk_records.max(1))
                .collect();
            chunks.sort_unstable();
            chunks.dedup();
            let shard_bytes = shards.iter().map(|&s| shard_sizes[s as usize]).sum();
            let position_bytes = phrase_shards
                .iter()
                .map(|&s| position_sizes[s as usize])
                .sum();
            let chunk_bytes = chunks.iter().map(|&c| chunk_sizes[c]).sum();
            queries.push(QueryBytes {
                kind: kind.to_string(),
                query: text.trim().to_string(),
                matches: results.total,
                shards: shards.len() + phrase_shards.len(),
                shard_bytes,
                position_bytes,
                chunk_bytes,
                total_bytes: shard_bytes + position_bytes + chunk_bytes,
            });
        }
    }
    ShardReport {
        documents: index.len(),
        terms: index.term_names.len(),
        shards: shard_sizes.len(),
        postings_bytes: shard_sizes.iter().sum(),
        largest_shard_bytes: shard_sizes.iter().copied().max().unwrap_or(0),
        positions_bytes: position_sizes.iter().sum(),
        chunks: chunk_count,
        records_bytes: chunk_sizes.iter().sum(),
        start_bytes,
        queries,
    }
}

/// The report as text.
pub fn format_report(report: &ShardReport) -> String {
    let mb = |b: usize| b as f64 / 1e6;
    let mut out = format!(
        "{} documents, {} terms: {} index shards ({:.1} MB of postings, largest {:.2} MB), {:.1} MB of positions, {} record chunks ({:.1} MB); {:.2} MB fetched once at start\n",
        report.documents,
        report.terms,
        report.shards,
        mb(report.postings_bytes),
        mb(report.largest_shard_bytes),
        mb(report.positions_bytes),
        report.chunks,
        mb(report.records_bytes),
        mb(report.start_bytes),
    );
    out.push_str(&format!(
        "  {:<18} {:<26} {:>8} {:>7} {:>10} {:>10} {:>10} {:>10}\n",
        "kind", "query", "matches", "files", "index kB", "pos kB", "chunk kB", "total kB"
    ));
    for q in &report.queries {
        out.push_str(&format!(
            "  {:<18} {:<26} {:>8} {:>7} {:>10.0} {:>10.0} {:>10.0} {:>10.0}\n",
            q.kind,
            q.query,
            q.matches,
            q.shards,
            q.shard_bytes as f64 / 1e3,
            q.position_bytes as f64 / 1e3,
            q.chunk_bytes as f64 / 1e3,
            q.total_bytes as f64 / 1e3,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::synthesize;

    #[test]
    fn every_query_fetches_its_shards_and_a_page_of_records() {
        let corpus = synthesize(600, 3);
        let index = Index::build(&corpus);
        let report = simulate(
            &index,
            &corpus,
            ShardPlan {
                shard_bytes: 4096,
                ..ShardPlan::default()
            },
        );
        assert!(report.shards > 1);
        assert_eq!(report.chunks, 600);
        for q in &report.queries {
            if q.matches == 0 {
                assert_eq!(q.chunk_bytes, 0, "{q:?}");
            } else {
                assert!(q.shard_bytes > 0 && q.chunk_bytes > 0, "{q:?}");
                assert!(
                    q.total_bytes < report.postings_bytes + report.records_bytes,
                    "{q:?}"
                );
            }
        }
        let phrase = report
            .queries
            .iter()
            .find(|q| q.kind == "phrase" && q.matches > 0);
        assert!(phrase.is_some_and(|q| q.position_bytes > 0));
    }
}
