//! One file out of an npm package tarball (a gzipped tar whose entries sit under one top folder,
//! `package/` by convention).

use std::io::Read;

use flate2::read::GzDecoder;

/// Why a file could not be taken from a tarball.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ExtractError {
    /// The gzip stream or the tar archive is broken (for example cut short).
    Damaged(String),
    /// The archive is whole but has no such file; the `.json` files of `generated/` it does have.
    Missing { descriptions: Vec<String> },
}

/// The bytes of the file at `wanted` (such as `generated/api.github.com.json`), relative to the
/// package's top folder.
///
/// The archive is read as a stream and only the wanted file is kept in memory: 23.0.2 unpacks to
/// 400 MB, mostly descriptions that are not asked for. Reading stops at the wanted file; the
/// caller has already checked the tarball's integrity, so the rest cannot change the answer.
pub(crate) fn extract(tgz: &[u8], wanted: &str) -> Result<Vec<u8>, ExtractError> {
    let damaged = |e: std::io::Error| ExtractError::Damaged(e.to_string());
    let mut archive = tar::Archive::new(GzDecoder::new(tgz));
    let mut descriptions = Vec::new();
    for entry in archive.entries().map_err(damaged)? {
        let mut entry = entry.map_err(damaged)?;
        let path = entry.path().map_err(damaged)?.into_owned();
        // npm strips the first component whatever its name, so do the same.
        let inside: Vec<String> = path
            .components()
            .skip(1)
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        if inside.join("/") == wanted {
            let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
            entry.read_to_end(&mut bytes).map_err(damaged)?;
            return Ok(bytes);
        }
        if let [folder, file] = inside.as_slice()
            && folder == "generated"
            && let Some(name) = file.strip_suffix(".json")
        {
            descriptions.push(name.to_owned());
        }
    }
    descriptions.sort();
    Err(ExtractError::Missing { descriptions })
}

/// Calls `visit` with the path (relative to the package's top folder) and the bytes of every
/// regular file for which `wanted` holds, in archive order, reading the archive as a stream.
/// `visit` may stop the walk with an error, which is returned as it is.
pub(crate) fn for_each_file(
    tgz: &[u8],
    wanted: impl Fn(&str) -> bool,
    mut visit: impl FnMut(String, Vec<u8>) -> Result<(), String>,
) -> Result<(), String> {
    let damaged = |e: std::io::Error| format!("the tarball is damaged: {e}");
    let mut archive = tar::Archive::new(GzDecoder::new(tgz));
    for entry in archive.entries().map_err(damaged)? {
        let mut entry = entry.map_err(damaged)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path().map_err(damaged)?.into_owned();
        let inside: Vec<String> = path
            .components()
            .skip(1)
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        let inside = inside.join("/");
        if !wanted(&inside) {
            continue;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry.read_to_end(&mut bytes).map_err(damaged)?;
        visit(inside, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A gzipped tar of `(path, contents)`.
    fn tgz(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (path, contents) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(contents.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, path, *contents).unwrap();
        }
        let tar = builder.into_inner().unwrap();
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gzip.write_all(&tar).unwrap();
        gzip.finish().unwrap()
    }

    #[test]
    fn takes_the_file_under_any_top_folder() {
        let archive = tgz(&[
            ("package/package.json", b"{}"),
            ("package/generated/ghec.json", b"ghec"),
            ("package/generated/api.github.com.json", b"dotcom"),
        ]);
        assert_eq!(
            extract(&archive, "generated/api.github.com.json"),
            Ok(b"dotcom".to_vec())
        );
        let other_top = tgz(&[("openapi/generated/ghec.json", b"ghec")]);
        assert_eq!(
            extract(&other_top, "generated/ghec.json"),
            Ok(b"ghec".to_vec())
        );
    }

    #[test]
    fn a_missing_file_lists_the_descriptions_there_are() {
        let archive = tgz(&[
            ("package/generated/ghes-3.19.json", b"{}"),
            ("package/generated/README.md", b"#"),
            ("package/generated/api.github.com.json", b"{}"),
            ("package/index.json", b"{}"),
        ]);
        assert_eq!(
            extract(&archive, "generated/ghec.json"),
            Err(ExtractError::Missing {
                descriptions: vec!["api.github.com".to_owned(), "ghes-3.19".to_owned()]
            })
        );
    }

    /// Bytes that do not compress, so that a cut lands where the test puts it.
    fn noise(length: usize, seed: u32) -> Vec<u8> {
        let mut state = seed;
        (0..length)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn a_cut_archive_is_damaged_when_cut_before_the_file_ends() {
        let (first, wanted) = (noise(20_000, 1), noise(20_000, 2));
        let archive = tgz(&[
            ("package/generated/ghec.json", &first),
            ("package/generated/api.github.com.json", &wanted),
        ]);
        // In the gzip header, in the first file, in the wanted one.
        for keep in [5, archive.len() / 4, archive.len() * 3 / 4] {
            let result = extract(&archive[..keep], "generated/api.github.com.json");
            assert!(
                matches!(result, Err(ExtractError::Damaged(_))),
                "cut at {keep} of {}: not refused as damaged",
                archive.len()
            );
        }
        assert_eq!(
            extract(&archive, "generated/api.github.com.json"),
            Ok(wanted)
        );
    }

    #[test]
    fn every_wanted_file_is_visited_in_order() {
        let archive = tgz(&[
            ("package/package.json", b"{}"),
            ("package/api/a.json", b"a"),
            ("package/api/b/c.yaml", b"c"),
        ]);
        let mut seen = Vec::new();
        for_each_file(
            &archive,
            |path| path.starts_with("api/"),
            |path, bytes| {
                seen.push((path, bytes));
                Ok(())
            },
        )
        .expect("the archive is whole");
        assert_eq!(
            seen,
            vec![
                ("api/a.json".to_owned(), b"a".to_vec()),
                ("api/b/c.yaml".to_owned(), b"c".to_vec())
            ]
        );
        let stopped = for_each_file(&archive, |_| true, |path, _| Err(format!("stop at {path}")));
        assert_eq!(stopped, Err("stop at package.json".to_owned()));
        let cut = for_each_file(&archive[..archive.len() / 2], |_| true, |_, _| Ok(()));
        assert!(cut.is_err_and(|error| error.starts_with("the tarball is damaged")));
    }
}
