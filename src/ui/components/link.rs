use yew::prelude::*;

use crate::filter::FilterState;
use crate::ui::location::Navigator;

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    /// The view the link opens.
    pub to: FilterState,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
    #[prop_or_default]
    pub aria_current: Option<AttrValue>,
    #[prop_or_default]
    pub title: Option<AttrValue>,
}

/// A real link to a view: it has an href (open in a new tab, copy), and a plain click
/// navigates in place with pushState.
#[function_component(Link)]
pub fn link(props: &LinkProps) -> Html {
    let nav = use_context::<Navigator>();
    let href = match &nav {
        Some(nav) => nav.href(&props.to),
        None => format!(
            "?{}",
            crate::filter::encode_url(&props.to).trim_start_matches('?')
        ),
    };
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            let modified =
                e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0;
            if let (Some(nav), false) = (&nav, modified) {
                e.prevent_default();
                nav.push(to.clone());
            }
        })
    };
    html! {
        <a {href} class={props.class.clone()} {onclick} aria-current={props.aria_current.clone()} title={props.title.clone()}>
            { props.children.clone() }
        </a>
    }
}

/// A link out of the explorer, to a page on Parliament's own sites: it opens in a new tab,
/// says so to a screen reader, and passes on neither the page nor its address.
pub fn external(href: String, text: &str) -> Html {
    html! {
        <a {href} class="external" rel="noopener noreferrer" target="_blank">
            { text.to_string() }<span class="visually-hidden">{ " (opens in a new tab)" }</span>
        </a>
    }
}
