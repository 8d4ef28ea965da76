use yew::prelude::*;

use crate::ui::state::{BuildProgress, LoadStage};
use crate::ui::words::{count, human_size};

#[derive(Properties, PartialEq)]
pub struct LoadingProps {
    pub stage: LoadStage,
}

/// Shown while the corpus asset downloads and is indexed, with how far it has got.
#[function_component(Loading)]
pub fn loading(props: &LoadingProps) -> Html {
    let what = match props.stage {
        LoadStage::Fetching { .. } => "Corpus download",
        LoadStage::Indexing { .. } => "Index build",
    };
    let (text, bar) = match props.stage {
        LoadStage::Fetching { received: 0, .. } => ("Loading the corpus…".to_string(), None),
        LoadStage::Fetching {
            received,
            expected: Some(expected),
            indexed,
        } if received <= expected => (
            format!(
                "Loading the corpus: {} of {}…{}",
                human_size(received as f64),
                human_size(expected as f64),
                indexed_so_far(indexed)
            ),
            Some((received, expected)),
        ),
        LoadStage::Fetching {
            received, indexed, ..
        } => (
            format!(
                "Loading the corpus: {}…{}",
                human_size(received as f64),
                indexed_so_far(indexed)
            ),
            None,
        ),
        // The count stays out of the announced text (a screen reader would read it ten times a
        // second); the bar shows it.
        LoadStage::Indexing(BuildProgress::Finishing { records, done, all }) => (
            format!(
                "Finishing the index of {}…",
                count(records, "record", "records")
            ),
            Some((done as u64, all as u64)),
        ),
        LoadStage::Indexing(BuildProgress::Adding { indexed, records }) => (
            format!(
                "Building the index of {}…",
                count(records, "record", "records")
            ),
            Some((indexed as u64, records as u64)),
        ),
    };
    html! {
        <section class="loading" role="status" aria-live="polite" aria-busy="true">
            <span class="spinner" aria-hidden="true"></span>
            <p>{ text }</p>
            if let Some((value, max)) = bar {
                <progress value={value.to_string()} max={max.to_string()} aria-label={what}></progress>
            }
        </section>
    }
}

/// What a download has indexed so far (a JSON file's records are indexed as they arrive).
fn indexed_so_far(indexed: usize) -> String {
    match indexed {
        0 => String::new(),
        n => format!(" {} indexed so far.", count(n, "record", "records")),
    }
}
