use yew::prelude::*;

use crate::index::highlight::Segment;

#[derive(Properties, PartialEq)]
pub struct HighlightedProps {
    pub segments: Vec<Segment>,
}

/// Text with the matched words in `<mark>`. Every segment is a text node: nothing from the data
/// is parsed as HTML.
#[function_component(Highlighted)]
pub fn highlighted(props: &HighlightedProps) -> Html {
    html! {
        <>
            { for props.segments.iter().map(|s| if s.hit {
                html! { <mark>{ s.text.clone() }</mark> }
            } else {
                html! { { s.text.clone() } }
            }) }
        </>
    }
}
