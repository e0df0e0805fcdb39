//! The `framescore` binary: parses arguments, runs the library, maps errors
//! to exit codes: 0 success, 1 failure (e.g. cannot write), 2 bad input
//! (arguments, lexicon, corpus).

mod cli;

use clap::Parser;
use framescore::corpus::CorpusError;
use framescore::lexicon::LexiconError;
use framescore::report::ReportError;

/// The process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    Success = 0,
    Failure = 1,
    BadInput = 2,
}

/// Bad input is the user's to fix; anything else is a failure.
fn classify(e: &anyhow::Error) -> Exit {
    let bad = e.chain().any(|cause| {
        cause.is::<LexiconError>()
            || cause.is::<CorpusError>()
            || cause.is::<framescore::report::verify::VerifyError>()
            || cause.is::<framescore::analysis::AnalysisError>()
            || cause
                .downcast_ref::<framescore::pass::PassError>()
                .is_some_and(|e| {
                    matches!(
                        e,
                        framescore::pass::PassError::Corpus(_)
                            | framescore::pass::PassError::Lexicon(_)
                            | framescore::pass::PassError::Partition(_)
                    )
                })
            || cause
                .downcast_ref::<framescore::output::OutputError>()
                .is_some_and(framescore::output::OutputError::is_bad_input)
            || cause
                .downcast_ref::<framescore::validation::ValidationError>()
                .is_some_and(framescore::validation::ValidationError::is_bad_input)
            || cause
                .downcast_ref::<ReportError>()
                .is_some_and(ReportError::is_bad_input)
    });
    if bad {
        Exit::BadInput
    } else {
        Exit::Failure
    }
}

/// mimalloc: about 5% less CPU than glibc's allocator on a 2-thread
/// counting pass (docs/PERFORMANCE.md), with [`GIVE_MEMORY_BACK`].
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc commits an arena's memory as it is used rather than all of it
/// when the arena is reserved, and gives freed memory back after 2 ms
/// instead of 10 (x10 for arenas): memory a report's phase frees (the first
/// pass's signatures, the bootstrap's replicates) stayed in the process.
/// The default report of the 100 MB benchmark slice, peak RSS: 143-153 MB
/// with mimalloc's defaults, 116 MB so; purging at once (0 ms) gave 112 MB
/// but 10% more CPU in the counting pass (docs/PERFORMANCE.md). The
/// environment overrides both (`MIMALLOC_ARENA_EAGER_COMMIT`, default 2:
/// eager where the system overcommits; `MIMALLOC_PURGE_DELAY`, default 10).
///
/// Set before the first allocation, when mimalloc reserves its first
/// arena: on Linux as an ELF constructor, which runs after mimalloc's own
/// (priority 101) and before Rust's runtime allocates anything; elsewhere
/// at the start of `main` (later arenas).
#[cfg_attr(target_os = "linux", used, unsafe(link_section = ".init_array"))]
static GIVE_MEMORY_BACK: extern "C" fn() = give_memory_back;

extern "C" fn give_memory_back() {
    // mimalloc's `mi_option_e` (the same numbers in its v2 and v3): not
    // exported as constants by libmimalloc-sys "for stability".
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: mi_option_set_default only stores a value in mimalloc's
    // option table (when no environment variable set it); it is not thread
    // safe, and no other thread runs yet.
    unsafe {
        libmimalloc_sys::mi_option_set_default(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set_default(PURGE_DELAY, 2);
    }
}

fn main() -> std::process::ExitCode {
    if !cfg!(target_os = "linux") {
        GIVE_MEMORY_BACK();
    }
    let args = cli::Cli::parse();
    // Ctrl-C or SIGTERM: drop the report being written, keep the previous one.
    let _ = ctrlc::set_handler(|| {
        framescore::output::abandon_staging();
        if framescore::report::watch::is_watching() {
            // The normal end of `report --watch`: the last report is whole.
            eprintln!("\nframescore: stopped watching; the last report is left in place");
            std::process::exit(0);
        }
        eprintln!("framescore: interrupted; any previous report is left as it was");
        std::process::exit(130);
    });
    let exit = match cli::run(args) {
        Ok(()) => Exit::Success,
        Err(e) => {
            let message = format!("{e:#}");
            eprintln!(
                "error: {}",
                framescore::text::escape::for_terminal(&message)
            );
            classify(&e)
        }
    };
    std::process::ExitCode::from(exit as u8)
}
