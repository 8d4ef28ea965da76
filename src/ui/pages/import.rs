//! Importing the user's own files: text in any of the three formats, official API JSON, a
//! corpus JSON export, Members API or members data platform JSON (names for the members records know by id), or a bundle (`pqx bundle`; one that replaces the corpus brings its index). Files are read and parsed in the browser, in pieces with a progress bar
//! and a cancel button; the result is added to the corpus (repeats merged) or replaces it, and a
//! diagnostics panel lists what could not be read, with file and line. Nothing leaves the
//! browser.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::corpus::store::Records;
use crate::corpus::{ChunkedParse, Diagnostic, Format, Parsed, Severity, SourceFile};
use crate::filter::View;
use crate::index::bundle::{is_bundle, BundleError, BundleReader, Opened};
use crate::ui::components::link::Link;
use crate::ui::context::use_explorer;
use crate::ui::state::{BuildProgress, Import, Loaded, TextState};
use crate::ui::words::{count, human_size, with_code, Thousands};

/// Files larger than this are refused with a message rather than risking the tab.
pub const MAX_FILE_BYTES: f64 = 100_000_000.0;
const LINES_PER_PIECE: usize = 2_000;
const DIAGNOSTICS_SHOWN: usize = 500;

#[derive(Clone, PartialEq)]
struct Progress {
    done: f64,
    total: f64,
    label: String,
}

#[derive(Clone, PartialEq, Default)]
struct Outcome {
    /// One line per file: what it gave, or why it was not read.
    files: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    summary: String,
}

