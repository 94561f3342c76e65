//! The caller's own Codespaces secrets, and the repositories that may use each of them.

use codespaces_client::models::{
    CreateOrUpdateSecretForAuthenticatedUserRequest,
    SetRepositoriesForSecretForAuthenticatedUserRequest,
};

use crate::{Wire, check, request_example};

#[tokio::test]
async fn list_secrets_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces/secrets",
        query: Some("per_page=5&page=2"),
        body: None,
    };
    check(
        "codespaces/list-secrets-for-authenticated-user",
        wire,
        |client| async move {
            let list = client.codespaces().list_secrets_for_authenticated_user();
            list.per_page(5).page(2).send().await
        },
    )
    .await;
}

#[tokio::test]
async fn get_public_key_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces/secrets/public-key",
        query: None,
        body: None,
    };
    check(
        "codespaces/get-public-key-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .get_public_key_for_authenticated_user()
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn get_secret_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces/secrets/MY%20SECRET%2F1",
        query: None,
        body: None,
    };
    check(
        "codespaces/get-secret-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .get_secret_for_authenticated_user("MY SECRET/1")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn create_or_update_secret_for_authenticated_user() {
    let id = "codespaces/create-or-update-secret-for-authenticated-user";
    let (body, example) = request_example::<CreateOrUpdateSecretForAuthenticatedUserRequest>(id);
    let wire = Wire {
        method: "PUT",
        path: "/user/codespaces/secrets/CODESPACE_GH_SECRET",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .create_or_update_secret_for_authenticated_user("CODESPACE_GH_SECRET", body)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn delete_secret_for_authenticated_user() {
    let wire = Wire {
        method: "DELETE",
        path: "/user/codespaces/secrets/CODESPACE_GH_SECRET",
        query: None,
        body: None,
    };
    check(
        "codespaces/delete-secret-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .delete_secret_for_authenticated_user("CODESPACE_GH_SECRET")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn list_repositories_for_secret_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces/secrets/CODESPACE_GH_SECRET/repositories",
        query: None,
        body: None,
    };
    check(
        "codespaces/list-repositories-for-secret-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .list_repositories_for_secret_for_authenticated_user("CODESPACE_GH_SECRET")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn set_repositories_for_secret_for_authenticated_user() {
    let id = "codespaces/set-repositories-for-secret-for-authenticated-user";
    let (body, example) =
        request_example::<SetRepositoriesForSecretForAuthenticatedUserRequest>(id);
    let wire = Wire {
        method: "PUT",
        path: "/user/codespaces/secrets/CODESPACE_GH_SECRET/repositories",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .set_repositories_for_secret_for_authenticated_user("CODESPACE_GH_SECRET", body)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn add_repository_for_secret_for_authenticated_user() {
    let wire = Wire {
        method: "PUT",
        path: "/user/codespaces/secrets/CODESPACE_GH_SECRET/repositories/1296269",
        query: None,
        body: None,
    };
    check(
        "codespaces/add-repository-for-secret-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .add_repository_for_secret_for_authenticated_user("CODESPACE_GH_SECRET", 1296269)
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn remove_repository_for_secret_for_authenticated_user() {
    let wire = Wire {
        method: "DELETE",
        path: "/user/codespaces/secrets/CODESPACE_GH_SECRET/repositories/1296269",
        query: None,
        body: None,
    };
    check(
        "codespaces/remove-repository-for-secret-for-authenticated-user",
        wire,
        |client| async move {
            let remove = client
                .codespaces()
                .remove_repository_for_secret_for_authenticated_user(
                    "CODESPACE_GH_SECRET",
                    1296269,
                );
            remove.send().await
        },
    )
    .await;
}
