//! Code generated from `codegen/tests/fixtures/discriminator.yaml` by `cargo xtask codegen`; never
//! edited by hand (xtask's freshness check fails when it is stale).

#[rustfmt::skip]
pub mod client;

#[rustfmt::skip]
pub mod models;

#[rustfmt::skip]
pub mod operations;
