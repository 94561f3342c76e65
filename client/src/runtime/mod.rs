//! Hand-written HTTP runtime shared by every generated operation.
//!
//! Generated code builds a [`Request`], hands it to [`Client::execute`] and
//! decodes the resulting [`RawResponse`] per documented status. Everything that
//! is not operation specific lives here so the generator stays a pure template:
//!
//! - `builder`, `client`: configuration, URL assembly, default headers, authentication;
//! - `attempt`: one exchange, within the request timeout and the body size limit;
//! - `retry`, `rate_limit`: when a request is sent again, and GitHub's rate-limit headers;
//! - `conditional`: `If-None-Match` / `If-Modified-Since`;
//! - `links`, `pagination`: `Link` headers and walking a listing;
//! - `clock`: time, replaceable in tests;
//! - `tls`: rustls with the ring provider, configured per client;
//! - `request`, `response`, `error`, `path`: the values passed around;
//! - `catalog`: the table of operations used by the example tests.

mod attempt;
mod builder;
mod catalog;
mod client;
mod clock;
mod conditional;
mod error;
mod links;
mod pagination;
mod path;
mod rate_limit;
mod request;
mod response;
mod retry;
mod text;
mod tls;

pub use builder::{
    BuildError, ClientBuilder, DEFAULT_API_VERSION, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, TOKEN_VARIABLE,
};
pub use catalog::{OperationInfo, decodes_as, typed_outcome};
pub use client::Client;
pub use clock::{Clock, SystemClock};
pub use conditional::Preconditions;
pub use error::{Error, SendError, TimeoutPhase};
pub use links::Links;
pub use pagination::{ItemStream, Page, PageDecoder, stream_items};
pub use path::{push_path_segment, push_path_segments};
pub use rate_limit::{RateLimit, RateLimitKind};
pub use request::Request;
pub use response::{RawResponse, Response};
pub use retry::{RateLimitPolicy, RetryPolicy};
pub use text::parameter_text;
