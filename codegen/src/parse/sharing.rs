//! Sharing parsing's work on the component schemas with a second thread.
//!
//! Parsing runs before there is other work for a second core, and a large description is
//! mostly component schemas, so checking them (`deep_schemas`) and reading them into `openapiv3`
//! (`two_threads`) are shared. Cut in the middle, one thread got most of the work: a large
//! description keeps its costliest schemas together (the event payloads at the end of one of the
//! benches' lists, deep trees that `openapiv3` buffers again at each level), so under callgrind
//! the second half took a hundred times the instructions of the first to check (206 M against
//! 2 M) and seven times to read (322 M against 47 M). So both threads take short runs of
//! schemas in order from a shared queue until none is left ([`share`]), and the results are
//! put back in the order of the runs.

use std::sync::{Mutex, PoisonError};

/// How many runs [`share`] cuts its items into: enough that the last run taken is a small part
/// of the work, few enough that taking one (a lock) costs nothing next to it.
const RUNS: usize = 256;

/// Runs `here` on this thread and `there` on another with the generator's stack, and gives
/// both results ([`share`] starts its second thread so). When no thread can be started,
/// `there` runs here after `here`. A panic in either (a bug) is passed on.
pub(super) fn beside<A, B: Send>(
    here: impl FnOnce() -> A,
    there: impl FnOnce() -> B + Send,
) -> (A, B) {
    // Taken by the other thread, or back here when none starts.
    let there = Mutex::new(Some(there));
    let take = || there.lock().unwrap_or_else(PoisonError::into_inner).take();
    std::thread::scope(|scope| {
        let other = std::thread::Builder::new()
            .name("codegen-parse".to_owned())
            .stack_size(crate::STACK_SIZE)
            .spawn_scoped(scope, || take().map(|there| there()));
        let here = here();
        let there = match other {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => take().map(|there| there()),
        };
        // Whichever thread took it ran it.
        (here, there.unwrap_or_else(|| unreachable!("`there` ran")))
    })
}

/// Runs `here_first` on this thread while another starts on `work` for short runs of `items`,
/// taken in order from a shared queue by both threads once `here_first` is done; gives what
/// `here_first` gave and what `work` gave for each run, in the order of the runs, whichever
/// thread ran it.
pub(super) fn share<T: Send, A, R: Send>(
    items: &mut [T],
    here_first: impl FnOnce() -> A,
    work: impl Fn(&mut [T]) -> R + Sync,
) -> (A, Vec<R>) {
    let size = items.len().div_ceil(RUNS).max(1);
    let runs = Mutex::new(items.chunks_mut(size).enumerate());
    let take = || runs.lock().unwrap_or_else(PoisonError::into_inner).next();
    let worker = || {
        let mut done = Vec::new();
        while let Some((index, run)) = take() {
            done.push((index, work(run)));
        }
        done
    };
    let ((first, mut done), there) = beside(|| (here_first(), worker()), worker);
    done.extend(there);
    done.sort_by_key(|(index, _)| *index);
    (
        first,
        done.into_iter().map(|(_, outcome)| outcome).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::{beside, share};

    #[test]
    fn beside_gives_both_results_and_passes_a_panic_on() {
        let mut here = Vec::new();
        let (length, there) = beside(
            || {
                here.push(1);
                here.len()
            },
            || "there".to_owned(),
        );
        assert_eq!((length, there.as_str()), (1, "there"));
        let panicked = std::panic::catch_unwind(|| beside(|| 1, || panic!("a bug")));
        assert!(panicked.is_err());
    }

    #[test]
    fn shared_work_comes_back_in_the_order_of_the_items() {
        for length in [0, 1, 2, 255, 256, 257, 1000] {
            let mut items: Vec<usize> = (0..length).collect();
            // This thread starts late, so the other takes the first runs, and each run takes
            // a while, so that both take runs after that: the outcomes come back out of order
            // and must be put back in it.
            let pause = || std::thread::sleep(std::time::Duration::from_micros(200));
            let late = || {
                (0..10).for_each(|_| pause());
                "first"
            };
            let (first, runs) = share(&mut items, late, |run| {
                pause();
                for item in run.iter_mut() {
                    *item *= 2;
                }
                run.to_vec()
            });
            assert_eq!(first, "first");
            let joined: Vec<usize> = runs.into_iter().flatten().collect();
            assert_eq!(joined, (0..length).map(|item| item * 2).collect::<Vec<_>>());
            assert_eq!(items, joined, "each item was worked on in place once");
        }
    }
}
