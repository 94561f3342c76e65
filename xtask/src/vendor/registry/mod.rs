//! GitHub's descriptions as published in the npm package `@octokit/openapi`, fetched from the
//! npm registry for `cargo xtask vendor --version X`, `--latest` and `--check-latest`; and any
//! package pinned by name, version and integrity ([`fetch_pinned`]), for
//! `cargo xtask check-corpus --real`.
//!
//! The registry is the one npm itself would use: `npm_config_registry` when set, else what
//! `npm config get registry` answers (npm's own default included). The package document (`/{name}`, the scoped name encoded as npm encodes it:
//! `@octokit%2fopenapi`) gives the versions, `dist-tags.latest`, and for each version the
//! tarball's address and its `dist.integrity`. The tarball is downloaded whole, checked against
//! that integrity (SHA-512) before anything in it is read, and only the wanted description is
//! unpacked ([`tarball`]). npm is asked for its configured registry and nothing else.
//!
//! Every failure (offline, an unknown version, an integrity mismatch, a download cut short, a
//! damaged tarball, a description the package does not have) is a one-line error, returned
//! before vendoring writes anything.

mod integrity;
pub(crate) mod tarball;

use std::time::Duration;

use serde_json::Value;
use ureq::tls::{RootCerts, TlsConfig};

/// The package GitHub's descriptions are published in, with Octokit's `x-octokit` extension.
pub(crate) const PACKAGE: &str = "@octokit/openapi";

/// The description taken from the package unless `--description` names another: GitHub.com's.
pub(crate) const DEFAULT_DESCRIPTION: &str = "api.github.com";

/// The most a download may hold. 23.0.2's tarball is 29 MB; this only stops a runaway response.
const MAX_DOWNLOAD_BYTES: u64 = 1 << 30;

/// What `Accept` npm sends for a package document: the abbreviated form, which has all that is
/// needed here and is much smaller, else the full one.
const PACKAGE_DOCUMENT_ACCEPT: &str =
    "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*";

/// Which version of the package to take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// `--latest`: the version `dist-tags.latest` names.
    Latest,
    /// `--version X`.
    Version(String),
}

/// A description taken from a published version of the package, as `PROVENANCE.md` records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Package {
    /// The package version, as published.
    pub(crate) version: String,
    /// The registry's `dist.integrity` for the tarball, which the download matched.
    pub(crate) integrity: String,
    /// The description's name: `api.github.com`, `ghec`, `ghes-3.19`, ...
    pub(crate) description: String,
}

impl Package {
    /// The description's path inside the package.
    pub(crate) fn path_in_package(&self) -> String {
        path_in_package(&self.description)
    }
}

/// The registry npm would use here: `npm_config_registry` (npm reads its settings from the
/// environment in either case), else the one npm is configured with.
///
/// # Errors
///
/// When neither is set and npm cannot be asked.
pub(crate) fn configured_registry() -> Result<String, String> {
    let from_env = ["npm_config_registry", "NPM_CONFIG_REGISTRY"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty());
    if let Some(registry) = from_env {
        return Ok(registry.trim().to_owned());
    }
    let unset = || {
        "no npm registry is configured: set npm_config_registry to the registry's address, or \
         install npm, whose configured registry is then used"
            .to_owned()
    };
    let output = std::process::Command::new("npm")
        .args(["config", "get", "registry"])
        .output()
        .map_err(|_| unset())?;
    let answer = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if output.status.success() && answer.contains("://") {
        Ok(answer)
    } else {
        Err(unset())
    }
}

