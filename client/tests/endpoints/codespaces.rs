//! The codespaces themselves: listing, creating, reading, changing, deleting, exporting,
//! publishing, starting and stopping the caller's codespaces, and what a repository offers
//! (devcontainers, defaults, permissions).

use codespaces_client::models::{
    CreateForAuthenticatedUserRequest, CreateWithPrForAuthenticatedUserRequest,
    CreateWithPrForAuthenticatedUserRequestGeo, CreateWithRepoForAuthenticatedUserRequest,
    PublishForAuthenticatedUserRequest, UpdateForAuthenticatedUserRequest,
};
use serde_json::json;

use crate::{Wire, check, request_example};

#[tokio::test]
async fn list_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces",
        query: Some("per_page=2&page=3&repository_id=1296269"),
        body: None,
    };
    check(
        "codespaces/list-for-authenticated-user",
        wire,
        |client| async move {
            let list = client.codespaces().list_for_authenticated_user();
            list.per_page(2).page(3).repository_id(1296269).send().await
        },
    )
    .await;
}

#[tokio::test]
async fn create_for_authenticated_user() {
    let id = "codespaces/create-for-authenticated-user";
    let (body, example) = request_example::<CreateForAuthenticatedUserRequest>(id);
    let wire = Wire {
        method: "POST",
        path: "/user/codespaces",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .create_for_authenticated_user(body)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn get_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces/monalisa%2Fa%20b",
        query: None,
        body: None,
    };
    check(
        "codespaces/get-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .get_for_authenticated_user("monalisa/a b")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn update_for_authenticated_user() {
    let id = "codespaces/update-for-authenticated-user";
    let (body, example) = request_example::<UpdateForAuthenticatedUserRequest>(id);
    let wire = Wire {
        method: "PATCH",
        path: "/user/codespaces/cs-%C3%A9t%C3%A9",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            let update = client.codespaces().update_for_authenticated_user("cs-été");
            update.body(body).send().await
        }
    })
    .await;
}

#[tokio::test]
async fn delete_for_authenticated_user() {
    let wire = Wire {
        method: "DELETE",
        path: "/user/codespaces/a..b",
        query: None,
        body: None,
    };
    check(
        "codespaces/delete-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .delete_for_authenticated_user("a..b")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn export_for_authenticated_user() {
    let wire = Wire {
        method: "POST",
        path: "/user/codespaces/cs%3F%23/exports",
        query: None,
        body: None,
    };
    check(
        "codespaces/export-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .export_for_authenticated_user("cs?#")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn get_export_details_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces/cs/exports/latest",
        query: None,
        body: None,
    };
    check(
        "codespaces/get-export-details-for-authenticated-user",
        wire,
        |client| async move {
            let details = client
                .codespaces()
                .get_export_details_for_authenticated_user("cs", "latest");
            details.send().await
        },
    )
    .await;
}

#[tokio::test]
async fn publish_for_authenticated_user() {
    let id = "codespaces/publish-for-authenticated-user";
    // The spec's example sends `repository`, a property the schema does not have (it has
    // `name`), so the body is written here.
    let body = PublishForAuthenticatedUserRequest {
        name: Some("my-codespace-repo".to_owned()),
        private: Some(true),
    };
    let wire = Wire {
        method: "POST",
        path: "/user/codespaces/cs/publish",
        query: None,
        body: Some(json!({"name": "my-codespace-repo", "private": true})),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .publish_for_authenticated_user("cs", body)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn start_for_authenticated_user() {
    let wire = Wire {
        method: "POST",
        path: "/user/codespaces/cs/start",
        query: None,
        body: None,
    };
    check(
        "codespaces/start-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .start_for_authenticated_user("cs")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn stop_for_authenticated_user() {
    let wire = Wire {
        method: "POST",
        path: "/user/codespaces/cs/stop",
        query: None,
        body: None,
    };
    check(
        "codespaces/stop-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .stop_for_authenticated_user("cs")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn list_in_repository_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo%20org/hello%2Fworld/codespaces",
        query: Some("per_page=100"),
        body: None,
    };
    check(
        "codespaces/list-in-repository-for-authenticated-user",
        wire,
        |client| async move {
            let list = client
                .codespaces()
                .list_in_repository_for_authenticated_user("octo org", "hello/world");
            list.per_page(100).send().await
        },
    )
    .await;
}

#[tokio::test]
async fn create_with_repo_for_authenticated_user() {
    let id = "codespaces/create-with-repo-for-authenticated-user";
    let (body, example) = request_example::<CreateWithRepoForAuthenticatedUserRequest>(id);
    let wire = Wire {
        method: "POST",
        path: "/repos/octo-org/hello-world/codespaces",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            let create = client.codespaces().create_with_repo_for_authenticated_user(
                "octo-org",
                "hello-world",
                body,
            );
            create.send().await
        }
    })
    .await;
}

#[tokio::test]
async fn list_devcontainers_in_repository_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo-org/hello-world/codespaces/devcontainers",
        query: Some("page=2"),
        body: None,
    };
    let id = "codespaces/list-devcontainers-in-repository-for-authenticated-user";
    check(id, wire, |client| async move {
        let list = client
            .codespaces()
            .list_devcontainers_in_repository_for_authenticated_user("octo-org", "hello-world");
        list.page(2).send().await
    })
    .await;
}

#[tokio::test]
async fn pre_flight_with_repo_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo-org/hello-world/codespaces/new",
        query: Some("ref=feature%2Fa+b&client_ip=1.2.3.4"),
        body: None,
    };
    check(
        "codespaces/pre-flight-with-repo-for-authenticated-user",
        wire,
        |client| async move {
            let pre_flight = client
                .codespaces()
                .pre_flight_with_repo_for_authenticated_user("octo-org", "hello-world");
            pre_flight
                .r#ref("feature/a b".to_owned())
                .client_ip("1.2.3.4".to_owned())
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn check_permissions_for_devcontainer() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo-org/hello-world/codespaces/permissions_check",
        query: Some("ref=main&devcontainer_path=.devcontainer%2Fexample%2Fdevcontainer.json"),
        body: None,
    };
    check(
        "codespaces/check-permissions-for-devcontainer",
        wire,
        |client| async move {
            let check = client.codespaces().check_permissions_for_devcontainer(
                "octo-org",
                "hello-world",
                "main",
                ".devcontainer/example/devcontainer.json",
            );
            check.send().await
        },
    )
    .await;
}

#[tokio::test]
async fn create_with_pr_for_authenticated_user() {
    let id = "codespaces/create-with-pr-for-authenticated-user";
    // The spec's example (`repository_id`, `ref`) has none of the schema's properties, so the
    // body is written here.
    let body = CreateWithPrForAuthenticatedUserRequest {
        geo: Some(CreateWithPrForAuthenticatedUserRequestGeo::EuropeWest),
        machine: Some("standardLinux32gb".to_owned()),
        idle_timeout_minutes: Some(30),
        ..Default::default()
    };
    let wire = Wire {
        method: "POST",
        path: "/repos/octo-org/hello-world/pulls/1347/codespaces",
        query: None,
        body: Some(
            json!({"geo": "EuropeWest", "machine": "standardLinux32gb", "idle_timeout_minutes": 30}),
        ),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            let create = client.codespaces().create_with_pr_for_authenticated_user(
                "octo-org",
                "hello-world",
                1347,
                body,
            );
            create.send().await
        }
    })
    .await;
}
