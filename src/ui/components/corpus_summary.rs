use yew::prelude::*;

use crate::corpus::{Corpus, Severity};
use crate::index::FxHashSet;
use crate::ui::words::{self, Thousands};

#[derive(Properties, PartialEq, Clone)]
pub struct CorpusSummaryProps {
    pub questions: usize,
    pub press_releases: usize,
    pub members: usize,
    pub sources: usize,
    /// Passages of the source files that could not be read.
    pub unreadable: usize,
}

impl CorpusSummaryProps {
    pub fn of(corpus: &Corpus) -> Self {
        // Askers as `display_name` tells them apart, without building each name.
        let members: FxHashSet<(Option<&str>, Option<u32>)> = corpus
            .questions
            .iter()
            .map(|q| match &q.asker.name {
                Some(name) => (Some(&**name), None),
                None => (None, q.asker.member_id),
            })
            .collect();
        CorpusSummaryProps {
            questions: corpus.questions.len(),
            press_releases: corpus.press_releases.len(),
            members: members.len(),
            sources: corpus.sources.len(),
            unreadable: corpus
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
        }
    }
}

/// What the loaded corpus holds: records by kind, askers, files, and unreadable input.
#[function_component(CorpusSummary)]
pub fn corpus_summary(props: &CorpusSummaryProps) -> Html {
    let count = |n: usize, one: &str, many: &str| {
        html! {
            <div class="stat">
                <dt>{ if n == 1 { one.to_string() } else { many.to_string() } }</dt>
                <dd>{ Thousands::from(n).to_string() }</dd>
            </div>
        }
    };
    html! {
        <section class="corpus-summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading" class="visually-hidden">{ "In this corpus" }</h2>
            <dl class="stats">
                { count(props.questions, "written question", "written questions") }
                { count(props.press_releases, "press release", "press releases") }
                { count(props.members, "member asking", "members asking") }
                { count(props.sources, "source file", "source files") }
            </dl>
            if props.unreadable > 0 {
                <p class="notice">{ format!("{} of the source files could not be read; {} listed in the diagnostics.",
                    words::count(props.unreadable, "passage", "passages"), if props.unreadable == 1 { "it is" } else { "they are" }) }</p>
            }
        </section>
    }
}
