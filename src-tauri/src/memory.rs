//! Giving the system back the memory the window freed, once it goes quiet after a burst of work.
//!
//! glibc's allocator keeps freed memory in its arenas and returns it to the system only from
//! the top of a heap, so after a burst (the first reminders round reading 50,000 dated items
//! at 100 projects × 1,000 gaps, a backup, the Gaps tab's list sent to the page) the pages stay
//! resident behind any allocation that outlives them. Measured on the window under Xvfb with
//! that database open: 119 MiB PSS, 95 MiB after one `malloc_trim(0)` (docs/performance.md,
//! Memory). So every command the page calls and every round of background work says it
//! worked ([`after_work`]), and a background thread trims once the window has been quiet for
//! [`QUIET`]: rarely enough to cost nothing, soon enough that memory is back within seconds.

use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::OnceLock;
use std::time::Duration;

/// How long the window must be quiet after work before its freed memory is given back: long
/// enough that a burst of commands (a tab's reads, a form's save) is over, short enough that
/// the memory is back before anyone looks.
pub const QUIET: Duration = Duration::from_secs(1);

/// Where [`after_work`] says so, once [`start`] has run.
static WORKED: OnceLock<SyncSender<()>> = OnceLock::new();

/// Notes that the window just did some work, so freed memory is given back after the next
/// quiet [`QUIET`]. Cheap (one non-blocking send) and a no-op before [`start`].
pub fn after_work() {
    if let Some(worked) = WORKED.get() {
        // A full channel already holds a note, which is all the thread needs.
        let _ = worked.try_send(());
    }
}

/// Starts the thread that gives freed memory back after work (at the background's priority,
/// [`crate::spawn_background`]). Only the first call starts it.
pub fn start() {
    let (worked, notes) = sync_channel(1);
    if WORKED.set(worked).is_ok() {
        crate::spawn_background("memory", move || {
            after_quiet(&notes, QUIET, || {
                let given_back = give_back();
                tracing::debug!(given_back, "freed memory given back to the system");
            });
        });
    }
}

/// Calls `act` once after each burst of notes on `notes`, when none came for `quiet`; returns
/// when every sender is gone.
fn after_quiet(notes: &Receiver<()>, quiet: Duration, mut act: impl FnMut()) {
    while notes.recv().is_ok() {
        loop {
            match notes.recv_timeout(quiet) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    act();
                    return;
                }
            }
        }
        act();
    }
}

/// Asks glibc to return the free pages of every arena to the system (`malloc_trim(0)`; since
/// glibc 2.8 that includes whole free pages between live chunks, not only a heap's top).
/// Returns whether anything was given back. Elsewhere (musl, macOS, Windows) it does nothing
/// and returns false: those allocators give memory back on their own or have no such call.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn give_back() -> bool {
    // SAFETY: malloc_trim takes no pointer and touches only the allocator's own state, under
    // the arena locks every allocation takes; it is MT-safe (malloc_trim(3)).
    unsafe { libc::malloc_trim(0) == 1 }
}

/// See the glibc version above: nothing to do on this platform.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::sync_channel;
    use std::time::{Duration, Instant};

    use super::after_quiet;

    /// A burst of notes gives one call, after the quiet; a later note another; the thread
    /// ends with its senders.
    #[test]
    fn one_call_per_burst_after_the_quiet() {
        let quiet = Duration::from_millis(100);
        let (note, notes) = sync_channel(1);
        let (called, calls) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            after_quiet(&notes, quiet, || called.send(Instant::now()).unwrap_or(()))
        });
        let mut last = Instant::now();
        for _ in 0..5 {
            let _ = note.try_send(());
            last = Instant::now();
            std::thread::sleep(Duration::from_millis(30));
        }
        let first = calls
            .recv_timeout(Duration::from_secs(5))
            .expect("a call after the burst");
        assert!(first - last >= quiet, "not before the burst's quiet ended");
        assert!(
            calls.recv_timeout(quiet * 3).is_err(),
            "one call for the burst"
        );
        let _ = note.try_send(());
        calls
            .recv_timeout(Duration::from_secs(5))
            .expect("a call after the next note");
        drop(note);
        thread.join().expect("the thread ends without its senders");
        assert!(calls.try_recv().is_err(), "no call without work");
    }

    /// Memory freed between live allocations stays resident until [`super::give_back`], which
    /// returns it: 64 MiB in 4 KiB blocks freed, then given back, lowers the process's resident
    /// set (`/proc/self/statm`) by more than half of that.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn freed_memory_is_given_back() {
        fn resident_mib() -> f64 {
            let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
            let pages: f64 = statm
                .split(' ')
                .nth(1)
                .and_then(|p| p.parse().ok())
                .unwrap_or(0.0);
            pages * 4096.0 / (1024.0 * 1024.0)
        }
        // On a thread of its own, so the blocks sit in one arena. A small block kept after every
        // 64 of them (256 KiB) keeps the freed memory off the top of the heap, where glibc would
        // give it back by itself.
        let (before, after) = std::thread::spawn(|| {
            let mut blocks = Vec::with_capacity(16 * 1024);
            let mut kept = Vec::new();
            for i in 0..16 * 1024 {
                blocks.push(vec![(i % 251) as u8; 4096]);
                if i % 64 == 63 {
                    kept.push(vec![1u8; 64]);
                }
            }
            drop(blocks);
            let before = resident_mib();
            assert!(super::give_back(), "glibc gave something back");
            let after = resident_mib();
            assert!(kept.iter().all(|k| k[0] == 1));
            (before, after)
        })
        .join()
        .expect("the allocating thread ran");
        assert!(
            before - after > 32.0,
            "resident {before:.1} MiB before, {after:.1} after"
        );
    }
}
