//! Giving the browser a turn in the middle of long work (a corpus read, an index built): to
//! paint, take a key, deliver what the network has brought.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Lets the browser run what is waiting, then goes on as soon as it has: a message the page
/// posts to itself, a task of its own. A zero-delay timer would do the same, but the browser
/// holds back a timer set from a timer's task for 4 ms once five are nested, as a long load's
/// turns are: 4 ms lost every slice of its work.
pub async fn yield_to_page() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        yew::platform::time::sleep(std::time::Duration::ZERO).await;
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        channel.port1().set_onmessage(Some(&resolve));
        // Posting null to a port of a new channel cannot fail; were it to, the turn is skipped.
        if channel.port2().post_message(&JsValue::NULL).is_err() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    // The promise only ever resolves; the channel stays held until it has.
    let _ = JsFuture::from(promise).await;
    channel.port1().set_onmessage(None);
}

/// Goes on in the task after the browser's next paint (at once where there is no window; in a
/// hidden tab, which does not paint, once it is shown).
pub async fn after_next_paint() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if window.request_animation_frame(&resolve).is_err() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    // Resolved by the frame's callback, just before its paint; the turn after is past it.
    let _ = JsFuture::from(promise).await;
    yield_to_page().await;
}

/// Lets the promises already settled run their reactions (a chunk a stream has already read
/// hands itself over in one), without giving the browser a turn.
pub async fn settled_first() {
    let _ = JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await;
}
