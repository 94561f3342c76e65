//! The allocator `cargo xtask` runs with (and the generate bench, which includes this file):
//! mimalloc, set to keep the memory it frees.
//!
//! Generation allocates and frees hundreds of megabytes of tokens and syntax trees. By default
//! mimalloc gives freed memory back to the system after a delay (one second in its v3, built
//! here), and the next allocation faults it in again, zeroed by the kernel: generating GitHub's
//! whole description took 6,500–16,000 page faults that way and about 500 without, and 2.17–2.44 s
//! against 1.78–2.19 s (release build, five alternating runs each; BENCHMARKS.md). A process
//! that exits once it has written its files has no use for giving memory back.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`: the same place in the option list of its
/// v2 and v3), which the Rust bindings do not name: milliseconds, -1 for never.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// From now on, memory freed by the process stays with it. Call before starting threads:
/// mimalloc's options are not thread safe.
pub fn keep_freed_memory() {
    // SAFETY: a store into mimalloc's option table, done before any other thread runs.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_with_its_default() {
        // Nothing in the tests sets it, so it holds the environment's value or mimalloc v3's
        // default (`options.c`: 1000 ms); a later mimalloc that moves the option fails here.
        let expected = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(1000);
        // SAFETY: reading an option.
        let value = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(value, expected);
    }
}
