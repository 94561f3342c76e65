//! `cargo xtask vendor`: cut `spec/codespaces.yaml` out of GitHub's full REST description.
//!
//! The full description holds more than a thousand operations and changes in places this client
//! never touches. Vendoring keeps only the operations chosen by the selection rule and the
//! components they reach through `$ref`, applies the reviewed overrides in `spec/overrides.yaml`,
//! writes the result in a canonical order so that a rerun on the same input is byte-identical,
//! and records where the cut came from (and which overrides were applied) in `spec/PROVENANCE.md`.
//!
//! The steps, one file each:
//!
//! 1. [`read`]: read the input (gzip recognised by content), parse JSON or YAML, require
//!    OpenAPI 3.0.x and note the title, version and checksum. The input is a file (`--from`)
//!    or a description of a published version of `@octokit/openapi` that [`registry`]
//!    downloads and verifies (`--version X`, `--latest`); both become one [`Input`].
//! 2. [`select`]: keep the operations the selection rule (`spec/selection.yaml`) picks, close
//!    over the components they reference and assemble the vendored fragment.
//! 3. [`overrides`]: patch known inaccuracies of the upstream description into the fragment.
//! 4. [`api_version`]: find the `X-GitHub-Api-Version` the description describes.
//! 5. [`render`]: render the YAML, `PROVENANCE.md` and `api-version.txt`, then write all or
//!    none of them.
//!
//! After writing, it prints the change report of `cargo xtask diff` between the fragment it
//! replaced and the new one, with what each override did, ready for the pull request
//! (`--report FILE` writes it to a file as well). [`options`] reads the command line.
//!
//! # Selection
//!
//! `spec/selection.yaml` (read from the directory vendor writes into; required) says which
//! operations are kept, by the values of their `x-github` extension:
//!
//! ```yaml
//! keep:
//! - category: codespaces
//! ```
//!
//! An operation is kept when it matches an entry of `keep`: its `x-github.category` is the
//! entry's `category` and, when the entry names one, its `x-github.subcategory` is the entry's
//! `subcategory`. A rule that matches nothing in the input fails vendoring, and the error names
//! the category and subcategory under which the input files operations tagged like the rule's
//! categories, in case upstream moved them.
//!
//! # Overrides
//!
//! `spec/overrides.yaml` (read from the directory vendor writes into; no file means no
//! overrides) lists reviewed fixes for known inaccuracies in GitHub's description:
//!
//! ```yaml
//! overrides:
//! - pointer: /components/responses/accepted/content/application~1json/schema/nullable
//!   value: true
//!   reason: Why the upstream text is wrong and why this value is right.
//!   upstream: https://github.com/github/rest-api-description/issues
//! ```
//!
//! Each entry sets the JSON value at `pointer` (RFC 6901, relative to the vendored fragment's
//! root, so `/components/...`, not `#/components/...`) to `value`, in file order. The pointer's
//! parent must exist in the fragment: an object gets the key set or added, an array gets an
//! existing index replaced. Errors name an override by its position in the list, counting from
//! 1, and its pointer. `reason` and `upstream` (the upstream report, or the repository's issue
//! list when none is filed) are required; every override and its effect is listed in
//! `PROVENANCE.md` and in the printed report.
//!
//! The same file must work for every upstream version one may vendor, older or newer, so an
//! override never fails only because of the version (see ARCHITECTURE.md, "Overrides across
//! versions"):
//!
//! - a value already there upstream is not an error but the effect "not needed", shown in the
//!   report, so a fix that upstream has made is noticed and removed once no version needs it;
//! - a place that does not exist fails vendoring ("no longer applies": a typo, or upstream moved
//!   what the override fixes), unless the entry says `if_absent: skip` because the place exists
//!   only in some versions; then the effect is "skipped".
//!
//! Vendor fails, and writes nothing, when an override's pointer is malformed, when two overrides
//! set the same place or one a place inside the other, and when a value holds a `$ref` the
//! fragment cannot resolve.
//!
//! Everything, overrides included, is computed before the first write, so on error the spec
//! directory is left as it was.

