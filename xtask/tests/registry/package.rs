//! What a registry serves, built in the test: package tarballs and their npm integrity.
//! Shared by `tests/registry` and `tests/real_corpus`.

use std::io::Write;

use base64::Engine;
use sha2::{Digest, Sha512};

/// A package tarball: `package/` and the files under it.
pub fn tarball(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, contents) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(contents.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, format!("package/{path}"), *contents)
            .expect("a tar entry");
    }
    let tar = builder.into_inner().expect("a tar");
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(&tar).expect("gzip");
    gzip.finish().expect("gzip")
}

/// The SRI string npm records for `bytes`.
pub fn integrity(bytes: &[u8]) -> String {
    let digest = Sha512::digest(bytes);
    format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}
