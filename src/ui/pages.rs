//! One file per page; `Page` shows the one the URL's view names and titles the document.

mod compare;
mod import;
mod member;
mod members;
mod press;
mod question;
mod search;
mod timeline;

use yew::prelude::*;

use super::context::use_explorer;
use super::location::set_title;
use crate::filter::View;

#[function_component(Page)]
pub fn page() -> Html {
    let explorer = use_explorer();
    let view = explorer.state.view.clone();
    let title = match &view {
        View::Search if explorer.state.query.is_empty() => "Search".to_string(),
        View::Search => format!("“{}”", explorer.state.query),
        View::Question(id) => format!("Question {id}"),
        View::Members => "Members".to_string(),
        View::Member(slug) => explorer
            .data
            .members()
            .iter()
            .find(|m| &m.slug == slug)
            .map_or_else(|| "Member".to_string(), |m| m.name.clone()),
        View::PressReleases => "Press releases".to_string(),
        View::PressRelease(_) => "Press release".to_string(),
        View::Timeline => "Timeline".to_string(),
        View::Import => "Import files".to_string(),
        View::Compare(slugs) => format!("Compare {}", slugs.join(", ")),
    };
    use_effect_with(title.clone(), |title| {
        set_title(format!("{title} — pq-explorer"))
    });
    match view {
        View::Search => html! { <search::SearchPage /> },
        View::Question(id) => html! { <question::QuestionPage {id} /> },
        View::Members => html! { <members::MembersPage /> },
        View::Member(slug) => html! { <member::MemberPage {slug} /> },
        View::PressReleases => html! { <press::PressReleasesPage /> },
        View::PressRelease(id) => html! { <press::PressReleasePage {id} /> },
        View::Timeline => html! { <timeline::TimelinePage /> },
        View::Import => html! { <import::ImportPage /> },
        View::Compare(slugs) => html! { <compare::ComparePage {slugs} /> },
    }
}
