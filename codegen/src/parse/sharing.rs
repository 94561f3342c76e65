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

/// Runs `here_first` on one of the generator's threads while the other starts on `work` for
/// short runs of `items`, taken in order from a shared queue by both threads once `here_first`
/// is done; gives what `here_first` gave and what `work` gave for each run, in the order of the
/// runs, whichever thread ran it. A panic in either (a bug) is passed on.
pub(super) fn share<T: Send, A: Send, R: Send>(
    items: &mut [T],
    here_first: impl FnOnce() -> A + Send,
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
    let ((first, mut done), there) = crate::threads::join(|| (here_first(), worker()), worker);
    done.extend(there);
    done.sort_by_key(|(index, _)| *index);
    (
        first,
        done.into_iter().map(|(_, outcome)| outcome).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::share;

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
