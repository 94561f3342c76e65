//! Hand-written HTTP runtime shared by every generated operation.
//!
//! Generated code builds a [`Request`], hands it to [`Client::execute`] and
//! decodes the resulting [`RawResponse`] per documented status. Everything that
//! is not operation specific (URL assembly, default headers, authentication,
//! error shapes) lives here so the generator stays a pure template.

mod builder;
mod catalog;
mod client;
mod error;
mod path;
mod request;
mod response;
mod text;

pub use builder::{
    BuildError, ClientBuilder, DEFAULT_API_VERSION, DEFAULT_BASE_URL, DEFAULT_USER_AGENT,
};
pub use catalog::{OperationInfo, decodes_as, typed_outcome};
pub use client::Client;
pub use error::Error;
pub use path::{push_path_segment, push_path_segments};
pub use request::Request;
pub use response::{RawResponse, Response};
pub use text::parameter_text;
