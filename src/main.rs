//! The browser entry point: mounts the app. Everything else lives in the library.

/// Counts the bytes the page holds, so an import can tell whether it fits the tab.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: pq_explorer::ui::memory::Counting = pq_explorer::ui::memory::Counting;

fn main() {
    #[cfg(target_arch = "wasm32")]
    pq_explorer::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("pq-explorer runs in the browser: `make serve` builds and serves it. The native command-line tool is `pqx`.");
}
