//! What GitHub does beyond its OpenAPI description, as configuration of the generated client.
//!
//! The description gives the base URL (`servers`) and every operation; it does not say that
//! GitHub wants its vendor media type in `Accept`, the REST API version in
//! `X-GitHub-Api-Version`, a token from `GITHUB_TOKEN`, or how it signals rate limits. The
//! generated [`ClientBuilder::new`] applies [`configure`] after the description's defaults
//! (`cargo xtask codegen` names it as the generator's builder hook), and the builder methods
//! below add GitHub's words for the runtime's settings.

mod rate_limits;

use std::sync::Arc;

pub use rate_limits::GitHubRateLimits;

use crate::runtime::{self, BuildError, Clock};
use crate::{Client, ClientBuilder};

/// The base URL of api.github.com, as the description's `servers` gives it (a test checks
/// that the generated builder starts from it).
pub const DEFAULT_BASE_URL: &str = "https://api.github.com";

/// The REST API version requested unless configured otherwise: the version the vendored
/// description describes, as `cargo xtask vendor` recorded it, so that the types and the header
/// cannot drift apart.
pub const DEFAULT_API_VERSION: &str = include_str!("../../spec/api-version.txt");

/// The `User-Agent` sent unless configured otherwise; GitHub rejects requests without one.
/// It is what every generated client sends: `{crate}/{version}`.
pub const DEFAULT_USER_AGENT: &str = concat!("codespaces-client/", env!("CARGO_PKG_VERSION"));

/// The environment variable [`ClientBuilder::token_from_env`] reads.
pub const TOKEN_VARIABLE: &str = "GITHUB_TOKEN";

/// The media type GitHub recommends for its REST API.
const GITHUB_JSON: &str = "application/vnd.github+json";

/// The header that selects the REST API version.
const API_VERSION_HEADER: &str = "x-github-api-version";

/// GitHub's settings on top of the description's defaults: its media type, the API version,
/// its rate-limit rules and its name in error messages.
pub fn configure(builder: runtime::ClientBuilder) -> runtime::ClientBuilder {
    builder
        .default_header("accept", GITHUB_JSON)
        .default_header(API_VERSION_HEADER, DEFAULT_API_VERSION)
        .rate_limit_rules(Arc::new(GitHubRateLimits))
        .service_name("github api")
}

impl ClientBuilder {
    /// Sets the token sent as `Authorization: Bearer <token>`; without one, requests are
    /// unauthenticated.
    #[must_use]
    pub fn token(self, token: impl Into<String>) -> Self {
        self.bearer_token(token)
    }

    /// Takes the token from the `GITHUB_TOKEN` environment variable (read now); when it is
    /// unset or empty, [`build`](Self::build) fails with [`BuildError::MissingToken`].
    #[must_use]
    pub fn token_from_env(self) -> Self {
        self.configure(|builder| builder.bearer_token_from_env(TOKEN_VARIABLE))
    }

    /// Sets the `X-GitHub-Api-Version` header, default [`DEFAULT_API_VERSION`].
    #[must_use]
    pub fn api_version(self, api_version: impl Into<String>) -> Self {
        self.default_header(API_VERSION_HEADER, api_version)
    }
}

impl Client {
    /// Creates a client for api.github.com authenticating with `token`, with all other
    /// settings at their defaults.
    ///
    /// # Errors
    ///
    /// Returns [`BuildError`] if the token cannot be sent as a header value or the HTTP client
    /// cannot be created.
    pub fn new(token: impl Into<String>) -> Result<Self, BuildError> {
        Self::builder().token(token).build()
    }

    /// The base URL requests are sent to, without trailing `/`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        self.runtime().base_url()
    }

    /// The clock the client waits with: the system clock, or the one given to the builder.
    /// Helpers that poll, such as [`wait_until_available`](Self::wait_until_available), wait
    /// with it too.
    pub fn clock(&self) -> &dyn Clock {
        self.runtime().clock()
    }
}
