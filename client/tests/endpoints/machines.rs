//! Machine types: what a repository offers (for a location, a ref and a client IP) and what an
//! existing codespace can move to.

use crate::{Wire, check};

#[tokio::test]
async fn repo_machines_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo%20org/hello-world/codespaces/machines",
        query: Some("location=WestUs2&client_ip=203.0.113.7&ref=feature%2Fa+b"),
        body: None,
    };
    check(
        "codespaces/repo-machines-for-authenticated-user",
        wire,
        |client| async move {
            let machines = client
                .codespaces()
                .repo_machines_for_authenticated_user("octo org", "hello-world");
            machines
                .location("WestUs2".to_owned())
                .client_ip("203.0.113.7".to_owned())
                .r#ref("feature/a b".to_owned())
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn codespace_machines_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces/monalisa-%C3%A9/machines",
        query: None,
        body: None,
    };
    check(
        "codespaces/codespace-machines-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .codespace_machines_for_authenticated_user("monalisa-é")
                .send()
                .await
        },
    )
    .await;
}
