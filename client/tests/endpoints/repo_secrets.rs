//! A repository's Codespaces secrets.

use codespaces_client::models::CreateOrUpdateRepoSecretRequest;

use crate::{Wire, check, request_example};

#[tokio::test]
async fn list_repo_secrets() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo-org/hello%20world/codespaces/secrets",
        query: Some("per_page=30&page=1"),
        body: None,
    };
    check("codespaces/list-repo-secrets", wire, |client| async move {
        let list = client
            .codespaces()
            .list_repo_secrets("octo-org", "hello world");
        list.per_page(30).page(1).send().await
    })
    .await;
}

#[tokio::test]
async fn get_repo_public_key() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo-org/hello-world/codespaces/secrets/public-key",
        query: None,
        body: None,
    };
    check(
        "codespaces/get-repo-public-key",
        wire,
        |client| async move {
            client
                .codespaces()
                .get_repo_public_key("octo-org", "hello-world")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn get_repo_secret() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo-org/hello-world/codespaces/secrets/GH_TOKEN",
        query: None,
        body: None,
    };
    check("codespaces/get-repo-secret", wire, |client| async move {
        client
            .codespaces()
            .get_repo_secret("octo-org", "hello-world", "GH_TOKEN")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn create_or_update_repo_secret() {
    let id = "codespaces/create-or-update-repo-secret";
    let (body, example) = request_example::<CreateOrUpdateRepoSecretRequest>(id);
    let wire = Wire {
        method: "PUT",
        path: "/repos/octo-org/hello-world/codespaces/secrets/GH_TOKEN",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .create_or_update_repo_secret("octo-org", "hello-world", "GH_TOKEN", body)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn delete_repo_secret() {
    let wire = Wire {
        method: "DELETE",
        path: "/repos/octo-org/hello-world/codespaces/secrets/GH_TOKEN",
        query: None,
        body: None,
    };
    check("codespaces/delete-repo-secret", wire, |client| async move {
        client
            .codespaces()
            .delete_repo_secret("octo-org", "hello-world", "GH_TOKEN")
            .send()
            .await
    })
    .await;
}
