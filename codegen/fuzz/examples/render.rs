//! Prints the document a `generate_document` input stands for, to reproduce a finding or to
//! compile what the generator makes of it:
//! `cargo run --example render -- artifacts/generate_document/crash-... > spec.json`.

use arbitrary::{Arbitrary, Unstructured};

fn main() {
    let path = std::env::args().nth(1).expect("usage: render INPUT_FILE");
    let bytes = std::fs::read(&path).expect("the input file is readable");
    let document = codegen_fuzz::Document::arbitrary_take_rest(Unstructured::new(&bytes))
        .expect("any bytes make a document");
    println!("{}", document.render());
}
