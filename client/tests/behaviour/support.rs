//! Test doubles: a clock that never sleeps for real, and a raw HTTP server for answers that
//! wiremock cannot give (truncated or stalled bodies, silence).

use std::collections::VecDeque;
use std::future::{pending, ready};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use codespaces_client::runtime::Clock;
use codespaces_client::{Client, ClientBuilder};
use futures::future::BoxFuture;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Notify;

pub const TOKEN: &str = "ghp_behaviourT0kenValue";

/// 2023-11-14T22:13:20Z, the test clock's start.
pub const START: u64 = 1_700_000_000;

/// What one request timeout (one call of [`Clock::timeout`]) does.
#[derive(Debug)]
pub enum Timer {
    /// Never fires: the answer always comes first.
    Never,
    /// Fires at once: the answer is late.
    Now,
    /// Fires once this is notified.
    When(Arc<Notify>),
}

/// A clock whose waits return at once and are recorded, whose time moves only by those waits,
/// and whose request timeouts fire as scripted (by default never).
#[derive(Debug)]
pub struct TestClock {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    now: SystemTime,
    sleeps: Vec<Duration>,
    timers: VecDeque<Timer>,
    /// The sleep (counted from 1) that never ends, with a flag set when it is dropped.
    blocked_sleep: Option<(usize, Arc<AtomicBool>, Arc<Notify>)>,
}

impl TestClock {
    pub fn new() -> Arc<Self> {
        Self::with_timers(Vec::new())
    }

    /// A clock whose first request timeouts behave as listed; later ones never fire.
    pub fn with_timers(timers: Vec<Timer>) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(State {
                now: SystemTime::UNIX_EPOCH + Duration::from_secs(START),
                sleeps: Vec::new(),
                timers: timers.into(),
                blocked_sleep: None,
            }),
        })
    }

    /// Makes sleep number `n` (from 1) never end. Returns a flag set when that sleep is
    /// dropped, and a notification sent when it starts.
    pub fn block_sleep(&self, n: usize) -> (Arc<AtomicBool>, Arc<Notify>) {
        let dropped = Arc::new(AtomicBool::new(false));
        let started = Arc::new(Notify::new());
        self.lock().blocked_sleep = Some((n, dropped.clone(), started.clone()));
        (dropped, started)
    }

    /// Every wait the client took, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A sleep that never ends and says when it is dropped.
struct Blocked(Arc<AtomicBool>);

impl Drop for Blocked {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> SystemTime {
        self.lock().now
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        let mut state = self.lock();
        state.sleeps.push(duration);
        state.now += duration;
        let number = state.sleeps.len();
        match &state.blocked_sleep {
            Some((n, dropped, started)) if *n == number => {
                let guard = Blocked(dropped.clone());
                started.notify_one();
                Box::pin(async move {
                    let _guard = guard;
                    pending::<()>().await;
                })
            }
            _ => Box::pin(ready(())),
        }
    }

    fn timeout(&self, _duration: Duration) -> BoxFuture<'static, ()> {
        match self.lock().timers.pop_front().unwrap_or(Timer::Never) {
            Timer::Never => Box::pin(pending()),
            Timer::Now => Box::pin(ready(())),
            Timer::When(notify) => Box::pin(async move { notify.notified().await }),
        }
    }
}

/// A client for `uri` with the test token and `clock`.
pub fn builder(uri: &str, clock: &Arc<TestClock>) -> ClientBuilder {
    Client::builder()
        .base_url(uri)
        .token(TOKEN)
        .clock(clock.clone())
}

/// What the raw server does after writing its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// Closes the connection.
    Close,
    /// Keeps the connection open and says nothing more.
    Hold,
}

/// An HTTP/1.1 server on 127.0.0.1 that answers every request with the same bytes.
pub struct RawServer {
    pub uri: String,
    requests: Arc<AtomicUsize>,
    /// Notified each time a whole request head has been read.
    pub received: Arc<Notify>,
}

impl RawServer {
    pub async fn start(answer: Vec<u8>, then: Then) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let uri = format!("http://{}", listener.local_addr().expect("an address"));
        let requests = Arc::new(AtomicUsize::new(0));
        let received = Arc::new(Notify::new());
        let (counter, notify) = (requests.clone(), received.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let answer = answer.clone();
                let (counter, notify) = (counter.clone(), notify.clone());
                tokio::spawn(async move {
                    // Body-less requests only: the head ends the request.
                    let mut head = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => head.extend_from_slice(&buffer[..read]),
                        }
                    }
                    counter.fetch_add(1, Ordering::SeqCst);
                    notify.notify_one();
                    if socket.write_all(&answer).await.is_err() {
                        return;
                    }
                    if then == Then::Hold {
                        pending::<()>().await;
                    }
                });
            }
        });
        Self {
            uri,
            requests,
            received,
        }
    }

    /// How many requests arrived.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// GitHub's example codespace from the vendored spec, renamed.
pub fn codespace(name: &str) -> serde_json::Value {
    static EXAMPLE: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codespaces.yaml");
        let text = std::fs::read_to_string(path).expect("the vendored spec is readable");
        let spec: serde_json::Value =
            serde_yaml::from_str(&text).expect("the vendored spec is YAML");
        spec["components"]["examples"]["codespace"]["value"].clone()
    });
    let mut codespace = EXAMPLE.clone();
    codespace["name"] = serde_json::json!(name);
    codespace
}

/// The value of header `name` of a received request.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}
