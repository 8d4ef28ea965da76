use std::collections::HashSet;
use std::rc::Rc;

use yew::prelude::*;

use crate::corpus::{Corpus, Severity};

#[derive(Properties, PartialEq)]
pub struct CorpusSummaryProps {
    pub corpus: Rc<Corpus>,
}

/// What the loaded corpus holds: records by kind, askers, files, and unreadable input.
#[function_component(CorpusSummary)]
pub fn corpus_summary(props: &CorpusSummaryProps) -> Html {
    let corpus = &props.corpus;
    let askers: HashSet<String> = corpus
        .questions
        .iter()
        .map(|q| q.asker.display_name())
        .collect();
    let errors = corpus
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let count = |n: usize, one: &str, many: &str| {
        html! {
            <div class="stat">
                <dt>{ if n == 1 { one.to_string() } else { many.to_string() } }</dt>
                <dd>{ n }</dd>
            </div>
        }
    };
    html! {
        <section class="corpus-summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{ "In this corpus" }</h2>
            <dl class="stats" aria-live="polite">
                { count(corpus.questions.len(), "written question", "written questions") }
                { count(corpus.press_releases.len(), "press release", "press releases") }
                { count(askers.len(), "member asking", "members asking") }
                { count(corpus.sources.len(), "source file", "source files") }
            </dl>
            if errors > 0 {
                <p class="notice">{ format!("{errors} passages of the source files could not be read; they are listed in the diagnostics.") }</p>
            }
        </section>
    }
}