pub(crate) mod api_version;
pub(crate) mod options;
pub(crate) mod overrides;
pub(crate) mod registry;

// Document reading is shared with `diff`, `generate` and `check-large`; vendoring's own modules
// reach it under these names.
use crate::document::{pointer, read};
mod render;
mod select;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diff;
use api_version::ApiVersion;

/// The vendored description, inside the spec directory.
const SPEC_FILE: &str = "codespaces.yaml";

/// The record of where the vendored description came from, inside the spec directory.
const PROVENANCE_FILE: &str = "PROVENANCE.md";

/// The reviewed fixes applied after the cut, inside the spec directory.
const OVERRIDES_FILE: &str = "overrides.yaml";

/// The reviewed rule that says which operations are kept, inside the spec directory.
const SELECTION_FILE: &str = "selection.yaml";

/// The `X-GitHub-Api-Version` the fragment describes, inside the spec directory: the bare value
/// (`2022-11-28`, no newline), so that the client can take it as it is, with no Markdown to parse.
pub(crate) const API_VERSION_FILE: &str = "api-version.txt";

/// A description read into memory, with what the outputs say about where it came from.
pub(crate) struct Input {
    /// The document, decompressed.
    pub(crate) bytes: Vec<u8>,
    /// Names the input at the start of error messages: its path, or the package and the file.
    pub(crate) label: String,
    pub(crate) origin: Origin,
}

/// Where a description came from, as the outputs record it.
pub(crate) enum Origin {
    /// A file given with `--from`: its name without the directory, so that the outputs do not
    /// depend on the machine.
    File { file_name: String },
    /// A description of a published version of `@octokit/openapi`.
    Package(registry::Package),
}

impl Input {
    /// Reads the file at `from` (gzip recognised by content).
    pub(crate) fn from_file(from: &Path) -> Result<Input, String> {
        Ok(Input {
            origin: Origin::File {
                file_name: read::display_file_name(from)?,
            },
            bytes: read::read_document_bytes(from)?,
            label: from.display().to_string(),
        })
    }

    /// Downloads `description` of the `wanted` version of `@octokit/openapi` from `registry`.
    pub(crate) fn from_registry(
        registry: &str,
        wanted: &registry::Wanted,
        description: &str,
    ) -> Result<Input, String> {
        let (package, bytes) = registry::fetch(registry, wanted, description)?;
        let origin = Origin::Package(package);
        Ok(Input {
            bytes,
            label: origin.describe(),
            origin,
        })
    }
}

impl Origin {
    /// The upstream file name, which dated descriptions carry their API version in.
    fn upstream_file_name(&self) -> String {
        match self {
            Origin::File { file_name } => file_name.clone(),
            Origin::Package(package) => format!("{}.json", package.description),
        }
    }

    /// How the summary line names the source.
    fn describe(&self) -> String {
        match self {
            Origin::File { file_name } => file_name.clone(),
            Origin::Package(package) => format!(
                "{}@{} {}",
                registry::PACKAGE,
                package.version,
                package.path_in_package()
            ),
        }
    }

    /// The command named in the YAML header.
    fn header_command(&self) -> String {
        match self {
            Origin::File { file_name } => format!("cargo xtask vendor --from {file_name}"),
            Origin::Package(_) => self.rebuild_command(),
        }
    }

    /// The command that rebuilds the fragment, for `PROVENANCE.md`.
    fn rebuild_command(&self) -> String {
        match self {
            Origin::File { file_name } => format!("cargo xtask vendor --from path/to/{file_name}"),
            Origin::Package(package) if package.description == registry::DEFAULT_DESCRIPTION => {
                format!("cargo xtask vendor --version {}", package.version)
            }
            Origin::Package(package) => format!(
                "cargo xtask vendor --version {} --description {}",
                package.version, package.description
            ),
        }
    }
}

