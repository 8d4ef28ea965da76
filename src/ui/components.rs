//! Small function components, one per file, each taking `XxxProps`.

pub mod bar_chart;
pub mod chips;
pub mod corpus_summary;
pub mod export_buttons;
pub mod facets;
pub mod gist;
pub mod highlighted;
pub mod link;
pub mod load_error;
pub mod loading;
pub mod masthead;
pub mod named_days;
pub mod near_identical;
pub mod not_found;
pub mod notices;
pub mod party_badge;
pub mod related_records;
pub mod response_times;
pub mod result_list;
pub mod saved_copy;
pub mod search_box;
pub mod show_more;
pub mod suggestions;
