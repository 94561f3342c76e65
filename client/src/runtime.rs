//! The HTTP runtime the generated code calls: the `codegen-runtime` crate, which every client
//! `codegen` generates shares, plus GitHub's defaults (from [`crate::github`]) under the names
//! this crate has always had.

pub use codegen_runtime::*;

pub use crate::github::{
    DEFAULT_API_VERSION, DEFAULT_BASE_URL, DEFAULT_USER_AGENT, TOKEN_VARIABLE,
};
