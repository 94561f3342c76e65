//! Secrets sealed the way GitHub requires: libsodium's sealed box under the holder's public key.
//!
//! - What the client seals opens with the matching secret key, and a sealed box made by
//!   libsodium itself opens with the same code (a known-answer vector).
//! - A public key that is not base64 or not 32 bytes long is refused before anything is sent.
//! - The helpers fetch the right key, seal, and `PUT` what GitHub takes (checked on the wire).
//! - The plaintext appears in no `Debug`, `Display` or error, nor on the wire.

use std::fmt::Debug;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use codespaces_client::secrets::{
    OrgSecretAccess, SealError, SealingKey, SecretString, SecretWritten, SetSecretError,
};
use codespaces_client::{Client, Error, RetryPolicy};
use crypto_box::SecretKey;
use crypto_box::aead::OsRng;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The value every test seals; no output may contain it.
const PLAINTEXT: &str = "s3cr3t-plaintext-VALUE-\u{2713}";

/// A recipient key pair, as GitHub holds one: the secret key, and the public key in base64.
fn key_pair() -> (SecretKey, String) {
    let secret = SecretKey::generate(&mut OsRng);
    let public = BASE64.encode(secret.public_key().as_bytes());
    (secret, public)
}

/// Opens a base64 sealed box with `secret`, as GitHub does.
fn open(secret: &SecretKey, encrypted_value: &str) -> String {
    let sealed = BASE64
        .decode(encrypted_value)
        .expect("the sealed value is base64");
    let opened = secret.unseal(&sealed).expect("the sealed box opens");
    String::from_utf8(opened).expect("the value is UTF-8")
}

#[test]
fn a_value_sealed_here_opens_with_the_matching_secret_key() {
    let (secret, public) = key_pair();
    let key = SealingKey::from_base64("568250167242549743", &public).expect("a valid key");
    assert_eq!(key.key_id(), "568250167242549743");
    assert_eq!(key.as_bytes(), secret.public_key().as_bytes());

    let value = SecretString::from(PLAINTEXT);
    let sealed = key.seal(&value).expect("sealing works");
    assert_eq!(sealed.key_id, "568250167242549743");
    assert_eq!(open(&secret, &sealed.encrypted_value), PLAINTEXT);
    // The ephemeral public key (32 bytes) and the Poly1305 tag (16 bytes) come with the value.
    let raw = BASE64.decode(&sealed.encrypted_value).expect("base64");
    assert_eq!(raw.len(), 32 + 16 + PLAINTEXT.len());

    // Every seal uses a fresh ephemeral key pair, so sealing again gives another box.
    let again = key.seal(&value).expect("sealing works");
    assert_ne!(again.encrypted_value, sealed.encrypted_value);
    assert_eq!(open(&secret, &again.encrypted_value), PLAINTEXT);

    // Another key's holder cannot open it.
    let (other, _) = key_pair();
    assert!(other.unseal(&raw).is_err());

    // The empty value seals too.
    let empty = key.seal(&SecretString::from("")).expect("sealing works");
    assert_eq!(open(&secret, &empty.encrypted_value), "");
}

/// A sealed box made by libsodium itself, through PyNaCl 1.6.2 (whose wheel bundles
/// libsodium), for the recipient whose secret key is the bytes 1 to 32:
///
/// ```python
/// # pip install pynacl==1.6.2
/// import base64
/// from nacl import public
/// secret = public.PrivateKey(bytes(range(1, 33)))
/// value = "correct horse battery staple \u2713"
/// sealed = public.SealedBox(secret.public_key).encrypt(value.encode("utf-8"))
/// print(base64.b64encode(bytes(secret.public_key)).decode())  # LIBSODIUM_PUBLIC_KEY
/// print(base64.b64encode(sealed).decode())                    # LIBSODIUM_SEALED
/// ```
///
/// `SealedBox.encrypt` is libsodium's `crypto_box_seal`; the box is random, so running the
/// snippet again gives another (equally valid) one.
const LIBSODIUM_SEALED: &str = "jrwSSOCnJI0XkgfgsajctAsDEzfMO2YEHyq8/AydekRX3vT7WNay1a89VRNGEfcJ\
                                yi/2dZ+ZKgQHvQYAJOVa4w/jFLCqGUXACVjAYyTJqvw=";
const LIBSODIUM_PUBLIC_KEY: &str = "B6N8vBQgk8i3VdwbEOhstCY3StFqqFPtC9/AsrhtHHw=";
const LIBSODIUM_VALUE: &str = "correct horse battery staple \u{2713}";

