//! Code generated from `spec/codespaces.yaml` by `cargo xtask codegen`; the files under
//! `generated/` are never edited by hand (a test fails when they are stale).
//!
//! They are skipped by rustfmt: the generator formats them itself (prettyplease, pinned), so
//! the bytes do not depend on the local toolchain.

/// The [`Client`](client::Client), with one accessor per operation group, and its
/// [`ClientBuilder`](client::ClientBuilder).
#[rustfmt::skip]
pub mod client;

/// Types for every schema of the spec: component schemas by their key, inline schemas by
/// their place.
// The description leaves some schemas and properties undocumented, and the generator writes
// docs only where it has something to say (the spec's words, a documented type's summary, or
// where a type is used), never a placeholder; `missing_docs` is for the hand-written code.
#[rustfmt::skip]
#[allow(missing_docs)]
pub mod models;

// Success and error enums hold decoded bodies by value: boxing every variant would cost an
// allocation per response to save stack space in a value that is moved once or twice. The same
// holds for `Error<E>`, which carries an operation's typed error body.
/// One module per operation group, with a request builder per operation (and, hidden from the
/// docs, the `OPERATIONS` table the example tests use).
#[rustfmt::skip]
#[allow(clippy::large_enum_variant, clippy::result_large_err)]
pub mod operations;
