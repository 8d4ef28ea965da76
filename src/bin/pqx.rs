//! `pqx`: the explorer's engine on the command line.
//!
//! ```text
//! pqx parse FILE... [--format auto|a|b|c|api-json|corpus-json|members-json]   corpus JSON on stdout
//! pqx stats FILE... [--format ...]                                counts and diagnostics
//! pqx build DATA_DIR -o OUT.json [--check]                        the bundled corpus asset
//! pqx bundle FILE... -o OUT.pqx [--check]                         records and index, binary
//! pqx query CORPUS 'QUERY' [--limit N] [--sort S] [--json]         search like the app does
//! pqx synth --records N [--seed S] -o FILE                          a synthetic corpus
//! pqx bench CORPUS.json [--repeats N] [--json]                      index build and query times
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

use pq_explorer::corpus::{
    merge_into, merge_kept, parse_file, Corpus, Format, Severity, Thousands,
};
use pq_explorer::filter::{FilterState, Offer};
use pq_explorer::index::bench;
use pq_explorer::index::bundle::{is_bundle, BundleReader};
use pq_explorer::index::response::{response_times_of, Median, ResponseBy, SnapshotEnds};
use pq_explorer::index::{parse_query, DocRef, FacetCount, Filters, Index, SearchResults, Sort};

const USAGE: &str = "usage:
  pqx parse FILE... [--format auto|a|b|c|api-json|corpus-json|members-json]
      Parse files and print the corpus JSON on stdout.
  pqx stats FILE... [--format ...]
      Print counts per kind, member and department, and the diagnostics.
  pqx build DATA_DIR -o OUT.json [--check]
      Build the bundled corpus asset from every .txt and .json file in DATA_DIR.
      With --check, write nothing and fail if OUT.json is not what DATA_DIR builds.
  pqx bundle FILE... -o OUT.pqx [--check]
      Write the records of FILE... (a corpus JSON, or any files pqx parses) with their finished
      index as one binary bundle, which the app opens without parsing or indexing.
      With --check, write nothing and fail if OUT.pqx is not what FILE... gives.
  pqx query CORPUS 'QUERY' [--limit N] [--sort relevance|newest|oldest] [--json]
      Search a corpus file (corpus JSON, a bundle, or any file pqx parses) with the app's
      engine: prints the total, facet counts and the top results.
  pqx synth --records N [--seed S] -o FILE
      Write a deterministic synthetic corpus of N records (for benchmarks and scale tests).
  pqx bench CORPUS [--repeats N] [--json]
      Build the index of a corpus (or open a bundle's) and time the benchmark query set.
  pqx shards --records N [--seed S] [--shard-kb K] [--chunk R] [--json]
      Simulate serving N synthetic records from static files (index shards of K kB, record
      fragments of R records, 1 by default) and print the bytes each benchmark query fetches.";

/// A failure the user can act on, and the exit code it maps to.
enum Failure {
    Usage(String),
    Input(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("pqx: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(message)) => {
            eprintln!("pqx: {message}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Failure::Usage("no command given".into()));
    };
    match command.as_str() {
        "parse" => {
            let corpus = parse_files(rest)?;
            let json = serde_json::to_string_pretty(&corpus)
                .map_err(|e| Failure::Input(format!("could not write JSON: {e}")))?;
            println!("{json}");
            Ok(())
        }
        "stats" => {
            let corpus = parse_files(rest)?;
            print!("{}", stats(&corpus));
            Ok(())
        }
        "build" => build(rest),
        "bundle" => bundle(rest),
        "query" => query(rest),
        "synth" => synth(rest),
        "bench" => bench(rest),
        "shards" => shards(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(Failure::Usage(format!("unknown command '{other}'"))),
    }
}

/// Reads the FILE... and `--format` arguments and parses every file into one corpus.
fn parse_files(args: &[String]) -> Result<Corpus, Failure> {
    let mut format = None;
    let mut files = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if let Some(value) = arg.strip_prefix("--format=") {
            format = parse_format(value)?;
        } else if arg == "--format" {
            let value = args
                .next()
                .ok_or_else(|| Failure::Usage("--format needs a value".into()))?;
            format = parse_format(value)?;
        } else if arg.starts_with("--") {
            return Err(Failure::Usage(format!("unknown option '{arg}'")));
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    if files.is_empty() {
        return Err(Failure::Usage("no input files given".into()));
    }
    let parsed = files
        .iter()
        .map(|path| Ok(parse_file(&display_name(path), &read(path)?, format)))
        .collect::<Result<_, Failure>>()?;
    let mut corpus = Corpus::default();
    // In one merge, so that a members file names the records of every file, before or after it.
    merge_kept(&mut corpus, None, parsed);
    Ok(corpus)
}

fn parse_format(value: &str) -> Result<Option<Format>, Failure> {
    if value == "auto" {
        return Ok(None);
    }
    Format::from_name(value).map(Some).ok_or_else(|| {
        Failure::Usage(format!(
            "unknown format '{value}': use auto, a (compact), b (page), c (press releases), api-json, corpus-json or members-json"
        ))
    })
}

fn read(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))?;
    utf8(path, bytes)
}

/// The records of a corpus file (any format `pqx parse` reads, or a bundle), with the index
/// when the file is a bundle that holds it.
fn load_corpus(path: &Path) -> Result<(Corpus, Option<Index>), Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))?;
    if !is_bundle(&bytes) {
        let mut corpus = Corpus::default();
        merge_into(
            &mut corpus,
            parse_file(&display_name(path), &utf8(path, bytes)?, None),
        );
        return Ok((corpus, None));
    }
    open_bundle(path, &bytes)
}

