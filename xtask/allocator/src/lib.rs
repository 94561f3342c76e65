//! The allocator `cargo xtask` runs with (and the generate bench): mimalloc, set up for a
//! process that allocates a few hundred megabytes and exits. Linking this crate makes it the
//! global allocator; [`configure`] sets it up.
//!
//! It is a crate of its own so that the dev profile optimises it (the workspace's
//! `Cargo.toml`): `#[global_allocator]` writes the functions every allocation goes through into
//! the crate that declares it, and built without optimisation, with debug assertions, they were
//! about 7 % of the samples of a `cargo xtask generate`.
//!
//! Generation allocates and frees hundreds of megabytes of tokens and syntax trees. By default
//! mimalloc gives freed memory back to the system after a delay (one second in its v3, built
//! here), and the next allocation faults it in again, zeroed by the kernel: generating GitHub's
//! whole description took 6,500–16,000 page faults that way and about 500 without, and 2.17–2.44 s
//! against 1.78–2.19 s (release build, five alternating runs each; BENCHMARKS.md). A process
//! that exits once it has written its files has no use for giving memory back.
//!
//! mimalloc also asks Linux for transparent huge pages, which the kernel zeroes 2 MiB at a time
//! on first touch (and compacts memory to find): on the 2-core machines this is measured on,
//! that was 0.77 s of system time per generation of the same description, 0.32 s with 4 KiB
//! pages, and 1.71–2.66 s against 1.72–2.34 s of wall time (eight alternating runs each).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`: the same place in the option list of its
/// v2 and v3), which the Rust bindings do not name: milliseconds, -1 for never.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// From now on, memory freed by the process stays with it, and no page it touches is a huge
/// page. Call before starting threads: mimalloc's options are not thread safe.
pub fn configure() {
    // SAFETY: a store into mimalloc's option table, done before any other thread runs.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    no_huge_pages();
}

/// Turns transparent huge pages off for the process. mimalloc's own `allow_thp` option is read
/// once, before `main`; the process's flag is read at every page fault. Failing (an old kernel)
/// leaves huge pages on: slower, not wrong.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `PR_SET_THP_DISABLE` takes one integer argument and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0)
    };
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_turned_off() {
        super::no_huge_pages();
        // SAFETY: `PR_GET_THP_DISABLE` takes no argument and returns the flag.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
    }

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
