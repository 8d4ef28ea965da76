use yew::prelude::*;

use crate::ui::saved::{describe, file_name, SavedCopy};

#[derive(Properties, PartialEq)]
pub struct SavedCopyLineProps {
    pub copy: SavedCopy,
    /// The address of the corpus file the copy is of (`?corpus=`).
    pub url: AttrValue,
    /// Deletes the saved copy.
    pub on_forget: Callback<()>,
    /// Where the copy opens, when the page shows another corpus (the import's copy).
    #[prop_or_default]
    pub open: Option<AttrValue>,
}

/// What became of the saved copy of the corpus shown (a line at the foot of the search page, in
/// a polite live region that is always there, so a change is read out), with a button that
/// deletes it.
#[function_component(SavedCopyLine)]
pub fn saved_copy_line(props: &SavedCopyLineProps) -> Html {
    let line = describe(&props.copy, file_name(&props.url));
    let kept = matches!(
        props.copy,
        SavedCopy::Opened { .. } | SavedCopy::Saved { .. } | SavedCopy::Elsewhere { .. }
    );
    let open = props.open.clone().filter(|_| {
        matches!(
            props.copy,
            SavedCopy::Saved { .. } | SavedCopy::Elsewhere { .. }
        )
    });
    let forget = props.on_forget.reform(|_: MouseEvent| ());
    html! {
        <div class="saved-copy" role="status">
            if let Some(line) = line {
                <p>
                    { line }
                    if let Some(href) = open {
                        { " " }
                        <a {href}>{ "Open it" }</a>
                    }
                    if kept {
                        { " " }
                        <button type="button" class="secondary" onclick={forget}>{ "Delete the saved copy" }</button>
                    }
                </p>
            }
        </div>
    }
}
