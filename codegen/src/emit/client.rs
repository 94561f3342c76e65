//! The client module: the generated `Client`, which wraps the runtime's and has one accessor
//! per operation group, and its `ClientBuilder`, which starts from what the description says
//! (base URL, security schemes) and has one method per security scheme.
//!
//! The runtime's own items never share a namespace with spec names: groups are methods of the
//! generated `Client` and schemes methods of the generated `ClientBuilder`, whose other items are
//! exactly [`GENERATED_CLIENT_METHODS`](crate::names::GENERATED_CLIENT_METHODS) and
//! [`GENERATED_BUILDER_METHODS`](crate::names::GENERATED_BUILDER_METHODS), reserved when groups
//! and schemes are named.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, ident};
use super::{Block, BlockKind, Chunk, Member};
use crate::ir::{Api, ApiKeyPlace, Doc, SchemeKindDef, SecuritySchemeDef};

/// The items of `client.rs`; `hook` is the path of a function applied to the runtime builder
/// after the description's defaults.
pub fn client(api: &Api, runtime: &TokenStream, hook: Option<&TokenStream>) -> Vec<Chunk> {
    let client_doc = doc_attrs(&client_doc(api));
    let accessors = api.groups.iter().enumerate().map(|(index, group)| {
        let accessor = ident(&group.accessor);
        let handle = ident(&group.type_name);
        let doc = format!(" The `{}` operations.", group.accessor);
        let gate = super::features::group_cfg(api, index);
        quote! {
            #[doc = #doc]
            #gate
            pub fn #accessor(&self) -> super::operations::#accessor::#handle<'_> {
                super::operations::#accessor::#handle { client: &self.runtime }
            }
        }
    });
    let (builder, builder_impl) = builder(api, runtime, hook);
    let from_doc = doc_attrs(&from_runtime_doc(api));
    let items = quote! {
        use #runtime;

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            runtime: runtime::Client,
        }

        impl Client {
            /// Starts configuring a client from what the description says; see
            /// [`ClientBuilder::new`].
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            /// The runtime client underneath: its base URL and clock, and `execute` for requests
            /// the description does not describe.
            pub fn runtime(&self) -> &runtime::Client {
                &self.runtime
            }

            #(#accessors)*
        }

        #from_doc
        impl From<runtime::Client> for Client {
            fn from(runtime: runtime::Client) -> Self {
                Self { runtime }
            }
        }

        #builder
    };
    vec![Chunk::Tokens(items), Chunk::Block(builder_impl)]
}

