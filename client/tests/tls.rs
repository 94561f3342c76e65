//! HTTPS on loopback: the client's own TLS configuration (rustls with ring, the platform's trust
//! store) completes a handshake, offers HTTP/2 and HTTP/1.1, sends the request and decodes the
//! answer; a server whose certificate chains to no trusted root is refused.
//!
//! The platform verifier reads the trusted roots from `SSL_CERT_FILE` when a client is built.
//! Changing the environment is why this is a test binary of its own with a single test. The
//! certificates in `tests/tls/` were made once with `openssl` (a CA, a leaf for `127.0.0.1`
//! signed by it, and an unrelated CA) and are valid for a hundred years.

use std::path::PathBuf;
use std::sync::Arc;

use codespaces_client::operations::codespaces::ListForAuthenticatedUserSuccess;
use codespaces_client::{Client, Error};
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_rustls::LazyConfigAcceptor;

const BODY: &str = r#"{"total_count":0,"codespaces":[]}"#;

fn certificate(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tls")
        .join(name)
}

/// What the server saw of one connection.
struct Seen {
    offered_protocols: Vec<Vec<u8>>,
    request_head: String,
}

/// Serves one HTTPS connection on 127.0.0.1 (HTTP/1.1 only) and reports what it saw; `None`
/// when the handshake did not complete.
async fn serve_once() -> (u16, oneshot::Receiver<Option<Seen>>) {
    let chain = CertificateDer::pem_file_iter(certificate("server.pem"))
        .expect("server.pem")
        .collect::<Result<Vec<_>, _>>()
        .expect("server.pem");
    let key = PrivateKeyDer::from_pem_file(certificate("server.key")).expect("server.key");
    let mut config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("certificate and key");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let (report, seen) = oneshot::channel();
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("accept");
        let Ok(start) = LazyConfigAcceptor::new(rustls::server::Acceptor::default(), tcp).await
        else {
            let _ = report.send(None);
            return;
        };
        let offered_protocols = start
            .client_hello()
            .alpn()
            .map(|protocols| protocols.map(<[u8]>::to_vec).collect())
            .unwrap_or_default();
        let Ok(mut tls) = start.into_stream(config).await else {
            let _ = report.send(None);
            return;
        };
        let mut head = Vec::new();
        let mut buffer = [0; 1024];
        while !head.ends_with(b"\r\n\r\n") {
            match tls.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(read) => head.extend_from_slice(&buffer[..read]),
            }
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{BODY}",
            BODY.len()
        );
        tls.write_all(response.as_bytes()).await.expect("write");
        tls.shutdown().await.expect("shutdown");
        let _ = report.send(Some(Seen {
            offered_protocols,
            request_head: String::from_utf8_lossy(&head).into_owned(),
        }));
    });
    (port, seen)
}

fn client_trusting(roots: &str, port: u16) -> Client {
    // SAFETY: this binary runs this one test; no other thread reads the environment while it
    // changes (clients read it when built, here, on this thread).
    unsafe { std::env::set_var("SSL_CERT_FILE", certificate(roots)) };
    Client::builder()
        .base_url(format!("https://127.0.0.1:{port}"))
        .token("ghp_tlsT0ken")
        .build()
        .expect("client")
}

#[tokio::test]
async fn https_works_with_a_trusted_certificate_and_fails_with_an_untrusted_one() {
    let (port, seen) = serve_once().await;
    let client = client_trusting("ca.pem", port);
    let response = client
        .codespaces()
        .list_for_authenticated_user()
        .send()
        .await
        .expect("the request succeeds over https");
    let ListForAuthenticatedUserSuccess::Ok(page) = response.body else {
        panic!("expected a 200 page, got {:?}", response.body);
    };
    assert_eq!(page.total_count, 0);
    let seen = seen
        .await
        .expect("server report")
        .expect("handshake completed");
    assert_eq!(
        seen.offered_protocols,
        [b"h2".to_vec(), b"http/1.1".to_vec()]
    );
    assert!(
        seen.request_head
            .starts_with("GET /user/codespaces HTTP/1.1\r\n"),
        "{}",
        seen.request_head
    );
    assert!(
        seen.request_head
            .to_ascii_lowercase()
            .contains("authorization: bearer ghp_tlst0ken"),
        "{}",
        seen.request_head
    );

    let (port, seen) = serve_once().await;
    let client = client_trusting("other-ca.pem", port);
    let error = client
        .codespaces()
        .list_for_authenticated_user()
        .send()
        .await
        .expect_err("a certificate from an untrusted issuer is refused");
    // Not retried: the same server would present the same certificate.
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(
        format!("{:?}", error).contains("UnknownIssuer"),
        "the verifier says why: {error:?}"
    );
    assert!(seen.await.expect("server report").is_none());
}
