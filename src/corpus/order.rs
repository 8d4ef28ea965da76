//! The order names are listed in for readers: letters without regard to case, and numbers by
//! their value, so "Member #146" comes before "Member #1447" and "de Cordova" among the Ds.
//!
//! Invariant: `natural_cmp` is a total order that is `Equal` only for equal strings (ties of
//! case or leading zeros are broken by the strings' bytes), so sorting by it is deterministic.

use std::cmp::Ordering;

/// Compares `a` and `b` as a reader expects names listed: case set aside, runs of ASCII
/// digits by their value; then, between names it finds alike, by their bytes.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.chars().next(), y.chars().next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (m, rest_x) = digit_run(x);
                let (n, rest_y) = digit_run(y);
                match compare_numbers(m, n) {
                    Ordering::Equal => (x, y) = (rest_x, rest_y),
                    unequal => return unequal,
                }
            }
            (Some(c), Some(d)) => match c.to_lowercase().cmp(d.to_lowercase()) {
                Ordering::Equal => (x, y) = (&x[c.len_utf8()..], &y[d.len_utf8()..]),
                unequal => return unequal,
            },
        }
    }
}

/// The run of ASCII digits `s` starts with, and what follows it.
fn digit_run(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

/// Two runs of digits by their value, however long (leading zeros set aside).
fn compare_numbers(m: &str, n: &str) -> Ordering {
    let (m, n) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
    m.len().cmp(&n.len()).then_with(|| m.cmp(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(names: &[&str], expect: &[&str]) {
        let mut sorted = names.to_vec();
        sorted.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(sorted, expect);
    }

    #[test]
    fn numbers_go_by_their_value() {
        check(
            &["Member #1447", "Member #146", "Member #4813", "Member #15"],
            &["Member #15", "Member #146", "Member #1447", "Member #4813"],
        );
        // Longer than any integer type, and with leading zeros.
        check(
            &[
                "x 100000000000000000000000",
                "x 99999999999999999999999",
                "x 007",
                "x 7",
            ],
            &[
                "x 007",
                "x 7",
                "x 99999999999999999999999",
                "x 100000000000000000000000",
            ],
        );
    }

    #[test]
    fn case_is_set_aside_but_breaks_ties() {
        check(
            &["Zeichner", "de Cordova", "Dean", "Abbott", "DE CORDOVA"],
            &["Abbott", "DE CORDOVA", "de Cordova", "Dean", "Zeichner"],
        );
        check(
            &["Ólafsson", "Öpik", "Oakes"],
            &["Oakes", "Ólafsson", "Öpik"],
        );
    }

    #[test]
    fn a_name_comes_before_the_names_it_begins() {
        check(&["Smith, John", "Smith", ""], &["", "Smith", "Smith, John"]);
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn it_is_a_total_order(a in "[a-cA-C0-2 #é]{0,8}", b in "[a-cA-C0-2 #é]{0,8}", c in "[a-cA-C0-2 #é]{0,8}") {
                prop_assert_eq!(natural_cmp(&a, &b), natural_cmp(&b, &a).reverse());
                prop_assert_eq!(natural_cmp(&a, &b) == Ordering::Equal, a == b);
                if natural_cmp(&a, &b) != Ordering::Greater && natural_cmp(&b, &c) != Ordering::Greater {
                    prop_assert_ne!(natural_cmp(&a, &c), Ordering::Greater);
                }
            }
        }
    }
}
