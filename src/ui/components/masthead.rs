use std::rc::Rc;

use yew::prelude::*;

use super::link::Link;
use crate::filter::{FilterState, View};

#[derive(Properties, PartialEq)]
pub struct MastheadProps {
    pub state: Rc<FilterState>,
}

/// The site header with the main navigation; links keep the current query and filters.
#[function_component(Masthead)]
pub fn masthead(props: &MastheadProps) -> Html {
    let state = &props.state;
    let to = |view: View| FilterState {
        view,
        selected: None,
        ..(**state).clone()
    };
    let current = |active: bool| active.then(|| AttrValue::from("page"));
    let view = &state.view;
    let items = [
        (
            "Search",
            View::Search,
            matches!(view, View::Search | View::Question(_)),
        ),
        (
            "Members",
            View::Members,
            matches!(view, View::Members | View::Member(_)),
        ),
        (
            "Press releases",
            View::PressReleases,
            matches!(view, View::PressReleases | View::PressRelease(_)),
        ),
        ("Timeline", View::Timeline, matches!(view, View::Timeline)),
        ("Import", View::Import, matches!(view, View::Import)),
    ];
    html! {
        <header class="masthead">
            <div class="brand">
                <h1 class="brand-title"><Link to={FilterState::default()} class="brand-name">{ "pq-explorer" }</Link></h1>
                <p class="tagline">{ "UK parliamentary written questions, answers and press releases" }</p>
            </div>
            <nav aria-label="Main">
                <ul>
                    { for items.into_iter().map(|(label, view, active)| html! {
                        <li><Link to={to(view)} aria_current={current(active)}>{ label }</Link></li>
                    }) }
                </ul>
            </nav>
        </header>
    }
}