/// Downloads `description` of the `wanted` version from `registry`, checked against the
/// registry's integrity, and returns where it came from and the document's bytes.
pub(crate) fn fetch(
    registry: &str,
    wanted: &Wanted,
    description: &str,
) -> Result<(Package, Vec<u8>), String> {
    check_description_name(description)?;
    let client = Client::new(registry);
    let registry = client.registry.as_str();
    let document = client.package_document(PACKAGE)?;
    let version = match wanted {
        Wanted::Latest => latest_in(&document, registry)?,
        Wanted::Version(version) => version.clone(),
    };
    let dist = document
        .get("versions")
        .and_then(|versions| versions.get(&version))
        .ok_or_else(|| unknown_version(&document, &version, registry))?
        .get("dist");
    // The version goes into a comment line of the YAML and into Markdown: a registry must not
    // be able to put anything but a version there.
    check_version_text(&version)?;
    let label = format!("{PACKAGE}@{version}");
    let field = |name: &str| {
        dist.and_then(|dist| dist.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| {
                format!("the registry gives no `dist.{name}` for {label}, so it cannot be fetched and verified")
            })
    };
    let (tarball_url, integrity) = (field("tarball")?, field("integrity")?);
    let tarball_url = mirror_tarball_url(&tarball_url, registry, PACKAGE);
    let tgz = client.download(&tarball_url)?;
    integrity::verify(&tgz, &integrity).map_err(|why| {
        format!("the tarball of {label} from {tarball_url} does not match the registry's integrity: {why}")
    })?;
    let path = path_in_package(description);
    let bytes = tarball::extract(&tgz, &path).map_err(|error| match error {
        tarball::ExtractError::Damaged(why) => {
            format!("the tarball of {label} is damaged (it matches the registry's integrity, so it was published so): {why}")
        }
        tarball::ExtractError::Missing { descriptions } => format!(
            "{label} has no {path}; its descriptions are: {}",
            if descriptions.is_empty() { "none".to_owned() } else { descriptions.join(", ") }
        ),
    })?;
    let package = Package {
        version,
        integrity,
        description: description.to_owned(),
    };
    Ok((package, bytes))
}

/// The version `dist-tags.latest` names in `registry`.
pub(crate) fn latest_version(registry: &str) -> Result<String, String> {
    let client = Client::new(registry);
    let latest = latest_in(&client.package_document(PACKAGE)?, &client.registry)?;
    check_version_text(&latest)?;
    Ok(latest)
}

/// The tarball of `package@version` from `registry`, checked against `integrity` (an SRI string
/// with a SHA-512 digest, pinned by the caller) before it is returned. The registry's own
/// `dist.integrity` is not trusted in its place: a pinned download is the pinned bytes or an error.
pub(crate) fn fetch_pinned(
    registry: &str,
    package: &str,
    version: &str,
    integrity: &str,
) -> Result<Vec<u8>, String> {
    let client = Client::new(registry);
    let document = client.package_document(package)?;
    let label = format!("{package}@{version}");
    let tarball_url = document
        .get("versions")
        .and_then(|versions| versions.get(version))
        .and_then(|entry| entry.get("dist"))
        .and_then(|dist| dist.get("tarball"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            format!(
                "the registry at {} gives no `dist.tarball` for {label}",
                client.registry
            )
        })?;
    let tarball_url = mirror_tarball_url(tarball_url, &client.registry, package);
    let tgz = client.download(&tarball_url)?;
    verify_pinned(&tgz, integrity)
        .map_err(|why| format!("the tarball of {label} from {tarball_url} {why}"))?;
    Ok(tgz)
}

/// Checks downloaded or cached bytes against a pinned integrity; the error completes a sentence
/// that names the bytes.
pub(crate) fn verify_pinned(bytes: &[u8], integrity: &str) -> Result<(), String> {
    integrity::verify(bytes, integrity)
        .map_err(|why| format!("does not match the pinned integrity: {why}"))
}

/// `dist-tags.latest` of a package document.
fn latest_in(document: &Value, registry: &str) -> Result<String, String> {
    document
        .get("dist-tags")
        .and_then(|tags| tags.get("latest"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            format!("the registry at {registry} gives no `dist-tags.latest` for {PACKAGE}")
        })
}