/// The rendered outputs and the report, computed before anything is written.
struct Vendored {
    yaml: String,
    provenance: String,
    api_version: ApiVersion,
    summary: String,
    /// The change report against the fragment being replaced, in Markdown.
    report: String,
}

/// Vendors the part of the description at `from` that the rule in `spec_dir/selection.yaml`
/// selects into `spec_dir`, applying the overrides in `spec_dir/overrides.yaml` when that file
/// exists.
///
/// Everything is computed before the first write, so on error `spec_dir` is left as it was.
#[cfg(test)]
fn run(from: &Path, spec_dir: &Path) -> Result<(), String> {
    run_with(&options::Source::File(from.to_path_buf()), spec_dir, None)
}

/// Runs the command line `cargo xtask vendor ...` read by [`options::parse`], in the spec
/// directory of the workspace at `root` unless `--spec-dir` names another.
pub fn run_options(root: &Path, options: &options::Options) -> Result<(), String> {
    let spec_dir = options
        .spec_dir
        .clone()
        .unwrap_or_else(|| root.join("spec"));
    match &options.command {
        options::Command::Vendor(source) => run_with(source, &spec_dir, options.report.as_deref()),
        options::Command::CheckLatest => check_latest(&spec_dir),
    }
}

/// `--check-latest`: prints the vendored version and the registry's latest, and fails when
/// they differ, so that a scheduled job or a person sees that a refresh is due.
fn check_latest(spec_dir: &Path) -> Result<(), String> {
    let spec_file = spec_dir.join(SPEC_FILE);
    let bytes = std::fs::read(&spec_file)
        .map_err(|e| format!("cannot read {}: {e}", spec_file.display()))?;
    let vendored = read::parse_document(&bytes)
        .ok()
        .and_then(|fragment| {
            fragment
                .get("info")?
                .get("version")?
                .as_str()
                .map(str::to_owned)
        })
        .ok_or_else(|| format!("{}: no `info.version` to compare", spec_file.display()))?;
    let newest = registry::latest_version(&registry::configured_registry()?)?;
    println!("vendored: {vendored} ({})", spec_file.display());
    println!(
        "newest:   {newest} ({}, dist-tags.latest)",
        registry::PACKAGE
    );
    if vendored == newest {
        Ok(())
    } else {
        Err(format!(
            "the vendored {vendored} is not the latest {newest}: `cargo xtask vendor --latest` refreshes it"
        ))
    }
}

/// Vendors from `source` into `spec_dir`, then writes the report to `report` when given.
fn run_with(
    source: &options::Source,
    spec_dir: &Path,
    report: Option<&Path>,
) -> Result<(), String> {
    // The overrides file is small and read first, so that a broken one fails fast.
    let overrides = load_overrides(spec_dir)?;
    let input = match source {
        options::Source::File(path) => Input::from_file(path)?,
        options::Source::Registry {
            wanted,
            description,
        } => Input::from_registry(&registry::configured_registry()?, wanted, description)?,
    };
    let vendored = vendor_input(&input, &overrides, spec_dir)?;
    render::write_all_or_nothing(
        spec_dir,
        &[
            (SPEC_FILE, vendored.yaml.as_str()),
            (PROVENANCE_FILE, vendored.provenance.as_str()),
            (API_VERSION_FILE, vendored.api_version.version.as_str()),
        ],
    )?;
    println!(
        "{} into {}\n",
        vendored.summary,
        spec_dir.join(SPEC_FILE).display()
    );
    print!("{}", vendored.report);
    if let Some(report) = report {
        std::fs::write(report, &vendored.report).map_err(|e| {
            format!(
                "vendored into {}, but cannot write the report to {}: {e}",
                spec_dir.display(),
                report.display()
            )
        })?;
    }
    Ok(())
}

/// The overrides in `spec_dir`, with the path errors name.
fn load_overrides(spec_dir: &Path) -> Result<(PathBuf, Vec<overrides::Override>), String> {
    let path = spec_dir.join(OVERRIDES_FILE);
    let overrides = overrides::load(&path)?;
    Ok((path, overrides))
}