#[test]
fn a_box_sealed_by_libsodium_opens_here() {
    let bytes: Vec<u8> = (1..=32).collect();
    let secret = SecretKey::from_slice(&bytes).expect("32 bytes");
    // The same X25519 public key as libsodium derives, read the way GitHub's key is read.
    let key = SealingKey::from_base64("kat", LIBSODIUM_PUBLIC_KEY).expect("a valid key");
    assert_eq!(key.as_bytes(), secret.public_key().as_bytes());
    assert_eq!(open(&secret, LIBSODIUM_SEALED), LIBSODIUM_VALUE);

    // A box changed in any byte does not open: it is authenticated.
    let mut tampered = BASE64.decode(LIBSODIUM_SEALED).expect("base64");
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert!(secret.unseal(&tampered).is_err());
}

#[test]
fn a_key_that_is_not_base64_or_not_32_bytes_is_refused() {
    let error = SealingKey::from_base64("k1", "not base64!").expect_err("not base64");
    assert_eq!(
        error,
        SealError::KeyNotBase64 {
            key_id: "k1".to_owned()
        }
    );
    assert_eq!(error.to_string(), "public key k1 is not valid base64");

    let short = BASE64.encode([7u8; 31]);
    let error = SealingKey::from_base64("k2", &short).expect_err("31 bytes");
    assert_eq!(
        error,
        SealError::KeyLength {
            key_id: "k2".to_owned(),
            length: 31
        }
    );
    assert_eq!(
        error.to_string(),
        "public key k2 is 31 bytes long; a Curve25519 public key has 32"
    );
    let long = BASE64.encode([7u8; 33]);
    assert!(matches!(
        SealingKey::from_base64("k3", &long),
        Err(SealError::KeyLength { length: 33, .. })
    ));
    assert!(matches!(
        SealingKey::from_base64("k4", ""),
        Err(SealError::KeyLength { length: 0, .. })
    ));
}

/// A client for `server` without retries, so every test can count requests.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token("ghp_secretsT0ken")
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a valid client")
}

/// Answers `GET key_path` with the public key `key` (id `key_id`) and `PUT put_path` with
/// `put_status`: 201 with `{}`, 204 without a body, an error status with GitHub's error body.
async fn server(
    key_path: &str,
    key_id: &str,
    key: &str,
    put_path: &str,
    put_status: u16,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"key_id": key_id, "key": key})),
        )
        .mount(&server)
        .await;
    let put = ResponseTemplate::new(put_status);
    let put = match put_status {
        201 => put.set_body_json(json!({})),
        204 => put,
        _ => put.set_body_json(
            json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}),
        ),
    };
    Mock::given(method("PUT"))
        .and(path(put_path))
        .respond_with(put)
        .mount(&server)
        .await;
    server
}

/// The requests the server saw, as `METHOD path`, and the JSON body of the `PUT`, if any.
async fn exchange(server: &MockServer) -> (Vec<String>, Option<Value>) {
    let received = server.received_requests().await.expect("recording is on");
    for request in &received {
        let body = String::from_utf8_lossy(&request.body);
        assert!(
            !body.contains(PLAINTEXT),
            "the plaintext went on the wire: {body}"
        );
        assert!(
            !body.contains(&BASE64.encode(PLAINTEXT)),
            "the plaintext went on the wire"
        );
    }
    let lines = received
        .iter()
        .map(|request| format!("{} {}", request.method, request.url.path()))
        .collect();
    let put = received
        .iter()
        .find(|request| request.method.as_str() == "PUT")
        .map(|request| serde_json::from_slice(&request.body).expect("a JSON body"));
    (lines, put)
}

/// Checks that `sealed` (the `PUT` body's `encrypted_value`) opens to the plaintext.
fn assert_opens(secret: &SecretKey, body: &Value) {
    let encrypted = body["encrypted_value"]
        .as_str()
        .expect("an encrypted value");
    assert_eq!(open(secret, encrypted), PLAINTEXT);
}