/// The generated `ClientBuilder` and its `impl`: the description's defaults, one method per
/// security scheme, and the runtime's settings forwarded (the same for every description, so
/// written as text once).
fn builder(api: &Api, runtime: &TokenStream, hook: Option<&TokenStream>) -> (TokenStream, Block) {
    let schemes = api
        .client
        .schemes
        .iter()
        .map(|scheme| scheme_constant(scheme, runtime));
    let scheme_methods = api
        .client
        .schemes
        .iter()
        .map(|scheme| scheme_method(scheme, runtime));
    let base_url = api
        .client
        .base_url
        .as_ref()
        .map(|url| quote! { .base_url(#url) });
    let (operation_servers, replace_server) = operation_servers(api);
    let configured = match hook {
        Some(hook) => quote! { Self { runtime: #hook(runtime) } },
        None => quote! { Self { runtime } },
    };
    let items = quote! {
        /// The security schemes of the description, by the names its operations use.
        const SECURITY_SCHEMES: &[runtime::SecurityScheme] = &[#(#schemes),*];

        /// Configures a [`Client`]: the description's defaults, credentials, and the runtime's
        /// settings (timeouts, retries, rate limits, default headers, a `reqwest::Client` of
        /// your own). Its `Debug` output never contains a credential.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            runtime: runtime::ClientBuilder,
        }

        impl Default for ClientBuilder {
            fn default() -> Self {
                Self::new()
            }
        }

    };
    let described = quote! {
        /// A builder with the description's defaults: its base URL (if it names an absolute
        /// one), its security schemes, and `User-Agent: {crate}/{version}`.
        pub fn new() -> Self {
            let runtime = runtime::ClientBuilder::new()
                #base_url
                #operation_servers
                .security_schemes(SECURITY_SCHEMES)
                .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")));
            #configured
        }

        /// Sets the base URL; request paths are appended to it.
        pub fn base_url(self, base_url: impl Into<String>) -> Self {
            self.configure(|runtime| runtime.base_url(base_url))
        }

        #replace_server

        /// Sets a token sent as `Authorization: Bearer <token>` with every operation whose
        /// description declares no security of its own.
        pub fn bearer_token(self, token: impl Into<String>) -> Self {
            self.configure(|runtime| runtime.bearer_token(token))
        }

        #(#scheme_methods)*
    };
    let members = vec![
        Member::Tokens(described),
        Member::Text(RUNTIME_SETTINGS.to_owned()),
    ];
    let builder_impl = Block {
        kind: BlockKind::Impl,
        open: "impl ClientBuilder {\n".to_owned(),
        close: "}\n".to_owned(),
        members,
    };
    (items, builder_impl)
}

/// The builder's call that declares the operations' own servers, and its `replace_server`
/// method; neither when every operation goes to the base URL.
fn operation_servers(api: &Api) -> (Option<TokenStream>, Option<TokenStream>) {
    let servers = &api.client.operation_servers;
    if servers.is_empty() {
        return (None, None);
    }
    let doc = format!(
        " Sends the operations the description places at `server` ({}) to `url` instead; a \
         relative `url` is resolved against the base URL. Once the base URL is changed, each \
         absolute one must be replaced (by itself, to keep it), or building fails: its \
         credentials must not go where the description's servers are.",
        listed_servers(api)
    );
    (
        Some(quote! { .operation_servers(&[#(#servers),*]) }),
        Some(quote! {
            #[doc = #doc]
            pub fn replace_server(self, server: impl Into<String>, url: impl Into<String>) -> Self {
                self.configure(|runtime| runtime.replace_server(server, url))
            }
        }),
    )
}

/// The docs of `From<runtime::Client>`: what a runtime client built by hand must declare.
fn from_runtime_doc(api: &Api) -> Doc {
    let mut doc = Doc::default();
    doc.push("Wraps a runtime client built by hand.");
    if !api.client.operation_servers.is_empty() {
        doc.push(format!(
            " The operations the description sends to servers of their own ({}) fail with \
             `Error::UnknownServer` unless it was built with `operation_servers` naming them, as \
             `ClientBuilder::new` does.",
            listed_servers(api)
        ));
    }
    doc
}

/// The operations' own servers, each in backticks, for docs.
fn listed_servers(api: &Api) -> String {
    let listed: Vec<String> = api
        .client
        .operation_servers
        .iter()
        .map(|server| format!("`{server}`"))
        .collect();
    listed.join(", ")
}

/// The methods of the builder that forward the runtime's settings, as prettyplease writes them
/// inside its `impl`.
const RUNTIME_SETTINGS: &str = r#"    /// Sets the `User-Agent` header.
    pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
        self.configure(|runtime| runtime.user_agent(user_agent))
    }

    /// Adds a header sent with every request.
    pub fn default_header(
        self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        self.configure(|runtime| runtime.default_header(name, value))
    }

    /// Sets how long one attempt may take, from connecting until the whole body is read.
    pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
        self.configure(|runtime| runtime.timeout(timeout))
    }

    /// Sets how long establishing a connection may take.
    pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
        self.configure(|runtime| runtime.connect_timeout(timeout))
    }

    /// Sets the largest response body the client reads.
    pub fn max_body_size(self, bytes: usize) -> Self {
        self.configure(|runtime| runtime.max_body_size(bytes))
    }

    /// Sets the retry policy for transient failures.
    pub fn retry_policy(self, policy: runtime::RetryPolicy) -> Self {
        self.configure(|runtime| runtime.retry_policy(policy))
    }

    /// Sets how rate limits are waited out.
    pub fn rate_limit_policy(self, policy: runtime::RateLimitPolicy) -> Self {
        self.configure(|runtime| runtime.rate_limit_policy(policy))
    }

    /// Replaces the clock used for waits and timeouts.
    pub fn clock(self, clock: ::std::sync::Arc<dyn runtime::Clock>) -> Self {
        self.configure(|runtime| runtime.clock(clock))
    }

    /// Sends requests with `http` (its proxies, root certificates and pool).
    pub fn http_client(self, http: ::reqwest::Client) -> Self {
        self.configure(|runtime| runtime.http_client(http))
    }

    /// Changes any setting of the runtime's builder, including those without a method
    /// here (`rate_limit_rules`, `service_name`, `credential`).
    pub fn configure(
        self,
        change: impl FnOnce(runtime::ClientBuilder) -> runtime::ClientBuilder,
    ) -> Self {
        Self {
            runtime: change(self.runtime),
        }
    }

    /// Validates the configuration and creates the client.
    ///
    /// # Errors
    ///
    /// [`runtime::BuildError`] when there is no valid base URL, a credential or header
    /// cannot be sent, an operation's server is not replaced where it must be, or the HTTP
    /// client cannot be created.
    pub fn build(self) -> Result<Client, runtime::BuildError> {
        self.runtime.build().map(Client::from)
    }
"#;

fn client_doc(api: &Api) -> Doc {
    let mut doc = Doc::default();
    // Not the version: it changes with every release, and the client with it would be a diff
    // without a reason (xtask's minimal-diff test).
    doc.push(format!("A client for {}.", api.title));
    doc.push(api.client.base_url_doc.clone());
    if !api.client.operation_servers.is_empty() {
        doc.push(format!(
            "Some operations are sent to a server of their own, as the description says: {}; \
             `ClientBuilder::replace_server` changes where.",
            listed_servers(api)
        ));
    }
    if api.client.schemes.is_empty() {
        doc.push(
            "The description declares no security schemes; `ClientBuilder::bearer_token` sends \
             a token with every request.",
        );
    } else {
        let list: Vec<String> = api
            .client
            .schemes
            .iter()
            .map(|scheme| {
                format!(
                    "- `{}`: [`ClientBuilder::{}`]",
                    scheme.key,
                    crate::names::unraw(&scheme.method_name)
                )
            })
            .collect();
        let destinations = if api.client.operation_servers.is_empty() {
            "the base URL's origin"
        } else {
            "the base URL's origin and the operation's own server"
        };
        doc.push(format!(
            "Credentials, one builder method per security scheme of the description \
             (`components/securitySchemes`); each operation sends what its `security` asks \
             for, only to {destinations}:\n\n{}",
            list.join("\n")
        ));
    }
    doc.push("Cloning is cheap; clones share one connection pool.");
    doc
}

fn scheme_constant(scheme: &SecuritySchemeDef, runtime: &TokenStream) -> TokenStream {
    let name = &scheme.key;
    let kind = match &scheme.kind {
        SchemeKindDef::Bearer => quote! { #runtime::SchemeKind::Bearer },
        SchemeKindDef::Basic => quote! { #runtime::SchemeKind::Basic },
        SchemeKindDef::ApiKey { location, name } => {
            let location = match location {
                ApiKeyPlace::Header => quote! { Header },
                ApiKeyPlace::Query => quote! { Query },
                ApiKeyPlace::Cookie => quote! { Cookie },
            };
            quote! {
                #runtime::SchemeKind::ApiKey {
                    location: #runtime::ApiKeyLocation::#location,
                    name: #name,
                }
            }
        }
    };
    quote! { #runtime::SecurityScheme { name: #name, kind: #kind } }
}

fn scheme_method(scheme: &SecuritySchemeDef, runtime: &TokenStream) -> TokenStream {
    let method = ident(&scheme.method_name);
    let key = &scheme.key;
    let doc = doc_attrs(&scheme.doc);
    match scheme.kind {
        SchemeKindDef::Bearer => quote! {
            #doc
            pub fn #method(self, token: impl Into<String>) -> Self {
                self.configure(|runtime| runtime.credential(#key, #runtime::Credential::bearer(token)))
            }
        },
        SchemeKindDef::Basic => quote! {
            #doc
            pub fn #method(self, user: impl Into<String>, password: impl Into<String>) -> Self {
                self.configure(|runtime| {
                    runtime.credential(#key, #runtime::Credential::basic(user, password))
                })
            }
        },
        SchemeKindDef::ApiKey { .. } => quote! {
            #doc
            pub fn #method(self, key: impl Into<String>) -> Self {
                self.configure(|runtime| runtime.credential(#key, #runtime::Credential::api_key(key)))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::ir::ClientDef;
    use crate::names::{GENERATED_BUILDER_METHODS, GENERATED_CLIENT_METHODS};

    /// The builder's methods written as text are what prettyplease prints for them.
    #[test]
    fn runtime_settings_are_in_prettyplease_s_layout() {
        let block = format!("impl ClientBuilder {{\n{RUNTIME_SETTINGS}}}\n");
        let tokens: proc_macro2::TokenStream = block.parse().unwrap();
        assert_eq!(crate::emit::format_tokens(tokens).unwrap(), block);
    }

    /// The names reserved for the generated types' own items are exactly what is emitted, so
    /// the reservation cannot go stale.
    #[test]
    fn reserved_names_are_what_is_emitted() {
        let api = Api {
            title: "T".to_owned(),
            version: "1".to_owned(),
            types: Vec::new(),
            operations: Vec::new(),
            groups: Vec::new(),
            // With an operation server, so that `replace_server` is emitted too.
            client: ClientDef {
                operation_servers: vec!["https://uploads.example.com".to_owned()],
                ..ClientDef::default()
            },
            skipped: Vec::new(),
            warnings: Vec::new(),
            features: None,
        };
        let runtime = quote! { crate::runtime };
        let text = crate::emit::format_chunks(client(&api, &runtime, None)).unwrap();
        let file: syn::File = syn::parse_str(&text).unwrap();
        let mut client_items = BTreeSet::new();
        let mut builder_items = BTreeSet::new();
        for item in &file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(self_ty) = &*block.self_ty else {
                continue;
            };
            let names = match self_ty
                .path
                .segments
                .last()
                .unwrap()
                .ident
                .to_string()
                .as_str()
            {
                "Client" => &mut client_items,
                "ClientBuilder" => &mut builder_items,
                _ => continue,
            };
            for impl_item in &block.items {
                if let syn::ImplItem::Fn(function) = impl_item {
                    names.insert(function.sig.ident.to_string());
                }
            }
        }
        // Derived traits.
        for names in [&mut client_items, &mut builder_items] {
            names.insert("clone".to_owned());
            names.insert("fmt".to_owned());
        }
        let expected = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect();
        assert_eq!(client_items, expected(GENERATED_CLIENT_METHODS));
        assert_eq!(builder_items, expected(GENERATED_BUILDER_METHODS));
    }
}
