//! A client generated from `codegen/tests/fixtures/query_styles.yaml` (one operation with a
//! query parameter in every `style`, with and without `explode`, and one with parameters that
//! allow reserved characters, and one with objects in its path and headers) calls them against
//! a local
//! server, which reads back the query with `url`'s parser, one the runtime does not call.

// The test calls part of the generated API; the rest is checked by compiling it.
#[allow(dead_code)]
mod generated;

/// The path the generated code calls the runtime by.
mod runtime {
    pub use codegen_runtime::*;
}

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use generated::client::Client;
use generated::models::{Filter, Point, State};
// The parameter types of one operation are re-exported beside its builder.
use generated::operations::items::{DeepWhere, DeepWhereOwner};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

/// The one request the server received.
async fn received(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

/// The decoded query pairs, in order, each as `name=value`.
fn pairs(request: &Request) -> Vec<String> {
    request
        .url
        .query_pairs()
        .map(|(name, value)| format!("{name}={value}"))
        .collect()
}

#[tokio::test]
async fn every_style_sends_the_pairs_the_description_says() {
    let server = server().await;
    let at = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
    client(&server)
        .items()
        .search(vec!["a".to_owned(), "b c".to_owned()])
        .ids(vec![1, 2])
        .words(vec!["x".to_owned(), "y".to_owned()])
        .states(vec![State::Open, State::Closed])
        .each(vec!["p".to_owned(), "q".to_owned()])
        .filter(Filter {
            state: Some(State::Open),
            author: Some("mona".to_owned()),
        })
        .point(Point { x: 1, y: 2 })
        .corner(Point { x: 3, y: 4 })
        .extra(BTreeMap::from([("k".to_owned(), "v".to_owned())]))
        .at(vec![at, at + chrono::Duration::milliseconds(500)])
        .limit(5)
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    assert_eq!(
        pairs(&request),
        [
            "tag=a",
            "tag=b c",
            "ids=1,2",
            "words=x y",
            "states=open|closed",
            "each=p",
            "each=q",
            "filter[state]=open",
            "filter[author]=mona",
            "x=1",
            "y=2",
            "corner=x,3,y,4",
            "k=v",
            "at=2024-01-02T03:04:05Z",
            "at=2024-01-02T03:04:05.500Z",
            "limit=5",
        ]
    );
    // Encoded by the form encoder: a space as `+`, the separators and brackets escaped.
    let query = request.url.query().unwrap();
    assert!(
        query.starts_with(
            "tag=a&tag=b+c&ids=1%2C2&words=x+y&states=open%7Cclosed&each=p&each=q&filter%5Bstate%5D=open"
        ),
        "{query}"
    );
}

#[tokio::test]
async fn unset_parameters_empty_lists_and_unset_properties_send_nothing() {
    let server = server().await;
    client(&server)
        .items()
        .search(Vec::new())
        .ids(Vec::new())
        .filter(Filter {
            state: None,
            author: Some("mona".to_owned()),
        })
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    // An empty exploded list has no items to send; a delimited one is one empty value.
    assert_eq!(pairs(&request), ["ids=", "filter[author]=mona"]);
}

#[tokio::test]
async fn parameters_that_allow_reserved_characters_keep_them_and_nothing_else() {
    let server = server().await;
    client(&server)
        .items()
        .files("/docs/a b:c&d=e")
        .parts(vec!["a/b".to_owned(), "c%2Fd".to_owned()])
        .other("/docs:x")
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    assert_eq!(
        request.url.query(),
        Some("path=/docs/a%20b:c%26d%3De&parts=a/b,c%2Fd&other=%2Fdocs%3Ax")
    );
    // `&` and `=` stay inside the value; the percent-encoded triple was sent as given.
    assert_eq!(
        pairs(&request),
        ["path=/docs/a b:c&d=e", "parts=a/b,c/d", "other=/docs:x"]
    );
}

#[tokio::test]
async fn objects_in_a_path_and_headers_are_written_in_the_simple_style() {
    let server = server().await;
    client(&server)
        .items()
        .at_point(Point { x: 1, y: 2 })
        .x_corner(Point { x: 3, y: 4 })
        .x_origin(Point { x: 0, y: 0 })
        .x_tags(vec!["a".to_owned(), "b".to_owned()])
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    // One path segment, its `,` percent-encoded as every character outside a segment's
    // unreserved set is (a server decodes it to `x,1,y,2`).
    assert_eq!(request.url.path(), "/points/x%2C1%2Cy%2C2");
    assert_eq!(request.headers["x-corner"], "x=3,y=4");
    assert_eq!(request.headers["x-origin"], "x,0,y,0");
    assert_eq!(request.headers["x-tags"], "a,b");
}

#[tokio::test]
async fn parameters_given_as_json_content_are_sent_as_json_text() {
    let server = server().await;
    client(&server)
        .items()
        .json("a b", Point { x: 1, y: 2 })
        .x_filter(Filter {
            state: Some(State::Open),
            author: None,
        })
        .extra(serde_json::json!([1, "two"]))
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    assert_eq!(request.url.path(), "/json/%22a%20b%22");
    assert_eq!(
        pairs(&request),
        [r#"where={"x":1,"y":2}"#, r#"extra=[1,"two"]"#]
    );
    assert_eq!(request.headers["x-filter"], r#"{"state":"open"}"#);
}

#[tokio::test]
async fn deep_objects_name_every_value_by_its_path_through_lists_and_objects() {
    let server = server().await;
    client(&server)
        .items()
        .deep()
        .expand(vec!["owner".to_owned(), "labels".to_owned()])
        .r#where(DeepWhere {
            owner: Some(DeepWhereOwner {
                login: Some("mona".to_owned()),
            }),
            labels: Some(vec!["bug".to_owned(), "help wanted".to_owned()]),
        })
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    assert_eq!(
        pairs(&request),
        [
            "expand[0]=owner",
            "expand[1]=labels",
            "where[owner][login]=mona",
            "where[labels][0]=bug",
            "where[labels][1]=help wanted",
        ]
    );
}

#[tokio::test]
async fn parameters_given_as_text_content_are_sent_as_their_value() {
    let server = server().await;
    client(&server)
        .items()
        .text("a b")
        .limit(5)
        .x_note("hi")
        .send()
        .await
        .unwrap();
    let request = received(&server).await;
    assert_eq!(request.url.path(), "/text/a%20b");
    assert_eq!(request.headers["x-note"], "hi");
    assert_eq!(pairs(&request), ["limit=5"]);
}
