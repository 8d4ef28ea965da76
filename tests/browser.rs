//! Tests that run inside headless Chromium (wasm-bindgen-test-runner): the parser compiled to
//! wasm on the seed texts, the JS-facing API, and a component mounted in a real DOM.
#![cfg(target_arch = "wasm32")]

use pq_explorer::corpus::{build_corpus, House};
use pq_explorer::ui::components::load_error::{LoadError, LoadErrorProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn seeds() -> Vec<(String, String)> {
    vec![
        (
            "000_e7677c7cd8ee13ab.txt".into(),
            include_str!("../data/000_e7677c7cd8ee13ab.txt").into(),
        ),
        (
            "002_8b0d261ad1d3d06c.txt".into(),
            include_str!("../data/002_8b0d261ad1d3d06c.txt").into(),
        ),
        (
            "003_7561d0f2425cc239.txt".into(),
            include_str!("../data/003_7561d0f2425cc239.txt").into(),
        ),
    ]
}

#[wasm_bindgen_test]
fn seed_texts_parse_in_the_browser_as_natively() {
    let corpus = build_corpus(&seeds());
    assert_eq!(corpus.questions.len(), 20);
    assert_eq!(corpus.press_releases.len(), 10);
    let lords = corpus
        .questions
        .iter()
        .filter(|q| q.house == House::Lords)
        .count();
    assert_eq!(lords, 5);
    let groups: std::collections::HashSet<_> = corpus
        .questions
        .iter()
        .filter_map(|q| q.answer_group.clone())
        .collect();
    assert_eq!(groups.len(), 3);
}

#[wasm_bindgen_test]
fn parse_text_returns_a_plain_js_object() {
    let text = include_str!("../data/000_e7677c7cd8ee13ab.txt");
    let value = pq_explorer::wasm_api::parse_text("000.txt", text, "auto").expect("parses");
    let questions = js_sys_get(&value, "questions");
    let length = js_sys_get(&questions, "length").as_f64();
    assert_eq!(length, Some(10.0));
    let bad = pq_explorer::wasm_api::parse_text("x.txt", "", "nonsense");
    assert!(bad.is_err());
}

fn js_sys_get(value: &wasm_bindgen::JsValue, key: &str) -> wasm_bindgen::JsValue {
    let object: &js_sys_object::Object = value.unchecked_ref();
    object.get(key)
}

/// A minimal binding to `Reflect.get`, enough to read a property without another dependency.
mod js_sys_object {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        pub type Object;
        #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
        fn reflect_get(target: &Object, key: &str) -> JsValue;
    }

    impl Object {
        pub fn get(&self, key: &str) -> JsValue {
            reflect_get(self, key)
        }
    }
}

#[wasm_bindgen_test]
async fn load_error_panel_renders_message_and_retry_button_in_the_dom() {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let props = LoadErrorProps {
        message: "HTTP 404 Not Found".into(),
        on_retry: Callback::noop(),
        partial: false,
    };
    let handle = yew::Renderer::<LoadError>::with_root_and_props(root.clone(), props).render();
    yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("could not be loaded"), "{text}");
    assert!(text.contains("HTTP 404 Not Found"), "{text}");
    let button = root.query_selector("button.retry").expect("query");
    assert!(button.is_some(), "retry button missing");
    handle.destroy();
}

#[wasm_bindgen_test]
fn the_index_answers_queries_in_the_browser() {
    use pq_explorer::filter::{decode_url, encode_url};
    use pq_explorer::index::{parse_query, Filters, Index, Sort};
    let corpus = build_corpus(&seeds());
    let index = Index::build(&corpus);
    let run = |q: &str| {
        index
            .search(&parse_query(q), &Filters::default(), Sort::Relevance, 0, 10)
            .total
    };
    assert_eq!(run("\"facial recognition\" house:lords "), 2);
    assert_eq!(run("member:lewis -palantir "), 8);
    assert_eq!(run("facial recog"), 7);
    assert_eq!(run("kind:press from:2025-02"), 4);
    let (state, ignored) = decode_url("?q=palantir&party=Labour&view=member:clive-lewis&bogus=1");
    assert_eq!(ignored, vec!["bogus=1".to_string()]);
    assert_eq!(
        encode_url(&state),
        "?q=palantir&party=labour&view=member:clive-lewis"
    );
    let (query, filters) = state.to_search();
    assert_eq!(index.search(&query, &filters, Sort::Newest, 0, 5).total, 2);
}

