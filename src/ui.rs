//! The user interface: yew components over the layers below. The only layer that imports yew,
//! web-sys or gloo.

mod app;
#[cfg(target_arch = "wasm32")]
pub mod bench_api;
pub mod components;
pub mod context;
mod download;
mod load;
pub mod location;
mod pages;
pub mod state;

pub use app::App;

/// Mounts the app on the page body, after installing a panic hook that shows an error panel
/// instead of leaving a dead page.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        gloo::console::error!(info.to_string());
        show_panic_panel();
    }));
    yew::Renderer::<App>::new().render();
}

/// Replaces the page with a plain message; used when Rust code panicked and the app cannot go
/// on.
#[cfg(target_arch = "wasm32")]
fn show_panic_panel() {
    let Some(body) = gloo::utils::document().body() else {
        return;
    };
    body.set_inner_html(
        "<main class=\"fatal\" role=\"alert\"><h1>Something went wrong</h1>\
         <p>The explorer hit an internal error and stopped. Reload the page to start again; \
         your view is kept in the address bar.</p>\
         <p><a href=\"\">Reload the explorer</a></p></main>",
    );
}
