//! Small function components, one per file, each taking `XxxProps`.

pub mod corpus_summary;
pub mod load_error;
pub mod loading;
