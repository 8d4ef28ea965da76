//! Counts, sizes and messages as the pages write them.

pub use crate::corpus::Thousands;

/// `1 question`, `2 questions`, `12,000 questions`.
/// What a member's share answered means, and why it is low, for records from the official API
/// (which carry member ids): said wherever such a share is shown.
pub const ANSWERED_AS_FETCHED: &str = "Answered: the share of their questions with an answer in the source. The official API's records are as they stood when they were fetched, so an answer given since is not counted.";

pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", Thousands::from(n), if n == 1 { one } else { many })
}

/// A byte count as people say it: `34.1 MB`, `12 kB`, `300 bytes`.
pub fn human_size(bytes: f64) -> String {
    if bytes >= 1e6 {
        format!("{:.1} MB", bytes / 1e6)
    } else if bytes >= 1e3 {
        format!("{:.0} kB", bytes / 1e3)
    } else {
        format!("{bytes:.0} bytes")
    }
}

/// A message as the page shows it: the commands it names between backticks (`` `pqx bundle` ``)
/// as code, the rest as text. A backtick with no partner is shown as it is. Always text nodes,
/// never markup, whatever the message holds.
pub fn with_code(message: &str) -> yew::Html {
    use yew::html;
    let parts: Vec<&str> = message.split('`').collect();
    if parts.len() % 2 == 0 {
        return html! { message.to_string() };
    }
    parts
        .iter()
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                html! { part.to_string() }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_read_as_people_say_them() {
        assert_eq!(count(1, "question", "questions"), "1 question");
        assert_eq!(count(0, "question", "questions"), "0 questions");
        assert_eq!(count(12_000, "record", "records"), "12,000 records");
        assert_eq!(human_size(300.0), "300 bytes");
        assert_eq!(human_size(12_345.0), "12 kB");
        assert_eq!(human_size(34_100_000.0), "34.1 MB");
    }
}
