//! Snapshot tests of the generator. Each file in `fixtures/` is a small spec showing one
//! construct; its generated code is pinned in `snapshots/`. Each file in `broken/` is a spec the
//! generator must refuse; its diagnostics are pinned the same way. Adding a file adds a test.

use codegen::{Config, generate};

fn config() -> Config {
    Config {
        command: "cargo xtask codegen".to_owned(),
        spec_path: "fixture".to_owned(),
        runtime_path: "crate::runtime".to_owned(),
        skip_unsupported: false,
    }
}

#[test]
fn fixtures_generate_the_pinned_code() {
    insta::glob!("fixtures/*.yaml", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let files = match generate(&text, &config()) {
            Ok(files) => files,
            Err(diagnostics) => panic!("{} should generate:\n{diagnostics}", path.display()),
        };
        let joined: String = files
            .iter()
            .map(|file| format!("// ===== {} =====\n{}", file.name, file.contents))
            .collect();
        insta::assert_snapshot!(joined);
    });
}

#[test]
fn broken_specs_give_the_pinned_diagnostics() {
    insta::glob!("broken/*.*", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let outcome = std::panic::catch_unwind(|| generate(&text, &config()));
        let diagnostics = match outcome {
            Ok(Err(diagnostics)) => diagnostics,
            Ok(Ok(_)) => panic!("{} should be refused", path.display()),
            Err(_) => panic!("the generator panicked on {}", path.display()),
        };
        insta::assert_snapshot!(diagnostics.to_string());
    });
}

#[test]
fn generation_is_deterministic() {
    insta::glob!("fixtures/*.yaml", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let first = generate(&text, &config()).expect("fixture generates");
        let second = generate(&text, &config()).expect("fixture generates");
        assert_eq!(first, second, "{}", path.display());
    });
}
