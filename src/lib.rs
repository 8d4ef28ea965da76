//! pq-explorer: UK parliamentary written questions, answers and press releases, explored in the
//! browser with no server.
//!
//! Layers, importing one way only: [`corpus`] (model, parsers, diagnostics) → `index` (search)
//! → `filter` (what the user is looking at, and its URL) → [`ui`] (yew components; the only
//! layer that touches yew, web-sys or gloo). See ARCHITECTURE.md.

pub mod corpus;
pub mod filter;
pub mod index;
pub mod ui;
pub mod wasm_api;
