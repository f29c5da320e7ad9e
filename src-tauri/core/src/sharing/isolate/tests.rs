//! The check's parent side against stand-in children (shell scripts) that pass, refuse, die,
//! or hang without reading; and the reading of the address space a child starts with.

use std::time::{Duration, Instant};

use super::*;
use crate::stand_in::script;

fn message(result: Result<()>) -> String {
    match result {
        Err(CoreError::InvalidFile { message, .. }) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_childs_exit_says_whether_the_file_passed_or_why_not() {
    let dir = tempfile::tempdir().expect("dir");
    let bytes = b"any bytes".as_slice();
    let passing = script(
        dir.path(),
        "passing",
        &format!("[ \"$1\" = {CHECK_ARG} ] || exit 9\ncat > /dev/null"),
    );
    assert!(check_with(&passing, bytes, WALL_CAP).is_ok());
    for (name, body) in [("refusing", "exit 1"), ("panicking", "exit 101")] {
        let child = script(dir.path(), name, &format!("cat > /dev/null\n{body}"));
        assert_eq!(
            message(check_with(&child, bytes, WALL_CAP)),
            "not a readable Automerge document",
            "{name}"
        );
    }
    // Out of memory, the child aborts: a signal, not an exit code.
    let aborting = script(dir.path(), "aborting", "kill -ABRT $$");
    assert!(message(check_with(&aborting, bytes, WALL_CAP)).contains("far more memory or time"));
    let missing = check_with(&dir.path().join("missing"), bytes, WALL_CAP);
    assert!(matches!(missing, Err(CoreError::Io { .. })), "{missing:?}");
}

#[test]
fn a_child_that_hangs_without_reading_is_stopped_at_the_deadline() {
    let dir = tempfile::tempdir().expect("dir");
    // More than a pipe holds, so the parent's write would block for good on its own.
    let bytes = vec![7_u8; 4 * 1024 * 1024];
    let hanging = script(dir.path(), "hanging", "exec sleep 60");
    let started = Instant::now();
    let refused = message(check_with(&hanging, &bytes, Duration::from_millis(300)));
    assert!(refused.contains("far more memory or time"), "{refused}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_address_space_is_read_from_statm_in_pages() {
    assert_eq!(
        address_space("262144 3000 1200 300 0 9000 0\n", 4096),
        Some(1024 * 1024 * 1024)
    );
    assert_eq!(address_space("", 4096), None);
    assert_eq!(address_space("lots of pages", 4096), None);
    assert_eq!(address_space("18446744073709551615 1", 4096), None);
    // This process's own file reads, and holds at least its code.
    let own = std::fs::read_to_string("/proc/self/statm").expect("statm");
    assert!(address_space(&own, rustix::param::page_size()).is_some_and(|b| b > 1024 * 1024));
}
