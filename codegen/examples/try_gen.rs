fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let config = codegen::Config {
        command: "cargo xtask codegen".into(),
        spec_path: "spec/codespaces.yaml".into(),
        runtime_path: "crate::runtime".into(),
    };
    match codegen::generate(&text, &config) {
        Ok(files) => {
            for f in files {
                std::fs::write(format!("/tmp/gen/{}", f.name), f.contents).unwrap();
            }
        }
        Err(d) => eprintln!("{d}"),
    }
}