/// The corpus and index of a bundle read whole, or why it cannot be used.
fn open_bundle(path: &Path, bytes: &[u8]) -> Result<(Corpus, Option<Index>), Failure> {
    let mut reader = BundleReader::new();
    let damaged = reader.feed(bytes).err();
    let opened = reader.finish();
    let damaged = damaged.or_else(|| opened.damage.clone());
    let why = match (damaged, opened.shortfall()) {
        (None, None) => return Ok((opened.corpus, opened.index.map(Rc::unwrap_or_clone))),
        // A bundle of another version says itself what to do.
        (Some(damage), _) if damage.is_other_version() => {
            return Err(Failure::Input(format!(
                "{} is {}",
                path.display(),
                damage.what
            )))
        }
        (Some(damage), _) => format!("is damaged {damage}"),
        (None, Some(shortfall)) => format!("ends early, after {} bytes: {shortfall}", bytes.len()),
    };
    Err(Failure::Input(format!(
        "{} {why}: write it again with `pqx bundle`",
        path.display()
    )))
}

fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|e| {
        Failure::Input(format!(
            "{} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8 and try again",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn build(args: &[String]) -> Result<(), Failure> {
    let mut dir = None;
    let mut out = None;
    let mut check = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-o" | "--output" => {
                let value = args
                    .next()
                    .ok_or_else(|| Failure::Usage(format!("{arg} needs a file name")))?;
                out = Some(PathBuf::from(value));
            }
            "--check" => check = true,
            other if other.starts_with('-') => {
                return Err(Failure::Usage(format!("unknown option '{other}'")))
            }
            other if dir.is_none() => dir = Some(PathBuf::from(other)),
            other => return Err(Failure::Usage(format!("unexpected argument '{other}'"))),
        }
    }
    let dir = dir.ok_or_else(|| Failure::Usage("build needs a DATA_DIR".into()))?;
    let out = out.ok_or_else(|| Failure::Usage("build needs -o OUT.json".into()))?;
    let corpus = build_corpus_from_dir(&dir)?;
    let json = serde_json::to_string(&corpus)
        .map_err(|e| Failure::Input(format!("could not write JSON: {e}")))?;
    if check {
        let current = std::fs::read_to_string(&out).unwrap_or_default();
        if current != json {
            return Err(Failure::Input(format!(
                "{} is out of date with {}: run `make corpus` to rebuild it",
                out.display(),
                dir.display()
            )));
        }
        eprintln!("pqx: {} is up to date", out.display());
        return Ok(());
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure::Input(format!("cannot create {}: {e}", parent.display())))?;
    }
    std::fs::write(&out, &json)
        .map_err(|e| Failure::Input(format!("cannot write {}: {e}", out.display())))?;
    eprintln!(
        "pqx: wrote {} ({} questions, {} press releases, {} diagnostics, {} bytes)",
        out.display(),
        corpus.questions.len(),
        corpus.press_releases.len(),
        corpus.diagnostics.len(),
        json.len()
    );
    Ok(())
}

