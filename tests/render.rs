//! Components rendered natively with yew's ServerRenderer: what a user sees for each load state.
#![cfg(not(target_arch = "wasm32"))]

use pq_explorer::corpus::build_corpus;
use pq_explorer::ui::components::corpus_summary::{CorpusSummary, CorpusSummaryProps};
use pq_explorer::ui::components::load_error::{LoadError, LoadErrorProps};
use pq_explorer::ui::components::loading::{Loading, LoadingProps};
use pq_explorer::ui::components::saved_copy::{SavedCopyLine, SavedCopyLineProps};
use pq_explorer::ui::saved::SavedCopy;
use pq_explorer::ui::state::{BuildProgress, LoadStage};
use pq_explorer::ui::App;
use yew::{Callback, LocalServerRenderer};

fn seeds() -> Vec<(String, String)> {
    std::fs::read_dir("data")
        .expect("data/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, std::fs::read_to_string(&p).expect("readable seed"))
        })
        .collect()
}

/// The text a user would read: tags dropped, entities left as rendered.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The corpus summary's visible text for `props`.
async fn render_summary(props: CorpusSummaryProps) -> String {
    let html = LocalServerRenderer::<CorpusSummary>::with_props(props)
        .render()
        .await;
    visible_text(&html)
}

#[tokio::test]
async fn the_summary_counts_questions_and_press_releases() {
    let mut files = seeds();
    files.sort();
    let corpus = build_corpus(&files);
    let text = render_summary(CorpusSummaryProps::of(&corpus)).await;
    assert!(text.contains("written questions 20"), "{text}");
    assert!(text.contains("press releases 10"), "{text}");
    assert!(text.contains("members asking 9"), "{text}");
    assert!(!text.contains("could not be read"), "{text}");
}

#[tokio::test]
async fn the_summary_groups_thousands_and_says_one_passage_as_one() {
    let props = CorpusSummaryProps {
        questions: 95_000,
        press_releases: 5_000,
        members: 650,
        sources: 1,
        unreadable: 1,
    };
    let text = render_summary(props).await;
    assert!(text.contains("written questions 95,000"), "{text}");
    assert!(text.contains("press releases 5,000"), "{text}");
    assert!(text.contains("source file 1"), "{text}");
    assert!(
        text.contains("1 passage of the source files could not be read; it is listed"),
        "{text}"
    );
}

#[tokio::test]
async fn the_error_panel_says_what_failed_and_offers_retry() {
    let props = LoadErrorProps {
        message: "The corpus file corpus.json could not be loaded (HTTP 404 Not Found).".into(),
        on_retry: Callback::noop(),
        partial: false,
    };
    let html = LocalServerRenderer::<LoadError>::with_props(props)
        .render()
        .await;
    assert!(html.contains("role=\"alert\""), "{html}");
    let text = visible_text(&html);
    assert!(text.contains("HTTP 404 Not Found"), "{text}");
    assert!(text.contains("Retry"), "{text}");
}

/// The loading panel's HTML at `stage`.
async fn render_loading(stage: LoadStage) -> String {
    LocalServerRenderer::<Loading>::with_props(LoadingProps { stage })
        .render()
        .await
}

