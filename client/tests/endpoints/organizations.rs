//! Organization administration: the organization's codespaces and a member's, stopping and
//! deleting a member's codespace, and the deprecated access settings. The two listings walk
//! every page here too.

// The three access operations are deprecated upstream and still documented and served; they
// are tested like the others.
#![allow(deprecated)]

use codespaces_client::models::{
    DeleteCodespacesAccessUsersRequest, SetCodespacesAccessRequest, SetCodespacesAccessUsersRequest,
};
use codespaces_client::{Client, RetryPolicy};
use futures::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::{TOKEN, Wire, check, request_example, spec};

#[tokio::test]
async fn list_in_organization() {
    let wire = Wire {
        method: "GET",
        path: "/orgs/octo-org/codespaces",
        query: Some("per_page=50&page=4"),
        body: None,
    };
    check(
        "codespaces/list-in-organization",
        wire,
        |client| async move {
            let list = client.codespaces().list_in_organization("octo-org");
            list.per_page(50).page(4).send().await
        },
    )
    .await;
}

#[tokio::test]
async fn get_codespaces_for_user_in_org() {
    let wire = Wire {
        method: "GET",
        path: "/orgs/octo-org/members/mona%20lisa/codespaces",
        query: Some("per_page=2"),
        body: None,
    };
    check(
        "codespaces/get-codespaces-for-user-in-org",
        wire,
        |client| async move {
            let list = client
                .codespaces()
                .get_codespaces_for_user_in_org("octo-org", "mona lisa");
            list.per_page(2).send().await
        },
    )
    .await;
}

#[tokio::test]
async fn stop_in_organization() {
    let wire = Wire {
        method: "POST",
        path: "/orgs/octo-org/members/monalisa/codespaces/cs%2F1/stop",
        query: None,
        body: None,
    };
    check(
        "codespaces/stop-in-organization",
        wire,
        |client| async move {
            client
                .codespaces()
                .stop_in_organization("octo-org", "monalisa", "cs/1")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn delete_from_organization() {
    let wire = Wire {
        method: "DELETE",
        path: "/orgs/octo-org/members/monalisa/codespaces/cs-1",
        query: None,
        body: None,
    };
    check(
        "codespaces/delete-from-organization",
        wire,
        |client| async move {
            client
                .codespaces()
                .delete_from_organization("octo-org", "monalisa", "cs-1")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn set_codespaces_access() {
    let id = "codespaces/set-codespaces-access";
    let (body, example) = request_example::<SetCodespacesAccessRequest>(id);
    let wire = Wire {
        method: "PUT",
        path: "/orgs/octo-org/codespaces/access",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .set_codespaces_access("octo-org", body)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn set_codespaces_access_users() {
    let id = "codespaces/set-codespaces-access-users";
    let (body, example) = request_example::<SetCodespacesAccessUsersRequest>(id);
    let wire = Wire {
        method: "POST",
        path: "/orgs/octo-org/codespaces/access/selected_users",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .set_codespaces_access_users("octo-org", body)
                .send()
                .await
        }
    })
    .await;
}

/// A `DELETE` with a JSON body: the body must go on the wire (some HTTP stacks drop it).
#[tokio::test]
async fn delete_codespaces_access_users() {
    let id = "codespaces/delete-codespaces-access-users";
    let (body, example) = request_example::<DeleteCodespacesAccessUsersRequest>(id);
    assert_eq!(
        example,
        json!({"selected_usernames": ["johnDoe", "atomIO"]})
    );
    let wire = Wire {
        method: "DELETE",
        path: "/orgs/octo-org/codespaces/access/selected_users",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .delete_codespaces_access_users("octo-org", body)
                .send()
                .await
        }
    })
    .await;
}

/// GitHub's example codespace, renamed.
fn codespace(name: &str) -> Value {
    let mut codespace = spec()["components"]["examples"]["codespace"]["value"].clone();
    codespace["name"] = json!(name);
    codespace
}

/// Mounts two pages of `{"total_count": 3, "codespaces": [...]}` at `listing`: the first (no
/// `page` query parameter) links to the second.
async fn two_pages(server: &MockServer, listing: &str) {
    let next = format!("{}{listing}?per_page=2&page=2", server.uri());
    let first = json!({"total_count": 3, "codespaces": [codespace("a"), codespace("b")]});
    Mock::given(method("GET"))
        .and(path(listing))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(first)
                .insert_header("link", format!(r#"<{next}>; rel="next""#).as_str()),
        )
        .mount(server)
        .await;
    let second = json!({"total_count": 3, "codespaces": [codespace("c")]});
    Mock::given(method("GET"))
        .and(path(listing))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(second))
        .mount(server)
        .await;
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a valid client")
}

/// The query strings the server saw, in order.
async fn queries(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.expect("recording is on");
    received
        .iter()
        .map(|request| request.url.query().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_organization_s_codespaces_are_listed_page_by_page() {
    let server = MockServer::start().await;
    two_pages(&server, "/orgs/octo-org/codespaces").await;
    let client = client(&server);
    let names: Vec<String> = client
        .codespaces()
        .list_in_organization("octo-org")
        .per_page(2)
        .stream()
        .map(|item| item.expect("every page decodes").name)
        .collect()
        .await;
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(queries(&server).await, ["per_page=2", "per_page=2&page=2"]);
}

#[tokio::test]
async fn a_member_s_codespaces_are_listed_page_by_page() {
    let server = MockServer::start().await;
    two_pages(&server, "/orgs/octo-org/members/monalisa/codespaces").await;
    let client = client(&server);
    let first = client
        .codespaces()
        .get_codespaces_for_user_in_org("octo-org", "monalisa")
        .per_page(2)
        .send_page()
        .await
        .expect("the first page");
    let first_names: Vec<&str> = first.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(first_names, ["a", "b"]);
    let second = first
        .next_page()
        .await
        .expect("the second page")
        .expect("a next link");
    let second_names: Vec<&str> = second.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(second_names, ["c"]);
    assert!(second.next_url().is_none());
    assert_eq!(queries(&server).await, ["per_page=2", "per_page=2&page=2"]);
}
