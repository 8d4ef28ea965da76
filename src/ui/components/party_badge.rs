use yew::prelude::*;

use crate::corpus::lines::slugify;

#[derive(Properties, PartialEq)]
pub struct PartyBadgeProps {
    pub party: Option<AttrValue>,
}

/// The party as a small coloured label; the colour only repeats what the text says.
#[function_component(PartyBadge)]
pub fn party_badge(props: &PartyBadgeProps) -> Html {
    let Some(party) = &props.party else {
        return html! {};
    };
    let class = classes!("party", format!("party-{}", slugify(party, 40)));
    html! { <span {class}>{ party.clone() }</span> }
}
