//! `cargo xtask vendor --from PATH`: cut `spec/codespaces.yaml` out of GitHub's full REST description.
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
//!    OpenAPI 3.0.x and note the title, version and checksum.
//! 2. [`select`]: keep the operations the selection rule picks, close over the components they
//!    reference and assemble the vendored fragment.
//! 3. [`overrides`]: patch known inaccuracies of the upstream description into the fragment.
//! 4. [`render`]: render the YAML and `PROVENANCE.md`, then write both or neither.
//!
//! After writing, it prints the change report of `cargo xtask diff` between the fragment it
//! replaced and the new one, with what each override did, ready for the pull request.
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

pub(crate) mod overrides;
// Document reading is shared with `diff`, `generate` and `check-large`; vendoring's own modules
// reach it under these names.
use crate::document::{pointer, read};
mod render;
mod select;
#[cfg(test)]
mod tests;

use std::path::Path;

use serde_json::Value;

use crate::diff;

/// The vendored description, inside the spec directory.
const SPEC_FILE: &str = "codespaces.yaml";

/// The record of where the vendored description came from, inside the spec directory.
const PROVENANCE_FILE: &str = "PROVENANCE.md";

/// The reviewed fixes applied after the cut, inside the spec directory.
const OVERRIDES_FILE: &str = "overrides.yaml";

/// Both output files and the report, fully rendered before anything is written.
struct Vendored {
    yaml: String,
    provenance: String,
    summary: String,
    /// The change report against the fragment being replaced, in Markdown.
    report: String,
}

/// Vendors the Codespaces part of the description at `from` into `spec_dir`, applying the
/// overrides in `spec_dir/overrides.yaml` when that file exists.
///
/// Everything is computed before the first write, so on error `spec_dir` is left as it was.
pub fn run(from: &Path, spec_dir: &Path) -> Result<(), String> {
    let vendored = vendor(from, spec_dir)?;
    render::write_all_or_nothing(
        spec_dir,
        &[
            (SPEC_FILE, vendored.yaml.as_str()),
            (PROVENANCE_FILE, vendored.provenance.as_str()),
        ],
    )?;
    println!(
        "{} into {}\n",
        vendored.summary,
        spec_dir.join(SPEC_FILE).display()
    );
    print!("{}", vendored.report);
    Ok(())
}

/// Reads, checks, cuts and patches the document at `from`, returning the rendered outputs.
fn vendor(from: &Path, spec_dir: &Path) -> Result<Vendored, String> {
    // The overrides file is small and read first, so that a broken one fails fast.
    let overrides_path = spec_dir.join(OVERRIDES_FILE);
    let overrides = overrides::load(&overrides_path)?;
    let file_name = read::display_file_name(from)?;
    let bytes = read::read_document_bytes(from)?;
    let in_file = |message: String| format!("{}: {message}", from.display());
    let document = read::parse_document(&bytes).map_err(in_file)?;
    let source = read::describe_source(&document, file_name, &bytes).map_err(in_file)?;
    let cut = select::cut(&document).map_err(in_file)?;
    let mut fragment = select::build_document(&document, &cut);
    let effects = overrides::apply(&overrides, &mut fragment)
        .map_err(|message| format!("{}: {message}", overrides_path.display()))?;
    let yaml = render::render_yaml(&fragment, &source.file_name)?;
    Ok(Vendored {
        provenance: render::render_provenance(&source, &cut, &overrides, &effects),
        report: change_report(&spec_dir.join(SPEC_FILE), &fragment, &overrides, &effects),
        summary: format!(
            "vendored {} operations and {} components from {} ({} {}) with {} override(s)",
            cut.operations.len(),
            select::count_components(&cut.components),
            source.file_name,
            source.title,
            source.version,
            overrides.len()
        ),
        yaml,
    })
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