#[tokio::test]
async fn the_app_starts_in_the_loading_state() {
    let html = LocalServerRenderer::<App>::new().render().await;
    assert!(visible_text(&html).contains("Loading the corpus"), "{html}");
    let stage = LoadStage::Fetching {
        received: 12_300_000,
        expected: Some(34_100_000),
        indexed: 0,
    };
    let loading = render_loading(stage).await;
    assert!(loading.contains("role=\"status\""), "{loading}");
    assert!(
        visible_text(&loading).contains("Loading the corpus: 12.3 MB of 34.1 MB"),
        "{loading}"
    );
    assert!(loading.contains("<progress"), "{loading}");
    assert!(!visible_text(&loading).contains("indexed"), "{loading}");
    // JSON's records are indexed as they arrive.
    let stage = LoadStage::Fetching {
        received: 12_300_000,
        expected: Some(34_100_000),
        indexed: 4_096,
    };
    let loading = render_loading(stage).await;
    assert!(
        visible_text(&loading)
            .contains("Loading the corpus: 12.3 MB of 34.1 MB… 4,096 records indexed so far."),
        "{loading}"
    );
    let stage = LoadStage::Indexing(BuildProgress::Adding {
        records: 120,
        indexed: 48,
    });
    let indexing = render_loading(stage).await;
    assert!(visible_text(&indexing).contains("Building the index of 120 records"));
    assert!(
        indexing.contains("value=\"48\"") && indexing.contains("max=\"120\""),
        "{indexing}"
    );
    assert!(
        indexing.contains("aria-label=\"Index build\""),
        "{indexing}"
    );
    // Every record in: the index being finished says so, with a bar of its own steps.
    let stage = LoadStage::Indexing(BuildProgress::Finishing {
        records: 120,
        done: 7,
        all: 30,
    });
    let finishing = render_loading(stage).await;
    assert!(
        visible_text(&finishing).contains("Finishing the index of 120 records"),
        "{finishing}"
    );
    assert!(
        finishing.contains("value=\"7\"") && finishing.contains("max=\"30\""),
        "{finishing}"
    );
}

#[tokio::test]
async fn a_partial_load_says_so_above_the_explorer() {
    let props = LoadErrorProps {
        message: "The corpus file corpus.json was cut short.".into(),
        on_retry: Callback::noop(),
        partial: true,
    };
    let html = LocalServerRenderer::<LoadError>::with_props(props)
        .render()
        .await;
    assert!(
        visible_text(&html).contains("Only part of the corpus could be loaded"),
        "{html}"
    );
    assert!(html.contains("Retry"), "{html}");
}

#[tokio::test]
async fn text_from_the_data_is_escaped_not_interpreted() {
    let props = LoadErrorProps {
        message: "<script>alert(1)</script>".into(),
        on_retry: Callback::noop(),
        partial: false,
    };
    let html = LocalServerRenderer::<LoadError>::with_props(props)
        .render()
        .await;
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
}

#[tokio::test]
async fn commands_a_message_names_show_as_code_and_stay_text() {
    let render = |message: &str| {
        let props = LoadErrorProps {
            message: message.to_string().into(),
            on_retry: Callback::noop(),
            partial: false,
        };
        LocalServerRenderer::<LoadError>::with_props(props).render()
    };
    let html = render("Rebuild it with `pqx bundle` or `make corpus`.").await;
    assert!(html.contains("<code>pqx bundle</code>"), "{html}");
    assert!(html.contains("<code>make corpus</code>"), "{html}");
    assert!(!html.contains('`'), "{html}");
    let text = visible_text(&html);
    assert!(
        text.contains("Rebuild it with pqx bundle or make corpus ."),
        "{text}"
    );
    // A backtick without a partner is shown as it is; markup inside code stays text.
    let html = render("a ` alone").await;
    assert!(
        html.contains("a ` alone") && !html.contains("<code>"),
        "{html}"
    );
    let html = render("`<b>x</b>`").await;
    assert!(html.contains("<code>&lt;b&gt;x&lt;/b&gt;</code>"), "{html}");
}

async fn render_saved(copy: SavedCopy) -> String {
    render_line(
        copy,
        "https://example.org/data/questions-2025.json?v=2",
        None,
    )
    .await
}

/// The line about the corpus an import left, on a page that shows another corpus.
async fn render_imports(copy: SavedCopy) -> String {
    let open = Some("?corpus=saved:imports".into());
    render_line(copy, pq_explorer::filter::SAVED_IMPORTS, open).await
}

