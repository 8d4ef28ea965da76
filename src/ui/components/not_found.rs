use yew::prelude::*;

use crate::filter::View;
use crate::ui::components::link::Link;
use crate::ui::context::use_explorer;
use crate::ui::words::count;

#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    /// What was looked for ("Question", "Member").
    pub what: AttrValue,
    /// Why it is not in the corpus.
    pub why: AttrValue,
    /// Where the page sends the reader instead, and the link's words.
    pub back: View,
    pub back_label: AttrValue,
}

/// A record's or member's page when the corpus has no such one. While the corpus is the first
/// records of a file still being read, it may be among the rest: the page says so, and shows
/// it once the file is in (the address stays).
#[function_component(NotFound)]
pub fn not_found(props: &NotFoundProps) -> Html {
    let explorer = use_explorer();
    let data = &explorer.data;
    let (heading, why) = match explorer.reading {
        true => {
            let records = data.corpus.questions.len() + data.corpus.press_releases.len();
            let read = count(records, "record", "records");
            (
                format!("{} not read yet", props.what),
                format!("It is not among the {read} read so far. The rest of the corpus file is being read (the line at the top says how far it has got); this page shows it once the file is in."),
            )
        }
        false => (format!("{} not found", props.what), props.why.to_string()),
    };
    html! {
        <section class="not-found">
            <h2>{ heading }</h2>
            <p>{ why }</p>
            <p><Link to={explorer.at(props.back.clone())}>{ props.back_label.clone() }</Link></p>
        </section>
    }
}
