//! Third-party decoders run so that a panic inside them on a damaged file
//! becomes an error naming the file, not a crash: the Parquet decoder
//! asserts on some malformed pages (found by fuzzing). Owns only the
//! catching; knows nothing of formats.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while a [`guarded`] call runs on this thread: its panic is
    /// caught and reported as an error, so the panic hook stays silent.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Runs `f`; a panic inside it is `Err` with the panic's message. Other
/// panics (on other threads, or outside `f`) go to the hook as before.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let outer = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the decoder failed".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_an_error_with_its_message() {
        assert_eq!(guarded(|| 7), Ok(7));
        let e = guarded(|| -> u8 { panic!("assertion failed: size <= src.len()") }).unwrap_err();
        assert_eq!(e, "assertion failed: size <= src.len()");
        // Still usable after a caught panic.
        assert_eq!(guarded(|| "ok"), Ok("ok"));
    }
}
