//! Lists the caller's codespaces, every page of them, as a short table.
//!
//! ```sh
//! GITHUB_TOKEN=ghp_... cargo run -p codespaces-client --example list_codespaces
//! ```
//!
//! The token needs the `codespace` scope (classic) or the "Codespaces" read permission
//! (fine-grained). `GITHUB_API_URL` points it at another server, such as GitHub Enterprise
//! Server (`https://HOST/api/v3`).

use std::error::Error;
use std::io::Write;
use std::process::ExitCode;

use codespaces_client::Client;
use futures::StreamExt;

#[tokio::main]
async fn main() -> ExitCode {
    let outcome = match client_from_env() {
        // Written with `writeln!` rather than `println!`, so that a closed pipe (`| head`) is an
        // error to report, not a panic.
        Ok(client) => run(&client, &mut std::io::stdout().lock()).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            let mut source = error.source();
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}

/// A client with the token of `GITHUB_TOKEN`, for `GITHUB_API_URL` when it is set.
fn client_from_env() -> Result<Client, Box<dyn Error>> {
    let mut builder = Client::builder()
        .token_from_env()
        .user_agent(concat!("list-codespaces/", env!("CARGO_PKG_VERSION")));
    if let Ok(url) = std::env::var("GITHUB_API_URL") {
        builder = builder.base_url(url);
    }
    Ok(builder.build()?)
}

/// Writes the table of the caller's codespaces to `out`, following every page.
pub async fn run(client: &Client, out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let mut codespaces = client
        .codespaces()
        .list_for_authenticated_user()
        .per_page(100)
        .stream();
    writeln!(
        out,
        "{:<44} {:<14} {:<36} LAST USED",
        "NAME", "STATE", "REPOSITORY"
    )?;
    let mut count = 0;
    while let Some(codespace) = codespaces.next().await {
        let codespace = codespace?;
        writeln!(
            out,
            "{:<44} {:<14} {:<36} {}",
            codespace.name,
            codespace.state.as_str(),
            codespace.repository.full_name,
            codespace.last_used_at.format("%Y-%m-%d %H:%M")
        )?;
        count += 1;
    }
    writeln!(out, "{count} codespace(s)")?;
    Ok(())
}
