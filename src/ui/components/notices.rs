use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    /// Notes on the query that was typed.
    pub notes: Vec<String>,
    /// Parts of the address that were ignored.
    pub ignored: Vec<String>,
}

/// Small, polite notices: what in the query or the address could not be used.
#[function_component(Notices)]
pub fn notices(props: &NoticesProps) -> Html {
    if props.notes.is_empty() && props.ignored.is_empty() {
        return html! {};
    }
    html! {
        <div class="notices" role="status">
            { for props.notes.iter().map(|n| html! { <p class="notice">{ n.clone() }</p> }) }
            if !props.ignored.is_empty() {
                <p class="notice">{ format!("Ignored in the address: {}", props.ignored.join(", ")) }</p>
            }
        </div>
    }
}
