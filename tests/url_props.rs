//! Property tests of the URL codec: canonical round trips for any state, and a decoder that
//! never panics and always yields a valid state, whatever the string. `PROPTEST_CASES` sets
//! the case count (default 2000; `make fuzz` runs a million).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use pq_explorer::corpus::House;
use pq_explorer::filter::{decode_url, encode_url, FilterState, View};
use pq_explorer::index::{Answered, Kind, Sort};
use proptest::prelude::*;

fn values() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop_oneof!["[a-z]{1,8}(-[a-z]{1,8}){0,2}", "\\PC{0,12}"],
        0..4,
    )
}

fn view() -> impl Strategy<Value = View> {
    prop_oneof![
        Just(View::Search),
        Just(View::Members),
        Just(View::PressReleases),
        Just(View::Timeline),
        Just(View::Import),
        "\\PC{0,20}".prop_map(View::Question),
        "\\PC{0,20}".prop_map(View::Member),
        "\\PC{0,20}".prop_map(View::PressRelease),
        prop::collection::vec("[a-z]{1,6}(-[a-z]{1,6}){0,2}|\\PC{0,8}", 0..5)
            .prop_map(View::Compare),
    ]
}

fn state() -> impl Strategy<Value = FilterState> {
    (
        ("\\PC{0,40}", values(), values(), values(), values()),
        (
            prop::collection::vec(
                prop_oneof![Just(Kind::Question), Just(Kind::PressRelease)],
                0..3,
            ),
            prop::collection::vec(prop_oneof![Just(House::Commons), Just(House::Lords)], 0..3),
            prop::collection::vec(
                prop_oneof![
                    Just(Answered::Yes),
                    Just(Answered::No),
                    Just(Answered::Holding)
                ],
                0..3,
            ),
        ),
        (
            prop::option::of(prop_oneof![
                "20[0-9]{2}(-(0[1-9]|1[0-2])){0,1}",
                "\\PC{0,8}"
            ]),
            prop::option::of("20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"),
            prop_oneof![
                Just(Sort::Relevance),
                Just(Sort::Newest),
                Just(Sort::Oldest)
            ],
            prop::option::of("\\PC{0,20}"),
            view(),
            prop::option::of(prop_oneof![
                "https://[a-z]{1,10}\\.example/[a-z0-9/._-]{0,20}",
                "\\PC{0,20}"
            ]),
        ),
    )
        .prop_map(
            |(
                (query, parties, members, departments, answerers),
                (kinds, houses, answered),
                (from, to, sort, selected, view, corpus),
            )| {
                FilterState {
                    query,
                    kinds,
                    houses,
                    parties,
                    members,
                    departments,
                    answerers,
                    answered,
                    from,
                    to,
                    sort,
                    selected,
                    view,
                    corpus,
                }
            },
        )
}

proptest! {
    #![proptest_config(common::proptest_config(2000))]

    #[test]
    fn encoding_is_canonical(s in state()) {
        let url = encode_url(&s);
        let (decoded, ignored) = decode_url(&url);
        prop_assert_eq!(encode_url(&decoded), url.clone());
        prop_assert!(ignored.is_empty(), "{url} ignored {ignored:?}");
        prop_assert_eq!(decoded.clone(), s.clone().normalize());
    }

    #[test]
    fn any_string_decodes_to_a_valid_state(url in "\\PC{0,120}|(\\?([a-z]{1,6}=[^&]{0,20}&){0,8})") {
        let (state, _) = decode_url(&url);
        prop_assert_eq!(state.clone().normalize(), state.clone());
        let again = decode_url(&encode_url(&state)).0;
        prop_assert_eq!(again, state);
    }
}
