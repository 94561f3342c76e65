//! The TLS configuration every client connects with: rustls with the crypto provider the
//! crate's features choose, `tls-aws-lc` (the default) or `tls-ring`.
//!
//! ring exists as an option because building aws-lc-sys's C library is most of a cold build of
//! this crate (see BENCHMARKS.md); ring covers what public APIs negotiate (TLS 1.3 and 1.2
//! with ECDHE). The provider is passed to reqwest per client rather than installed as the
//! process-wide default, so an application stays free to install its own.

use std::sync::Arc;

use rustls::ClientConfig;
use rustls::crypto::CryptoProvider;
use rustls_platform_verifier::BuilderVerifierExt;

#[cfg(not(any(feature = "tls-aws-lc", feature = "tls-ring")))]
compile_error!("enable a TLS provider: the feature `tls-aws-lc` (default) or `tls-ring`");

/// The provider the features select; ring when both are enabled.
fn provider() -> CryptoProvider {
    #[cfg(feature = "tls-ring")]
    return rustls::crypto::ring::default_provider();
    #[cfg(all(feature = "tls-aws-lc", not(feature = "tls-ring")))]
    return rustls::crypto::aws_lc_rs::default_provider();
}

/// A client configuration that verifies servers against the platform's trust store (as
/// reqwest's own rustls configuration does) and offers HTTP/2 and HTTP/1.1 by ALPN.
pub(crate) fn client_config() -> Result<ClientConfig, rustls::Error> {
    let mut config = ClientConfig::builder_with_provider(Arc::new(provider()))
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth();
    // reqwest leaves a preconfigured ALPN list alone, so it is set here as reqwest would.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_http2_first_and_tls_1_3() {
        let config = client_config().expect("the platform verifier loads");
        assert_eq!(
            config.alpn_protocols,
            [b"h2".to_vec(), b"http/1.1".to_vec()]
        );
        assert!(
            config
                .crypto_provider()
                .cipher_suites
                .iter()
                .any(|suite| suite.version() == &rustls::version::TLS13),
            "TLS 1.3 suites are offered"
        );
    }
}
