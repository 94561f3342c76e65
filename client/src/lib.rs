//! A typed, async client for the GitHub Codespaces REST API, generated from GitHub's OpenAPI
//! description.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use codespaces_client::Client;
//!
//! let client = Client::new(std::env::var("GITHUB_TOKEN")?)?;
//! let page = client.codespaces().list_for_authenticated_user().per_page(50).send().await?;
//! println!("{:?}", page.status);
//! # Ok(())
//! # }
//! ```
//!
//! - [`models`]: a type for every schema of the spec.
//! - [`operations`]: one request builder per operation, reached through a group accessor on
//!   [`Client`] (`client.codespaces()`); `send` returns a [`Response`] with the status, the
//!   headers and the typed body, or an [`Error`] that keeps the status and the typed (or raw)
//!   error body.
//! - [`runtime`]: the HTTP layer the generated code calls (the `codegen-runtime` crate every
//!   generated client shares): retries, rate limits, timeouts, conditional requests and
//!   pagination ([`Page`], [`ItemStream`]).
//! - [`github`]: what GitHub does beyond its OpenAPI description, as the configuration the
//!   generated [`ClientBuilder`] starts from: the vendor media type, `X-GitHub-Api-Version`,
//!   `GITHUB_TOKEN`, GitHub's rate-limit rules.
//! - [`secrets`]: sealing secrets for GitHub ([`secrets::SealingKey`]) and
//!   [`Client::set_user_secret`], [`Client::set_repo_secret`], [`Client::set_org_secret`].
//! - [`wait`]: [`Client::wait_until_available`], for codespaces that are still being created,
//!   and [`Client::wait_for_export`], for an export to a branch.

#![warn(missing_docs)]

pub mod generated;
pub mod github;
pub mod runtime;
pub mod secrets;
pub mod wait;

pub use generated::client::{Client, ClientBuilder};
pub use generated::{models, operations};
pub use runtime::{
    BuildError, Error, ItemStream, Page, RateLimit, RateLimitKind, RateLimitPolicy, RawResponse,
    Response, RetryPolicy,
};
pub use wait::{ExportWaitError, WaitError, WaitOptions};

/// The README's examples, compiled as doctests so they cannot drift from the API.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
