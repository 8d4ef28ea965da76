use yew::prelude::*;

use crate::filter::View;
use crate::index::similar::{similar_answers, word_diff, DiffPart};
use crate::ui::components::gist::{gist, GIST_WORDS};
use crate::ui::components::link::Link;
use crate::ui::context::use_explorer;
use crate::ui::state::TextState;

#[derive(Properties, PartialEq)]
pub struct NearIdenticalProps {
    /// Index of the question in the corpus.
    pub question: usize,
}

/// Answers that are almost, but not exactly, this one, each with a word-level diff on request.
#[function_component(NearIdentical)]
pub fn near_identical(props: &NearIdenticalProps) -> Html {
    let explorer = use_explorer();
    let open = use_state(|| None::<usize>);
    let similar = use_memo(
        (props.question, explorer.data.clone()),
        // Comparing answers needs their text: none until it has arrived.
        |(q, data)| match data.text {
            TextState::Arriving => Vec::new(),
            _ => similar_answers(&**data, &data.index, *q, 0.5, 10),
        },
    );
    if similar.is_empty() {
        return html! {};
    }
    let data = &explorer.data;
    let corpus = &data.corpus;
    let answer_text = |i: usize| {
        data.question(i as u32)
            .and_then(|q| q.answer.as_ref().map(|a| a.paragraphs.join("\n")))
            .unwrap_or_default()
    };
    let own = answer_text(props.question);
    let places: Vec<u32> = similar.iter().map(|s| s.question as u32).collect();
    let labels = data.question_labels(&places, GIST_WORDS);
    html! {
        <section class="related near-identical" aria-labelledby="near-identical">
            <h3 id="near-identical">{ format!("Near-identical answers ({})", similar.len()) }</h3>
            <p class="meta">{ "Answers to other questions that differ from this one in a few words." }</p>
            <ul>
                { for similar.iter().zip(&labels).filter_map(|(s, label)| {
                    let q = corpus.questions.get(s.question)?;
                    let shown = *open == Some(s.question);
                    let toggle = {
                        let open = open.clone();
                        let i = s.question;
                        Callback::from(move |_: MouseEvent| open.set(if shown { None } else { Some(i) }))
                    };
                    Some(html! {
                        <li>
                            <Link to={explorer.at(View::Question(q.id.clone()))}>{ label.title.clone() }</Link>
                            <span class="meta">{ format!(" — {}, {:.0}% alike ", q.asker.display_name(), s.similarity * 100.0) }</span>
                            <button type="button" class="link-button" aria-expanded={shown.to_string()} onclick={toggle}>
                                { if shown { "Hide differences" } else { "Show differences" } }
                            </button>
                            { gist(label) }
                            if shown {
                                <p class="diff">
                                    { for word_diff(&own, &answer_text(s.question)).into_iter().map(|part| match part {
                                        DiffPart::Same(t) => html! { <span>{ format!("{t} ") }</span> },
                                        DiffPart::Removed(t) => html! { <del><span class="visually-hidden">{ "removed: " }</span>{ t }</del> },
                                        DiffPart::Added(t) => html! { <ins><span class="visually-hidden">{ "added: " }</span>{ t }</ins> },
                                    }) }
                                </p>
                            }
                        </li>
                    })
                }) }
            </ul>
        </section>
    }
}
