//! A question and its answer: who asked, house, UIN, date and department; the answer with its
//! paragraphs; questions that received the same answer; the member's other questions on the
//! same heading; a copyable permalink; previous and next within the current results.

use yew::prelude::*;

use crate::corpus::crossref::{find_dated_references, find_references};
use crate::corpus::Question;
use crate::filter::{FilterState, View};
use crate::index::highlight::Highlighter;
use crate::index::response::NamedDay;
use crate::index::{DocRef, Kind};
use crate::ui::components::gist::{gist, GIST_WORDS};
use crate::ui::components::highlighted::Highlighted;
use crate::ui::components::link::{external, Link};
use crate::ui::components::named_days::against_named_day;
use crate::ui::components::near_identical::NearIdentical;
use crate::ui::components::not_found::NotFound;
use crate::ui::components::party_badge::PartyBadge;
use crate::ui::components::related_records::RelatedRecords;
use crate::ui::context::{use_explorer, Explorer};
use crate::ui::words::{count, Thousands};

#[derive(Properties, PartialEq)]
pub struct QuestionPageProps {
    pub id: String,
}

fn member_slug(q: &Question) -> String {
    crate::corpus::lines::slugify(&q.asker.display_name(), 80)
}

/// A paragraph of a question or answer. Web addresses become links that open safely, UINs of
/// questions in the corpus become links to them, and everything else is text.
fn paragraph(
    explorer: &Explorer,
    text: &str,
    highlighter: &Highlighter,
    answerer: Option<&str>,
) -> Html {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("https://").or_else(|| rest.find("http://")) {
        let (before, from) = rest.split_at(at);
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"'))
            .unwrap_or(from.len());
        let url = from[..end].trim_end_matches(['.', ',', ';', ':']);
        parts.push(with_references(explorer, before, highlighter, answerer));
        parts.push(html! { <a href={url.to_string()} rel="noopener noreferrer nofollow" target="_blank">{ url.to_string() }</a> });
        rest = &from[url.len()..];
    }
    parts.push(with_references(explorer, rest, highlighter, answerer));
    if text.starts_with("• ") {
        html! { <p class="bullet">{ for parts }</p> }
    } else {
        html! { <p>{ for parts }</p> }
    }
}

/// Text with its references as links: UINs of questions in the corpus open them; "the answer I
/// gave on DATE" searches that minister's answers of that day.
fn with_references(
    explorer: &Explorer,
    text: &str,
    highlighter: &Highlighter,
    answerer: Option<&str>,
) -> Html {
    let mut links: Vec<(usize, usize, FilterState, String)> = Vec::new();
    for r in find_references(text) {
        if let Some(q) = explorer.data.question_by_uin(&r.uin) {
            links.push((
                r.start,
                r.end,
                explorer.at(View::Question(q.id.clone())),
                format!("Question {} in this corpus", r.uin),
            ));
        }
    }
    if let Some(answerer) = answerer {
        for r in find_dated_references(text) {
            let to = explorer.with(|s| {
                *s = FilterState {
                    answerers: vec![answerer.to_string()],
                    from: Some(r.date.clone()),
                    to: Some(r.date.clone()),
                    ..FilterState::default()
                }
            });
            links.push((
                r.start,
                r.end,
                to,
                format!("Answers by this minister on {}", r.date),
            ));
        }
    }
    links.sort_by_key(|l| l.0);
    let mut parts = Vec::new();
    let mut at = 0;
    for (start, end, to, title) in links {
        if start < at {
            continue;
        }
        parts.push(html! { <Highlighted segments={highlighter.segments(&text[at..start])} /> });
        parts.push(html! { <Link {to} class="crossref" title={title}>{ text[start..end].to_string() }</Link> });
        at = end;
    }
    parts.push(html! { <Highlighted segments={highlighter.segments(&text[at..])} /> });
    html! { <>{ for parts }</> }
}

/// A list of questions (their places and heads), each linked, with who asked it and when.
/// Says the source gave only the start of the question's `part` and where it is in full.
fn cut_short(part: &str, official: Option<String>) -> Html {
    html! {
        <p class="status">
            { format!("The source gives only the start of this {part}. ") }
            { match official {
                Some(url) => html! { <>{ external(url, "The official record") }{ " has it in full." }</> },
                None => html! { "Parliament's written-questions site has it in full." },
            } }
        </p>
    }
}

fn question_list(explorer: &Explorer, list: &[(usize, &Question)]) -> Html {
    let places: Vec<u32> = list.iter().map(|&(i, _)| i as u32).collect();
    let labels = explorer.data.question_labels(&places, GIST_WORDS);
    html! {
        <ul>{ for list.iter().zip(&labels).map(|(&(_, q), label)| {
            let date = q.date.clone().unwrap_or_else(|| "undated".into());
            html! {
                <li>
                    <Link to={explorer.at(View::Question(q.id.clone()))}>{ label.title.clone() }</Link>
                    <span class="meta">{ format!(" — {}, {date}", q.asker.display_name()) }</span>
                    { gist(label) }
                </li>
            }
        }) }</ul>
    }
}

