//! Parts of a page that may follow a moment behind. A keystroke paints the typed character
//! first; the search for the new query runs in the task after that paint and its count and
//! rows paint next; the facets and the month chart catch up in the task after that. A key
//! typed before a search has run replaces it, so a fast typist's stale searches never run.

use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// What is waiting to show a newer value: the frame to paint first, then the task after it.
/// Dropping either cancels it; neither is dropped from inside its own callback.
#[derive(Default)]
struct Pending {
    frame: Option<AnimationFrame>,
    task: Option<Timeout>,
}

/// `value` as the slower parts of a page show it: the first value at once, every later one
/// after the next paint. A newer value replaces one still waiting.
#[hook]
pub fn use_after_paint<T: 'static>(value: Rc<T>) -> Rc<T> {
    let shown = use_state(|| value.clone());
    let pending = use_mut_ref(Pending::default);
    let key = Rc::as_ptr(&value) as usize;
    {
        let shown = shown.clone();
        use_effect_with(key, move |_| {
            if !Rc::ptr_eq(&shown, &value) {
                let slot = pending.clone();
                let frame = request_animation_frame(move |_| {
                    let task = Timeout::new(0, move || shown.set(value));
                    slot.borrow_mut().task = Some(task);
                });
                pending.borrow_mut().frame = Some(frame);
            }
            move || {
                let mut pending = pending.borrow_mut();
                pending.frame = None;
                pending.task = None;
            }
        });
    }
    (*shown).clone()
}

/// `use_after_paint` for values compared by value rather than by address: the first value at
/// once, a different one after the next paint; an equal one keeps the value shown.
#[hook]
pub fn use_settled<T: PartialEq + 'static>(value: Rc<T>) -> Rc<T> {
    let latest = use_mut_ref(|| value.clone());
    if **latest.borrow() != *value {
        *latest.borrow_mut() = value;
    }
    let current = latest.borrow().clone();
    use_after_paint(current)
}
