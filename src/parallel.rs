//! Parallel map with results in input order: how a pass over the corpus
//! uses every core and still writes byte-identical output at any thread
//! count. The worker threads take turns reading a batch of items from the
//! input (under a lock), process it, and pass the results to the sink in
//! input order, whichever worker finds the next batch in order done (the
//! calling thread only waits). An item is thus read, processed and mostly
//! freed on one core, where its bytes are still in cache; a thread that
//! only read, handing every article to another core, cost about a quarter
//! more CPU in all, and a calling thread woken for every batch to sink it
//! cost a tenth. At most `4 * threads` batches are out at once, so memory
//! stays flat however large the corpus.
//! It knows nothing of articles: items in, results out. Also [`spread`]:
//! indexed tasks of uneven size (outlets, groups, workbook sheets) on a
//! few threads, results in index order.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{mpsc, Condvar, Mutex, TryLockError};

/// Items per batch a worker reads at a time.
const BATCH: usize = 64;

/// What the workers share: the input, and the batches done.
struct Shared<I, R, E> {
    /// The input, and the sequence number of the next batch read from it;
    /// `None` once the input has ended or yielded an error.
    input: Mutex<Option<(I, u64)>>,
    /// Batches worked on and not yet sunk, and where the sink has got to.
    done: Mutex<Done<R, E>>,
    /// Signalled when the sink takes a batch or the run stops.
    moved: Condvar,
}

