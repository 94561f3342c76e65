//! The pinned tarballs, from the cache under `target/` or else from the npm registry, checked
//! against their pinned integrity either way.

use std::fs;
use std::path::Path;

use super::list::Pinned;
use crate::vendor::registry;

/// The tarball of every package, in the order of the list. The registry is looked up at the
/// first download, so a warm cache needs neither npm nor the network.
pub fn tarballs(cache: &Path, packages: &[Pinned]) -> Result<Vec<Vec<u8>>, String> {
    fs::create_dir_all(cache)
        .map_err(|error| format!("cannot create {}: {error}", cache.display()))?;
    let mut registry_url = None;
    packages
        .iter()
        .map(|package| tarball(cache, &mut registry_url, package))
        .collect()
}

/// One tarball: the cached copy when it still matches the pinned integrity, else a download
/// (which must match too), then cached. `registry_url` is filled in at the first download.
fn tarball(
    cache: &Path,
    registry_url: &mut Option<String>,
    package: &Pinned,
) -> Result<Vec<u8>, String> {
    let path = cache.join(package.tarball_file_name());
    if let Ok(bytes) = fs::read(&path) {
        match registry::verify_pinned(&bytes, &package.integrity) {
            Ok(()) => {
                println!("    {}: cached, integrity checked", package.label());
                return Ok(bytes);
            }
            Err(why) => println!(
                "    {}: the cached {} {why}; downloading again",
                package.label(),
                path.display()
            ),
        }
    }
    let registry_url = match registry_url {
        Some(url) => url,
        None => registry_url.insert(registry::configured_registry()?),
    };
    println!("    {}: downloading from {registry_url}", package.label());
    let bytes = registry::fetch_pinned(
        registry_url,
        &package.name,
        &package.version,
        &package.integrity,
    )?;
    // Written beside and renamed, so that an interrupted write never looks like a cached copy.
    let partial = path.with_extension("tgz.partial");
    fs::write(&partial, &bytes)
        .and_then(|()| fs::rename(&partial, &path))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(bytes)
}