fn bundle(args: &[String]) -> Result<(), Failure> {
    let (named, files) = options(args, &["-o"], &["--check"])?;
    let out = named
        .get("-o")
        .map(PathBuf::from)
        .ok_or_else(|| Failure::Usage("bundle needs -o OUT.pqx".into()))?;
    let owned: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    let corpus = match files.as_slice() {
        [] => return Err(Failure::Usage("bundle needs a FILE to read".into())),
        // The corpus JSON as the app reads it, record for record.
        [file] if file.ends_with(".json") && !file.ends_with(".json.gz") => {
            let text = read(Path::new(file))?;
            match serde_json::from_str::<Corpus>(text.trim_start_matches('\u{feff}')) {
                Ok(corpus) => corpus,
                Err(_) => parse_files(&owned)?,
            }
        }
        _ => parse_files(&owned)?,
    };
    let started = std::time::Instant::now();
    let index = Index::build_on_threads(&corpus, cores());
    let built_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut bytes = Vec::new();
    pq_explorer::index::bundle::write_bundle(&corpus, &index, &mut bytes)
        .map_err(|e| Failure::Input(format!("could not write the bundle: {e}")))?;
    if named.contains_key("--check") {
        if std::fs::read(&out).ok().as_deref() != Some(&bytes[..]) {
            return Err(Failure::Input(format!(
                "{} is out of date with {}: run `make corpus` to rebuild it",
                out.display(),
                files.join(" ")
            )));
        }
        eprintln!("pqx: {} is up to date", out.display());
        return Ok(());
    }
    std::fs::write(&out, &bytes)
        .map_err(|e| Failure::Input(format!("cannot write {}: {e}", out.display())))?;
    eprintln!(
        "pqx: wrote {} ({} records, {} terms, index built in {built_ms:.0} ms, {} bytes)",
        out.display(),
        index.len(),
        index.term_count(),
        bytes.len()
    );
    Ok(())
}

/// Every `.txt` and `.json` file directly in `dir`, in name order, merged into one corpus.
fn build_corpus_from_dir(dir: &Path) -> Result<Corpus, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::Input(format!("cannot read directory {}: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|ext| ext == "txt" || ext == "json")
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(Failure::Input(format!(
            "{} holds no .txt or .json files to build from",
            dir.display()
        )));
    }
    let parsed = paths
        .iter()
        .map(|path| Ok(parse_file(&display_name(path), &read(path)?, None)))
        .collect::<Result<_, Failure>>()?;
    let mut corpus = Corpus::default();
    merge_kept(&mut corpus, None, parsed);
    Ok(corpus)
}

