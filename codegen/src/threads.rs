//! The generator's threads: a pool of [`THREADS`], each with a [`STACK_SIZE`] stack, started
//! the first time [`generate`](crate::generate) or a stage needs them and kept for the life of
//! the process.
//!
//! Why a pool rather than threads started for each generation: a generation runs on a thread
//! with a deep stack and uses a second thread three times (checking and reading the component
//! schemas, emitting), and starting and joining a thread cost 65–95 µs each on the 2-core
//! machines this is measured on (the allocator sets up a heap for every new thread, and its
//! stack is faulted in again). For the vendored fragment that was a fifth of the generation:
//! 300 generations took 2.40–2.48 s with five threads started for each, 1.94–2.02 s with the
//! pool, and page faults fell from about 105 to 25 a generation (BENCHMARKS.md).
//!
//! The pool is `rayon_core`'s: [`join`] runs its second closure on the other thread when that
//! one is free and on this one otherwise, so a call never waits for a thread another
//! generation holds. Work runs on the pool's threads even when called from elsewhere (a test
//! calling a stage), which gives it the deep stack.
//!
//! [`STACK_SIZE`]: crate::STACK_SIZE

use std::sync::OnceLock;

use rayon_core::{ThreadPool, ThreadPoolBuilder};

/// How many threads the pool has: the machines this is measured on have two cores, and
/// formatting allocates enough that more threads than cores would only contend.
pub const THREADS: usize = 2;

/// The pool, or `None` when its threads could not be started (everything then runs on the
/// calling thread, one thing after another).
fn pool() -> Option<&'static ThreadPool> {
    static POOL: OnceLock<Option<ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        ThreadPoolBuilder::new()
            .num_threads(THREADS)
            .stack_size(crate::STACK_SIZE)
            .thread_name(|index| format!("codegen-{index}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `work` on one of the generator's threads and gives its result (here when the pool
/// could not be started). A panic in `work` (a bug) is passed on to the caller.
pub(crate) fn run<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Runs `here` and `there`, on both of the generator's threads when the other is free, and
/// gives both results (one after the other here when the pool could not be started: not
/// through `rayon_core::join` outside the pool, which would start rayon's global pool, whose
/// threads have small stacks). A panic in either (a bug) is passed on to the caller.
pub(crate) fn join<A: Send, B: Send>(
    here: impl FnOnce() -> A + Send,
    there: impl FnOnce() -> B + Send,
) -> (A, B) {
    match pool() {
        Some(pool) => pool.install(|| rayon_core::join(here, there)),
        None => (here(), there()),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Barrier;

    use super::{join, run};

    /// The name of the thread running this.
    fn thread_name() -> String {
        std::thread::current().name().unwrap_or_default().to_owned()
    }

    /// Both closures of a `join` run at the same time when the other thread is free (each waits
    /// at a barrier for the other, which would never return on one thread), both on the
    /// generator's threads.
    #[test]
    fn join_runs_its_two_closures_on_two_of_the_generator_s_threads() {
        let barrier = Barrier::new(2);
        let (here, there) = join(
            || {
                barrier.wait();
                thread_name()
            },
            || {
                barrier.wait();
                thread_name()
            },
        );
        assert_ne!(here, there);
        for name in [here, there] {
            assert!(name.starts_with("codegen-"), "{name}");
        }
    }

    #[test]
    fn a_panic_is_passed_on_and_the_pool_still_works() {
        let panicked = std::panic::catch_unwind(|| join(|| 1, || panic!("a bug")));
        assert!(panicked.is_err());
        let panicked = std::panic::catch_unwind(|| run(|| panic!("a bug")));
        assert!(panicked.is_err());
        assert_eq!(join(|| 1, || 2), (1, 2));
    }

    /// The work runs with the generator's stack, not the caller's (a test thread's is 2 MB):
    /// 16 MB of frames.
    #[test]
    fn work_runs_on_the_generator_s_stack() {
        // Each level's 4 KB frame is read after the call below it returns, so it is kept.
        fn deep(levels: usize) -> usize {
            let frame = std::hint::black_box([levels as u8; 4096]);
            if levels == 0 {
                return 0;
            }
            deep(levels - 1) + usize::from(frame[4095] == levels as u8)
        }
        let levels = (16 << 20) / 4096;
        assert_eq!(run(|| deep(levels)), levels);
    }
}
