//! Subresource Integrity (SRI) strings as the npm registry gives them in `dist.integrity`:
//! `sha512-<base64>`, possibly several space-separated hashes, each possibly with `?options`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha512};

/// The SRI string of `bytes` with SHA-512, as npm writes it.
pub(crate) fn sha512_sri(bytes: &[u8]) -> String {
    format!("sha512-{}", STANDARD.encode(Sha512::digest(bytes)))
}

/// Checks `bytes` against `integrity`: one of its SHA-512 digests must match.
///
/// Other algorithms are ignored, and an integrity with no SHA-512 digest is refused, because
/// the registry has given SHA-512 for every package published since 2017 and a weaker hash
/// (the old `sha1-`) would make the check decorative.
pub(crate) fn verify(bytes: &[u8], integrity: &str) -> Result<(), String> {
    let expected = sha512_digests(integrity)?;
    let actual = Sha512::digest(bytes);
    if expected
        .iter()
        .any(|digest| digest.as_slice() == actual.as_slice())
    {
        Ok(())
    } else {
        Err(format!("expected {integrity}, got {}", sha512_sri(bytes)))
    }
}

/// The SHA-512 digests in `integrity`, decoded.
fn sha512_digests(integrity: &str) -> Result<Vec<Vec<u8>>, String> {
    let mut digests = Vec::new();
    for hash in integrity.split_ascii_whitespace() {
        let Some(encoded) = hash.strip_prefix("sha512-") else {
            continue;
        };
        // Options follow a `?` and are not part of the digest.
        let encoded = encoded.split('?').next().unwrap_or_default();
        let digest = STANDARD
            .decode(encoded)
            .map_err(|e| format!("the integrity `{integrity}` is not valid base64 ({e})"))?;
        if digest.len() != 64 {
            return Err(format!(
                "the integrity `{integrity}` holds a {}-byte digest, not SHA-512's 64",
                digest.len()
            ));
        }
        digests.push(digest);
    }
    if digests.is_empty() {
        return Err(format!(
            "the integrity `{integrity}` has no sha512 digest, so the download cannot be verified"
        ));
    }
    Ok(digests)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_what_npm_records() {
        // `printf hello | openssl dgst -sha512 -binary | base64`
        let hello = "sha512-m3HSJL1i83hdltRq0+o9czGb+8KJDKra4t/3JRlnPKcjI8PZm6XBHXx6zG4UuMXaDEZjR1wuXDre9G9zvN7AQw==";
        assert_eq!(sha512_sri(b"hello"), hello);
        assert_eq!(verify(b"hello", hello), Ok(()));
    }

    #[test]
    fn any_of_several_hashes_may_match_and_options_are_ignored() {
        let other = sha512_sri(b"other");
        let integrity = format!("sha1-abc= {other}?foo {}?bar", sha512_sri(b"hello"));
        assert_eq!(verify(b"hello", &integrity), Ok(()));
    }

    #[test]
    fn a_mismatch_names_both_digests() {
        let error = verify(b"hello!", &sha512_sri(b"hello")).unwrap_err();
        assert_eq!(
            error,
            format!(
                "expected {}, got {}",
                sha512_sri(b"hello"),
                sha512_sri(b"hello!")
            )
        );
    }

    #[test]
    fn unverifiable_integrity_is_refused() {
        for (integrity, expected) in [
            ("sha1-qUqP5cyxm6YcTAhz05Hph5gvu9M=", "has no sha512 digest"),
            ("", "has no sha512 digest"),
            ("sha512-not*base64", "is not valid base64"),
            ("sha512-aGVsbG8=", "holds a 5-byte digest, not SHA-512's 64"),
        ] {
            let error = verify(b"hello", integrity).unwrap_err();
            assert!(error.contains(expected), "{integrity}: {error}");
        }
    }
}
