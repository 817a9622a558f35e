//! broadside's integration tests, as one test binary: the real binary
//! (launched through `support::broadside`) over the fixture folders in
//! `tests/fixtures/` and sites made in temporary folders (`support::TestSite`),
//! plus the property tests of the whole Markdown-to-page path.
//!
//! Everything: `cargo test --test testsuite`. A part, by module or by name:
//! `cargo test --test testsuite serve::`, `cargo test --test testsuite
//! story::committed_dist_is_fresh`.

mod atomic;
mod cache;
mod check;
mod completions;
mod errors;
mod fetch;
mod init;
mod layers;
mod lenient;
mod limits;
mod migrate;
mod migrate_pages;
mod new;
mod newsroom;
mod ownership;
mod photos;
mod photos_support;
mod proptest;
mod publish;
mod reproducible;
mod serve;
mod serve_edits;
mod story;
mod support;
mod untrusted;
mod wordpress;
mod wordpress_errors;
mod wordpress_words;
