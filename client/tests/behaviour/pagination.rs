//! Walking listings with the generated `stream` and `send_page`.

use codespaces_client::Error;
use codespaces_client::operations::codespaces::ListForAuthenticatedUserError;
use futures::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{TOKEN, TestClock, builder, codespace, header};

/// A page of `{"total_count": 5, "codespaces": [...]}`.
fn codespaces(names: &[&str]) -> Value {
    let items: Vec<Value> = names.iter().map(|name| codespace(name)).collect();
    json!({"total_count": 5, "codespaces": items})
}

fn page(body: Value, link: Option<String>) -> ResponseTemplate {
    let template = ResponseTemplate::new(200).set_body_json(body);
    match link {
        Some(link) => template.insert_header("link", link.as_str()),
        None => template,
    }
}

async fn mount(server: &MockServer, page_number: Option<&str>, response: ResponseTemplate) {
    let mock = Mock::given(method("GET")).and(path("/user/codespaces"));
    let mock = match page_number {
        Some(number) => mock.and(query_param("page", number)),
        None => mock.and(query_param_is_missing("page")),
    };
    mock.respond_with(response).mount(server).await;
}

async fn names(
    stream: codespaces_client::ItemStream<
        codespaces_client::models::Codespace,
        ListForAuthenticatedUserError,
    >,
) -> Vec<String> {
    stream
        .map(|item| item.expect("every page decodes").name)
        .collect()
        .await
}

