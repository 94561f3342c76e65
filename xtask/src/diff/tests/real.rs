//! The reports between GitHub's real 14.0.0 and 23.0.2 fragments, pinned, and `run`'s refusals.

use std::fs;

use super::{fixture, fixture_path};
use crate::diff::report::Subject;
use crate::diff::rules::{Rule, Verdict};
use crate::diff::{Format, compare, run};

#[test]
fn report_from_14_0_0_to_23_0_2_is_pinned() {
    let report = compare(&fixture("14.0.0"), &fixture("23.0.2")).expect("both fragments lower");
    insta::assert_snapshot!(
        "markdown_14.0.0_to_23.0.2",
        Format::Markdown.render(&report)
    );
    insta::assert_snapshot!("json_14.0.0_to_23.0.2", Format::Json.render(&report));
}

#[test]
fn report_from_23_0_2_back_to_14_0_0_is_pinned() {
    let report = compare(&fixture("23.0.2"), &fixture("14.0.0")).expect("both fragments lower");
    insta::assert_snapshot!(
        "markdown_23.0.2_to_14.0.0",
        Format::Markdown.render(&report)
    );
}

/// What the pinned reports must say, in words, so a careless snapshot update cannot lose it.
#[test]
fn the_real_changes_carry_their_verdicts() {
    let forward = compare(&fixture("14.0.0"), &fixture("23.0.2")).expect("both fragments lower");
    let find = |report: &crate::diff::Report, schema: &str, place: &str| {
        report
            .changes
            .iter()
            .find(|c| c.subject == Subject::Schema(schema.to_owned()) && c.place == place)
            .map(|c| (c.rule, c.verdict()))
    };
    assert_eq!(
        find(&forward, "repository", "has_pull_requests"),
        Some((Rule::ResponseFieldAdded, Verdict::NonBreaking))
    );
    assert_eq!(
        find(&forward, "minimal-repository", "license.url"),
        Some((Rule::PresenceChangedStillOption, Verdict::NonBreaking))
    );
    assert_eq!(
        find(&forward, "minimal-repository", "id"),
        Some((Rule::FormatChangedSameType, Verdict::NonBreaking))
    );
    assert_eq!(
        find(&forward, "security-and-analysis", "code_security"),
        Some((Rule::ResponseFieldAdded, Verdict::NonBreaking))
    );
    assert_eq!(forward.counts().breaking, 0);
    let backward = compare(&fixture("23.0.2"), &fixture("14.0.0")).expect("both fragments lower");
    assert_eq!(
        find(
            &backward,
            "security-and-analysis",
            "secret_scanning_delegated_bypass_options"
        ),
        Some((Rule::FieldRemoved, Verdict::Breaking))
    );
    assert_eq!(
        forward.counts().non_breaking,
        backward.counts().breaking + backward.counts().non_breaking,
        "every change going forward is one going back"
    );
}

#[test]
fn diff_of_two_files_runs_and_bad_files_are_refused_with_a_plain_message() {
    let root = crate::workspace_root();
    let old = fixture_path("14.0.0").display().to_string();
    let new = fixture_path("23.0.2").display().to_string();
    run(&root, &["--old", &old, "--new", &new]).expect("two fragments compare");
    run(&root, &["--old", &old, "--new", &new, "--format", "json"]).expect("as JSON too");

    let dir = std::env::temp_dir().join(format!("xtask-diff-bad-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        fs::write(&path, text).expect("write");
        path.display().to_string()
    };
    let cases = [
        (
            dir.join("missing.yaml").display().to_string(),
            "cannot read",
        ),
        (
            write(
                "swagger.yaml",
                "swagger: '2.0'\ninfo: {title: T, version: '1'}\n",
            ),
            "the change report reads OpenAPI 3.0.x, 3.1.x and 3.2.x only (found: swagger 2.0)",
        ),
        (
            write(
                "v4.json",
                r#"{"openapi": "4.0.0", "info": {"title": "T", "version": "1"}}"#,
            ),
            "the change report reads OpenAPI 3.0.x, 3.1.x and 3.2.x only (found: openapi 4.0.0)",
        ),
        (
            write("other.yaml", "name: not an api\n"),
            "the change report reads OpenAPI 3.0.x, 3.1.x and 3.2.x only (found: no `openapi` field)",
        ),
        (
            write("list.yaml", "- a\n- b\n"),
            "the document is not a JSON or YAML object",
        ),
    ];
    for (path, expected) in &cases {
        for args in [
            ["--old", path, "--new", &new],
            ["--old", &old, "--new", path],
        ] {
            let error = run(&root, &args).expect_err("bad input is refused");
            assert!(error.contains(path.as_str()), "{error}");
            assert!(error.contains(expected), "{error}");
        }
    }
    let error = run(&root, &["--format", "yaml"]).expect_err("unknown format");
    assert!(error.starts_with("unknown format `yaml`"), "{error}");
    let error = run(&root, &["--old"]).expect_err("missing value");
    assert!(
        error.starts_with("`--old` needs a value\nusage: cargo xtask diff"),
        "{error}"
    );
    let _ = fs::remove_dir_all(&dir);
}
