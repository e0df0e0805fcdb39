//! Parallel map with results in input order: how a pass over the corpus
//! uses every core and still writes byte-identical output at any thread
//! count. Items are read on the calling thread, processed in batches on
//! worker threads, and handed back to the calling thread's sink in the order
//! they were read. At most `4 * threads` batches are in flight, so memory
//! stays flat however large the corpus.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::Mutex;

/// Items per batch handed to a worker.
const BATCH: usize = 64;

/// Applies `work` to every item on `threads` threads and passes each result
/// to `sink` in input order. The first error (from the items or the sink)
/// stops the run and is returned. With `threads <= 1` no thread is started.
pub fn ordered_map<T, R, E, I, W, S>(
    items: I,
    threads: usize,
    work: W,
    mut sink: S,
) -> Result<(), E>
where
    I: Iterator<Item = Result<T, E>>,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R) -> Result<(), E>,
{
    if threads <= 1 {
        for item in items {
            sink(work(item?))?;
        }
        return Ok(());
    }
    let max_in_flight = 4 * threads;
    let (work_tx, work_rx) = mpsc::sync_channel::<(u64, Vec<T>)>(max_in_flight);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(u64, Vec<R>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let (work_rx, work) = (&work_rx, &work);
            scope.spawn(move || loop {
                let next = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((seq, batch)) = next else { return };
                let results = batch.into_iter().map(work).collect();
                if done_tx.send((seq, results)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);

        let mut pending: BTreeMap<u64, Vec<R>> = BTreeMap::new();
        let (mut sent, mut next_out) = (0u64, 0u64);
        // Hands finished batches to the sink in order; waits for one batch
        // when `wait` is set.
        let mut drain = |wait: bool,
                         pending: &mut BTreeMap<u64, Vec<R>>,
                         next_out: &mut u64|
         -> Result<(), E> {
            let got = if wait {
                // Every worker gone with work outstanding: only after a
                // worker panicked, which the scope re-raises anyway.
                Some(done_rx.recv().expect("a worker thread stopped"))
            } else {
                done_rx.try_recv().ok()
            };
            if let Some((seq, results)) = got {
                pending.insert(seq, results);
            }
            while let Some(results) = pending.remove(next_out) {
                *next_out += 1;
                for r in results {
                    sink(r)?;
                }
            }
            Ok(())
        };
        let mut batch = Vec::with_capacity(BATCH);
        let mut items = items;
        let result = (|| {
            loop {
                let item = items.next().transpose()?;
                let end = item.is_none();
                if let Some(item) = item {
                    batch.push(item);
                }
                if batch.len() == BATCH || (end && !batch.is_empty()) {
                    while sent - next_out >= max_in_flight as u64 {
                        drain(true, &mut pending, &mut next_out)?;
                    }
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    if work_tx.send((sent, full)).is_err() {
                        break;
                    }
                    sent += 1;
                    drain(false, &mut pending, &mut next_out)?;
                }
                if end {
                    break;
                }
            }
            while next_out < sent {
                drain(true, &mut pending, &mut next_out)?;
            }
            Ok(())
        })();
        drop(work_tx);
        result
    })
}

/// The number of threads to use when the user did not say: every core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order_at_any_thread_count() {
        for threads in [1, 2, 3, 8] {
            let items = (0..1000u64).map(Ok::<_, String>);
            let mut out = Vec::new();
            ordered_map(
                items,
                threads,
                |x| x * x,
                |r| {
                    out.push(r);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(out, (0..1000u64).map(|x| x * x).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_first_error_stops_the_run() {
        for threads in [1, 2] {
            let items = (0..500u64).map(|x| if x == 300 { Err(x) } else { Ok(x) });
            let mut seen = 0;
            let r = ordered_map(
                items,
                threads,
                |x| x,
                |_| {
                    seen += 1;
                    Ok(())
                },
            );
            assert_eq!(r, Err(300));
            assert!(seen <= 300);
            let items = (0..500u64).map(Ok);
            let r = ordered_map(
                items,
                threads,
                |x| x,
                |x| if x == 7 { Err(x) } else { Ok(()) },
            );
            assert_eq!(r, Err(7));
        }
    }
}
