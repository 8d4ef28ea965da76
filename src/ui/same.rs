//! A value a hook depends on by identity. A hook's dependency must hold what it names: an
//! address alone (`Rc::as_ptr(..) as usize`) goes on matching after its value is freed, and
//! another value allocated in its place compares equal, so the memo or the effect stays with
//! the old one. yew's scheduler gives the page a turn between a render and its effects once it
//! has run 16 ms, so on a slow processor keystrokes come in that gap: their render frees the
//! value the effect last ran for and allocates the next in its place, and a deferred search
//! was never asked for.

use std::rc::Rc;

/// An `Rc` equal only to itself (to clones of the same `Rc`), which it keeps alive, so no other
/// value can take its address while a hook compares with it.
pub struct Same<T: ?Sized>(pub Rc<T>);

impl<T: ?Sized> Same<T> {
    pub fn of(value: &Rc<T>) -> Self {
        Same(value.clone())
    }
}

impl<T: ?Sized> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(self.0.clone())
    }
}

impl<T: ?Sized> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_only_to_the_same_rc_even_when_a_freed_one_had_its_address() {
        let first = Rc::new(7_u64);
        let kept = Same::of(&first);
        assert!(kept == Same::of(&first));
        assert!(kept != Same(Rc::new(7_u64)));
        // While `kept` holds the first value, nothing else can be allocated at its address.
        drop(first);
        let next = Rc::new(8_u64);
        assert!(!std::ptr::eq(Rc::as_ptr(&kept.0), Rc::as_ptr(&next)));
        assert!(kept != Same(next));
    }
}