fn stats(corpus: &Corpus) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let members: BTreeMap<String, usize> =
        corpus.questions.iter().fold(BTreeMap::new(), |mut m, q| {
            *m.entry(q.asker.display_name()).or_default() += 1;
            m
        });
    let departments: BTreeMap<&str, usize> =
        corpus.questions.iter().fold(BTreeMap::new(), |mut m, q| {
            let d = q.department.as_deref().unwrap_or("(none)");
            *m.entry(d).or_default() += 1;
            m
        });
    let groups: std::collections::BTreeSet<&str> = corpus
        .questions
        .iter()
        .filter_map(|q| q.answer_group.as_deref())
        .collect();
    let lords = corpus
        .questions
        .iter()
        .filter(|q| q.house == pq_explorer::corpus::House::Lords)
        .count();
    line(format!("files: {}", corpus.sources.len()));
    for s in &corpus.sources {
        line(format!(
            "  {} ({}, {} lines)",
            s.name,
            s.format.name(),
            s.lines
        ));
    }
    line(format!(
        "questions: {} ({} commons, {} lords, {} unanswered)",
        corpus.questions.len(),
        corpus.questions.len() - lords,
        lords,
        corpus
            .questions
            .iter()
            .filter(|q| q.answer.is_none())
            .count()
    ));
    line(format!("press releases: {}", corpus.press_releases.len()));
    line(format!("answer groups: {}", groups.len()));
    let by_id = (corpus.questions.iter())
        .filter(|q| q.asker.name.is_none() && q.asker.member_id.is_some())
        .map(|q| q.asker.member_id)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    match by_id {
        0 => line(format!("askers: {}", members.len())),
        n => line(format!(
            "askers: {} ({n} known by id alone: a members file names them)",
            members.len()
        )),
    }
    for (name, n) in &members {
        line(format!("  {n:>5}  {name}"));
    }
    line(format!("departments: {}", departments.len()));
    for (name, n) in &departments {
        line(format!("  {n:>5}  {name}"));
    }
    let ends = SnapshotEnds::of(corpus);
    let times = response_times_of(&corpus.questions, ResponseBy::Department, &ends);
    if !times.is_empty() {
        let waiting: u32 = times.iter().map(|t| t.questions - t.answered).sum();
        line(format!(
            "response times in working days, by department ({} questions with no answer \
             in their source count as waiting until its latest date; - where too few were seen \
             that long to tell; named day questions whose day had passed, and the share \
             answered in substance by it):",
            Thousands::from(waiting)
        ));
        line(
            "  questions  answered  median  within 5  within 10  named day  on time  department"
                .into(),
        );
        let share = |p: Option<u32>| p.map_or("-".into(), |p| format!("{p}%"));
        for t in &times {
            let median = match t.estimate.median() {
                Some(Median::Days(days)) => days.to_string(),
                Some(Median::Over(days)) => format!(">{days}"),
                None => "-".into(),
            };
            line(format!(
                "  {:>9}  {:>8}  {median:>6}  {:>8}  {:>9}  {:>9}  {:>7}  {}",
                t.questions,
                t.answered,
                share(t.estimate.percent_within(5)),
                share(t.estimate.percent_within(10)),
                t.named_days.known(),
                share(t.named_days.percent_on_time()),
                t.name
            ));
        }
    }
    let errors = corpus
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    line(format!(
        "diagnostics: {} ({} errors, {} warnings)",
        corpus.diagnostics.len(),
        errors,
        corpus.diagnostics.len() - errors
    ));
    for d in &corpus.diagnostics {
        line(format!("  {d}"));
    }
    out
}