fn selected_files(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

#[function_component(ImportPage)]
pub fn import_page() -> Html {
    let explorer = use_explorer();
    let files = use_state(Vec::<web_sys::File>::new);
    let replace = use_state(|| false);
    let format = use_state(|| None::<Format>);
    let progress = use_state(|| None::<Progress>);
    let outcome = use_state(|| None::<Outcome>);
    let cancel = use_mut_ref(|| Rc::new(Cell::new(false)));
    let dragging = use_state(|| false);

    let on_pick = {
        let files = files.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            files.set(selected_files(input.files()));
        })
    };
    let on_drop = {
        let files = files.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            files.set(selected_files(e.data_transfer().and_then(|d| d.files())));
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_format = {
        let format = format.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            format.set(Format::from_name(&select.value()));
        })
    };
    let on_cancel = {
        let cancel = cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.borrow().set(true))
    };
    let on_import = {
        let explorer = explorer.clone();
        let files = files.clone();
        let replace = replace.clone();
        let format = format.clone();
        let progress = progress.clone();
        let outcome = outcome.clone();
        let cancel = cancel.clone();
        Callback::from(move |_: MouseEvent| {
            let flag = Rc::new(Cell::new(false));
            *cancel.borrow_mut() = flag.clone();
            let job = ImportJob {
                files: (*files).clone(),
                replace: *replace,
                format: *format,
                base: explorer.data.clone(),
                progress: progress.clone(),
                outcome: outcome.clone(),
                cancel: flag,
                apply: explorer.replace_data.clone(),
            };
            yew::platform::spawn_local(job.run());
        })
    };

    let busy = progress.is_some();
    // Adding to a corpus whose text is still arriving would add to its records without it; the
    // first records of a file still being read are replaced by the whole when it is in.
    let reading = explorer.reading;
    let waiting = reading || (!*replace && explorer.data.text == TextState::Arriving);
    let total_bytes: f64 = files.iter().map(|f| f.size()).sum();
    html! {
        <section class="import" aria-labelledby="import-heading">
            <h2 id="import-heading">{ "Import your own files" }</h2>
            <p>{ "Add written questions or press releases from files on your computer: page text or compact text copied from question sites, ukpol press release pages, official written-questions API JSON, a corpus JSON exported from here, or a bundle written by " }<code>{ "pqx bundle" }</code>{ " (.pqx). Files are read in your browser and never uploaded. The corpus an import leaves is saved in this browser, where it keeps until you delete it or the explorer is updated: it opens again at this explorer's address with " }<code>{ "?corpus=saved:imports" }</code>{ ", and the search page offers it." }</p>
            <p>{ "The official API's bulk records know members by id alone (\"Member #4597\"). Import the members data platform's list of a House's members (data.parliament.uk/membersdataplatform, asked for JSON: every member in one file) or pages of the Members API's search results (members-api.parliament.uk, saved as .json) with them, or after them, and those members are named, with their party and constituency, wherever the corpus knows them by id, and in the files you import after. The records they named stay named in the saved corpus your import leaves, and name the members of records you add to it later, after a reload too." }</p>
            <div class={classes!("drop-zone", dragging.then_some("dragging"))}
                ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
                <label for="import-files">{ "Choose .txt, .json or .pqx files, or drop them here" }</label>
                <input id="import-files" type="file" multiple=true accept=".txt,.json,.pqx,text/plain,application/json" onchange={on_pick} disabled={busy} />
                if !files.is_empty() {
                    <ul class="file-list">
                        { for files.iter().map(|f| html! {
                            <li>{ format!("{} ({})", f.name(), human_size(f.size())) }
                                if f.size() > MAX_FILE_BYTES { <span class="status">{ " — too large, will be skipped" }</span> }
                            </li>
                        }) }
                    </ul>
                }
            </div>
            <fieldset class="import-options" disabled={busy}>
                <legend>{ "How to import" }</legend>
                <label><input type="radio" name="import-mode" checked={!*replace} onchange={ let r = replace.clone(); Callback::from(move |_: Event| r.set(false)) } />{ " Add to the current corpus (repeated records are merged)" }</label>
                <label><input type="radio" name="import-mode" checked={*replace} onchange={ let r = replace.clone(); Callback::from(move |_: Event| r.set(true)) } />{ " Replace the corpus with these files" }</label>
                <label>{ "Format " }
                    <select onchange={on_format}>
                        <option value="auto" selected={format.is_none()}>{ "Detect from each file" }</option>
                        { for Format::ALL.iter().map(|f| html! { <option value={f.name()} selected={*format == Some(*f)}>{ f.name() }</option> }) }
                    </select>
                </label>
            </fieldset>
            <p>
                <button type="button" onclick={on_import} disabled={busy || waiting || files.is_empty()}>
                    { if files.is_empty() { "Import".to_string() } else { format!("Import {} ({})", count(files.len(), "file", "files"), human_size(total_bytes)) } }
                </button>
                if reading {
                    <span class="status" role="status">{ " Importing can start once the corpus file has been read whole (the line at the top shows how far it has got)." }</span>
                } else if waiting {
                    <span class="status" role="status">{ " Adding to the corpus can start once its records' text has arrived (the line at the top shows how far it has got); replacing it can start now." }</span>
                }
            </p>
            if let Some(p) = &*progress {
                <div class="progress" role="status" aria-live="polite">
                    <label for="import-progress">{ p.label.clone() }</label>
                    <progress id="import-progress" max={p.total.max(1.0).to_string()} value={p.done.to_string()}></progress>
                    <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
                </div>
            }
            if let Some(o) = &*outcome {
                <section class="import-outcome" aria-labelledby="outcome-heading">
                    <h3 id="outcome-heading" role="status">{ o.summary.clone() }</h3>
                    <ul>{ for o.files.iter().map(|f| html! { <li>{ f.clone() }</li> }) }</ul>
                    <DiagnosticsTable diagnostics={o.diagnostics.clone()} />
                    <p><Link to={explorer.at(View::Search)}>{ "Search the corpus" }</Link></p>
                </section>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DiagnosticsTableProps {
    diagnostics: Vec<Diagnostic>,
}

/// What could not be read (errors) or was read with doubt (warnings), by file and line.
#[function_component(DiagnosticsTable)]
fn diagnostics_table(props: &DiagnosticsTableProps) -> Html {
    if props.diagnostics.is_empty() {
        return html! { <p>{ "Every line was read: no diagnostics." }</p> };
    }
    let shown = props.diagnostics.len().min(DIAGNOSTICS_SHOWN);
    html! {
        <div class="diagnostics table-wrap">
            <table>
                <caption>{ format!("Diagnostics ({})", props.diagnostics.len()) }</caption>
                <thead><tr><th scope="col">{ "File" }</th><th scope="col" class="num">{ "Line" }</th><th scope="col">{ "Level" }</th><th scope="col">{ "What was expected" }</th></tr></thead>
                <tbody>
                    { for props.diagnostics.iter().take(shown).enumerate().map(|(k, d)| html! {
                        <tr key={k} class={if d.severity == Severity::Error { "error" } else { "warning" }}>
                            <td>{ d.file.clone() }</td>
                            <td class="num">{ match d.end_line { Some(end) => format!("{}–{end}", d.line), None => d.line.to_string() } }</td>
                            <td>{ if d.severity == Severity::Error { "error" } else { "warning" } }</td>
                            <td>{ with_code(&d.message) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if shown < props.diagnostics.len() {
                <p class="meta">{ format!("The first {shown} are shown.") }</p>
            }
        </div>
    }
}

/// A bundle is decoded this many bytes at a time, with progress between pieces.
const BUNDLE_PIECE: usize = 4 << 20;

/// One line of the outcome for a file read.
fn file_line(name: &str, parsed: &Parsed) -> String {
    let errors = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if parsed.source.format == Format::MembersJson {
        return format!(
            "{name} ({}): {}, {}",
            parsed.source.format.name(),
            count(parsed.members.len(), "member's name", "members' names"),
            count(errors, "unreadable passage", "unreadable passages"),
        );
    }
    format!(
        "{name} ({}): {}, {}, {}",
        parsed.source.format.name(),
        count(parsed.questions.len(), "question", "questions"),
        count(
            parsed.press_releases.len(),
            "press release",
            "press releases"
        ),
        count(errors, "unreadable passage", "unreadable passages"),
    )
}

/// What an opened bundle adds to the corpus: its records that came with their text, with a
/// diagnostic when others did not (the bundle was cut short, or damaged, before its end).
fn bundle_records(name: &str, opened: Opened, damage: Option<BundleError>) -> Parsed {
    let shortfall = opened.shortfall();
    let with_text = opened.records() - opened.without_text;
    let mut corpus = opened.corpus;
    let questions = with_text.min(corpus.questions.len());
    corpus.questions.truncate(questions);
    corpus.press_releases.truncate(with_text - questions);
    let mut diagnostics = std::mem::take(&mut corpus.diagnostics);
    if let Some(shortfall) = shortfall {
        let why = match damage {
            Some(damage) => format!("is damaged {damage}"),
            None => "was cut short".to_string(),
        };
        diagnostics.push(Diagnostic {
            file: name.to_string(),
            line: 0,
            end_line: None,
            column: None,
            severity: Severity::Error,
            message: format!(
                "the bundle {why}: {shortfall}. Added the {} that came with their text, of {} in the file; the rest is missing. Write it again with `pqx bundle`.",
                count(with_text, "record", "records"),
                count(opened.expected, "record", "records"),
            ),
        });
    }
    Parsed {
        questions: corpus.questions,
        press_releases: corpus.press_releases,
        diagnostics,
        source: SourceFile {
            name: name.to_string(),
            format: Format::Bundle,
            lines: 0,
            boilerplate: Vec::new(),
        },
        imported_sources: corpus.sources,
        members: Vec::new(),
    }
}

/// One import run, from reading the files to handing the new corpus to the app.
struct ImportJob {
    files: Vec<web_sys::File>,
    replace: bool,
    format: Option<Format>,
    base: Rc<Loaded>,
    progress: UseStateHandle<Option<Progress>>,
    outcome: UseStateHandle<Option<Outcome>>,
    cancel: Rc<Cell<bool>>,
    apply: Callback<Rc<Loaded>>,
}

impl ImportJob {
    fn report(&self, done: f64, total: f64, label: String) {
        self.progress.set(Some(Progress { done, total, label }));
    }

    async fn run(self) {
        let total: f64 = self.files.iter().map(|f| f.size()).sum::<f64>().max(1.0);
        let mut done = 0.0;
        let mut parsed_files: Vec<Parsed> = Vec::new();
        let mut lines = Vec::new();
        self.outcome.set(None);
        // Before any file is read: adding to a corpus too large for a second index beside its
        // own would fail only after the files were parsed.
        if !self.replace {
            if let Err(why) = self.base.room_to_add_to() {
                self.progress.set(None);
                self.outcome.set(Some(Outcome {
                    files: Vec::new(),
                    diagnostics: Vec::new(),
                    summary: why,
                }));
                return;
            }
        }
        for file in &self.files {
            let name = file.name();
            let size = file.size();
            if size > MAX_FILE_BYTES {
                lines.push(format!("{name}: not imported — it is {}, over the {} limit. Split it into smaller files.", human_size(size), human_size(MAX_FILE_BYTES)));
                done += size;
                continue;
            }
            self.report(done, total, format!("Reading {name}…"));
            let blob = gloo::file::Blob::from(web_sys::Blob::from(file.clone()));
            let bytes = match gloo::file::futures::read_as_bytes(&blob).await {
                Ok(bytes) => bytes,
                Err(e) => {
                    lines.push(format!("{name}: could not be read ({e})."));
                    done += size;
                    continue;
                }
            };
            if is_bundle(&bytes) {
                let Some((opened, damage)) = self.open_bundle(&name, &bytes, done, total).await
                else {
                    self.cancelled();
                    return;
                };
                // A bundle that replaces the corpus on its own brings its index with it (unless
                // members' names imported before are to name its records).
                let names = self.base.names();
                if self.replace && self.files.len() == 1 && damage.is_none() && names.is_empty() {
                    if let Opened {
                        corpus,
                        index: Some(index),
                        without_text: 0,
                        ..
                    } = opened
                    {
                        let summary = format!(
                            "Opened {name}: {} and {}, with its index.",
                            count(corpus.questions.len(), "question", "questions"),
                            count(
                                corpus.press_releases.len(),
                                "press release",
                                "press releases"
                            ),
                        );
                        self.apply.emit(Rc::new(Loaded::with_index(corpus, index)));
                        self.progress.set(None);
                        self.outcome.set(Some(Outcome {
                            files: Vec::new(),
                            diagnostics: Vec::new(),
                            summary,
                        }));
                        return;
                    }
                }
                let parsed = bundle_records(&name, opened, damage);
                lines.push(file_line(&name, &parsed));
                parsed_files.push(parsed);
                done += size;
                continue;
            }
            // Text as the browser would decode it: UTF-8, a byte-order mark dropped, bytes that
            // are not UTF-8 replaced.
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            };
            let text = match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => text,
            };
            let mut chunks = ChunkedParse::new(&name, &text, self.format, LINES_PER_PIECE);
            let pieces_total = chunks.pieces() as f64;
            let mut pieces = Vec::new();
            while let Some(piece) = chunks.next_piece() {
                pieces.push(piece);
                let share = size * pieces.len() as f64 / pieces_total;
                self.report(
                    done + share,
                    total,
                    format!(
                        "Parsing {name} ({} of {} parts)…",
                        pieces.len(),
                        chunks.pieces()
                    ),
                );
                crate::ui::yielding::yield_to_page().await;
                if self.cancel.get() {
                    self.cancelled();
                    return;
                }
            }
            let parsed = chunks.combine(pieces);
            lines.push(file_line(&name, &parsed));
            parsed_files.push(parsed);
            done += size;
        }
        if self.cancel.get() {
            self.cancelled();
            return;
        }
        self.report(total, total, "Merging the files into the corpus…".into());
        crate::ui::yielding::yield_to_page().await;
        let read = parsed_files.len();
        let members_read = (parsed_files.iter()).any(|p| p.source.format == Format::MembersJson);
        let diagnostics: Vec<Diagnostic> = (parsed_files.iter())
            .flat_map(|parsed| parsed.diagnostics.iter().cloned())
            .collect();
        // With no file read there is nothing to merge (and the corpus's text is not read).
        let mut import = None;
        if read > 0 {
            let imported =
                self.base
                    .import_in_slices(parsed_files, self.replace, |what, done, all| {
                        self.report(done as f64, all as f64, format!("{what}…"));
                        !self.cancel.get()
                    });
            let Some(imported) = imported.await else {
                self.cancelled();
                return;
            };
            import = Some(imported);
        }
        let (q0, p0) = import
            .as_ref()
            .map_or(self.base.corpus.counts(), |i| i.before);
        let (questions, press_releases) = import.as_ref().map_or((q0, p0), |i| i.corpus.counts());
        let named = import.as_ref().map_or(0, |i| i.named);
        let named = match named {
            0 if !members_read => String::new(),
            0 => " No question's asker or minister known only by id was named by a members file."
                .into(),
            n if members_read => format!(
                " A members file named the asker or minister of {}.",
                count(n, "question", "questions")
            ),
            n => format!(
                " The members' names imported before named the asker or minister of {}.",
                count(n, "question", "questions")
            ),
        };
        let summary = format!(
            "Imported {read} of {}: {} and {}; the corpus now holds {} and {}.{named}",
            count(self.files.len(), "file", "files"),
            count(questions - q0, "new question", "new questions"),
            count(
                press_releases - p0,
                "new press release",
                "new press releases"
            ),
            count(questions, "question", "questions"),
            count(press_releases, "press release", "press releases"),
        );
        if let Some(Import {
            corpus,
            kept,
            building,
            names,
            ..
        }) = import
        {
            let built = Loaded::build_on(building, corpus, kept, |progress| {
                let (done, all, label) = match progress {
                    BuildProgress::Adding { indexed, records } => (
                        indexed,
                        records,
                        format!(
                            "Building the search index: {} of {}…",
                            Thousands::from(indexed),
                            count(records, "record", "records")
                        ),
                    ),
                    BuildProgress::Finishing { records, done, all } => (
                        done,
                        all,
                        format!(
                            "Finishing the search index of {}…",
                            count(records, "record", "records")
                        ),
                    ),
                };
                self.report(done as f64, all as f64, label);
                !self.cancel.get()
            });
            match built.await {
                Some(data) => self.apply.emit(Rc::new(data.naming(names))),
                None => {
                    self.cancelled();
                    return;
                }
            }
        }
        self.progress.set(None);
        self.outcome.set(Some(Outcome {
            files: lines,
            diagnostics,
            summary,
        }));
    }

    /// Decodes a bundle in pieces, with progress: what it gave, and where it is damaged if it
    /// is; `None` when cancelled.
    async fn open_bundle(
        &self,
        name: &str,
        bytes: &[u8],
        done: f64,
        total: f64,
    ) -> Option<(Opened, Option<BundleError>)> {
        let mut reader = BundleReader::new();
        let mut read = 0;
        for piece in bytes.chunks(BUNDLE_PIECE) {
            if let Err(damage) = reader.feed(piece) {
                return Some((reader.finish(), Some(damage)));
            }
            read += piece.len();
            self.report(
                done + read as f64,
                total,
                format!(
                    "Opening {name} ({} of {})…",
                    human_size(read as f64),
                    human_size(bytes.len() as f64)
                ),
            );
            crate::ui::yielding::yield_to_page().await;
            if self.cancel.get() {
                return None;
            }
        }
        Some((reader.finish(), None))
    }

    fn cancelled(&self) {
        self.progress.set(None);
        self.outcome.set(Some(Outcome {
            files: Vec::new(),
            diagnostics: Vec::new(),
            summary: "Import cancelled: nothing was changed.".into(),
        }));
    }
}
