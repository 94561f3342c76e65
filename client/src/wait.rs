//! Waiting for work GitHub does in the background.
//!
//! - Creating a codespace answers 201 (created) or 202 (accepted: GitHub keeps trying in the
//!   background); either way the codespace is not usable until its `state` is `Available`.
//!   [`Client::wait_until_available`] polls it.
//! - Exporting a codespace to a branch answers 202; the export is done when its details say
//!   `succeeded`. [`Client::wait_for_export`] polls them.
//!
//! Both share one polling loop (`Client::poll`): a fetch right away, then one every
//! `interval`, through the client's clock, until the thing is ready, is stuck, or `timeout` has
//! passed.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use crate::models::{Codespace, CodespaceExportDetails, CodespaceState};
use crate::operations::codespaces::{
    GetExportDetailsForAuthenticatedUserError, GetForAuthenticatedUserError,
    GetForAuthenticatedUserSuccess,
};
use crate::{Client, Error};

/// How [`Client::wait_until_available`] and [`Client::wait_for_export`] poll.
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

/// The export state that ends [`Client::wait_for_export`] with the details.
const EXPORT_SUCCEEDED: &str = "succeeded";

/// The export state that ends [`Client::wait_for_export`] with [`ExportWaitError::Failed`].
const EXPORT_FAILED: &str = "failed";

/// Why an export did not succeed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ExportWaitError {
    /// The export's state is `failed`.
    Failed(Box<CodespaceExportDetails>),
    /// The overall timeout elapsed first.
    TimedOut {
        /// The state seen last (`in_progress`, usually), if any answer carried one.
        last_state: Option<String>,
        /// How many times the export's details were fetched.
        polls: u32,
    },
    /// Fetching the export's details failed (after the client's own retries).
    Request(Error<GetExportDetailsForAuthenticatedUserError>),
}

impl fmt::Display for ExportWaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed(details) => match &details.id {
                Some(id) => write!(f, "export {id} failed"),
                None => f.write_str("the export failed"),
            },
            Self::TimedOut { last_state, polls } => write!(
                f,
                "export still {} after {polls} polls; gave up waiting",
                last_state.as_deref().unwrap_or("without a state")
            ),
            Self::Request(_) => f.write_str("failed to fetch the export's details"),
        }
    }
}

impl std::error::Error for ExportWaitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Request(error) => Some(error),
            _ => None,
        }
    }
}

/// What one poll found out about the thing being waited for.
enum Look<T, S> {
    /// It is ready: the wait is over.
    Ready(T),
    /// It reached a state it does not leave by itself: the wait is over.
    Stuck(T),
    /// Not yet; its state, if the answer carried one.
    Pending(Option<S>),
}

/// How a poll that did not end in [`Look::Ready`] ended.
enum Ended<T, S, E> {
    Stuck(T),
    TimedOut { last_state: S, polls: u32 },
    Request(E),
}

impl Client {
    /// The polling loop both waits share: `look` right away, then every `options.interval`,
    /// until it says ready or stuck, it fails, or `options.timeout` has passed. The pause
    /// before the deadline is cut to end at it. Every wait goes through the client's clock;
    /// nothing runs in the background, so dropping the future stops polling.
    async fn poll<T, S, E, Fut>(
        &self,
        options: WaitOptions,
        mut last_state: S,
        mut look: impl FnMut() -> Fut,
    ) -> Result<T, Ended<T, S, E>>
    where
        Fut: Future<Output = Result<Look<T, S>, E>>,
    {
        let clock = self.clock();
        let deadline = clock.now() + options.timeout;
        let mut polls = 0;
        loop {
            polls += 1;
            match look().await.map_err(Ended::Request)? {
                Look::Ready(ready) => return Ok(ready),
                Look::Stuck(stuck) => return Err(Ended::Stuck(stuck)),
                Look::Pending(state) => last_state = state.unwrap_or(last_state),
            }
            let left = deadline
                .duration_since(clock.now())
                .unwrap_or(Duration::ZERO);
            if left.is_zero() {
                return Err(Ended::TimedOut { last_state, polls });
            }
            clock.sleep(options.interval.min(left)).await;
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
        let look = || async {
            let response = self
                .codespaces()
                .get_for_authenticated_user(name)
                .send()
                .await?;
            // No conditional header is sent, so 304 does not occur; it would mean "unchanged".
            let GetForAuthenticatedUserSuccess::Ok(codespace) = response.body else {
                return Ok(Look::Pending(None));
            };
            Ok(match progress(&codespace.state) {
                Progress::Ready => Look::Ready(codespace),
                Progress::Stuck => Look::Stuck(codespace),
                Progress::Pending => Look::Pending(Some(codespace.state)),
            })
        };
        self.poll(options, CodespaceState::Unknown, look)
            .await
            .map_err(|ended| match ended {
                Ended::Stuck(codespace) => WaitError::Failed(Box::new(codespace)),
                Ended::TimedOut { last_state, polls } => WaitError::TimedOut { last_state, polls },
                Ended::Request(error) => WaitError::Request(error),
            })
    }

    /// Polls export `export_id` of the codespace `name` (the `id` that
    /// `export_for_authenticated_user` answered with, or `latest`) until its state is
    /// `succeeded`, and returns its details (the branch, the commit, the web URL).
    ///
    /// Waits use the client's [`Clock`](crate::runtime::Clock). Nothing runs in the
    /// background: dropping the future (a `select!`, a timeout around it) stops polling.
    ///
    /// # Errors
    ///
    /// [`ExportWaitError::Failed`] as soon as the export's state is `failed`,
    /// [`ExportWaitError::TimedOut`] when `options.timeout` elapses first, and
    /// [`ExportWaitError::Request`] when fetching the export's details fails.
    pub async fn wait_for_export(
        &self,
        name: &str,
        export_id: &str,
        options: WaitOptions,
    ) -> Result<CodespaceExportDetails, ExportWaitError> {
        let look = || async {
            let response = self
                .codespaces()
                .get_export_details_for_authenticated_user(name, export_id)
                .send()
                .await?;
            let details = response.body;
            Ok(match details.state.as_deref() {
                Some(state) if state.eq_ignore_ascii_case(EXPORT_SUCCEEDED) => Look::Ready(details),
                Some(state) if state.eq_ignore_ascii_case(EXPORT_FAILED) => Look::Stuck(details),
                // `in_progress`, a state this client does not know, or none: not done yet.
                _ => Look::Pending(details.state.map(Some)),
            })
        };
        self.poll(options, None, look)
            .await
            .map_err(|ended| match ended {
                Ended::Stuck(details) => ExportWaitError::Failed(Box::new(details)),
                Ended::TimedOut { last_state, polls } => {
                    ExportWaitError::TimedOut { last_state, polls }
                }
                Ended::Request(error) => ExportWaitError::Request(error),
            })
    }
}
