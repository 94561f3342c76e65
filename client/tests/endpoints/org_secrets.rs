//! An organization's Codespaces secrets, and the repositories selected for each of them.

use codespaces_client::models::{
    CreateOrUpdateOrgSecretRequest, SetSelectedReposForOrgSecretRequest,
};

use crate::{Wire, check, request_example};

#[tokio::test]
async fn list_org_secrets() {
    let wire = Wire {
        method: "GET",
        path: "/orgs/octo-org/codespaces/secrets",
        query: Some("per_page=100&page=3"),
        body: None,
    };
    check("codespaces/list-org-secrets", wire, |client| async move {
        let list = client.codespaces().list_org_secrets("octo-org");
        list.per_page(100).page(3).send().await
    })
    .await;
}

#[tokio::test]
async fn get_org_public_key() {
    let wire = Wire {
        method: "GET",
        path: "/orgs/octo-org/codespaces/secrets/public-key",
        query: None,
        body: None,
    };
    check("codespaces/get-org-public-key", wire, |client| async move {
        client
            .codespaces()
            .get_org_public_key("octo-org")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn get_org_secret() {
    let wire = Wire {
        method: "GET",
        path: "/orgs/octo%3Forg/codespaces/secrets/GH_TOKEN",
        query: None,
        body: None,
    };
    check("codespaces/get-org-secret", wire, |client| async move {
        client
            .codespaces()
            .get_org_secret("octo?org", "GH_TOKEN")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn create_or_update_org_secret() {
    let id = "codespaces/create-or-update-org-secret";
    let (body, example) = request_example::<CreateOrUpdateOrgSecretRequest>(id);
    let wire = Wire {
        method: "PUT",
        path: "/orgs/octo-org/codespaces/secrets/GH_TOKEN",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .create_or_update_org_secret("octo-org", "GH_TOKEN", body)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn delete_org_secret() {
    let wire = Wire {
        method: "DELETE",
        path: "/orgs/octo-org/codespaces/secrets/GH_TOKEN",
        query: None,
        body: None,
    };
    check("codespaces/delete-org-secret", wire, |client| async move {
        client
            .codespaces()
            .delete_org_secret("octo-org", "GH_TOKEN")
            .send()
            .await
    })
    .await;
}

#[tokio::test]
async fn list_selected_repos_for_org_secret() {
    let wire = Wire {
        method: "GET",
        path: "/orgs/octo-org/codespaces/secrets/GH_TOKEN/repositories",
        query: Some("page=2&per_page=10"),
        body: None,
    };
    check(
        "codespaces/list-selected-repos-for-org-secret",
        wire,
        |client| async move {
            let list = client
                .codespaces()
                .list_selected_repos_for_org_secret("octo-org", "GH_TOKEN");
            list.per_page(10).page(2).send().await
        },
    )
    .await;
}

#[tokio::test]
async fn set_selected_repos_for_org_secret() {
    let id = "codespaces/set-selected-repos-for-org-secret";
    let (body, example) = request_example::<SetSelectedReposForOrgSecretRequest>(id);
    let wire = Wire {
        method: "PUT",
        path: "/orgs/octo-org/codespaces/secrets/GH_TOKEN/repositories",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .set_selected_repos_for_org_secret("octo-org", "GH_TOKEN", body)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn add_selected_repo_to_org_secret() {
    let wire = Wire {
        method: "PUT",
        path: "/orgs/octo-org/codespaces/secrets/GH_TOKEN/repositories/64780797",
        query: None,
        body: None,
    };
    check(
        "codespaces/add-selected-repo-to-org-secret",
        wire,
        |client| async move {
            client
                .codespaces()
                .add_selected_repo_to_org_secret("octo-org", "GH_TOKEN", 64780797)
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn remove_selected_repo_from_org_secret() {
    let wire = Wire {
        method: "DELETE",
        path: "/orgs/octo-org/codespaces/secrets/GH_TOKEN/repositories/64780797",
        query: None,
        body: None,
    };
    check(
        "codespaces/remove-selected-repo-from-org-secret",
        wire,
        |client| async move {
            client
                .codespaces()
                .remove_selected_repo_from_org_secret("octo-org", "GH_TOKEN", 64780797)
                .send()
                .await
        },
    )
    .await;
}