/// Reads, checks, cuts and patches the document at `from`, returning the rendered outputs.
#[cfg(test)]
fn vendor(from: &Path, spec_dir: &Path) -> Result<Vendored, String> {
    let overrides = load_overrides(spec_dir)?;
    vendor_input(&Input::from_file(from)?, &overrides, spec_dir)
}

/// Checks, cuts and patches the document of `input`, returning the rendered outputs.
fn vendor_input(
    input: &Input,
    (overrides_path, overrides): &(PathBuf, Vec<overrides::Override>),
    spec_dir: &Path,
) -> Result<Vendored, String> {
    let selection = select::Selection::load(&spec_dir.join(SELECTION_FILE))?;
    let in_input = |message: String| format!("{}: {message}", input.label);
    let document = read::parse_document(&input.bytes).map_err(in_input)?;
    let source = read::describe_source(&document, input.origin.describe(), &input.bytes)
        .map_err(in_input)?;
    let cut = select::cut(&document, &selection).map_err(in_input)?;
    let mut fragment = select::build_document(&document, &cut);
    let effects = overrides::apply(overrides, &mut fragment)
        .map_err(|message| format!("{}: {message}", overrides_path.display()))?;
    let api_version = ApiVersion::determine(&input.origin.upstream_file_name(), &fragment);
    let yaml = render::render_yaml(&fragment, &input.origin.header_command())?;
    let mut report = change_report(&spec_dir.join(SPEC_FILE), &fragment, overrides, &effects);
    report.push_str(&api_version_note(
        &spec_dir.join(API_VERSION_FILE),
        &api_version,
    ));
    Ok(Vendored {
        provenance: render::render_provenance(
            &source,
            &input.origin,
            &api_version,
            &cut,
            overrides,
            &effects,
        ),
        report,
        summary: format!(
            "vendored {} operations and {} components from {} ({} {}) with {} override(s)",
            cut.operations.len(),
            select::count_components(&cut.components),
            source.file_name,
            source.title,
            source.version,
            overrides.len()
        ),
        api_version,
        yaml,
    })
}

/// The last section of the report: the API version, and whether it changes.
fn api_version_note(previous: &Path, api_version: &ApiVersion) -> String {
    let new = &api_version.version;
    let change = match std::fs::read_to_string(previous) {
        Ok(old) if old.trim() == new => format!("`{new}` (unchanged)"),
        Ok(old) => format!(
            "`{}` → `{new}`: the fragment now describes another API version",
            old.trim()
        ),
        Err(_) => format!("`{new}`"),
    };
    format!("\n### API version\n\n`X-GitHub-Api-Version`: {change}.\n")
}

/// The change report from the fragment at `previous` (about to be replaced) to `fragment`.
///
/// A missing or unreadable previous fragment is no reason to refuse a refresh (it may be what
/// the refresh repairs), so the report then says why it is absent instead.
fn change_report(
    previous: &Path,
    fragment: &Value,
    overrides: &[overrides::Override],
    effects: &[overrides::Effect],
) -> String {
    let old = match std::fs::read(previous) {
        Ok(bytes) => read::parse_openapi(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return format!(
                "No change report: there was no {} to compare with.\n",
                previous.display()
            );
        }
        Err(e) => Err(e.to_string()),
    };
    let old = match old {
        Ok(old) => old,
        Err(why) => {
            return format!(
                "No change report: the previous {} could not be read ({why}).\n",
                previous.display()
            );
        }
    };
    let mut report = match diff::compare(&old, fragment) {
        Ok(report) => report,
        Err(why) => return format!("No change report: {why}\n"),
    };
    report.overrides = Some(
        overrides
            .iter()
            .zip(effects)
            .map(|(entry, effect)| diff::OverrideNote {
                pointer: entry.pointer.clone(),
                effect: effect.describe(),
                reason: entry.reason.clone(),
                upstream: entry.upstream.clone(),
            })
            .collect(),
    );
    diff::Format::Markdown.render(&report)
}
