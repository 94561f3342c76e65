//! The client's behaviour against servers on 127.0.0.1: pagination, conditional requests,
//! rate limits, retries, timeouts, bad responses, safety of the token, and waiting for a
//! codespace. No test sleeps for real: waits go through a test clock that records them, and
//! every test checks how many requests the server saw.

mod bad_responses;
mod conditional;
mod pagination;
mod rate_limits;
mod retries;
mod safety;
mod support;
mod timeouts;
mod wait;
