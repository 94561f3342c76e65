#!/usr/bin/env bash
# Compiles what the generator makes of fuzz inputs: renders COUNT random entries of
# corpus/generate_document (default 100) to documents, generates a crate from each with
# `cargo xtask generate --skip-unsupported`, and runs `cargo check` on it. Prints each input whose
# crate fails to compile or warns, and keeps it under target/compile-corpus/failed/.
# The fuzz targets find panics; this finds generated code that is not valid Rust.
# Run from codegen/fuzz after a `cargo fuzz run generate_document` has filled the corpus.
set -euo pipefail
cd "$(dirname "$0")"
count=${1:-100}
root=$(cd ../.. && pwd)
work=target/compile-corpus
rm -rf "$work"; mkdir -p "$work/failed"
cargo build --quiet --release --example render
(cd "$root" && cargo build --quiet -p xtask)
generated=0; failed=0
for input in $(ls corpus/generate_document | shuf -n "$count"); do
  ./target/release/examples/render "corpus/generate_document/$input" > "$work/spec.json"
  rm -rf "$work/crate"
  if ! "$root/target/debug/xtask" generate --spec "$work/spec.json" --out "$work/crate" \
      --name fuzzed --skip-unsupported > "$work/generate.txt" 2>&1; then
    continue # refused as a whole: nothing to compile
  fi
  generated=$((generated + 1))
  if ! cargo check --quiet --message-format short --manifest-path "$work/crate/Cargo.toml" \
      --target-dir "$root/target/large-specs/target" > "$work/check.txt" 2>&1 \
      || grep -q "warning\|error" "$work/check.txt"; then
    failed=$((failed + 1))
    mkdir -p "$work/failed/$input"
    cp "$work/spec.json" "$work/check.txt" "$work/failed/$input/"
    echo "does not compile: $input: $(head -1 "$work/check.txt")"
  fi
done
echo "$count inputs, $generated generated a crate, $failed of those did not compile cleanly"
[ "$failed" -eq 0 ]