fn query(args: &[String]) -> Result<(), Failure> {
    let (named, positional) = options(args, &["--limit", "-n", "--sort"], &["--json"])?;
    let limit: usize = match named.get("-n") {
        Some(_) => number(&named, "-n", 10)?,
        None => number(&named, "--limit", 10)?,
    };
    let json = named.contains_key("--json");
    let sort = match named.get("--sort") {
        None => Sort::Relevance,
        Some(value) => Sort::from_slug(value).ok_or_else(|| {
            Failure::Usage(format!(
                "--sort takes relevance, newest or oldest, not '{value}'"
            ))
        })?,
    };
    let [file, text] = positional.as_slice() else {
        return Err(Failure::Usage("query needs CORPUS.json and 'QUERY'".into()));
    };
    let (corpus, index) = load_corpus(&PathBuf::from(file))?;
    let index = index.unwrap_or_else(|| Index::build_on_threads(&corpus, cores()));
    let query = parse_query(text);
    let results = index.search(&query, &Filters::default(), sort, 0, limit);
    // What the search page would offer beside these results.
    let searched = FilterState {
        query: text.to_string(),
        ..FilterState::default()
    };
    let corrected = searched.with_corrections(&index, results.total);
    let forms = searched.with_word_forms(&index, results.total);
    let left_out = searched.with_a_part_left_out(&index, results.total, 3);
    if json {
        let mut value = results_json(&corpus, &index, &results);
        let offer = |offer: &Option<Offer>| match offer {
            Some(o) => {
                serde_json::json!({ "query": o.state.query.trim(), "total": o.total, "words": o.words })
            }
            None => serde_json::Value::Null,
        };
        value["did_you_mean"] = offer(&corrected);
        value["other_forms"] = offer(&forms);
        value["without"] = left_out
            .iter()
            .map(|o| serde_json::json!({ "part": o.words.join(" "), "query": o.state.query.trim(), "total": o.total }))
            .collect();
        let out = serde_json::to_string_pretty(&value)
            .map_err(|e| Failure::Input(format!("could not write JSON: {e}")))?;
        println!("{out}");
    } else {
        print!("{}", results_text(&corpus, &index, &results));
        if let Some(offer) = corrected {
            let query = offer.state.query.trim();
            println!("did you mean: {query} ({} results)", offer.total);
        }
        if let Some(offer) = forms {
            println!(
                "other forms: {} ({} results with them: {})",
                offer.words.join(", "),
                offer.total,
                offer.state.query.trim()
            );
        }
        for offer in left_out {
            println!(
                "without {}: {} results ({})",
                offer.words.join(" "),
                offer.total,
                offer.state.query.trim()
            );
        }
    }
    Ok(())
}

/// One line per hit: id, date, kind-specific title and who.
fn hit_rows(corpus: &Corpus, index: &Index, results: &SearchResults) -> Vec<[String; 5]> {
    results
        .hits
        .iter()
        .filter_map(|hit| match index.doc_ref(hit.doc)? {
            DocRef::Question(i) => {
                let q = corpus.questions.get(i as usize)?;
                Some([
                    q.id.clone(),
                    q.date.as_deref().unwrap_or("undated").to_string(),
                    q.title(12),
                    q.asker.display_name(),
                    format!("{:.2}", hit.score),
                ])
            }
            DocRef::PressRelease(i) => {
                let p = corpus.press_releases.get(i as usize)?;
                Some([
                    p.id.clone(),
                    p.date
                        .as_deref()
                        .or(p.month.as_deref())
                        .unwrap_or("undated")
                        .to_string(),
                    p.title.clone(),
                    format!(
                        "press release, {}",
                        p.department.as_deref().unwrap_or("unknown department")
                    ),
                    format!("{:.2}", hit.score),
                ])
            }
        })
        .collect()
}

fn results_text(corpus: &Corpus, index: &Index, results: &SearchResults) -> String {
    let mut out = String::new();
    for note in &results.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(&format!("total: {}\n", results.total));
    let facets: [(&str, &Vec<FacetCount>); 7] = [
        ("kind", &results.facets.kind),
        ("house", &results.facets.house),
        ("party", &results.facets.party),
        ("member", &results.facets.member),
        ("department", &results.facets.department),
        ("answerer", &results.facets.answerer),
        ("answered", &results.facets.answered),
    ];
    for (name, counts) in facets {
        if counts.is_empty() {
            continue;
        }
        let shown: Vec<String> = counts
            .iter()
            .take(8)
            .map(|c| format!("{} ({})", c.name, c.count))
            .collect();
        let more = counts.len().saturating_sub(8);
        let tail = if more > 0 {
            format!(", … {more} more")
        } else {
            String::new()
        };
        out.push_str(&format!("{name}: {}{tail}\n", shown.join(", ")));
    }
    if !results.months.is_empty() || results.undated > 0 {
        let months: Vec<String> = results
            .months
            .iter()
            .map(|(m, c)| format!("{m} ({c})"))
            .collect();
        out.push_str(&format!("months: {}", months.join(", ")));
        if results.undated > 0 {
            out.push_str(&format!(
                "{}undated ({})",
                if months.is_empty() { "" } else { ", " },
                results.undated
            ));
        }
        out.push('\n');
    }
    for [id, date, title, who, score] in hit_rows(corpus, index, results) {
        out.push_str(&format!("{id}\t{date}\t{title}\t{who}\t{score}\n"));
    }
    out
}