#[wasm_bindgen_test]
fn the_search_page_s_offers_are_made_in_the_browser_as_natively() {
    use pq_explorer::filter::FilterState;
    use pq_explorer::index::Index;
    let index = Index::build(&build_corpus(&seeds()));
    let state = |query: &str| FilterState {
        query: query.into(),
        ..FilterState::default()
    };
    let forms = state("technology system ")
        .with_word_forms(&index, 3)
        .expect("forms");
    assert_eq!(
        forms.state.query,
        "technology OR technologies system OR systems "
    );
    assert_eq!((forms.total, forms.words.len()), (9, 2));
    let corrected = state("palantri member:lewsi ")
        .with_corrections(&index, 0)
        .expect("corrections");
    assert_eq!(corrected.state.query, "palantir member:clive-lewis ");
    assert_eq!(corrected.total, 2);
    assert_eq!(state("palantir ").with_corrections(&index, 2), None);
}

#[derive(yew::Properties, PartialEq)]
struct SettledProps {
    value: u32,
    at_once: bool,
}

/// Shows `value` as `use_settled` lets it through.
#[yew::function_component(Settled)]
fn settled(props: &SettledProps) -> yew::Html {
    let shown =
        pq_explorer::ui::deferred::use_settled(std::rc::Rc::new(props.value), props.at_once);
    yew::html! { <span>{ *shown }</span> }
}

/// Lets the microtasks queued so far run (yew renders in one), but no frame or timer.
async fn microtasks() {
    for _ in 0..4 {
        let resolved = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
        let _ = wasm_bindgen_futures::JsFuture::from(resolved).await;
    }
}

#[wasm_bindgen_test]
async fn a_new_value_shows_after_the_next_paint_or_at_once_when_asked() {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let props = |value, at_once| SettledProps { value, at_once };
    let mut handle =
        yew::Renderer::<Settled>::with_root_and_props(root.clone(), props(1, false)).render();
    microtasks().await;
    assert_eq!(
        root.text_content().as_deref(),
        Some("1"),
        "the first value shows at once"
    );
    // A later value waits for a paint and the task after it.
    handle.update(props(2, false));
    microtasks().await;
    assert_eq!(root.text_content().as_deref(), Some("1"));
    yew::platform::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(root.text_content().as_deref(), Some("2"));
    // A newer value replaces one still waiting: only the newest shows.
    handle.update(props(3, false));
    microtasks().await;
    handle.update(props(4, false));
    microtasks().await;
    assert_eq!(root.text_content().as_deref(), Some("2"));
    yew::platform::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(root.text_content().as_deref(), Some("4"));
    // Asked for at once, it shows in the same render, and one still waiting never does.
    handle.update(props(5, false));
    microtasks().await;
    handle.update(props(6, true));
    microtasks().await;
    assert_eq!(root.text_content().as_deref(), Some("6"));
    yew::platform::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(root.text_content().as_deref(), Some("6"));
    // An equal value keeps what is shown.
    handle.update(props(6, false));
    microtasks().await;
    assert_eq!(root.text_content().as_deref(), Some("6"));
    handle.destroy();
}

/// An index built in the page answers at once; what it keeps for its frequent words is made
/// after the page has painted with it, and searches give the same results before and after.
#[wasm_bindgen_test]
async fn a_built_index_keeps_its_frequent_words_after_the_paint() {
    use pq_explorer::index::{parse_query, Building, Filters, Sort};
    use pq_explorer::ui::state::Loaded;
    let corpus = pq_explorer::corpus::synthesize(400, 3);
    let loaded = Loaded::build_on(Building::new(), corpus, None, |_| true)
        .await
        .expect("never cancelled");
    let index = std::rc::Rc::clone(&loaded.index);
    assert!(
        index.keeping_frequent().is_some(),
        "nothing is kept before the page has painted"
    );
    let query = parse_query("government");
    let search = || index.search(&query, &Filters::default(), Sort::Relevance, 0, 20);
    let before = search();
    assert!(before.total > 0, "a frequent word is found");
    for _ in 0..40 {
        if index.keeping_frequent().is_none() {
            break;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(index.keeping_frequent().is_none(), "kept after the paint");
    assert_eq!(search(), before);
}
