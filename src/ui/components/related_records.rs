use yew::prelude::*;

use crate::index::similar::related;
use crate::index::{DocRef, FxHashMap, Kind};
use crate::ui::components::gist::{gist, GIST_WORDS};
use crate::ui::components::link::Link;
use crate::ui::context::use_explorer;
use crate::ui::state::{QuestionLabel, TextState};

#[derive(Properties, PartialEq)]
pub struct RelatedRecordsProps {
    pub doc: u32,
    /// Press releases for a question, questions for a press release.
    pub want: Kind,
}

/// Records of the same department within 30 days that share telling words with this one.
#[function_component(RelatedRecords)]
pub fn related_records(props: &RelatedRecordsProps) -> Html {
    let explorer = use_explorer();
    let found = use_memo(
        (props.doc, props.want, explorer.data.clone()),
        // Telling words come from the records' text: none until it has arrived.
        |(doc, want, data)| match data.text {
            TextState::Arriving => Vec::new(),
            _ => related(&**data, &data.index, *doc, *want, 30, 2, 8),
        },
    );
    if found.is_empty() {
        return html! {};
    }
    let data = &explorer.data;
    // The questions among them, labelled together so that two of one title are told apart.
    let questions: Vec<u32> = found
        .iter()
        .filter_map(|r| match data.index.doc_ref(r.doc)? {
            DocRef::Question(i) => Some(i),
            DocRef::PressRelease(_) => None,
        })
        .collect();
    let labels: FxHashMap<u32, QuestionLabel> = questions
        .iter()
        .copied()
        .zip(data.question_labels(&questions, GIST_WORDS))
        .collect();
    let heading = match props.want {
        Kind::PressRelease => "Related press releases",
        Kind::Question => "Related questions",
    };
    html! {
        <section class="related" aria-labelledby="related-heading">
            <h3 id="related-heading">{ heading }</h3>
            <p class="meta">{ "From the same department within 30 days, sharing key words." }</p>
            <ul>
                { for found.iter().filter_map(|r| {
                    let view = explorer.view_of(r.doc)?;
                    let (label, date) = match data.index.doc_ref(r.doc)? {
                        DocRef::Question(i) => {
                            let q = data.corpus.questions.get(i as usize)?;
                            let label = labels.get(&i).cloned()?;
                            (label, q.date.clone())
                        }
                        DocRef::PressRelease(i) => {
                            let p = data.corpus.press_releases.get(i as usize)?;
                            (QuestionLabel { title: p.title.clone(), gist: None }, p.date.clone())
                        }
                    };
                    Some(html! {
                        <li>
                            <Link to={explorer.at(view)}>{ label.title.clone() }</Link>
                            <span class="meta">{ format!(" — {}, {} shared key words", date.unwrap_or_default(), r.shared) }</span>
                            { gist(&label) }
                        </li>
                    })
                }) }
            </ul>
        </section>
    }
}
