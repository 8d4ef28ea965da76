use yew::prelude::*;

use crate::ui::context::use_explorer;

/// Moves the keyboard's focus to the search box, if the page has it.
pub fn focus_search_box() {
    if let Some(input) = gloo::utils::document()
        .get_element_by_id("q")
        .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
    {
        // Focusing an element in the page cannot fail in a way worth reporting.
        let _ = input.focus();
    }
}

/// The one search box: results follow every keystroke (the URL is replaced, not pushed, while
/// typing), `/` focuses it from anywhere, and the syntax help opens beside it.
#[function_component(SearchBox)]
pub fn search_box() -> Html {
    let explorer = use_explorer();
    let help_open = use_state(|| false);
    let oninput = {
        let explorer = explorer.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let next = explorer.with(|s| {
                s.query = input.value();
                s.selected = None;
            });
            explorer.nav.replace(next);
        })
    };
    let toggle_help = {
        let help_open = help_open.clone();
        Callback::from(move |_: MouseEvent| help_open.set(!*help_open))
    };
    let close_on_escape = {
        let help_open = help_open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                help_open.set(false);
            }
        })
    };
    html! {
        <div class="search-box" role="search" onkeydown={close_on_escape}>
            <label for="q" class="visually-hidden">{ "Search questions, answers and press releases" }</label>
            <input id="q" type="search" autocomplete="off" spellcheck="false"
                placeholder="Search — try facial recognition, \"exact phrase\", party:labour, -palantir"
                value={explorer.state.query.clone()} {oninput}
                aria-describedby="search-hint" />
            <button type="button" class="help-toggle" aria-expanded={(*help_open).to_string()}
                aria-controls="syntax-help" onclick={toggle_help}>{ "Syntax" }</button>
            <p id="search-hint" class="hint">{ "Press / to search from anywhere; j and k move through results, Enter opens one." }</p>
            if *help_open {
                <div id="syntax-help" class="syntax-help" role="dialog" aria-label="Query syntax">
                    <table>
                        <caption>{ "Query syntax" }</caption>
                        <tbody>
                            { for SYNTAX.iter().map(|(q, what)| html! {
                                <tr><th scope="row"><code>{ *q }</code></th><td>{ *what }</td></tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </div>
    }
}

const SYNTAX: [(&str, &str); 11] = [
    ("facial recognition", "both words"),
    ("\"facial recognition\"", "the exact phrase"),
    (
        "polic",
        "the last word is a prefix while you type (polic* anywhere)",
    ),
    ("-palantir", "without the word"),
    ("drones OR aircraft", "either word"),
    (
        "member:lewis",
        "asked by a member (also party:, house:, dept:, answerer:)",
    ),
    ("answered:no", "unanswered (yes, no, holding)"),
    (
        "named:late",
        "named day questions not answered on their day (on-time, pending, yes)",
    ),
    (
        "kind:press",
        "press releases only (kind:question for questions)",
    ),
    (
        "from:2025-01 to:2025-06",
        "a date range (year, month or day)",
    ),
    ("uin:HL11520", "a question by its UIN"),
];
