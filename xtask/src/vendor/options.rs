//! The command line of `cargo xtask vendor`.

use std::path::PathBuf;

/// What `cargo xtask vendor ...` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
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
}

/// Where the description to vendor comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `--from PATH`: a file (JSON or YAML, gzipped or not).
    File(PathBuf),
}

/// Reads the arguments after `vendor`, in any order.
pub fn parse(args: &[&str]) -> Result<Options, String> {
    let (mut from, mut spec_dir, mut report) = (None, None, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || {
            rest.next()
                .copied()
                .ok_or_else(|| format!("{arg} needs a value"))
        };
        match *arg {
            "--from" => set_once(&mut from, arg, PathBuf::from(value()?))?,
            "--spec-dir" => set_once(&mut spec_dir, arg, PathBuf::from(value()?))?,
            "--report" => set_once(&mut report, arg, PathBuf::from(value()?))?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let source = from.map(Source::File).ok_or("vendor needs --from PATH")?;
    Ok(Options {
        command: Command::Vendor(source),
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
    fn mistakes_are_named() {
        for (args, expected) in [
            (&[][..], "vendor needs --from PATH"),
            (&["--from"][..], "--from needs a value"),
            (&["--from", "a", "--from", "b"][..], "--from is given twice"),
            (&["--form", "a"][..], "unknown argument `--form`"),
        ] {
            assert_eq!(parse(args).unwrap_err(), expected, "{args:?}");
        }
    }
}
