//! Lists every codespace of an organization, every page of them, as a table.
//!
//! ```sh
//! GITHUB_TOKEN=ghp_... cargo run -p codespaces-client --example list_org_codespaces -- octo-org
//! ```
//!
//! The token needs the `admin:org` scope (classic) or the organization's "Codespaces" read
//! permission (fine-grained). `GITHUB_API_URL` points it at another server.

use std::error::Error;
use std::io::Write;
use std::process::ExitCode;

use codespaces_client::Client;
use futures::StreamExt;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [org] = args.as_slice() else {
        eprintln!("usage: list_org_codespaces ORG");
        return ExitCode::FAILURE;
    };
    let outcome = match client_from_env() {
        Ok(client) => run(&client, org, &mut std::io::stdout().lock()).await,
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
        .user_agent(concat!("list-org-codespaces/", env!("CARGO_PKG_VERSION")));
    if let Ok(url) = std::env::var("GITHUB_API_URL") {
        builder = builder.base_url(url);
    }
    Ok(builder.build()?)
}

/// Writes the table of `org`'s codespaces to `out`, following every page.
pub async fn run(client: &Client, org: &str, out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let mut codespaces = client
        .codespaces()
        .list_in_organization(org)
        .per_page(100)
        .stream();
    writeln!(
        out,
        "{:<40} {:<16} {:<12} {:<32} {:<16} LAST USED",
        "NAME", "OWNER", "STATE", "REPOSITORY", "MACHINE"
    )?;
    let mut count = 0;
    while let Some(codespace) = codespaces.next().await {
        let codespace = codespace?;
        let machine = codespace
            .machine
            .as_ref()
            .map_or("-", |machine| machine.name.as_str());
        writeln!(
            out,
            "{:<40} {:<16} {:<12} {:<32} {:<16} {}",
            codespace.name,
            codespace.owner.login,
            codespace.state.as_str(),
            codespace.repository.full_name,
            machine,
            codespace.last_used_at.format("%Y-%m-%d %H:%M")
        )?;
        count += 1;
    }
    writeln!(out, "{count} codespace(s) in {org}")?;
    Ok(())
}
