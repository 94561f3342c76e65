//! Any text, as the generator's input: YAML and JSON syntax, versions, structure. Seeded from
//! the fixtures and the broken corpus (see `codegen/fuzz/README.md`), libFuzzer mutates bytes.
//! The property: the generator returns (files or diagnostics) and never panics.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = codegen::Config {
        command: "fuzz".to_owned(),
        spec_path: "fuzz".to_owned(),
        runtime_path: "crate::runtime".to_owned(),
        builder_hook: None,
        skip_unsupported: data.first().is_some_and(|byte| byte % 2 == 0),
        features_per_group: true,
    };
    let _ = codegen::generate(text, &config);
});
