//! Waiting for a codespace to become usable.
//!
//! Creating a codespace answers 201 (created) or 202 (accepted: GitHub keeps trying in the
//! background); either way the codespace is not usable until its `state` is `Available`.
//! [`Client::wait_until_available`] polls it.

use std::fmt;
use std::time::Duration;

use crate::models::{Codespace, CodespaceState};
use crate::operations::codespaces::{GetForAuthenticatedUserError, GetForAuthenticatedUserSuccess};
use crate::{Client, Error};

/// How [`Client::wait_until_available`] polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    /// The pause between two polls. Default 5 seconds.
    pub interval: Duration,
    /// How long to wait in total before giving up. Default 10 minutes. Checked before each
    /// pause, which is shortened to end at the deadline; a poll in flight is bounded by the
    /// client's own timeouts.
    pub timeout: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(5),
            timeout: Duration::from_secs(600),
        }
    }
}

/// Why a codespace did not become available.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError {
    /// The codespace reached a state from which it does not become available by itself
    /// (`Failed`, `Deleted`, `Archived`, `Moved`, `Shutdown`, `ShuttingDown`).
    Failed(Box<Codespace>),
    /// The overall timeout elapsed first.
    TimedOut {
        /// The state seen last.
        last_state: CodespaceState,
        /// How many times the codespace was fetched.
        polls: u32,
    },
    /// Fetching the codespace failed (after the client's own retries).
    Request(Error<GetForAuthenticatedUserError>),
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed(codespace) => write!(
                f,
                "codespace {} is {} and will not become available",
                codespace.name, codespace.state
            ),
            Self::TimedOut { last_state, polls } => write!(
                f,
                "codespace still {last_state} after {polls} polls; gave up waiting"
            ),
            Self::Request(_) => f.write_str("failed to fetch the codespace"),
        }
    }
}

impl std::error::Error for WaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Request(error) => Some(error),
            _ => None,
        }
    }
}

/// Where a codespace is going.
enum Progress {
    Ready,
    Pending,
    Stuck,
}

/// States that need someone to act (start, restore, recreate) before the codespace can be
/// available; any other state, including ones this client does not know yet, may still
/// change on its own, so waiting goes on until the timeout.
fn progress(state: &CodespaceState) -> Progress {
    match state {
        CodespaceState::Available => Progress::Ready,
        CodespaceState::Failed
        | CodespaceState::Deleted
        | CodespaceState::Archived
        | CodespaceState::Moved
        | CodespaceState::Shutdown
        | CodespaceState::ShuttingDown => Progress::Stuck,
        _ => Progress::Pending,
    }
}

impl Client {
    /// Polls the codespace `name` until its state is `Available`, and returns it.
    ///
    /// Waits use the client's [`Clock`](crate::runtime::Clock). Nothing runs in the
    /// background: dropping the future (a `select!`, a timeout around it) stops polling.
    ///
    /// # Errors
    ///
    /// [`WaitError::Failed`] on a state that does not become available by itself,
    /// [`WaitError::TimedOut`] when `options.timeout` elapses first, and
    /// [`WaitError::Request`] when fetching the codespace fails.
    pub async fn wait_until_available(
        &self,
        name: &str,
        options: WaitOptions,
    ) -> Result<Codespace, WaitError> {
        let clock = self.clock();
        let deadline = clock.now() + options.timeout;
        let mut polls = 0;
        let mut last_state = CodespaceState::Unknown;
        loop {
            polls += 1;
            let response = self
                .codespaces()
                .get_for_authenticated_user(name)
                .send()
                .await
                .map_err(WaitError::Request)?;
            // No conditional header is sent, so 304 does not occur; it would mean "unchanged".
            if let GetForAuthenticatedUserSuccess::Ok(codespace) = response.body {
                match progress(&codespace.state) {
                    Progress::Ready => return Ok(codespace),
                    Progress::Stuck => return Err(WaitError::Failed(Box::new(codespace))),
                    Progress::Pending => last_state = codespace.state,
                }
            }
            let left = deadline
                .duration_since(clock.now())
                .unwrap_or(Duration::ZERO);
            if left.is_zero() {
                return Err(WaitError::TimedOut { last_state, polls });
            }
            clock.sleep(options.interval.min(left)).await;
        }
    }
}
