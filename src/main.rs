//! The browser entry point: mounts the app. Everything else lives in the library.

fn main() {
    #[cfg(target_arch = "wasm32")]
    pq_explorer::ui::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("pq-explorer runs in the browser: `make serve` builds and serves it. The native command-line tool is `pqx`.");
}
