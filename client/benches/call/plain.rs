//! The baseline: the same call written directly with `reqwest` and `serde_json`.

use std::time::Duration;

use bytes::Bytes;
use codespaces_client::models::Codespace;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

/// A `reqwest` client configured as the generated one is by default (same headers, same
/// timeouts), so the comparison is of the layers on top of `reqwest` alone.
pub struct PlainClient {
    http: reqwest::Client,
    base_url: String,
}

impl PlainClient {
    /// A client sending to `base_url` with `token` as bearer token.
    pub fn new(base_url: &str, token: &str) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            HeaderValue::from_static("application/vnd.github+json"),
        );
        headers.insert(USER_AGENT, HeaderValue::from_static("codespaces-bench"));
        headers.insert(
            HeaderName::from_static("x-github-api-version"),
            HeaderValue::from_static("2022-11-28"),
        );
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {token}")).expect("a valid token");
        authorization.set_sensitive(true);
        headers.insert(AUTHORIZATION, authorization);
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .expect("a reqwest client");
        Self {
            http,
            base_url: base_url.to_owned(),
        }
    }

    /// `GET /user/codespaces/{name}`, decoded into the generated model type.
    pub async fn get_codespace(&self, name: &str) -> Codespace {
        let body = self.get_bytes(name).await;
        serde_json::from_slice(&body).expect("the body is a codespace")
    }

    /// `GET /user/codespaces/{name}`, body read but not decoded: the round trip alone.
    pub async fn get_bytes(&self, name: &str) -> Bytes {
        self.http
            .get(format!("{}/user/codespaces/{name}", self.base_url))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .expect("the local server answers 200")
            .bytes()
            .await
            .expect("the local server sends the whole body")
    }
}