/// Every way the value could leak through formatting: `Debug`, `Display` and each `source`.
fn assert_hides_the_plaintext(error: &(dyn std::error::Error + 'static)) {
    let mut texts = vec![format!("{error:?}"), error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        texts.push(format!("{cause:?}"));
        texts.push(cause.to_string());
        source = cause.source();
    }
    for text in texts {
        assert!(!text.contains(PLAINTEXT), "the plaintext leaked: {text}");
    }
}

#[tokio::test]
async fn a_repository_secret_is_sealed_with_the_repository_s_key_and_put() {
    let (secret, public) = key_pair();
    let server = server(
        "/repos/octo-org/hello-world/codespaces/secrets/public-key",
        "012345678912345678",
        &public,
        "/repos/octo-org/hello-world/codespaces/secrets/DEPLOY_KEY",
        201,
    )
    .await;
    let value = SecretString::from(PLAINTEXT);
    let written = client(&server)
        .set_repo_secret("octo-org", "hello-world", "DEPLOY_KEY", &value)
        .await
        .expect("the secret is stored");
    assert_eq!(written, SecretWritten::Created);
    let (requests, put) = exchange(&server).await;
    assert_eq!(
        requests,
        [
            "GET /repos/octo-org/hello-world/codespaces/secrets/public-key",
            "PUT /repos/octo-org/hello-world/codespaces/secrets/DEPLOY_KEY",
        ]
    );
    let put = put.expect("a PUT body");
    let mut keys: Vec<&String> = put.as_object().expect("an object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["encrypted_value", "key_id"]);
    assert_eq!(put["key_id"], "012345678912345678");
    assert_opens(&secret, &put);
}

#[tokio::test]
async fn an_existing_repository_secret_is_updated() {
    let (_, public) = key_pair();
    let server = server(
        "/repos/o/r/codespaces/secrets/public-key",
        "1",
        &public,
        "/repos/o/r/codespaces/secrets/S",
        204,
    )
    .await;
    let written = client(&server)
        .set_repo_secret("o", "r", "S", &SecretString::from(PLAINTEXT))
        .await
        .expect("the secret is stored");
    assert_eq!(written, SecretWritten::Updated);
}

#[tokio::test]
async fn a_user_secret_is_sealed_with_the_user_s_key_and_names_its_repositories() {
    let (secret, public) = key_pair();
    let server = server(
        "/user/codespaces/secrets/public-key",
        "user-key-1",
        &public,
        "/user/codespaces/secrets/NPM_TOKEN",
        201,
    )
    .await;
    let client = client(&server);
    let value = SecretString::from(PLAINTEXT);
    let written = client
        .set_user_secret("NPM_TOKEN", &value, Some(&[1296269, 1296280]))
        .await
        .expect("the secret is stored");
    assert_eq!(written, SecretWritten::Created);
    let (requests, put) = exchange(&server).await;
    assert_eq!(
        requests,
        [
            "GET /user/codespaces/secrets/public-key",
            "PUT /user/codespaces/secrets/NPM_TOKEN",
        ]
    );
    let put = put.expect("a PUT body");
    assert_eq!(put["key_id"], "user-key-1");
    assert_eq!(put["selected_repository_ids"], json!([1296269, 1296280]));
    assert_opens(&secret, &put);

    // Without a list, none is sent: an existing secret keeps its repositories.
    let server_again = self::server(
        "/user/codespaces/secrets/public-key",
        "user-key-1",
        &public,
        "/user/codespaces/secrets/NPM_TOKEN",
        204,
    )
    .await;
    let written = self::client(&server_again)
        .set_user_secret("NPM_TOKEN", &value, None)
        .await
        .expect("the secret is stored");
    assert_eq!(written, SecretWritten::Updated);
    let (_, put) = exchange(&server_again).await;
    let put = put.expect("a PUT body");
    assert!(put.get("selected_repository_ids").is_none(), "{put}");
    assert_opens(&secret, &put);
}

#[tokio::test]
async fn an_organization_secret_carries_its_visibility_and_selected_repositories() {
    let (secret, public) = key_pair();
    let cases = [
        (
            OrgSecretAccess::Selected(vec![64780797]),
            json!("selected"),
            Some(json!([64780797])),
        ),
        (OrgSecretAccess::All, json!("all"), None),
        (OrgSecretAccess::Private, json!("private"), None),
    ];
    for (access, visibility, selected) in cases {
        let server = server(
            "/orgs/octo-org/codespaces/secrets/public-key",
            "org-key",
            &public,
            "/orgs/octo-org/codespaces/secrets/REGISTRY_TOKEN",
            201,
        )
        .await;
        let written = client(&server)
            .set_org_secret(
                "octo-org",
                "REGISTRY_TOKEN",
                &SecretString::from(PLAINTEXT),
                access.clone(),
            )
            .await
            .expect("the secret is stored");
        assert_eq!(written, SecretWritten::Created);
        let (requests, put) = exchange(&server).await;
        assert_eq!(
            requests,
            [
                "GET /orgs/octo-org/codespaces/secrets/public-key",
                "PUT /orgs/octo-org/codespaces/secrets/REGISTRY_TOKEN",
            ]
        );
        let put = put.expect("a PUT body");
        assert_eq!(put["visibility"], visibility, "{access:?}");
        assert_eq!(
            put.get("selected_repository_ids"),
            selected.as_ref(),
            "{access:?}"
        );
        assert_eq!(put["key_id"], "org-key");
        assert_opens(&secret, &put);
    }
}

#[tokio::test]
async fn a_bad_public_key_from_the_server_stops_before_the_put() {
    let short = BASE64.encode([1u8; 16]);
    for (key, expected) in [
        (
            "%%%not-base64%%%",
            SealError::KeyNotBase64 {
                key_id: "bad".to_owned(),
            },
        ),
        (
            short.as_str(),
            SealError::KeyLength {
                key_id: "bad".to_owned(),
                length: 16,
            },
        ),
    ] {
        let server = server(
            "/repos/o/r/codespaces/secrets/public-key",
            "bad",
            key,
            "/repos/o/r/codespaces/secrets/S",
            201,
        )
        .await;
        let error = client(&server)
            .set_repo_secret("o", "r", "S", &SecretString::from(PLAINTEXT))
            .await
            .expect_err("the key is refused");
        assert!(
            matches!(&error, SetSecretError::Seal(seal) if *seal == expected),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("cannot seal the secret: public key bad is"),
            "{error}"
        );
        assert_hides_the_plaintext(&error);
        let (requests, put) = exchange(&server).await;
        assert_eq!(requests, ["GET /repos/o/r/codespaces/secrets/public-key"]);
        assert!(put.is_none());
    }
}

#[tokio::test]
async fn a_failed_key_fetch_or_put_says_which_step_failed_and_hides_the_value() {
    // The key cannot be fetched: nothing is sealed or sent.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .mount(&server)
        .await;
    let value = SecretString::from(PLAINTEXT);
    let error = client(&server)
        .set_org_secret("octo-org", "S", &value, OrgSecretAccess::All)
        .await
        .expect_err("no key");
    assert!(
        matches!(&error, SetSecretError::PublicKey(inner) if inner.status().map(|s| s.as_u16()) == Some(404)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "fetching the public key to seal the secret failed"
    );
    assert_hides_the_plaintext(&error);
    assert_eq!(
        exchange(&server).await.0,
        ["GET /orgs/octo-org/codespaces/secrets/public-key"]
    );

    // The PUT is refused with a documented error: its typed body comes back.
    let (_, public) = key_pair();
    let server = self::server(
        "/orgs/octo-org/codespaces/secrets/public-key",
        "k",
        &public,
        "/orgs/octo-org/codespaces/secrets/S",
        404,
    )
    .await;
    let error = client(&server)
        .set_org_secret("octo-org", "S", &value, OrgSecretAccess::Selected(vec![1]))
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, SetSecretError::Put(Error::Api { status, .. }) if status.as_u16() == 404),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "storing the sealed secret failed");
    assert_hides_the_plaintext(&error);
    let (requests, put) = exchange(&server).await;
    assert_eq!(requests.len(), 2);
    assert!(put.is_some());
}

#[test]
fn no_value_of_the_secrets_module_shows_the_plaintext() {
    let (_, public) = key_pair();
    let value = SecretString::from(PLAINTEXT);
    let key = SealingKey::from_base64("k", &public).expect("a valid key");
    let sealed = key.seal(&value).expect("sealing works");
    let errors: [&(dyn std::error::Error + 'static); 3] = [
        &SealError::Seal,
        &SealError::KeyNotBase64 {
            key_id: "k".to_owned(),
        },
        &SealError::KeyLength {
            key_id: "k".to_owned(),
            length: 1,
        },
    ];
    for error in errors {
        assert_hides_the_plaintext(error);
    }
    let debugs: [&dyn Debug; 4] = [&value, &key, &sealed, &OrgSecretAccess::Selected(vec![1])];
    for debug in debugs {
        let text = format!("{debug:?} {debug:#?}");
        assert!(!text.contains(PLAINTEXT), "the plaintext leaked: {text}");
    }
    assert_eq!(format!("{value:?}"), "SecretBox<str>([REDACTED])");
}