/// The error for a version the package document does not list, with the newest ones it does.
fn unknown_version(document: &Value, version: &str, registry: &str) -> String {
    let known: Vec<&str> = document
        .get("versions")
        .and_then(Value::as_object)
        .map(|versions| versions.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let newest = known.len().saturating_sub(5);
    format!(
        "{PACKAGE} has no version {version} in the registry at {registry} (its last versions: {})",
        if known.is_empty() {
            "none".to_owned()
        } else {
            known[newest..].join(", ")
        }
    )
}

/// Refuses a version that is not plain version text (digits, letters, `.`, `-`, `+`).
fn check_version_text(version: &str) -> Result<(), String> {
    let plain = !version.is_empty()
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    if plain {
        Ok(())
    } else {
        Err(format!(
            "the registry names a version of {PACKAGE} that is not a version: {version:?}"
        ))
    }
}

/// `generated/{description}.json`.
fn path_in_package(description: &str) -> String {
    format!("generated/{description}.json")
}

/// Refuses a `--description` that is not a plain file name of the package's `generated/`.
fn check_description_name(description: &str) -> Result<(), String> {
    let plain = !description.is_empty()
        && !description.starts_with('.')
        && description
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if plain && !description.ends_with(".json") {
        return Ok(());
    }
    Err(format!(
        "--description takes the name of a description in the package's generated/ folder, \
         without `.json`, such as {DEFAULT_DESCRIPTION}, ghec or ghes-3.19 (got `{description}`)"
    ))
}

/// The package document's address: a scoped name's `/` is encoded, as npm does.
fn package_document_url(registry: &str, package: &str) -> String {
    format!("{registry}{}", package.replace('/', "%2f"))
}

/// A tarball address of `package` at another registry, moved to `registry`, much as npm
/// does by default (its `replace-registry-host` setting): mirrors often serve another
/// registry's package documents unchanged, with that registry's tarball addresses. Only an
/// address in the registries' layout (`{origin}/{package}/-/{file}`) is moved; what is
/// downloaded is checked against the document's integrity wherever it comes from.
fn mirror_tarball_url(tarball_url: &str, registry: &str, package: &str) -> String {
    if tarball_url.starts_with(registry) {
        return tarball_url.to_owned();
    }
    let layout = format!("/{package}/-/");
    match tarball_url.find(&layout) {
        Some(start) if tarball_url[..start].matches('/').count() == 2 => {
            format!("{registry}{}", &tarball_url[start + 1..])
        }
        _ => tarball_url.to_owned(),
    }
}

/// An HTTP client for one registry.
struct Client {
    /// The registry's address, ending with `/`.
    registry: String,
    agent: ureq::Agent,
}

impl Client {
    fn new(registry: &str) -> Client {
        let registry = if registry.ends_with('/') {
            registry.to_owned()
        } else {
            format!("{registry}/")
        };
        let agent = ureq::Agent::config_builder()
            // The platform's trust store, not a bundled one: company proxies that inspect TLS
            // install their own authority there, and npm trusts it too.
            .tls_config(
                TlsConfig::builder()
                    .root_certs(RootCerts::PlatformVerifier)
                    .build(),
            )
            .timeout_connect(Some(Duration::from_secs(30)))
            .timeout_global(Some(Duration::from_secs(600)))
            // Statuses are answers worth reporting as such, not transport failures.
            .http_status_as_error(false)
            .user_agent(concat!(
                "codespaces-client-xtask/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .new_agent();
        Client { registry, agent }
    }

    /// The document of `package`, parsed.
    fn package_document(&self, package: &str) -> Result<Value, String> {
        let url = package_document_url(&self.registry, package);
        let bytes = self
            .get(&url, PACKAGE_DOCUMENT_ACCEPT)
            .map_err(|error| match error {
                GetError::Status(404, _) => format!(
                    "the registry at {} has no package {package} ({url} answered 404)",
                    self.registry
                ),
                other => other.describe(&self.registry),
            })?;
        serde_json::from_slice(&bytes)
            .map_err(|e| format!("the registry's document for {package} at {url} is not JSON: {e}"))
    }

    /// The bytes at `url`.
    fn download(&self, url: &str) -> Result<Vec<u8>, String> {
        self.get(url, "*/*")
            .map_err(|error| error.describe(&self.registry))
    }

    fn get(&self, url: &str, accept: &str) -> Result<Vec<u8>, GetError> {
        let mut response = self
            .agent
            .get(url)
            .header("Accept", accept)
            .call()
            .map_err(|error| GetError::Unreachable(url.to_owned(), error))?;
        let status = response.status();
        if !status.is_success() {
            return Err(GetError::Status(status.as_u16(), url.to_owned()));
        }
        response
            .body_mut()
            .with_config()
            .limit(MAX_DOWNLOAD_BYTES)
            .read_to_vec()
            .map_err(|error| GetError::BrokenOff(url.to_owned(), error))
    }
}

/// Why a download failed.
enum GetError {
    /// No answer at all: offline, refused, unknown host, TLS refused.
    Unreachable(String, ureq::Error),
    /// An answer other than success.
    Status(u16, String),
    /// The answer started but did not arrive whole.
    BrokenOff(String, ureq::Error),
}

impl GetError {
    fn describe(&self, registry: &str) -> String {
        match self {
            GetError::Unreachable(url, error) => format!(
                "cannot reach {url}: {error} (offline? the npm registry used is {registry}; \
                 npm_config_registry chooses another)"
            ),
            GetError::Status(status, url) => format!("{url} answered {status}"),
            GetError::BrokenOff(url, error) => {
                format!("the download of {url} broke off: {error}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scoped_name_is_encoded_as_npm_does() {
        assert_eq!(
            package_document_url("http://127.0.0.1:1/", PACKAGE),
            "http://127.0.0.1:1/@octokit%2fopenapi"
        );
        assert_eq!(
            Client::new("http://127.0.0.1:1/npm").registry,
            "http://127.0.0.1:1/npm/"
        );
    }

    #[test]
    fn tarball_addresses_of_another_registry_move_to_the_registry_in_use() {
        let upstream = "https://upstream.example/@octokit/openapi/-/openapi-1.0.0.tgz";
        let mirror = "http://127.0.0.1:1/npm/";
        assert_eq!(
            mirror_tarball_url(upstream, mirror, PACKAGE),
            "http://127.0.0.1:1/npm/@octokit/openapi/-/openapi-1.0.0.tgz"
        );
        let own = "http://127.0.0.1:1/npm/@octokit/openapi/-/openapi-1.0.0.tgz";
        assert_eq!(mirror_tarball_url(own, mirror, PACKAGE), own);
        // Not in the registries' layout: a host of its own, or the layout below a path.
        for elsewhere in [
            "http://127.0.0.1:2/openapi-1.0.0.tgz",
            "http://127.0.0.1:2/cdn/@octokit/openapi/-/openapi-1.0.0.tgz",
        ] {
            assert_eq!(mirror_tarball_url(elsewhere, mirror, PACKAGE), elsewhere);
        }
    }

    #[test]
    fn versions_are_plain_text() {
        for good in ["23.0.2", "1.0.0-beta.1+build.5"] {
            assert_eq!(check_version_text(good), Ok(()), "{good}");
        }
        for bad in ["", "1.0.0\nopenapi: 3.1.0", "1.0.0 | x", "`1`"] {
            let error = check_version_text(bad).unwrap_err();
            assert!(error.ends_with(&format!("{bad:?}")), "{error}");
        }
    }

    #[test]
    fn description_names_are_plain_file_names() {
        for good in [
            "api.github.com",
            "ghec",
            "ghes-3.19",
            "api.github.com.2026-03-10",
        ] {
            assert_eq!(check_description_name(good), Ok(()), "{good}");
        }
        for bad in ["", "../x", "generated/ghec", ".hidden", "ghec.json", "a b"] {
            let error = check_description_name(bad).unwrap_err();
            assert!(error.contains(&format!("(got `{bad}`)")), "{error}");
        }
    }
}
