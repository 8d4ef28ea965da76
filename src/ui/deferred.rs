//! Parts of a page that may follow a moment behind. A keystroke's search runs at once when
//! searches have been quick, so the typed character, the count and the rows paint together;
//! after a slow one, the next runs in the task after the paint that shows the character, and a
//! key typed before it has run replaces it, so a fast typist's stale searches never run. The
//! facets, the month chart and the rows beyond the list's view always catch up in the task
//! after the rows' paint.

use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::same::Same;

/// What is waiting to show a newer value: the frame to paint first, then the task after it.
/// Dropping either cancels it; neither is dropped from inside its own callback.
#[derive(Default)]
struct Pending {
    frame: Option<AnimationFrame>,
    task: Option<Timeout>,
}

/// `value` as the slower parts of a page show it: the first value at once, every later one
/// after the next paint, unless `at_once`. A newer value replaces one still waiting. Which
/// value is newer is told by identity (`Same`), never by a bare address.
#[hook]
pub fn use_after_paint<T: 'static>(value: Rc<T>, at_once: bool) -> Rc<T> {
    let shown = use_mut_ref(|| value.clone());
    let pending = use_mut_ref(Pending::default);
    let update = use_force_update();
    if at_once && !Rc::ptr_eq(&shown.borrow(), &value) {
        // Shown in this render; whatever was waiting is older.
        *pending.borrow_mut() = Pending::default();
        *shown.borrow_mut() = value.clone();
    }
    {
        let shown = shown.clone();
        use_effect_with(Same(value), move |Same(value)| {
            let value = value.clone();
            if !Rc::ptr_eq(&shown.borrow(), &value) {
                let slot = pending.clone();
                let frame = request_animation_frame(move |_| {
                    let task = Timeout::new(0, move || {
                        *shown.borrow_mut() = value;
                        update.force_update();
                    });
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
    let shown = shown.borrow().clone();
    shown
}

/// `use_after_paint` for values compared by value rather than by address: the first value at
/// once, a different one at once if `at_once`, else after the next paint; an equal one keeps
/// the value shown.
#[hook]
pub fn use_settled<T: PartialEq + 'static>(value: Rc<T>, at_once: bool) -> Rc<T> {
    let latest = use_mut_ref(|| value.clone());
    if **latest.borrow() != *value {
        *latest.borrow_mut() = value;
    }
    let current = latest.borrow().clone();
    use_after_paint(current, at_once)
}