fn results_json(corpus: &Corpus, index: &Index, results: &SearchResults) -> serde_json::Value {
    let facet = |counts: &Vec<FacetCount>| {
        counts
            .iter()
            .map(|c| serde_json::json!({ "name": &*c.name, "slug": &*c.slug, "count": c.count }))
            .collect::<Vec<_>>()
    };
    let hits: Vec<serde_json::Value> = hit_rows(corpus, index, results)
        .into_iter()
        .map(|[id, date, title, who, score]| {
            serde_json::json!({ "id": id, "date": date, "title": title, "who": who, "score": score.parse::<f64>().unwrap_or(0.0) })
        })
        .collect();
    serde_json::json!({
        "total": results.total,
        "notes": results.notes,
        "facets": {
            "kind": facet(&results.facets.kind),
            "house": facet(&results.facets.house),
            "party": facet(&results.facets.party),
            "member": facet(&results.facets.member),
            "department": facet(&results.facets.department),
            "answerer": facet(&results.facets.answerer),
            "answered": facet(&results.facets.answered),
        },
        "months": results.months.iter().map(|(m, c)| serde_json::json!({ "month": &**m, "count": c })).collect::<Vec<_>>(),
        "undated": results.undated,
        "hits": hits,
    })
}

/// `--name value` options and positional arguments; unknown `--` options are usage errors.
fn options<'a>(
    args: &'a [String],
    with_value: &[&str],
    flags: &[&str],
) -> Result<(BTreeMap<&'a str, &'a str>, Vec<&'a str>), Failure> {
    let mut named = BTreeMap::new();
    let mut positional = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if with_value.contains(&arg.as_str()) {
            let value = args
                .next()
                .ok_or_else(|| Failure::Usage(format!("{arg} needs a value")))?;
            named.insert(arg.as_str(), value.as_str());
        } else if flags.contains(&arg.as_str()) {
            named.insert(arg.as_str(), "");
        } else if arg.starts_with("--") {
            // Only `--` words are unknown options: `-palantir` is a query, not an option.
            return Err(Failure::Usage(format!("unknown option '{arg}'")));
        } else {
            positional.push(arg.as_str());
        }
    }
    Ok((named, positional))
}

fn number<T: std::str::FromStr>(
    named: &BTreeMap<&str, &str>,
    key: &str,
    default: T,
) -> Result<T, Failure> {
    match named.get(key) {
        None => Ok(default),
        Some(value) => value
            .parse()
            .map_err(|_| Failure::Usage(format!("{key} takes a whole number, not '{value}'"))),
    }
}

/// The `--records N` of a command that makes a synthetic corpus, which takes no positional
/// arguments.
fn synthetic_records(
    command: &str,
    named: &BTreeMap<&str, &str>,
    positional: &[&str],
) -> Result<usize, Failure> {
    if let Some(extra) = positional.first() {
        return Err(Failure::Usage(format!("unexpected argument '{extra}'")));
    }
    match number(named, "--records", 0)? {
        0 => Err(Failure::Usage(format!(
            "{command} needs --records N (more than 0)"
        ))),
        records => Ok(records),
    }
}

