//! What the generated client starts from: the base URL and the security schemes.

use crate::diagnostics::Pointer;
use crate::ir::Doc;

/// What the generated client starts from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClientDef {
    /// `servers[0]` with its variables at their defaults, when that is an absolute URL.
    pub base_url: Option<String>,
    /// Where the base URL came from, or why there is none, for the client's rustdoc.
    pub base_url_doc: String,
    /// The security schemes the generated builder takes credentials for, in spec order.
    pub schemes: Vec<SecuritySchemeDef>,
    /// Every operation's [`server`](crate::ir::Operation::server), sorted, each once.
    pub operation_servers: Vec<String>,
}

/// One entry of `components/securitySchemes` that the client can send.
#[derive(Debug, Clone, PartialEq)]
pub struct SecuritySchemeDef {
    /// Its key in `components/securitySchemes`.
    pub key: String,
    /// The builder method that takes its credential.
    pub method_name: String,
    /// How the credential travels.
    pub kind: SchemeKindDef,
    /// What the spec says of it (`description`), and its type.
    pub doc: Doc,
    /// Where it is.
    pub origin: Pointer,
}

/// How a security scheme's credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKindDef {
    /// `Authorization: Bearer`: HTTP bearer, OAuth 2 and OpenID Connect.
    Bearer,
    /// `Authorization: Basic`.
    Basic,
    /// An API key in a header, a query parameter or a cookie.
    ApiKey {
        /// `header`, `query` or `cookie`.
        location: ApiKeyPlace,
        /// The header, parameter or cookie name.
        name: String,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyPlace {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}
