//! The `pqx` command line as a user runs it: output, messages and exit codes.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

fn pqx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pqx"))
        .args(args)
        .output()
        .expect("pqx runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn parse_prints_corpus_json() {
    let out = pqx(&["parse", "data/000_e7677c7cd8ee13ab.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let corpus: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(corpus["questions"].as_array().map(Vec::len), Some(10));
    assert_eq!(corpus["sources"][0]["format"], "compact");
}

#[test]
fn a_members_file_names_the_members_api_records_know_by_id() {
    let uin = |corpus: &serde_json::Value, uin: &str| {
        let questions = corpus["questions"].as_array().cloned().unwrap_or_default();
        (questions.into_iter())
            .find(|q| q["uin"] == uin)
            .expect("the question is there")
    };
    // Before the records or after them, a members file names the same members, from the
    // Members API or from the members data platform.
    let slice = "tests/fixtures/commons-2024-slice.json";
    for files in [
        ["tests/fixtures/members-example.json", slice],
        [slice, "tests/fixtures/members-example.json"],
        ["tests/fixtures/members-data-platform-example.json", slice],
        [slice, "tests/fixtures/members-data-platform-example.json"],
    ] {
        let out = pqx(&["parse", files[0], files[1]]);
        assert!(out.status.success(), "{}", stderr(&out));
        let corpus: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(corpus["questions"].as_array().map(Vec::len), Some(15));
        assert_eq!(corpus["diagnostics"].as_array().map(Vec::len), Some(0));
        let q = uin(&corpus, "2979");
        assert_eq!(q["asker"]["name"], "Alex Example");
        assert_eq!(q["asker"]["party"], "Conservative");
        assert_eq!(q["asker"]["constituency"], "Example North");
        assert_eq!(q["asker"]["member_id"], 4597);
        assert_eq!(uin(&corpus, "3283")["asker"]["name"], "Sam Sample");
        // A minister is named too; a member the file does not name keeps their id alone.
        assert_eq!(
            uin(&corpus, "2979")["answer"]["by"]["name"],
            "Baroness Instance"
        );
        assert_eq!(
            uin(&corpus, "3294")["asker"]["name"],
            serde_json::Value::Null
        );
        assert_eq!(uin(&corpus, "3294")["asker"]["member_id"], 5038);
        let formats: Vec<&str> = (corpus["sources"].as_array().into_iter().flatten())
            .filter_map(|s| s["format"].as_str())
            .collect();
        assert!(formats.contains(&"members-json"), "{formats:?}");
    }
    // `stats` says how many askers are known by id alone, before a members file and after.
    let stats = |files: &[&str]| {
        let out = pqx(&[&["stats"], files].concat());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = stats(&[slice]);
    assert!(
        text.contains("askers: 9 (9 known by id alone: a members file names them)"),
        "{text}"
    );
    let text = stats(&[slice, "tests/fixtures/members-example.json"]);
    assert!(text.contains("askers: 9 (7 known by id alone"), "{text}");
    assert!(text.contains("      5  Alex Example"), "{text}");
    // Response times from the tabled and answered dates: the two unanswered questions wait
    // until the file's latest date.
    assert!(
        text.contains("response times in working days, by department (2 questions with no answer in their source count as waiting"),
        "{text}"
    );
    assert!(
        text.contains("         10         8      27        0%         0%          1     100%  Ministry of Housing, Communities and Local Government"),
        "{text}"
    );
    // DEFRA's one named day question was answered twelve days after its day.
    assert!(
        text.contains("          1       0%  Department for Environment, Food and Rural Affairs"),
        "{text}"
    );
}

#[test]
fn the_format_can_be_forced() {
    let out = pqx(&["parse", "--format", "c", "data/000_e7677c7cd8ee13ab.txt"]);
    assert!(out.status.success());
    let corpus: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(corpus["questions"].as_array().map(Vec::len), Some(0));
    assert!(corpus["diagnostics"]
        .as_array()
        .is_some_and(|d| !d.is_empty()));
}

#[test]
fn stats_counts_kinds_members_and_departments() {
    let out = pqx(&[
        "stats",
        "data/000_e7677c7cd8ee13ab.txt",
        "data/002_8b0d261ad1d3d06c.txt",
        "data/003_7561d0f2425cc239.txt",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("questions: 20 (15 commons, 5 lords, 0 unanswered)"),
        "{text}"
    );
    assert!(text.contains("press releases: 10"), "{text}");
    assert!(text.contains("answer groups: 3"), "{text}");
    assert!(text.contains("askers: 9"), "{text}");
    assert!(text.contains("   10  Clive Lewis"), "{text}");
    // Text sources give no tabled date: no response times.
    assert!(!text.contains("response times"), "{text}");
}

#[test]
fn bad_arguments_and_files_fail_with_a_message() {
    let out = pqx(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("usage:"));
    let out = pqx(&["parse", "--format", "z", "x.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown format 'z'"));
    let out = pqx(&["parse", "no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot read no/such/file.txt"));
    let out = pqx(&["build", "data"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-o OUT.json"));
}

#[test]
fn non_utf8_input_is_refused_clearly() {
    let dir = std::env::temp_dir().join(format!("pqx-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("latin1.txt");
    std::fs::write(&file, b"Asked by: Caf\xe9").expect("write");
    let out = pqx(&["parse", file.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not UTF-8 text"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn build_writes_the_asset_and_check_spots_a_stale_one() {
    let dir = std::env::temp_dir().join(format!("pqx-build-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out_file = dir.join("corpus.json");
    let out_path = out_file.to_str().unwrap_or_default();
    let out = pqx(&["build", "data", "-o", out_path]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("20 questions, 10 press releases"));
    let out = pqx(&["build", "data", "-o", out_path, "--check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(&out_file, "{}").expect("write");
    let out = pqx(&["build", "data", "-o", out_path, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("out of date"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bundle_writes_records_and_index_and_check_spots_a_stale_one() {
    let dir = std::env::temp_dir().join(format!("pqx-bundle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let json = dir.join("corpus.json");
    let bundle = dir.join("corpus.pqx");
    let (json, bundle) = (
        json.to_str().unwrap_or_default(),
        bundle.to_str().unwrap_or_default(),
    );
    assert!(pqx(&["build", "data", "-o", json]).status.success());
    let out = pqx(&["bundle", json, "-o", bundle]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("(30 records, "), "{}", stderr(&out));
    let bytes = std::fs::read(bundle).expect("the bundle is written");
    assert!(bytes.starts_with(b"PQXB"));
    // A search of the bundle answers as a search of its JSON does, offers included.
    for query in [
        "police",
        "sch*",
        "\"home office\" -asylum",
        "palantri technology ",
    ] {
        let from_bundle = pqx(&["query", bundle, query, "--json", "--sort", "newest"]);
        let from_json = pqx(&["query", json, query, "--json", "--sort", "newest"]);
        assert!(from_bundle.status.success(), "{}", stderr(&from_bundle));
        assert_eq!(from_bundle.stdout, from_json.stdout, "{query}");
    }
    // The benchmark opens a bundle instead of building its index.
    let out = pqx(&["bench", bundle, "--repeats", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("30 documents") && printed.contains("opened (a bundle)"),
        "{printed}"
    );
    // A bundle of another version is refused, saying what to do (once).
    let mut other = bytes.clone();
    other[7] = other[7].wrapping_add(1);
    let other_path = dir.join("other.pqx");
    std::fs::write(&other_path, &other).expect("write");
    let out = pqx(&["query", other_path.to_str().unwrap_or_default(), "police"]);
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(
        said.contains("another version") && said.matches("pqx bundle").count() == 1,
        "{said}"
    );
    // Bundling is deterministic: the same records give the same bytes.
    let out = pqx(&["bundle", json, "-o", bundle, "--check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(bundle, &bytes[..bytes.len() / 2]).expect("write");
    let out = pqx(&["bundle", json, "-o", bundle, "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("out of date"), "{}", stderr(&out));
    // The half-written bundle is refused by a search, saying what to do.
    let out = pqx(&["query", bundle, "police"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("write it again with `pqx bundle`"),
        "{}",
        stderr(&out)
    );
    let out = pqx(&["bundle", json]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bundle needs -o OUT.pqx"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_built_asset_matches_data() {
    // `make` builds assets/corpus.json before the tests run; if it is there it must be current.
    if std::path::Path::new("assets/corpus.json").exists() {
        let out = pqx(&["build", "data", "-o", "assets/corpus.json", "--check"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

#[test]
fn query_prints_total_facets_and_top_results() {
    let out = pqx(&[
        "query",
        "data/002_8b0d261ad1d3d06c.txt",
        "palantir",
        "--limit",
        "1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("total: 2\n"), "{text}");
    assert!(text.contains("member: Clive Lewis (2)"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("q-")).count(),
        1,
        "{text}"
    );

    let out = pqx(&[
        "query",
        "data/003_7561d0f2425cc239.txt",
        "kind:press",
        "--json",
        "--sort",
        "oldest",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["total"], 10);
    assert_eq!(json["hits"][0]["date"], "2025-01-09");
    assert_eq!(json["did_you_mean"], serde_json::Value::Null);
    assert_eq!(json["without"], serde_json::json!([]));

    // A query that finds nothing: itself without each part that keeps it from finding anything.
    let out = pqx(&["query", "assets/corpus.json", "police palantir antisocial "]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "without palantir: 2 results (police antisocial)\n\
             without antisocial: 2 results (police palantir)\n"
        ),
        "{text}"
    );
    let out = pqx(&[
        "query",
        "assets/corpus.json",
        "police palantir antisocial ",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        json["without"][0],
        serde_json::json!({ "part": "palantir", "query": "police antisocial", "total": 2 })
    );

    // What the search page would offer: the nearest word, and other forms, with their totals.
    let out = pqx(&[
        "query",
        "data/002_8b0d261ad1d3d06c.txt",
        "palantri technology ",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("total: 0\ndid you mean: palantir technology (2 results)\n"),
        "{text}"
    );
    let out = pqx(&[
        "query",
        "data/000_e7677c7cd8ee13ab.txt",
        "technology system ",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["total"], 0);
    assert_eq!(
        json["other_forms"],
        serde_json::json!({
            "query": "technology OR technologies system OR systems",
            "total": 1,
            "words": ["technologies", "systems"],
        })
    );

    let out = pqx(&[
        "query",
        "data/002_8b0d261ad1d3d06c.txt",
        "-palantir",
        "-n",
        "1",
    ]);
    assert!(
        out.status.success(),
        "a query may start with '-': {}",
        stderr(&out)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("total: 8\n"));
    let out = pqx(&[
        "query",
        "data/002_8b0d261ad1d3d06c.txt",
        "x",
        "--colour",
        "red",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown option '--colour'"));

    let out = pqx(&["query", "data/003_7561d0f2425cc239.txt", "\"unclosed"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("note: a quote is not closed"));
    let out = pqx(&["query", "data/003_7561d0f2425cc239.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let out = pqx(&[
        "query",
        "data/003_7561d0f2425cc239.txt",
        "x",
        "--limit",
        "lots",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--limit takes a whole number"));
}

#[test]
fn shards_reports_the_bytes_each_query_fetches() {
    let out = pqx(&["shards", "--records", "300", "--shard-kb", "4", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(report["documents"], 300);
    let queries = report["queries"].as_array().expect("queries");
    assert!(queries
        .iter()
        .any(|q| q["kind"] == "single term" && q["total_bytes"].as_u64() > Some(0)));
    let out = pqx(&["shards", "--records", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("shards needs --records N"),
        "{}",
        stderr(&out)
    );
}