fn synth(args: &[String]) -> Result<(), Failure> {
    let (named, positional) = options(args, &["--records", "--seed", "-o", "--output"], &[])?;
    let records = synthetic_records("synth", &named, &positional)?;
    let seed: u64 = number(&named, "--seed", 1)?;
    let out = named
        .get("-o")
        .or_else(|| named.get("--output"))
        .ok_or_else(|| Failure::Usage("synth needs -o FILE".into()))?;
    let corpus = pq_explorer::corpus::synthesize(records, seed);
    let json = serde_json::to_string(&corpus)
        .map_err(|e| Failure::Input(format!("could not write JSON: {e}")))?;
    std::fs::write(out, &json).map_err(|e| Failure::Input(format!("cannot write {out}: {e}")))?;
    eprintln!(
        "pqx: wrote {out} ({} questions, {} press releases, {} bytes)",
        corpus.questions.len(),
        corpus.press_releases.len(),
        json.len()
    );
    Ok(())
}

fn shards(args: &[String]) -> Result<(), Failure> {
    use pq_explorer::index::shards::{format_report, simulate, ShardPlan};
    let (named, positional) = options(
        args,
        &["--records", "--seed", "--shard-kb", "--chunk"],
        &["--json"],
    )?;
    let records = synthetic_records("shards", &named, &positional)?;
    let plan = ShardPlan {
        shard_bytes: number::<usize>(&named, "--shard-kb", 64)? * 1024,
        chunk_records: number(&named, "--chunk", 1)?,
        ..ShardPlan::default()
    };
    if plan.chunk_records == 0 {
        return Err(Failure::Usage("--chunk must be more than 0".into()));
    }
    let started = std::time::Instant::now();
    let corpus = pq_explorer::corpus::synthesize(records, number(&named, "--seed", 1)?);
    let index = Index::build_on_threads(&corpus, cores());
    eprintln!(
        "pqx: synthesised and indexed {records} records in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let report = simulate(&index, &corpus, plan);
    if named.contains_key("--json") {
        let out = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::Input(format!("could not write JSON: {e}")))?;
        println!("{out}");
    } else {
        print!("{}", format_report(&report));
    }
    Ok(())
}

/// The threads an index is built on: one a core.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn bench(args: &[String]) -> Result<(), Failure> {
    let (named, positional) = options(args, &["--repeats"], &["--json"])?;
    let [file] = positional.as_slice() else {
        return Err(Failure::Usage(
            "bench needs one CORPUS (a corpus JSON or a bundle)".into(),
        ));
    };
    let repeats: usize = number(&named, "--repeats", 20)?;
    let path = PathBuf::from(file);
    let clock = std::time::Instant::now();
    let now = || clock.elapsed().as_secs_f64() * 1000.0;
    let bytes = std::fs::read(&path)
        .map_err(|e| Failure::Input(format!("cannot read {}: {e}", path.display())))?;
    let size = bytes.len();
    let read_ms = now();
    let (report, load) = if is_bundle(&bytes) {
        // A bundle: its index is read, not built, and the queries run on it.
        let (corpus, index) = open_bundle(&path, &bytes)?;
        let open_ms = now() - read_ms;
        let Some(index) = index else {
            return Err(Failure::Input(format!(
                "{} has no index: write it again with `pqx bundle`",
                path.display()
            )));
        };
        let mut report = bench::measure(&index, &corpus, repeats, &now, open_ms);
        report.opened = true;
        (report, format!("read {read_ms:.0} ms ({size} bytes)"))
    } else {
        let mut corpus = Corpus::default();
        let text = utf8(&path, bytes)?;
        merge_into(&mut corpus, parse_file(&display_name(&path), &text, None));
        let load = format!("read and parse {:.0} ms ({size} bytes)", now());
        let mut report = bench::run(&corpus, repeats, &now).1;
        let (threads, started) = (cores(), now());
        drop(Index::build_on_threads(&corpus, threads));
        let build_ms = now() - started;
        report.threaded = Some(bench::Threaded { threads, build_ms });
        (report, load)
    };
    if named.contains_key("--json") {
        let out = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::Input(format!("could not write JSON: {e}")))?;
        println!("{out}");
    } else {
        println!("{load}");
        print!("{}", bench::format_report(&display_name(&path), &report));
    }
    Ok(())
}
