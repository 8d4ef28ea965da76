//! Press releases: a list by month (taking part in the current search and filters), the
//! newest `LISTED` at first and more on request (a corpus of 100,000 records has 5,000 of them,
//! which drawn at once held the page for half a second), and a release on its own with its
//! date, paragraphs, bullet lists and quotes with their speakers.

use yew::prelude::*;

use crate::corpus::PressRelease;
use crate::filter::View;
use crate::index::highlight::Highlighter;
use crate::index::{DocRef, Kind};
use crate::ui::components::highlighted::Highlighted;
use crate::ui::components::link::Link;
use crate::ui::components::not_found::NotFound;
use crate::ui::components::related_records::RelatedRecords;
use crate::ui::components::show_more::{use_listed, ShowMore};
use crate::ui::context::use_explorer;
use crate::ui::words::{count, Thousands};

/// Releases the list shows at first, and more each time more are asked for.
const LISTED: usize = 200;

#[function_component(PressReleasesPage)]
pub fn press_releases_page() -> Html {
    let explorer = use_explorer();
    // How many of the list are shown: `LISTED` again for another search or filter.
    let (shown, more) = use_listed(LISTED, explorer.state.clone());
    let data = &explorer.data;
    // The current results, press releases only, newest month first.
    let mut releases: Vec<&PressRelease> = explorer
        .all_hits()
        .iter()
        .filter(|h| data.index.attrs.kind[h.doc as usize] == Kind::PressRelease)
        .filter_map(|h| match data.index.doc_ref(h.doc)? {
            DocRef::PressRelease(i) => data.corpus.press_releases.get(i as usize),
            DocRef::Question(_) => None,
        })
        .collect();
    releases.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    let total = releases.len();
    let mut months: Vec<(String, Vec<&PressRelease>)> = Vec::new();
    for r in releases.into_iter().take(shown) {
        let month = r.month.clone().unwrap_or_else(|| "Undated".into());
        match months.last_mut() {
            Some((m, list)) if **m == *month => list.push(r),
            _ => months.push((month.to_string(), vec![r])),
        }
    }
    let filtered = !explorer.state.is_unfiltered();
    html! {
        <section class="press-list" aria-labelledby="press-heading">
            <h2 id="press-heading">{ format!("Press releases ({})", Thousands::from(total)) }</h2>
            if filtered {
                <p class="meta">{ "Showing the press releases that match the current search and filters. " }
                    <Link to={crate::filter::FilterState { view: View::PressReleases, ..Default::default() }}>{ "Show all" }</Link></p>
            }
            if months.is_empty() {
                <p class="empty">{ "No press releases match." }</p>
            }
            // The months in an element of their own, all keyed: beside the heading and the
            // notes, yew would match them from the end, drawing every one again for 200 more.
            <div class="months">
                { for months.iter().enumerate().map(|(g, (month, list))| html! {
                    <section key={g} class="month">
                        <h3>{ month_title(month) }</h3>
                        <ul>
                            { for list.iter().enumerate().map(|(k, r)| html! {
                                <li key={k}>
                                    <Link to={explorer.at(View::PressRelease(r.id.clone()))}>{ r.title.clone() }</Link>
                                    <span class="meta">{ format!(" — {}{}", r.date.clone().unwrap_or_default(), r.department.as_ref().map(|d| format!(", {d}")).unwrap_or_default()) }</span>
                                </li>
                            }) }
                        </ul>
                    </section>
                }) }
            </div>
            <ShowMore shown={shown.min(total)} {total} step={LISTED} onclick={more} />
        </section>
    }
}

fn month_title(month: &str) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m: usize = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    match NAMES.get(m.wrapping_sub(1)) {
        Some(name) => format!("{name} {}", month.get(..4).unwrap_or(month)),
        None => month.to_string(),
    }
}

#[derive(Properties, PartialEq)]
pub struct PressReleasePageProps {
    pub id: String,
}

#[function_component(PressReleasePage)]
pub fn press_release_page(props: &PressReleasePageProps) -> Html {
    let explorer = use_explorer();
    let position = explorer
        .data
        .corpus
        .press_releases
        .iter()
        .position(|r| r.id == props.id);
    let Some(release) = position.and_then(|i| explorer.data.press_release(i as u32)) else {
        return html! {
            <NotFound what="Press release" why="It is not in this corpus." back={View::PressReleases} back_label="All press releases" />
        };
    };
    let release = &*release;
    let highlighter = Highlighter::new(&explorer.state.to_search().0);
    let doc = position.and_then(|i| explorer.data.index.doc_of(DocRef::PressRelease(i as u32)));
    let text_missing =
        position.and_then(|i| explorer.data.text_missing(DocRef::PressRelease(i as u32)));
    // Paragraphs in order: a quote's speaker line opens a blockquote of its paragraphs; runs of
    // bullets become one list.
    let mut blocks: Vec<Html> = Vec::new();
    let mut bullets: Vec<Html> = Vec::new();
    let mut i = 0;
    let flush = |bullets: &mut Vec<Html>, blocks: &mut Vec<Html>| {
        if !bullets.is_empty() {
            blocks.push(html! { <ul>{ for bullets.drain(..) }</ul> });
        }
    };
    while i < release.paragraphs.len() {
        let p = &release.paragraphs[i];
        if let Some(item) = p.strip_prefix("• ") {
            bullets.push(html! { <li><Highlighted segments={highlighter.segments(item)} /></li> });
            i += 1;
            continue;
        }
        flush(&mut bullets, &mut blocks);
        if let Some(quote) = release
            .quotes
            .iter()
            .find(|q| q.paragraph == i + 1 && p.ends_with("said:"))
        {
            let count = quote.text.split("\n\n").count();
            let body = release.paragraphs.iter().skip(i + 1).take(count);
            blocks.push(html! {
                <figure class="quote">
                    <blockquote>{ for body.map(|t| html! { <p><Highlighted segments={highlighter.segments(t)} /></p> }) }</blockquote>
                    <figcaption>{ quote.speaker.clone() }</figcaption>
                </figure>
            });
            i += 1 + count;
            continue;
        }
        blocks.push(html! { <p><Highlighted segments={highlighter.segments(p)} /></p> });
        i += 1;
    }
    flush(&mut bullets, &mut blocks);
    html! {
        <article class="record press-release">
            <nav class="record-nav" aria-label="Press releases">
                <Link to={explorer.at(View::PressReleases)}>{ "← Press releases" }</Link>
            </nav>
            <header>
                <p class="kicker">{ "Press release" }</p>
                <h2><Highlighted segments={highlighter.segments(&release.title)} /></h2>
                <p class="facts-line">
                    { release.date.clone().or_else(|| release.month.clone()).unwrap_or_else(|| "undated".into()) }
                    if let Some(d) = &release.department { { format!(" · {d}") } }
                    if text_missing.is_none() {
                        { format!(" · {}", count(release.quotes.len(), "quote", "quotes")) }
                    }
                </p>
            </header>
            <div class="body">
                if let Some(why) = text_missing {
                    <p class="status pending">{ why }</p>
                } else {
                    { for blocks }
                }
            </div>
            if let Some(doc) = doc {
                <RelatedRecords {doc} want={Kind::Question} />
            }
        </article>
    }
}
