//! What the property-test files share.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::ProptestConfig;

/// `PROPTEST_CASES` cases when set (`make fuzz` sets a million), else `default`; no failure
/// files are written into the tree.
pub fn proptest_config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}