async fn render_line(copy: SavedCopy, url: &'static str, open: Option<yew::AttrValue>) -> String {
    let props = SavedCopyLineProps {
        copy,
        url: url.into(),
        on_forget: Callback::noop(),
        open,
    };
    LocalServerRenderer::<SavedCopyLine>::with_props(props)
        .render()
        .await
}

#[tokio::test]
async fn the_line_about_the_saved_import_offers_to_open_and_delete_it() {
    let elsewhere = SavedCopy::Elsewhere {
        at: "2026-12-06T04:30:00.000Z".into(),
    };
    let html = render_imports(elsewhere).await;
    assert!(
        visible_text(&html)
            .contains("The corpus your last import left, on 2026-12-06, is saved in this browser."),
        "{html}"
    );
    assert!(html.contains("href=\"?corpus=saved:imports\""), "{html}");
    assert!(html.contains("Delete the saved copy"), "{html}");
    let saved = render_imports(SavedCopy::Saved { bytes: 2_100_000 }).await;
    assert!(
        visible_text(&saved)
            .contains("The corpus with your imports (2.1 MB) is saved in this browser"),
        "{saved}"
    );
    assert!(
        saved.contains("Open it") && saved.contains("Delete the saved copy"),
        "{saved}"
    );
    let not_kept = vec![
        (SavedCopy::Saving, "Saving the corpus with your imports in this browser"),
        (
            SavedCopy::NotSaved("some of the records' text is not here".into()),
            "The corpus with your imports was not saved in this browser: some of the records' text is not here.",
        ),
        (SavedCopy::Forgotten, "The saved corpus with your imports is deleted."),
    ];
    check_not_kept(true, not_kept).await;
}

/// Lines about a copy that is not kept (the import's, or a file's): each says what it is
/// given, with neither a link to open the copy nor a button to delete it.
async fn check_not_kept(imports: bool, cases: Vec<(SavedCopy, &str)>) {
    for (copy, says) in cases {
        let html = match imports {
            true => render_imports(copy).await,
            false => render_saved(copy).await,
        };
        assert!(visible_text(&html).contains(says), "{html}");
        assert!(
            !html.contains("Open it") && !html.contains("Delete the saved copy"),
            "{html}"
        );
    }
}

#[tokio::test]
async fn the_saved_copy_line_says_what_became_of_it_and_offers_to_delete_a_kept_one() {
    let empty = render_saved(SavedCopy::None).await;
    // The live region is there before anything is said in it.
    assert!(empty.contains("role=\"status\""), "{empty}");
    assert!(
        !visible_text(&empty).contains(char::is_alphabetic),
        "{empty}"
    );
    let saved = render_saved(SavedCopy::Saved { bytes: 174_400_000 }).await;
    // The copy is of the file, which an import does not change: the line names it.
    assert!(visible_text(&saved).contains(
        "A copy of questions-2025.json, with its index (174.4 MB), is saved in this browser"
    ));
    assert!(saved.contains("Delete the saved copy"), "{saved}");
    let opened = SavedCopy::Opened {
        at: "2026-12-05T18:40:00.000Z".into(),
        checked: true,
    };
    let opened = render_saved(opened).await;
    assert!(visible_text(&opened).contains(
        "Opened from the copy of questions-2025.json saved in this browser on 2026-12-05: the file is unchanged since"
    ));
    assert!(opened.contains("Delete the saved copy"), "{opened}");
    let offline = SavedCopy::Opened {
        at: String::new(),
        checked: false,
    };
    let offline = visible_text(&render_saved(offline).await);
    assert!(
        offline.contains("on an earlier visit: the file's server did not answer"),
        "{offline}"
    );
    let not_kept = vec![
        (SavedCopy::Saving, "Saving a copy of questions-2025.json"),
        (
            SavedCopy::NotSaved("the browser has too little room left for this site".into()),
            "No copy of questions-2025.json was saved in this browser: the browser has too little room",
        ),
        (SavedCopy::Forgotten, "The saved copy is deleted"),
    ];
    check_not_kept(false, not_kept).await;
}