#[tokio::test]
async fn stream_follows_next_links_verbatim_and_unwraps_the_wrapper_object() {
    let server = MockServer::start().await;
    let uri = server.uri();
    // The cursor is passed on exactly as the server wrote it, odd encoding included.
    let second = format!("{uri}/user/codespaces?per_page=2&page=2&after=Y3Vy%2Fc29y");
    let third = format!("{uri}/user/codespaces?per_page=2&page=3");
    let link = |next: &str| format!(r#"<{next}>; rel="next", <{third}>; rel="last""#);
    mount(
        &server,
        None,
        page(codespaces(&["a", "b"]), Some(link(&second))),
    )
    .await;
    mount(
        &server,
        Some("2"),
        page(codespaces(&["c", "d"]), Some(link(&third))),
    )
    .await;
    mount(&server, Some("3"), page(codespaces(&["e"]), None)).await;

    let client = builder(&uri, &TestClock::new()).build().expect("a client");
    let stream = client
        .codespaces()
        .list_for_authenticated_user()
        .per_page(2)
        .stream();
    assert_eq!(names(stream).await, ["a", "b", "c", "d", "e"]);

    let requests = server.received_requests().await.expect("recording is on");
    let queries: Vec<Option<&str>> = requests.iter().map(|request| request.url.query()).collect();
    assert_eq!(
        queries,
        [
            Some("per_page=2"),
            Some("per_page=2&page=2&after=Y3Vy%2Fc29y"),
            Some("per_page=2&page=3")
        ]
    );
    let bearer = format!("Bearer {TOKEN}");
    assert!(
        requests
            .iter()
            .all(|request| header(request, "authorization") == Some(bearer.as_str()))
    );
}

#[tokio::test]
async fn devcontainers_unwrap_their_own_wrapper_and_relative_links_resolve() {
    let server = MockServer::start().await;
    let base = "/repos/octo-org/hello-world/codespaces/devcontainers";
    let devcontainer = |name: &str| json!({"path": format!(".devcontainer/{name}/devcontainer.json"), "name": name});
    Mock::given(method("GET"))
        .and(path(base))
        .and(query_param_is_missing("page"))
        .respond_with(page(
            json!({"total_count": 3, "devcontainers": [devcontainer("a"), devcontainer("b")]}),
            Some(format!(r#"<{base}?page=2>; rel="next""#)),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(base))
        .and(query_param("page", "2"))
        .respond_with(page(
            json!({"total_count": 3, "devcontainers": [devcontainer("c")]}),
            None,
        ))
        .mount(&server)
        .await;

    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let items: Vec<_> = client
        .codespaces()
        .list_devcontainers_in_repository_for_authenticated_user("octo-org", "hello-world")
        .stream()
        .collect()
        .await;
    let names: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("decodes").name.expect("named"))
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
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
async fn a_next_link_that_repeats_ends_the_walk() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let first = format!("{uri}/user/codespaces?per_page=2");
    let second = format!("{uri}/user/codespaces?per_page=2&page=2");
    mount(
        &server,
        None,
        page(
            codespaces(&["a", "b"]),
            Some(format!(r#"<{second}>; rel="next""#)),
        ),
    )
    .await;
    // Page 2 sends the walk back to page 1.
    mount(
        &server,
        Some("2"),
        page(
            codespaces(&["c"]),
            Some(format!(r#"<{first}>; rel="next""#)),
        ),
    )
    .await;

    let client = builder(&uri, &TestClock::new()).build().expect("a client");
    let stream = client
        .codespaces()
        .list_for_authenticated_user()
        .per_page(2)
        .stream();
    assert_eq!(names(stream).await, ["a", "b", "c"]);
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
async fn a_page_that_links_to_itself_is_the_last() {
    let server = MockServer::start().await;
    let itself = format!("{}/user/codespaces", server.uri());
    mount(
        &server,
        None,
        page(
            codespaces(&["a"]),
            Some(format!(r#"<{itself}>; rel="next""#)),
        ),
    )
    .await;

    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let page = client
        .codespaces()
        .list_for_authenticated_user()
        .send_page()
        .await
        .expect("a page");
    assert_eq!(
        page.links().next.as_ref().map(|url| url.as_str()),
        Some(itself.as_str())
    );
    assert_eq!(page.next_url(), None);
    assert!(page.next_page().await.expect("no request needed").is_none());
    let stream = client.codespaces().list_for_authenticated_user().stream();
    assert_eq!(names(stream).await, ["a"]);
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
async fn the_token_is_not_sent_to_a_next_link_on_another_origin() {
    let api = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let foreign = format!("{}/user/codespaces?page=2", elsewhere.uri());
    mount(
        &api,
        None,
        page(
            codespaces(&["a"]),
            Some(format!(r#"<{foreign}>; rel="next""#)),
        ),
    )
    .await;
    mount(&elsewhere, Some("2"), page(codespaces(&["b"]), None)).await;

    let client = builder(&api.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let stream = client.codespaces().list_for_authenticated_user().stream();
    assert_eq!(names(stream).await, ["a", "b"]);

    let to_api = api.received_requests().await.expect("recording is on");
    let to_elsewhere = elsewhere
        .received_requests()
        .await
        .expect("recording is on");
    assert_eq!((to_api.len(), to_elsewhere.len()), (1, 1));
    assert!(header(&to_api[0], "authorization").is_some());
    assert_eq!(header(&to_elsewhere[0], "authorization"), None);
    assert!(!format!("{:?}", to_elsewhere[0].headers).contains(TOKEN));
}

#[tokio::test]
async fn send_page_exposes_next_and_last_and_fetches_the_next_one() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let second = format!("{uri}/user/codespaces?page=2");
    mount(
        &server,
        None,
        page(
            codespaces(&["a", "b"]),
            Some(format!(r#"<{second}>; rel="next", <{second}>; rel="last""#)),
        ),
    )
    .await;
    mount(
        &server,
        Some("2"),
        page(
            codespaces(&["c"]),
            Some(format!(r#"<{uri}/user/codespaces?page=1>; rel="first""#)),
        ),
    )
    .await;

    let client = builder(&uri, &TestClock::new()).build().expect("a client");
    let first = client
        .codespaces()
        .list_for_authenticated_user()
        .send_page()
        .await
        .expect("page 1");
    assert_eq!(first.items.len(), 2);
    assert_eq!(
        first.next_url().map(|url| url.as_str()),
        Some(second.as_str())
    );
    assert_eq!(
        first.last_url().map(|url| url.as_str()),
        Some(second.as_str())
    );
    assert_eq!(first.attempts, 1);

    let last = first
        .next_page()
        .await
        .expect("page 2")
        .expect("there is a page 2");
    assert_eq!(last.items[0].name, "c");
    assert_eq!(last.next_url(), None);
    assert!(last.next_page().await.expect("no request needed").is_none());
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
async fn an_error_on_a_later_page_ends_the_stream_after_the_items_so_far() {
    let server = MockServer::start().await;
    let second = format!("{}/user/codespaces?page=2", server.uri());
    mount(
        &server,
        None,
        page(
            codespaces(&["a"]),
            Some(format!(r#"<{second}>; rel="next""#)),
        ),
    )
    .await;
    mount(
        &server,
        Some("2"),
        ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
    )
    .await;

    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let items: Vec<_> = client
        .codespaces()
        .list_for_authenticated_user()
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0]
            .as_ref()
            .map(|codespace| codespace.name.as_str())
            .ok(),
        Some("a")
    );
    assert!(
        matches!(
            &items[1],
            Err(Error::Api {
                body: ListForAuthenticatedUserError::NotFound(_),
                ..
            })
        ),
        "{:?}",
        items[1]
    );
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
async fn conditional_headers_go_with_the_first_page_only() {
    let server = MockServer::start().await;
    let second = format!("{}/user/codespaces?page=2", server.uri());
    mount(
        &server,
        None,
        page(
            codespaces(&["a"]),
            Some(format!(r#"<{second}>; rel="next""#)),
        ),
    )
    .await;
    mount(&server, Some("2"), page(codespaces(&["b"]), None)).await;

    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let stream = client
        .codespaces()
        .list_for_authenticated_user()
        .if_none_match("\"page-1-etag\"")
        .stream();
    assert_eq!(names(stream).await, ["a", "b"]);
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        header(&requests[0], "if-none-match"),
        Some("\"page-1-etag\"")
    );
    assert_eq!(header(&requests[1], "if-none-match"), None);
    assert!(header(&requests[1], "authorization").is_some());
}

#[tokio::test]
async fn an_invalid_first_request_is_the_only_item() {
    let server = MockServer::start().await;
    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let items: Vec<_> = client
        .codespaces()
        .list_in_repository_for_authenticated_user("..", "repo")
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert!(matches!(
        items[0],
        Err(Error::InvalidPathParameter { name: "owner", .. })
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
