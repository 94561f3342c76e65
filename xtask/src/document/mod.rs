//! Reading OpenAPI documents, shared by every command that takes one (`vendor`, `diff`,
//! `generate`, `check-large`): decompressing and parsing them ([`read`]) and JSON pointers
//! into them ([`pointer`](mod@pointer)).

pub(crate) mod pointer;
pub(crate) mod read;
