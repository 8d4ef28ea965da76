//! The user interface: yew components over the layers below. The only layer that imports yew,
//! web-sys or gloo.

mod app;
#[cfg(target_arch = "wasm32")]
pub mod bench_api;
pub mod components;
pub mod context;
pub mod deferred;
mod download;
pub mod keeper;
mod load;
pub mod location;
pub mod memory;
mod pages;
mod same;
pub mod saved;
pub mod state;
mod words;
mod yielding;

pub use app::App;

/// Mounts the app on the page body, after installing a panic hook that shows an error panel
/// instead of leaving a dead page.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    // The text keeper's worker (ui::keeper) loads this wasm too: there is nothing to mount.
    if web_sys::window().is_none() {
        return;
    }
    // The benchmark page (bench/engine.html) loads the engine alone: no app, no service worker.
    let engine_only = gloo::utils::document()
        .query_selector("meta[name='pq-explorer'][content='engine-only']")
        .ok()
        .flatten()
        .is_some();
    if engine_only {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        gloo::console::error!(info.to_string());
        show_panic_panel();
    }));
    register_service_worker();
    yew::Renderer::<App>::new().render();
}

/// Offline support: the service worker caches the app and its corpus after the first visit.
/// Where the browser has none (or refuses it), the app simply stays online-only.
#[cfg(target_arch = "wasm32")]
fn register_service_worker() {
    let navigator = gloo::utils::window().navigator();
    // Only secure contexts (https, localhost) have service workers; elsewhere the property is
    // missing and touching it would throw.
    let available = js_sys::Reflect::get(
        &navigator,
        &wasm_bindgen::JsValue::from_str("serviceWorker"),
    )
    .is_ok_and(|v| !v.is_undefined() && !v.is_null());
    if !available {
        return;
    }
    let promise = navigator.service_worker().register("sw.js");
    yew::platform::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
            gloo::console::warn!(
                "offline support is unavailable: the service worker did not register"
            );
        }
    });
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