#[function_component(QuestionPage)]
pub fn question_page(props: &QuestionPageProps) -> Html {
    let explorer = use_explorer();
    let copied = use_state(|| false);
    let data = &explorer.data;
    let found = data.corpus.questions.iter().position(|q| q.id == props.id);
    let Some((index, q)) = found.and_then(|i| Some((i, data.question(i as u32)?))) else {
        let why = format!("No question with the id {} is in this corpus. It may come from a file you have not imported.", props.id);
        return html! {
            <NotFound what="Question" {why} back={View::Search} back_label="Back to search" />
        };
    };
    let highlighter = Highlighter::new(&explorer.state.to_search().0);
    let text_missing = data.text_missing(DocRef::Question(index as u32));
    let q = &*q;
    let slug = member_slug(q);
    // Position among the current results, for previous / next.
    let doc = data.index.doc_of(DocRef::Question(index as u32));
    let position = doc.and_then(|d| explorer.position_of(d));
    let neighbour = |delta: isize| -> Option<View> {
        let i = usize::try_from(position? as isize + delta).ok()?;
        let hit = explorer.hits(i..i + 1).first().copied()?;
        explorer.view_of(hit.doc)
    };
    let same_answer: Vec<(usize, &Question)> = q
        .answer_group
        .as_ref()
        .map(|g| {
            data.corpus
                .questions
                .iter()
                .enumerate()
                .filter(|(_, o)| o.answer_group.as_ref() == Some(g) && o.id != q.id)
                .collect()
        })
        .unwrap_or_default();
    let same_heading: Vec<(usize, &Question)> = match &q.heading {
        Some(h) => data
            .corpus
            .questions
            .iter()
            .enumerate()
            // Those listed above as sharing its answer are not listed again.
            .filter(|(i, o)| {
                o.id != q.id
                    && !same_answer.iter().any(|&(a, _)| a == *i)
                    && o.heading.as_ref() == Some(h)
                    && o.asker.display_name() == q.asker.display_name()
            })
            .collect(),
        None => Vec::new(),
    };
    let permalink = explorer
        .nav
        .href(&explorer.at(View::Question(q.id.clone())));
    let copy = {
        let copied = copied.clone();
        let permalink = permalink.clone();
        Callback::from(move |_: MouseEvent| {
            let window = gloo::utils::window();
            let url = format!(
                "{}{}",
                window.location().origin().unwrap_or_default(),
                permalink
            );
            let _ = window.navigator().clipboard().write_text(&url);
            copied.set(true);
        })
    };
    let answerer_slug = q
        .answer
        .as_ref()
        .and_then(|a| a.by.name.as_deref())
        .map(|n| crate::corpus::lines::slugify(n, 80));
    let house = q.house.full_name();
    let official = q.official_url();
    // A text the source cut short ends with an ellipsis where it stops.
    let text_cut = q.text_looks_cut_short();
    let shown_text: std::borrow::Cow<str> = match text_cut {
        true => format!("{}…", q.text.trim_end()).into(),
        false => q.text.as_str().into(),
    };
    html! {
        <article class="record question">
            <nav class="record-nav" aria-label="Results">
                <Link to={explorer.at(View::Search)}>{ "← Results" }</Link>
                if let Some(prev) = neighbour(-1) { <Link to={explorer.at(prev)} class="prev">{ "Previous" }</Link> }
                if let Some(next) = neighbour(1) { <Link to={explorer.at(next)} class="next">{ "Next" }</Link> }
                if let Some(p) = position { <span class="meta">{ format!("{} of {}", Thousands::from(p + 1), Thousands::from(explorer.results.total)) }</span> }
            </nav>
            <header>
                <p class="kicker">{ "Written question" }</p>
                <h2>{ q.heading.clone().unwrap_or_else(|| "Written question".into()) }</h2>
                <dl class="facts">
                    <div><dt>{ "Asked by" }</dt><dd>
                        <Link to={explorer.at(View::Member(slug))}>{ q.asker.display_name() }</Link>
                        { " " }<PartyBadge party={q.asker.party.as_deref().map(AttrValue::from)} />
                        if let Some(c) = &q.asker.constituency { <span class="meta">{ format!(" {c}") }</span> }
                        if q.interest_declared { <span class="meta interest">{ " · declared a relevant interest" }</span> }
                    </dd></div>
                    <div><dt>{ "House" }</dt><dd>{ house }</dd></div>
                    if let Some(uin) = &q.uin { <div><dt>{ "UIN" }</dt><dd>{ uin.clone() }
                        if let Some(url) = &official { { " · " }{ external(url.clone(), "Official record") } }
                    </dd></div> }
                    // An official record's date is its tabling's, beside its other days.
                    <div><dt>{ if q.date_tabled.is_some() { "Tabled" } else { "Date" } }</dt><dd>{ q.date.clone().unwrap_or_else(|| "not given in the source".into()) }</dd></div>
                    if let Some(d) = &q.department { <div><dt>{ "Department" }</dt><dd>{ d.clone() }</dd></div> }
                    if let Some(d) = &q.date_for_answer {
                        if q.named_day {
                            <div class="named-day"><dt>{ "Named day" }</dt><dd>{ d.clone() }
                                if let Some(day) = NamedDay::of(q, data.snapshot_ends()) { <span class="meta">{ format!(" — {}", against_named_day(day)) }</span> }
                            </dd></div>
                        } else {
                            <div><dt>{ "Date for answer" }</dt><dd>{ d.clone() }</dd></div>
                        }
                    }
                    // Once an answer in substance has come, the holding answer before it.
                    if let Some(d) = q.date_holding_answer.as_ref().filter(|_| q.answer.as_ref().is_some_and(|a| !a.holding)) {
                        <div><dt>{ "Holding answer" }</dt><dd>{ d.clone() }</dd></div>
                    }
                    if let Some(d) = &q.date_answered { <div><dt>{ "Answered" }</dt><dd>{ d.clone() }</dd></div> }
                    if let Some(d) = &q.date_answer_corrected { <div><dt>{ "Answer corrected" }</dt><dd>{ d.clone() }</dd></div> }
                </dl>
            </header>
            <section class="question-text" aria-label="Question">
                if let Some(why) = &text_missing {
                    <p class="status pending">{ why }</p>
                } else {
                    { for shown_text.split('\n').map(|p| paragraph(&explorer, p, &highlighter, None)) }
                    if text_cut { { cut_short("question", official.clone()) } }
                }
            </section>
            <section class="answer" aria-labelledby="answer-heading">
                <h3 id="answer-heading">{ "Answer" }</h3>
                { match &q.answer {
                    None => match official.clone() {
                        // The official API's records are as they stood when they were fetched:
                        // an answer may have been given since.
                        Some(url) => html! {
                            <p class="status">
                                { format!("Not answered in the source, which has the question as it stood when the record was fetched{}. ", fetched_after(data.snapshot_ends().waited(q))) }
                                { external(url, "The official record") }{ " has any answer given since." }
                            </p>
                        },
                        None => html! { <p class="status">{ "Not answered: the source has no answer to this question." }</p> },
                    },
                    Some(a) => html! {
                        <>
                            <p class="answered-by">
                                { a.by.display_name() }
                                if let Some(role) = &a.by.role { <span class="meta">{ format!(", {role}") }</span> }
                            </p>
                            if a.holding { <p class="status">{ "Holding answer: the department has promised a full reply later." }</p> }
                            if text_missing.is_none() {
                                { for a.paragraphs.iter().map(|p| paragraph(&explorer, p, &highlighter, answerer_slug.as_deref())) }
                                if a.looks_cut_short() { { cut_short("answer", official.clone()) } }
                            }
                        </>
                    },
                } }
            </section>
            if !same_answer.is_empty() {
                <section class="related" aria-labelledby="same-answer">
                    <h3 id="same-answer">{ format!("The same answer was given to {}", count(same_answer.len(), "other question", "other questions")) }</h3>
                    { question_list(&explorer, &same_answer) }
                </section>
            }
            <NearIdentical question={index} />
            if let Some(doc) = doc {
                <RelatedRecords {doc} want={Kind::PressRelease} />
            }
            if !same_heading.is_empty() {
                <section class="related" aria-labelledby="same-heading">
                    <h3 id="same-heading">{ format!("Other questions by {} on {}", q.asker.display_name(), q.heading.clone().unwrap_or_default()) }</h3>
                    { question_list(&explorer, &same_heading) }
                </section>
            }
            <p class="permalink">
                <a href={permalink.clone()}>{ "Permalink" }</a>{ " " }
                <button type="button" onclick={copy}>{ if *copied { "Link copied" } else { "Copy link" } }</button>
            </p>
        </article>
    }
}

/// When an unanswered question's record was fetched, as far as its file tells (`waited`: its
/// file's latest date, and the working days from the question's tabling to it).
fn fetched_after(waited: Option<(String, u32)>) -> String {
    match waited {
        None => String::new(),
        Some((date, 0)) => {
            format!(", on or after {date} (the latest date in its file), the day it was tabled")
        }
        Some((date, days)) => format!(
            ", on or after {date} (the latest date in its file): {} after it was tabled",
            count(days as usize, "working day", "working days")
        ),
    }
}
