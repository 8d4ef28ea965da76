//! Turning the HTML of official answers into plain paragraphs. Nothing from the markup survives
//! but its text: tags are dropped, script and style bodies are dropped whole, entities are
//! decoded, block elements end paragraphs, list items become `• ` paragraphs and table cells are
//! joined with ` | `. Text is shown as text by every view, so what remains cannot run.

/// Splits `html` into paragraphs of plain text.
pub fn html_to_paragraphs(html: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        push_text(&mut current, &rest[..open]);
        let after = &rest[open + 1..];
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            current.push('<');
            rest = after;
            continue;
        }
        let Some(close) = after.find('>') else {
            // A `<` that opens no tag is text.
            push_text(&mut current, &rest[open..]);
            rest = "";
            break;
        };
        let tag = &after[..close];
        rest = &after[close + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        if !closing && (name == "script" || name == "style") {
            let end = format!("</{name}");
            rest = match rest.to_ascii_lowercase().find(&end) {
                Some(at) => rest[at..].find('>').map_or("", |gt| &rest[at + gt + 1..]),
                None => "",
            };
            continue;
        }
        match name.as_str() {
            "p" | "div" | "br" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol"
            | "table" | "blockquote" => end_paragraph(&mut paragraphs, &mut current),
            "li" => {
                end_paragraph(&mut paragraphs, &mut current);
                if !closing {
                    current.push_str("• ");
                }
            }
            "td" | "th" if !closing && !current.trim().is_empty() => current.push_str(" | "),
            _ => {}
        }
    }
    push_text(&mut current, rest);
    end_paragraph(&mut paragraphs, &mut current);
    paragraphs
}

fn end_paragraph(paragraphs: &mut Vec<String>, current: &mut String) {
    let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.is_empty() && text != "•" {
        paragraphs.push(text);
    }
    current.clear();
}

fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after.find(';').filter(|&semi| semi <= 10) {
            Some(semi) => match decode_entity(&after[..semi]) {
                Some(c) => {
                    out.push(c);
                    rest = &after[semi + 1..];
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            },
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "pound" => '£',
        "euro" => '€',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::html_to_paragraphs;

    fn check(input: &str, expect: &[&str]) {
        assert_eq!(html_to_paragraphs(input), expect, "{input}");
    }

    #[test]
    fn paragraphs_lists_and_tables() {
        check(
            "<p>One &amp; two.</p><p>Three</p>",
            &["One & two.", "Three"],
        );
        check("Plain text, no tags", &["Plain text, no tags"]);
        check("<ul><li>a</li><li>b</li></ul>", &["• a", "• b"]);
        check(
            "<table><tr><td>Year</td><td>£m</td></tr><tr><td>2024</td><td>12</td></tr></table>",
            &["Year | £m", "2024 | 12"],
        );
        check("a<br>b<br/>c", &["a", "b", "c"]);
    }

    #[test]
    fn hostile_markup_leaves_only_text() {
        check("<p>ok<script>alert(1)</script></p>", &["ok"]);
        check("<img src=x onerror=alert(1)>hi", &["hi"]);
        check("<svg onload=alert(1)>x</svg>", &["x"]);
        check("1 < 2 and <b>bold", &["1 < 2 and bold"]);
        check("unclosed <p", &["unclosed <p"]);
        check("&#0;&#x110000;&bogus;", &["&#0;&#x110000;&bogus;"]);
    }
}