/// Applies `work` to every item on `threads` threads and passes each result
/// to `sink` in input order. The first error (from the items, `work` or the
/// sink) stops the run and is returned, after the results before it. The
/// sink runs on the workers: whichever finds the next batch in order done
/// passes it on, so no third thread wakes for every batch (on two cores it
/// would take one from a worker, maybe one holding the input). The results
/// are dropped on the thread that made them, once the sink has seen them
/// (freeing memory another thread allocated is the allocator's slow path).
/// With `threads <= 1` no thread is started.
pub fn ordered_map<T, R, E, I, W, S>(
    items: I,
    threads: usize,
    work: W,
    mut sink: S,
) -> Result<(), E>
where
    I: Iterator<Item = Result<T, E>> + Send,
    R: Send,
    E: Send,
    W: Fn(T) -> Result<R, E> + Sync,
    S: FnMut(&mut R) -> Result<(), E> + Send,
{
    if threads <= 1 {
        for item in items {
            sink(&mut work(item?)?)?;
        }
        return Ok(());
    }
    let max_out = 4 * threads as u64;
    let shared = Shared {
        input: Mutex::new(Some((items, 0))),
        done: Mutex::new(Done {
            pending: BTreeMap::new(),
            next_out: 0,
            stopped: false,
        }),
        moved: Condvar::new(),
    };
    let sinking = Mutex::new(Sinking { sink, error: None });
    // Each worker's results go back to it to be dropped.
    let (spent, spent_rx): (Vec<_>, Vec<_>) = (0..threads).map(|_| mpsc::channel()).unzip();
    std::thread::scope(|scope| {
        for (worker, spent_rx) in spent_rx.into_iter().enumerate() {
            let (shared, work, sinking, spent) = (&shared, &work, &sinking, &spent);
            scope.spawn(move || {
                // Up to two batches in hand: a worker reads the next batch
                // while the input is free and works on the one in hand
                // while another worker is reading, waiting for the input
                // only with nothing in hand.
                let mut hand = VecDeque::with_capacity(2);
                let mut ended = false;
                loop {
                    while !ended && hand.len() < 2 {
                        match next_batch(shared, max_out, hand.is_empty()) {
                            Next::Batch(seq, batch) => hand.push_back((seq, batch)),
                            Next::Busy => break,
                            Next::End => ended = true,
                        }
                    }
                    let Some((seq, batch)) = hand.pop_front() else {
                        break;
                    };
                    spent_rx.try_iter().for_each(drop);
                    let results = batch.into_iter().map(|item| item.and_then(work)).collect();
                    if let Ok(mut done) = shared.done.lock() {
                        done.pending.insert(seq, (worker, results));
                    }
                    sink_in_order(shared, sinking, spent);
                }
                spent_rx.try_iter().for_each(drop);
            });
        }
    });
    // Nothing is left when the workers end (the last to finish a batch
    // sinks it, or looks again after the one sinking let go), but should a
    // batch be, it is sunk here, not lost.
    sink_in_order(&shared, &sinking, &spent);
    let sinking = sinking.into_inner().unwrap_or_else(|e| e.into_inner());
    match sinking.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Batches worked on and not yet sunk, by sequence number, with the worker
/// that made each; the sequence number the sink takes next (batches before
/// it are no longer out); and whether the run has stopped.
struct Done<R, E> {
    pending: BTreeMap<u64, (usize, Vec<Result<R, E>>)>,
    next_out: u64,
    stopped: bool,
}

/// The sink, and the first error, which stops the run.
struct Sinking<S, E> {
    sink: S,
    error: Option<E>,
}

/// Passes the batches done, in order, to the sink, unless another worker is
/// doing so (it takes them too: it looks again after letting the sink go).
/// After the first error, batches are only dropped.
fn sink_in_order<I, R, E, S>(
    shared: &Shared<I, R, E>,
    sinking: &Mutex<Sinking<S, E>>,
    spent: &[mpsc::Sender<Vec<Result<R, E>>>],
) where
    S: FnMut(&mut R) -> Result<(), E>,
{
    // The next batch in order, if done; taking it makes room for another.
    let next = || {
        let mut done = shared.done.lock().ok()?;
        let seq = done.next_out;
        let batch = done.pending.remove(&seq)?;
        done.next_out += 1;
        drop(done);
        shared.moved.notify_all();
        Some(batch)
    };
    loop {
        let Ok(mut guard) = sinking.try_lock() else {
            return;
        };
        let Sinking { sink, error } = &mut *guard;
        while let Some((worker, mut results)) = next() {
            if error.is_none() {
                let first_error = results.iter().position(Result::is_err);
                let before = first_error.unwrap_or(results.len());
                let sunk = results[..before]
                    .iter_mut()
                    .flatten()
                    .try_for_each(&mut *sink);
                let failed = match (sunk, first_error) {
                    (Err(e), _) => Some(e),
                    (Ok(()), Some(at)) => results.swap_remove(at).err(),
                    (Ok(()), None) => None,
                };
                if let Some(e) = failed {
                    *error = Some(e);
                    stop(shared);
                }
            }
            // A worker that has finished no longer takes its results
            // back: they are dropped here.
            let _ = spent[worker].send(results);
        }
        drop(guard);
        // A batch done after the last look, while the sink was taken: its
        // worker has gone on, and another may be waiting for the room it
        // holds, so it is sunk now.
        let more = shared
            .done
            .lock()
            .is_ok_and(|done| done.pending.contains_key(&done.next_out));
        if !more {
            return;
        }
    }
}

/// Stops the run: the workers read no more.
fn stop<I, R, E>(shared: &Shared<I, R, E>) {
    if let Ok(mut done) = shared.done.lock() {
        done.stopped = true;
    }
    shared.moved.notify_all();
}

/// What a worker gets when it asks for the next batch.
enum Next<T, E> {
    /// The batch and its sequence number (a batch ends at the input's first
    /// error).
    Batch(u64, Vec<Result<T, E>>),
    /// The input is being read by another worker, or there is no room for
    /// another batch, and the worker asked not to wait.
    Busy,
    /// The input is used up or the run has stopped.
    End,
}

/// The next batch to work on, read from the input once fewer than
/// `max_out` batches are out; with `wait` false, [`Next::Busy`] rather
/// than wait for the input or for room.
fn next_batch<T, R, E, I>(shared: &Shared<I, R, E>, max_out: u64, wait: bool) -> Next<T, E>
where
    I: Iterator<Item = Result<T, E>>,
{
    let mut input = if wait {
        match shared.input.lock() {
            Ok(input) => input,
            Err(_) => return Next::End,
        }
    } else {
        match shared.input.try_lock() {
            Ok(input) => input,
            Err(TryLockError::WouldBlock) => return Next::Busy,
            Err(TryLockError::Poisoned(_)) => return Next::End,
        }
    };
    let Some((items, seq)) = input.as_mut() else {
        return Next::End;
    };
    let seq = *seq;
    {
        let Ok(mut done) = shared.done.lock() else {
            return Next::End;
        };
        while !done.stopped && seq - done.next_out >= max_out {
            if !wait {
                return Next::Busy;
            }
            done = match shared.moved.wait(done) {
                Ok(done) => done,
                Err(_) => return Next::End,
            };
        }
        if done.stopped {
            return Next::End;
        }
    }
    let mut batch = Vec::with_capacity(BATCH);
    let mut ended = false;
    while batch.len() < BATCH {
        match items.next() {
            Some(item) => {
                ended = item.is_err();
                batch.push(item);
                if ended {
                    break;
                }
            }
            None => {
                ended = true;
                break;
            }
        }
    }
    if ended {
        *input = None;
    } else if let Some((_, next)) = input.as_mut() {
        *next += 1;
    }
    if batch.is_empty() {
        Next::End
    } else {
        Next::Batch(seq, batch)
    }
}

/// `f(0)`, ..., `f(n - 1)` computed on up to `threads` threads, each taking
/// the next index when it is free (tasks of uneven size keep every thread
/// busy), returned in index order: the result does not depend on the
/// number of threads.
pub fn spread<R: Send>(n: usize, threads: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, n.max(1));
    if threads == 1 {
        return (0..n).map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= n {
                            return mine;
                        }
                        mine.push((i, f(i)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `(a(), b())`, `a` on a thread of its own while `b` runs on this one
/// (a panic in either goes on in the caller).
pub fn both<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        let a = a
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
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
                |x| Ok(x * x),
                |r| {
                    out.push(*r);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(out, (0..1000u64).map(|x| x * x).collect::<Vec<_>>());
        }
    }

    #[test]
    fn every_result_is_sunk_in_order_however_the_workers_interleave() {
        // Batches finish in every order, often while another worker holds
        // the sink: none may be left behind or passed on out of order.
        for round in 0..200u64 {
            let threads = 2 + (round % 3) as usize;
            let mut out = Vec::new();
            ordered_map(
                (0..700u64).map(Ok::<_, ()>),
                threads,
                |x| {
                    if (x ^ round) % 7 == 0 {
                        std::thread::yield_now();
                    }
                    Ok(x)
                },
                |r| {
                    out.push(*r);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(out, (0..700u64).collect::<Vec<_>>(), "round {round}");
        }
    }

    #[test]
    fn the_sink_runs_on_the_workers() {
        let caller = std::thread::current().id();
        let mut on_caller = 0;
        ordered_map((0..5_000u64).map(Ok::<_, ()>), 2, Ok, |_| {
            on_caller += u64::from(std::thread::current().id() == caller);
            Ok(())
        })
        .unwrap();
        assert_eq!(on_caller, 0);
    }

    #[test]
    fn the_first_error_stops_the_run() {
        for threads in [1, 2] {
            let items = (0..500u64).map(|x| if x == 300 { Err(x) } else { Ok(x) });
            let mut seen = 0;
            let r = ordered_map(items, threads, Ok, |_| {
                seen += 1;
                Ok(())
            });
            assert_eq!(r, Err(300));
            // Every result before the error, in order, and none after.
            assert_eq!(seen, 300);
            let items = (0..500u64).map(Ok);
            let r = ordered_map(
                items,
                threads,
                Ok,
                |x| if *x == 7 { Err(*x) } else { Ok(()) },
            );
            assert_eq!(r, Err(7));
            // An error from `work` too.
            let (items, mut seen) = ((0..500u64).map(Ok), 0);
            let r = ordered_map(
                items,
                threads,
                |x| if x == 400 { Err(x) } else { Ok(x) },
                |_| {
                    seen += 1;
                    Ok(())
                },
            );
            assert_eq!((r, seen), (Err(400), 400));
        }
    }

    #[test]
    fn workers_stay_within_the_batches_out_limit() {
        use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
        let threads = 2;
        let (started, sunk, worst) = (AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0));
        ordered_map(
            (0..20_000u64).map(Ok::<_, ()>),
            threads,
            |x| {
                let ahead = started.fetch_add(1, SeqCst) + 1 - sunk.load(SeqCst);
                worst.fetch_max(ahead, SeqCst);
                Ok(x)
            },
            |_| {
                sunk.fetch_add(1, SeqCst);
                std::thread::yield_now();
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(sunk.load(SeqCst), 20_000);
        // 4 batches per thread out, plus the one the sink is part-way through.
        let limit = (4 * threads as u64 + 1) * BATCH as u64;
        assert!(worst.load(SeqCst) <= limit, "{worst:?} > {limit}");
    }

    #[test]
    fn results_are_dropped_on_the_thread_that_made_them() {
        use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
        use std::thread::ThreadId;
        static ELSEWHERE: AtomicU64 = AtomicU64::new(0);
        struct Made(ThreadId);
        impl Drop for Made {
            fn drop(&mut self) {
                if std::thread::current().id() != self.0 {
                    ELSEWHERE.fetch_add(1, SeqCst);
                }
            }
        }
        let threads = 2;
        let mut seen = 0;
        ordered_map(
            (0..20_000u64).map(Ok::<_, ()>),
            threads,
            |_| Ok(Made(std::thread::current().id())),
            |_| {
                seen += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, 20_000);
        // Only the results sunk after their worker ran out of input are
        // dropped by the calling thread.
        let limit = (4 * threads as u64 + threads as u64) * BATCH as u64;
        assert!(ELSEWHERE.load(SeqCst) <= limit, "{ELSEWHERE:?} > {limit}");
    }

    /// Tasks of uneven length come back in index order at any thread count,
    /// each computed once.
    #[test]
    fn spread_keeps_index_order() {
        let want: Vec<u64> = (0..50u64)
            .map(|i| (0..(i % 7) * 20_000).sum::<u64>() + i)
            .collect();
        for threads in [0, 1, 2, 3, 8, 100] {
            let calls = std::sync::atomic::AtomicUsize::new(0);
            let got = spread(50, threads, |i| {
                calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let i = i as u64;
                (0..(i % 7) * 20_000).sum::<u64>() + i
            });
            assert_eq!(got, want, "{threads} threads");
            assert_eq!(calls.into_inner(), 50, "{threads} threads");
        }
        assert!(spread(0, 2, |i| i).is_empty());
    }
}
