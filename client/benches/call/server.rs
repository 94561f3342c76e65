//! A minimal HTTP/1.1 server on 127.0.0.1 that answers every request with the same response
//! and keeps the connection open, so the benchmark times the clients, not a server framework.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Connections accepted so far: with keep-alive working, one per client for the whole run.
static CONNECTIONS: AtomicUsize = AtomicUsize::new(0);

/// How many connections the server has accepted.
pub fn connections() -> usize {
    CONNECTIONS.load(Ordering::Relaxed)
}

/// Starts the server on its own thread (with its own single-threaded runtime, so it never
/// competes with the measured client for a runtime worker) and returns its address.
///
/// Every request is answered `200 OK` with `body` as JSON and the headers GitHub sends with
/// it. Requests must not carry a body: the benchmark only sends `GET`s.
pub fn start(body: &[u8]) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
    listener
        .set_nonblocking(true)
        .expect("tokio needs a non-blocking listener");
    let address = listener
        .local_addr()
        .expect("a bound listener has an address");
    let response: Arc<[u8]> = Arc::from(response(body));
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .expect("a runtime for the server")
            .block_on(serve(listener, response));
    });
    address
}

fn response(body: &[u8]) -> Vec<u8> {
    let head = format!(
        "HTTP/1.1 200 OK\r\n\
         content-type: application/json; charset=utf-8\r\n\
         content-length: {}\r\n\
         etag: W/\"0123456789abcdef0123456789abcdef\"\r\n\
         x-github-api-version-selected: 2022-11-28\r\n\
         x-ratelimit-limit: 5000\r\n\
         x-ratelimit-remaining: 4999\r\n\
         x-ratelimit-reset: 1700000000\r\n\
         x-ratelimit-used: 1\r\n\
         x-ratelimit-resource: core\r\n\
         \r\n",
        body.len()
    );
    [head.as_bytes(), body].concat()
}

async fn serve(listener: std::net::TcpListener, response: Arc<[u8]>) {
    let listener = TcpListener::from_std(listener).expect("a listener tokio accepts");
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        CONNECTIONS.fetch_add(1, Ordering::Relaxed);
        // The response goes out in one write; without this, Nagle's algorithm could hold
        // back its last segment until the client's delayed ACK.
        stream
            .set_nodelay(true)
            .expect("TCP_NODELAY on a local socket");
        tokio::spawn(answer(stream, Arc::clone(&response)));
    }
}

/// Answers each request head on the connection until the client closes it.
async fn answer(mut stream: TcpStream, response: Arc<[u8]>) {
    let mut received = Vec::with_capacity(4096);
    loop {
        while let Some(end) = received.windows(4).position(|window| window == b"\r\n\r\n") {
            received.drain(..end + 4);
            if stream.write_all(&response).await.is_err() {
                return;
            }
        }
        match stream.read_buf(&mut received).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}
