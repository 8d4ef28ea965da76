use yew::prelude::*;

use crate::corpus::export::{subset, to_csv};
use crate::index::DocRef;
use crate::ui::context::use_explorer;
use crate::ui::download::download;
use crate::ui::state::TextState;

/// Downloads of the current results (every one, in the order shown) as CSV or corpus JSON.
#[function_component(ExportButtons)]
pub fn export_buttons() -> Html {
    let explorer = use_explorer();
    let problem = use_state(|| None::<String>);
    let export = |json: bool| {
        let explorer = explorer.clone();
        let problem = problem.clone();
        Callback::from(move |_: MouseEvent| {
            let data = &explorer.data;
            let mut questions = Vec::new();
            let mut releases = Vec::new();
            for hit in explorer.all_hits() {
                match data.index.doc_ref(hit.doc) {
                    Some(DocRef::Question(i)) => questions.push(i as usize),
                    Some(DocRef::PressRelease(i)) => releases.push(i as usize),
                    None => {}
                }
            }
            let result = if json {
                let part = subset(&**data, &data.corpus.sources, &questions, &releases);
                serde_json::to_string_pretty(&part)
                    .map_err(|e| e.to_string())
                    .and_then(|text| {
                        download("pq-explorer-results.json", "application/json", &text)
                    })
            } else {
                let qs: Vec<_> = questions
                    .iter()
                    .filter_map(|&i| data.question(i as u32))
                    .collect();
                let ps: Vec<_> = releases
                    .iter()
                    .filter_map(|&i| data.press_release(i as u32))
                    .collect();
                let qs: Vec<&_> = qs.iter().map(|q| &**q).collect();
                let ps: Vec<&_> = ps.iter().map(|p| &**p).collect();
                download("pq-explorer-results.csv", "text/csv", &to_csv(&qs, &ps))
            };
            problem.set(result.err().map(|e| format!("The export failed: {e}.")));
        })
    };
    // An export holds the records' text, so it waits for it.
    let arriving = explorer.data.text == TextState::Arriving;
    html! {
        <div class="export">
            <span class="meta">{ "Export results:" }</span>
            <button type="button" class="secondary" onclick={export(false)} disabled={arriving}>{ "CSV" }</button>
            <button type="button" class="secondary" onclick={export(true)} disabled={arriving}>{ "JSON" }</button>
            if arriving { <span class="meta">{ "once the records' text has arrived" }</span> }
            if let Some(p) = &*problem { <span class="status" role="alert">{ p.clone() }</span> }
        </div>
    }
}
