//! A local imitation of the npm registry: fixed answers by request path, on 127.0.0.1.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One answer.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    /// Send only this many bytes of the body (after a `Content-Length` for all of it), then
    /// close: a download that breaks off.
    pub cut_after: Option<usize>,
}

impl Reply {
    pub fn ok(body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            body,
            cut_after: None,
        }
    }
}

/// The server; it stops when dropped.
pub struct Registry {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    requested: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl Registry {
    /// Starts a server answering `routes` (request path → reply) and 404 to anything else.
    /// `routes` gets the server's base address (`http://127.0.0.1:PORT`) to build addresses with.
    pub fn start(routes: impl FnOnce(&str) -> BTreeMap<String, Reply>) -> Registry {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let address = listener.local_addr().expect("a bound address");
        let routes = routes(&format!("http://{address}"));
        let stop = Arc::new(AtomicBool::new(false));
        let requested = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (stop, requested) = (Arc::clone(&stop), Arc::clone(&requested));
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        answer(stream, &routes, &requested);
                    }
                }
            })
        };
        Registry {
            address,
            stop,
            requested,
            thread: Some(thread),
        }
    }

    /// The registry's address, as `npm_config_registry` takes it.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// The paths requested so far, in order.
    pub fn requested(&self) -> Vec<String> {
        self.requested.lock().expect("not poisoned").clone()
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.address);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads one request's head and writes the route's reply, then closes the connection.
fn answer(stream: TcpStream, routes: &BTreeMap<String, Reply>, requested: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    requested.lock().expect("not poisoned").push(path.clone());
    let not_found = Reply {
        status: 404,
        body: b"{\"error\":\"Not found\"}".to_vec(),
        cut_after: None,
    };
    let reply = routes.get(&path).unwrap_or(&not_found);
    let head = format!(
        "HTTP/1.1 {} X\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.status,
        reply.body.len()
    );
    let sent = reply.cut_after.unwrap_or(reply.body.len());
    let mut stream = &stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&reply.body[..sent]);
    let _ = stream.flush();
}

/// Runs the xtask binary with `args`, `registry` as npm's registry and no proxy, so that it
/// talks only to the local server.
pub fn run_xtask<I, S>(registry: &str, args: I) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    xtask_command(registry, args)
        .output()
        .expect("the xtask binary runs")
}

/// The command [`run_xtask`] runs, to be changed further before it is.
pub fn xtask_command<I, S>(registry: &str, args: I) -> std::process::Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(args).env("npm_config_registry", registry);
    for variable in [
        "NPM_CONFIG_REGISTRY",
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        command.env_remove(variable);
    }
    command
}
