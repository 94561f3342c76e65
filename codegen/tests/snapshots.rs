//! Snapshot tests of the generator. Each YAML file in `fixtures/` is a small spec showing one
//! construct; its generated code (and any warnings) is pinned in `snapshots/`; each in
//! `features/` the same, generated with a Cargo feature per operation group. (The one JSON
//! fixture, `deep_nesting_150.json`, is checked by `depth.rs` instead: its code is mostly the
//! indentation of a type nested 150 levels, 600 KB of snapshot.) Each file in
//! `broken/` is a hostile or broken spec; what the generator says about it is pinned the same
//! way: its diagnostics (refused) or warnings (generated), and what `skip_unsupported` makes of
//! it. Adding a file adds a test.

use codegen::{Config, Generated, generate_with_report};

fn config(skip_unsupported: bool) -> Config {
    Config {
        command: "cargo xtask codegen".to_owned(),
        spec_path: "fixture".to_owned(),
        runtime_path: "crate::runtime".to_owned(),
        builder_hook: None,
        skip_unsupported,
        features_per_group: false,
    }
}

/// The files joined into one text, with the warnings and (when the crate has them) its
/// features at the end.
fn joined(generated: &Generated) -> String {
    let mut joined: String = generated
        .files
        .iter()
        .map(|file| format!("// ===== {} =====\n{}", file.name, file.contents))
        .collect();
    if !generated.warnings.is_empty() {
        joined.push_str("// ===== warnings =====\n");
        joined.push_str(&warnings_text(generated));
    }
    if !generated.features.is_empty() {
        joined.push_str("// ===== features =====\n");
        joined.push_str(&generated.features.join("\n"));
        joined.push('\n');
    }
    joined
}

/// Runs the generator, turning a panic into a test failure that names the file.
fn run(text: &str, skip_unsupported: bool, path: &std::path::Path) -> Result<Generated, String> {
    match std::panic::catch_unwind(|| generate_with_report(text, &config(skip_unsupported))) {
        Ok(outcome) => outcome.map_err(|diagnostics| diagnostics.to_string()),
        Err(_) => panic!("the generator panicked on {}", path.display()),
    }
}

fn warnings_text(generated: &Generated) -> String {
    generated
        .warnings
        .iter()
        .map(|warning| format!("warning: {warning}\n"))
        .collect()
}

#[test]
fn fixtures_generate_the_pinned_code() {
    insta::glob!("fixtures/*.yaml", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let generated = match run(&text, false, path) {
            Ok(generated) => generated,
            Err(diagnostics) => panic!("{} should generate:\n{diagnostics}", path.display()),
        };
        insta::assert_snapshot!(joined(&generated));
    });
}

/// Each file in `features/` is generated with a Cargo feature per operation group
/// (`Config::features_per_group`), the way `cargo xtask generate` writes crates;
/// `cargo xtask check-corpus` compiles it with each feature alone, none and two together.
#[test]
fn feature_gates_are_pinned() {
    insta::glob!("features/*.yaml", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let config = Config {
            features_per_group: true,
            ..config(false)
        };
        let generated = generate_with_report(&text, &config).unwrap_or_else(|diagnostics| {
            panic!("{} should generate:\n{diagnostics}", path.display())
        });
        insta::assert_snapshot!(joined(&generated));
    });
}

/// The generated files of a broken spec are not pinned (the fixtures pin code); what is pinned
/// is what the generator reports, and which operations `skip_unsupported` still generates.
#[test]
fn broken_specs_give_the_pinned_diagnostics() {
    insta::glob!("broken/*.*", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let mut report = match run(&text, false, path) {
            Err(diagnostics) => format!("refused:\n{diagnostics}\n"),
            Ok(generated) => {
                assert!(
                    !generated.warnings.is_empty(),
                    "{} is accepted without a word: move it to fixtures/",
                    path.display()
                );
                format!("generated, with warnings:\n{}", warnings_text(&generated))
            }
        };
        report.push_str("\nwith skip_unsupported:\n");
        match run(&text, true, path) {
            Err(diagnostics) => report.push_str(&format!("refused:\n{diagnostics}\n")),
            Ok(generated) => {
                let operations: Vec<String> = generated
                    .files
                    .iter()
                    .filter(|file| file.name == "operations.rs")
                    .flat_map(|file| file.contents.lines())
                    .filter_map(|line| line.trim().strip_prefix("operation_id: "))
                    .map(|id| id.trim_end_matches(',').to_owned())
                    .collect();
                report.push_str(&format!(
                    "generated operations: [{}]\n",
                    operations.join(", ")
                ));
                for skipped in &generated.skipped {
                    report.push_str(&format!("skipped: {skipped}\n"));
                }
            }
        }
        insta::assert_snapshot!(report);
    });
}

#[test]
fn generation_is_deterministic() {
    insta::glob!("fixtures/*.yaml", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let first = codegen::generate(&text, &config(false)).expect("fixture generates");
        let second = codegen::generate(&text, &config(false)).expect("fixture generates");
        assert_eq!(first, second, "{}", path.display());
    });
}

/// Generations started from several threads at once share the generator's two threads (one may
/// run on top of another while it waits for the other thread): each gives what it gives alone.
#[test]
fn generations_at_once_give_what_each_gives_alone() {
    let mut texts = Vec::new();
    insta::glob!("fixtures/*.yaml", |path| {
        texts.push(std::fs::read_to_string(path).expect("fixture is readable"));
    });
    texts.truncate(8);
    let config = config(false);
    let alone: Vec<_> = texts
        .iter()
        .map(|text| codegen::generate(text, &config))
        .collect();
    let at_once: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = texts
            .iter()
            .map(|text| scope.spawn(|| codegen::generate(text, &config)))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("no generation panics"))
            .collect()
    });
    assert_eq!(at_once.len(), 8);
    for (alone, at_once) in alone.iter().zip(&at_once) {
        match (alone, at_once) {
            (Ok(alone), Ok(at_once)) => assert_eq!(alone, at_once),
            (Err(alone), Err(at_once)) => assert_eq!(alone.to_string(), at_once.to_string()),
            _ => panic!("one generation failed and the other did not"),
        }
    }
}
