//! The command line of `cargo xtask vendor`.

use std::path::PathBuf;

use super::registry::{DEFAULT_DESCRIPTION, Wanted};

/// What `cargo xtask vendor ...` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// What to do.
    pub command: Command,
    /// `--spec-dir DIR`: vendor into (or read the vendored version from) DIR instead of the
    /// workspace's `spec/`; used by tests and for trying a refresh beside the real one.
    pub spec_dir: Option<PathBuf>,
    /// `--report FILE`: also write the change report to FILE, for a pull request's body.
    pub report: Option<PathBuf>,
}

/// The task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Vendor a description.
    Vendor(Source),
    /// `--check-latest`: compare the vendored version with the registry's latest.
    CheckLatest,
}

/// Where the description to vendor comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `--from PATH`: a file (JSON or YAML, gzipped or not).
    File(PathBuf),
    /// `--version X` or `--latest`, with `--description NAME`: a description of a published
    /// version of `@octokit/openapi`.
    Registry {
        /// Which version.
        wanted: Wanted,
        /// The description's name in the package's `generated/` folder, without `.json`.
        description: String,
    },
}

/// Reads the arguments after `vendor`, in any order.
pub fn parse(args: &[&str]) -> Result<Options, String> {
    let (mut from, mut version, mut description) = (None, None, None);
    let (mut latest, mut check_latest) = (false, false);
    let (mut spec_dir, mut report) = (None, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || {
            rest.next()
                .copied()
                .ok_or_else(|| format!("{arg} needs a value"))
        };
        match *arg {
            "--from" => set_once(&mut from, arg, PathBuf::from(value()?))?,
            "--version" => set_once(&mut version, arg, value()?.to_owned())?,
            "--latest" => latest = true,
            "--description" => set_once(&mut description, arg, value()?.to_owned())?,
            "--check-latest" => check_latest = true,
            "--spec-dir" => set_once(&mut spec_dir, arg, PathBuf::from(value()?))?,
            "--report" => set_once(&mut report, arg, PathBuf::from(value()?))?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let chosen = usize::from(from.is_some())
        + usize::from(version.is_some())
        + usize::from(latest)
        + usize::from(check_latest);
    if chosen != 1 {
        return Err(
            "vendor needs exactly one of --from PATH, --version X, --latest, --check-latest"
                .to_owned(),
        );
    }
    if description.is_some() && (from.is_some() || check_latest) {
        return Err("--description goes with --version or --latest".to_owned());
    }
    if report.is_some() && check_latest {
        return Err("--report goes with a vendoring, not with --check-latest".to_owned());
    }
    let description = description.unwrap_or_else(|| DEFAULT_DESCRIPTION.to_owned());
    let command = match (from, version) {
        (Some(path), _) => Command::Vendor(Source::File(path)),
        (None, Some(version)) => Command::Vendor(Source::Registry {
            wanted: Wanted::Version(version),
            description,
        }),
        (None, None) if latest => Command::Vendor(Source::Registry {
            wanted: Wanted::Latest,
            description,
        }),
        (None, None) => Command::CheckLatest,
    };
    Ok(Options {
        command,
        spec_dir,
        report,
    })
}

/// Stores an option's value, refusing a second one.
fn set_once<T>(slot: &mut Option<T>, arg: &str, value: T) -> Result<(), String> {
    if slot.replace(value).is_some() {
        return Err(format!("{arg} is given twice"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_in_any_order() {
        let options = parse(&["--report", "r.md", "--from", "a.json", "--spec-dir", "s"]).unwrap();
        assert_eq!(
            options,
            Options {
                command: Command::Vendor(Source::File("a.json".into())),
                spec_dir: Some("s".into()),
                report: Some("r.md".into()),
            }
        );
    }

    #[test]
    fn registry_sources_take_the_default_description_unless_named() {
        let latest = parse(&["--latest"]).unwrap();
        assert_eq!(
            latest.command,
            Command::Vendor(Source::Registry {
                wanted: Wanted::Latest,
                description: "api.github.com".to_owned()
            })
        );
        let ghec = parse(&["--description", "ghec", "--version", "23.0.2"]).unwrap();
        assert_eq!(
            ghec.command,
            Command::Vendor(Source::Registry {
                wanted: Wanted::Version("23.0.2".to_owned()),
                description: "ghec".to_owned()
            })
        );
        let check = parse(&["--check-latest", "--spec-dir", "s"]).unwrap();
        assert_eq!(check.command, Command::CheckLatest);
    }

    #[test]
    fn mistakes_are_named() {
        let one_source =
            "vendor needs exactly one of --from PATH, --version X, --latest, --check-latest";
        for (args, expected) in [
            (&[][..], one_source),
            (&["--from", "a", "--latest"][..], one_source),
            (&["--version", "1", "--check-latest"][..], one_source),
            (&["--from"][..], "--from needs a value"),
            (&["--from", "a", "--from", "b"][..], "--from is given twice"),
            (&["--form", "a"][..], "unknown argument `--form`"),
            (
                &["--from", "a", "--description", "ghec"][..],
                "--description goes with --version or --latest",
            ),
            (
                &["--check-latest", "--report", "r.md"][..],
                "--report goes with a vendoring, not with --check-latest",
            ),
        ] {
            assert_eq!(parse(args).unwrap_err(), expected, "{args:?}");
        }
    }
}
