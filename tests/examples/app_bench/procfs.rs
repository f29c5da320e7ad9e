//! What `/proc` says of the app's processes for `make bench-app`: which process is the app,
//! when it started, and the memory (PSS) of it and of every process it started.

use std::path::Path;
use std::process::Command;

use preflight_e2e::Result;

/// The app's process: the one started with `--db` naming this database.
pub fn app_pid(db: &Path) -> Result<u32> {
    let found = Command::new("pgrep")
        .args(["-f", "--"])
        .arg(format!("--db {}", db.display()))
        .output()?;
    String::from_utf8(found.stdout)?
        .split_whitespace()
        .find_map(|pid| pid.parse().ok())
        .ok_or_else(|| "the app process is not running".into())
}

/// When process `pid` started, in milliseconds since the Unix epoch (to 10 ms: the kernel
/// counts in clock ticks of 1/100 s). The boot time comes from the clock and the uptime, both
/// to 10 ms; `/proc/stat`'s `btime` is in whole seconds, which would add up to a second.
pub fn process_start_ms(pid: u32) -> Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Field 22 (starttime), counted after the command name's closing bracket.
    let after = stat.rsplit_once(')').ok_or("no command name in stat")?.1;
    let ticks: f64 = after
        .split_whitespace()
        .nth(19)
        .ok_or("no starttime in stat")?
        .parse()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs_f64();
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")?
        .split_whitespace()
        .next()
        .ok_or("no uptime in /proc/uptime")?
        .parse()?;
    Ok((now - uptime + ticks / 100.0) * 1000.0)
}

/// The PSS of `pid` and of every process below it, by name, in MiB.
pub fn memory_of(pid: u32) -> Result<Vec<(String, f64)>> {
    let mut found = vec![(format!("{} (the app)", name_of(pid)), pss_mib(pid)?)];
    for child in descendants(pid)? {
        if let Ok(pss) = pss_mib(child) {
            found.push((name_of(child), pss));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// The program's file name, from the first word of its command line (`comm` is cut to 15
/// characters).
fn name_of(pid: u32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .ok()
        .and_then(|line| {
            let first = line.split(|b| *b == 0).next()?;
            let first = String::from_utf8_lossy(first).into_owned();
            Some(first.rsplit('/').next().unwrap_or_default().to_owned())
        })
        .unwrap_or_default()
}

fn pss_mib(pid: u32) -> Result<f64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))?;
    let kib: f64 = rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .ok_or("no Pss in smaps_rollup")?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()?;
    Ok(kib / 1024.0)
}

/// Every process whose parent chain leads to `pid`.
fn descendants(pid: u32) -> Result<Vec<u32>> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc")? {
        let Ok(child) = entry?.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        if let Some(ppid) = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
        {
            parents.push((child, ppid));
        }
    }
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(parents.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    found.remove(0);
    Ok(found)
}
