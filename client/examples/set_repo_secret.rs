//! Sets a repository's Codespaces secret, sealed with the repository's public key.
//!
//! ```sh
//! printf %s "$VALUE" | GITHUB_TOKEN=ghp_... cargo run -p codespaces-client --example set_repo_secret -- octo-org/hello-world NPM_TOKEN
//! ```
//!
//! The value is read from standard input (one line; the line break is not part of it), never
//! from the command line, where other users of the machine could see it. The token needs the
//! `repo` scope (classic) or the "Codespaces secrets" write permission (fine-grained), and the
//! user must be an admin of the repository. `GITHUB_API_URL` points it at another server.

use std::error::Error;
use std::io::{BufRead, Write};
use std::process::ExitCode;

use codespaces_client::Client;
use codespaces_client::secrets::{SecretString, SecretWritten};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [repository, name] = args.as_slice() else {
        return usage();
    };
    let Some((owner, repo)) = repository.split_once('/') else {
        return usage();
    };
    let outcome = match (client_from_env(), read_value(std::io::stdin().lock())) {
        (Ok(client), Ok(value)) => {
            run(
                &client,
                owner,
                repo,
                name,
                &value,
                &mut std::io::stdout().lock(),
            )
            .await
        }
        (Err(error), _) | (_, Err(error)) => Err(error),
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
    eprintln!("usage: set_repo_secret OWNER/REPO NAME   (the value on standard input)");
    ExitCode::FAILURE
}

/// A client with the token of `GITHUB_TOKEN`, for `GITHUB_API_URL` when it is set.
fn client_from_env() -> Result<Client, Box<dyn Error>> {
    let mut builder = Client::builder()
        .token_from_env()
        .user_agent(concat!("set-repo-secret/", env!("CARGO_PKG_VERSION")));
    if let Ok(url) = std::env::var("GITHUB_API_URL") {
        builder = builder.base_url(url);
    }
    Ok(builder.build()?)
}

/// The first line of `input`, without its line break, as a `SecretString`.
pub fn read_value(mut input: impl BufRead) -> Result<SecretString, Box<dyn Error>> {
    let mut line = String::new();
    input.read_line(&mut line)?;
    let value_len = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(value_len);
    Ok(SecretString::from(line))
}

/// Seals `value` with the public key of `owner/repo` and stores it as secret `name`.
pub async fn run(
    client: &Client,
    owner: &str,
    repo: &str,
    name: &str,
    value: &SecretString,
    out: &mut impl Write,
) -> Result<(), Box<dyn Error>> {
    let written = client.set_repo_secret(owner, repo, name, value).await?;
    let done = match written {
        SecretWritten::Created => "created",
        SecretWritten::Updated => "updated",
    };
    writeln!(out, "{done} secret {name} of {owner}/{repo}")?;
    Ok(())
}
