//! Conditional requests: the headers go out, and a 304 is a typed "not modified" on every
//! operation that only reads.

use bytes::Bytes;
use codespaces_client::Error;
use codespaces_client::generated::operations::OPERATIONS;
use codespaces_client::operations::codespaces::GetForAuthenticatedUserSuccess;
use codespaces_client::runtime::RawResponse;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use wiremock::matchers::{header as header_is, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{TestClock, builder, codespace, header};

#[tokio::test]
async fn etag_round_trip_ends_in_the_documented_not_modified_outcome() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/cs"))
        .and(header_is("if-none-match", "\"abc\""))
        .respond_with(ResponseTemplate::new(304).insert_header("etag", "\"abc\""))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/cs"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(codespace("cs"))
                .insert_header("etag", "\"abc\"")
                .insert_header("last-modified", "Tue, 14 Nov 2023 22:13:20 GMT"),
        )
        .mount(&server)
        .await;
    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");

    let first = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect("200");
    // 200 and 304 are the documented outcomes; the codespace is reached without a `match`.
    assert_eq!(
        first.body.body().map(|codespace| codespace.name.as_str()),
        Some("cs")
    );
    let etag = first.etag().expect("an etag").to_owned();
    assert_eq!(first.last_modified(), Some("Tue, 14 Nov 2023 22:13:20 GMT"));
    let again = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .if_none_match(etag)
        .send()
        .await
        .expect("a typed outcome");
    assert!(again.is_not_modified());
    assert_eq!(again.body, GetForAuthenticatedUserSuccess::NotModified);
    assert_eq!(again.body.into_body(), None);
    assert_eq!(
        server
            .received_requests()
            .await
            .expect("recording is on")
            .len(),
        2
    );
}

#[tokio::test]
async fn an_undocumented_304_is_not_modified_not_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/cs/exports/latest"))
        .respond_with(ResponseTemplate::new(304))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .get_export_details_for_authenticated_user("cs", "latest")
        .if_modified_since("Tue, 14 Nov 2023 22:13:20 GMT")
        .send()
        .await
        .expect_err("no 304 success is documented");
    assert!(error.is_not_modified(), "{error:?}");
    assert!(matches!(error, Error::NotModified { attempts: 1, .. }));
    assert_eq!(error.status(), Some(StatusCode::NOT_MODIFIED));
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        header(&requests[0], "if-modified-since"),
        Some("Tue, 14 Nov 2023 22:13:20 GMT")
    );
}

/// Reads (`GET`, `HEAD`) have conditional setters, so a 304 is a typed outcome whether the
/// spec documents it or not; a 304 means nothing to a write, which has no conditional setters:
/// there it is what the spec says (GitHub documents it on a few writes) or an unexpected status.
#[test]
fn every_read_decodes_an_empty_304_into_a_typed_outcome_and_writes_only_a_documented_one() {
    let spec: serde_json::Value = serde_yaml::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/codespaces.yaml"
        ))
        .expect("the vendored spec is readable"),
    )
    .expect("the vendored spec is YAML");
    let (mut reads, mut undocumented_writes) = (0, 0);
    for info in OPERATIONS {
        let raw = RawResponse::new(StatusCode::NOT_MODIFIED, HeaderMap::new(), Bytes::new());
        let outcome = (info.check_response)(raw);
        let operation = &spec["paths"][info.path][info.method.to_ascii_lowercase()];
        let documented = operation["responses"].get("304").is_some();
        if matches!(info.method, "GET" | "HEAD") || documented {
            reads += usize::from(!documented);
            assert_eq!(outcome, Ok(()), "{}", info.operation_id);
        } else {
            undocumented_writes += 1;
            let message = outcome.expect_err(info.operation_id);
            assert!(message.contains("304"), "{}: {message}", info.operation_id);
        }
    }
    assert!(
        reads > 0 && undocumented_writes > 0,
        "both kinds are checked"
    );
}

#[tokio::test]
async fn header_values_with_cr_or_lf_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    for value in ["\"a\"\r\nx-injected: 1", "\"a\"\nx", "\"a\"\r"] {
        let error = client
            .codespaces()
            .get_for_authenticated_user("cs")
            .if_none_match(value)
            .send()
            .await
            .expect_err("refused");
        assert!(
            matches!(
                error,
                Error::InvalidHeaderValue {
                    name: "if-none-match"
                }
            ),
            "{error:?}"
        );
        assert_eq!(error.attempts(), 0);
    }
    let error = client
        .codespaces()
        .list_for_authenticated_user()
        .if_modified_since("Tue\r\n")
        .send_page()
        .await
        .expect_err("refused");
    assert!(matches!(
        error,
        Error::InvalidHeaderValue {
            name: "if-modified-since"
        }
    ));
    assert_eq!(
        server
            .received_requests()
            .await
            .expect("recording is on")
            .len(),
        0
    );
}
