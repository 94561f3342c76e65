//! Creates a codespace on a machine type you choose, waits until it is available, then stops
//! and deletes it: the life of a codespace from start to end.
//!
//! ```sh
//! GITHUB_TOKEN=ghp_... cargo run -p codespaces-client --example create_codespace -- octo-org/hello-world
//! GITHUB_TOKEN=ghp_... cargo run -p codespaces-client --example create_codespace -- octo-org/hello-world premiumLinux
//! ```
//!
//! It first lists the machine types the repository offers you (for its default branch) and
//! takes the one named on the command line, or else the smallest. The token needs the
//! `codespace` scope (classic) or the "Codespaces" read and write permission (fine-grained);
//! creating a codespace may cost money. `GITHUB_API_URL` points it at another server.

use std::error::Error;
use std::io::Write;
use std::process::ExitCode;

use codespaces_client::models::{CodespaceMachine, CreateWithRepoForAuthenticatedUserRequest};
use codespaces_client::operations::codespaces::{
    CreateWithRepoForAuthenticatedUserSuccess, RepoMachinesForAuthenticatedUserSuccess,
};
use codespaces_client::{Client, WaitOptions};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (repository, machine) = match args.as_slice() {
        [repository] => (repository, None),
        [repository, machine] => (repository, Some(machine.as_str())),
        _ => return usage(),
    };
    let Some((owner, repo)) = repository.split_once('/') else {
        return usage();
    };
    let mut out = std::io::stdout().lock();
    let outcome = match client_from_env() {
        Ok(client) => {
            run(
                &client,
                owner,
                repo,
                machine,
                WaitOptions::default(),
                &mut out,
            )
            .await
        }
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

fn usage() -> ExitCode {
    eprintln!("usage: create_codespace OWNER/REPO [MACHINE]");
    ExitCode::FAILURE
}

/// A client with the token of `GITHUB_TOKEN`, for `GITHUB_API_URL` when it is set.
fn client_from_env() -> Result<Client, Box<dyn Error>> {
    let mut builder = Client::builder()
        .token_from_env()
        .user_agent(concat!("create-codespace/", env!("CARGO_PKG_VERSION")));
    if let Ok(url) = std::env::var("GITHUB_API_URL") {
        builder = builder.base_url(url);
    }
    Ok(builder.build()?)
}

/// Lists the machine types of `owner/repo`, creates a codespace on `machine` (or the smallest),
/// waits until it is available, stops it and deletes it, reporting each step on `out`.
pub async fn run(
    client: &Client,
    owner: &str,
    repo: &str,
    machine: Option<&str>,
    wait: WaitOptions,
    out: &mut impl Write,
) -> Result<(), Box<dyn Error>> {
    // 1. The machine types this repository offers the caller. `.r#ref(..)` asks for another
    //    branch, `.location(..)` for another region (`EastUs`, `WestEurope`, ...).
    let response = client
        .codespaces()
        .repo_machines_for_authenticated_user(owner, repo)
        .send()
        .await?;
    let RepoMachinesForAuthenticatedUserSuccess::Ok(offered) = response.body else {
        return Err("the machine types came back as 304 Not Modified without being asked".into());
    };
    writeln!(
        out,
        "{:<16} {:>5} {:>9}  DESCRIPTION",
        "MACHINE", "CORES", "MEMORY"
    )?;
    for offer in &offered.machines {
        writeln!(
            out,
            "{:<16} {:>5} {:>6} GB  {}",
            offer.name,
            offer.cpus,
            offer.memory_in_bytes >> 30,
            offer.display_name
        )?;
    }
    let chosen = choose(&offered.machines, machine)?;
    writeln!(out, "using {}", chosen.name)?;

    // 2. Create. 201 means created, 202 that GitHub is still trying in the background.
    let request = CreateWithRepoForAuthenticatedUserRequest {
        machine: Some(chosen.name.clone()),
        ..Default::default()
    };
    let created = client
        .codespaces()
        .create_with_repo_for_authenticated_user(owner, repo, request)
        .send()
        .await?;
    let codespace = match created.body {
        CreateWithRepoForAuthenticatedUserSuccess::Created(codespace)
        | CreateWithRepoForAuthenticatedUserSuccess::Accepted(codespace) => codespace,
    };
    writeln!(out, "created {} ({})", codespace.name, codespace.state)?;

    // 3. Wait until it can be used.
    let codespace = client.wait_until_available(&codespace.name, wait).await?;
    writeln!(
        out,
        "{} is {}: {}",
        codespace.name, codespace.state, codespace.web_url
    )?;

    // 4. Stop it (a stopped codespace costs storage only), 5. delete it.
    let stopped = client
        .codespaces()
        .stop_for_authenticated_user(&codespace.name)
        .send()
        .await?;
    writeln!(
        out,
        "stopped {} ({})",
        stopped.body.name, stopped.body.state
    )?;
    client
        .codespaces()
        .delete_for_authenticated_user(&codespace.name)
        .send()
        .await?;
    writeln!(out, "deleted {}", codespace.name)?;
    Ok(())
}

/// The machine type called `wanted`, or else the one with the fewest cores and least memory.
fn choose<'m>(
    offered: &'m [CodespaceMachine],
    wanted: Option<&str>,
) -> Result<&'m CodespaceMachine, Box<dyn Error>> {
    let names = || {
        let names: Vec<&str> = offered.iter().map(|offer| offer.name.as_str()).collect();
        names.join(", ")
    };
    let chosen = match wanted {
        Some(wanted) => offered.iter().find(|offer| offer.name == wanted),
        None => offered
            .iter()
            .min_by_key(|offer| (offer.cpus, offer.memory_in_bytes)),
    };
    chosen.ok_or_else(|| match wanted {
        Some(wanted) => format!(
            "this repository offers no machine type {wanted} (offered: {})",
            names()
        )
        .into(),
        None => "this repository offers no machine type".into(),
    })
}
