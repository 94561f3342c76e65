//! Emitting and formatting on the generator's two threads, which share a queue of jobs.
//!
//! Formatting is the slowest step of generation, and the models can be much larger than the
//! operations (or the other way round), so the work is cut into jobs (the operations, and the
//! models in parts) that both threads take in order until none is left: neither waits while
//! the other has work. Tokens cannot cross threads, so each job builds its own from the IR.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostics::Diagnostics;

/// Runs every job on the generator's threads ([`crate::threads`]; on this thread when the
/// other is busy or none could be started), and returns the outcomes in the order of `jobs`.
/// A panic in a job is a bug: it becomes an internal error naming what the job emits (`name`).
pub fn run_jobs<J, T>(
    jobs: &[J],
    name: &(dyn Fn(&J) -> String + Sync),
    run: &(dyn Fn(&J) -> Result<T, Diagnostics> + Sync),
) -> Vec<Result<T, Diagnostics>>
where
    J: Sync,
    T: Send,
{
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(index) else {
                break done;
            };
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(job)))
                .unwrap_or_else(|_| {
                    Err(super::internal_error(&format!(
                        "emitting the {} panicked",
                        name(job)
                    )))
                });
            done.push((index, outcome));
        }
    };
    // A worker catches every job's panic, so it cannot panic itself.
    let (mut finished, there) = crate::threads::join(worker, worker);
    finished.extend(there);
    finished.sort_by_key(|(index, _)| *index);
    finished.into_iter().map(|(_, outcome)| outcome).collect()
}

#[cfg(test)]
mod tests {
    use super::run_jobs;

    #[test]
    fn every_job_runs_once_and_outcomes_keep_the_order_of_the_jobs() {
        let jobs: Vec<usize> = (0..50).collect();
        let outcomes = run_jobs(&jobs, &|job| job.to_string(), &|job| Ok(job * 2));
        let values: Vec<usize> = outcomes.into_iter().map(Result::unwrap).collect();
        assert_eq!(values, (0..50).map(|job| job * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_a_job_is_an_internal_error_naming_it() {
        let jobs = ["models", "operations"];
        let outcomes = run_jobs(&jobs, &|job| (*job).to_owned(), &|job| {
            if *job == "operations" {
                panic!("a bug in the emitter");
            }
            Ok(())
        });
        assert!(outcomes[0].is_ok());
        let message = outcomes[1]
            .as_ref()
            .expect_err("a panic is an error")
            .to_string();
        assert!(
            message.contains("internal error: emitting the operations panicked"),
            "{message}"
        );
    }
}
