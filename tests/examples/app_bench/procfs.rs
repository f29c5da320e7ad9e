//! What `/proc` says of the app's processes for `make bench-app`: which process is the app,
//! when it started, and the memory (PSS) of it and of every process it started, with the
//! part its shared libraries take.

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

/// The memory of one process, in MiB of PSS.
pub struct ProcessMemory {
    /// The program's file name.
    pub name: String,
    /// All of it.
    pub total: f64,
    /// What the shared libraries it maps take (code paged in, relocated data): the part no
    /// change to Preflight's code moves.
    pub libraries: f64,
    /// The three largest libraries, by file name without the version (`libLLVM-15`).
    pub largest: Vec<(String, f64)>,
}

/// The memory of `pid` and of every process below it, by name.
pub fn memory_of(pid: u32) -> Result<Vec<ProcessMemory>> {
    let mut found = vec![process_memory(pid, format!("{} (the app)", name_of(pid)))?];
    for child in descendants(pid)? {
        if let Ok(memory) = process_memory(child, name_of(child)) {
            found.push(memory);
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// The PSS of `pid` from `/proc/PID/smaps`, in all and by shared library: a mapping's header
/// line names its file, and the `Pss:` lines after it until the next header are its share.
fn process_memory(pid: u32, name: String) -> Result<ProcessMemory> {
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps"))?;
    let mut by_library: Vec<(String, f64)> = Vec::new();
    let mut total = 0.0;
    let mut library: Option<String> = None;
    for line in smaps.lines() {
        if let Some(kib) = line.strip_prefix("Pss:") {
            let mib = kib.trim().trim_end_matches("kB").trim().parse::<f64>()? / 1024.0;
            total += mib;
            if let Some(lib) = &library {
                match by_library.iter_mut().find(|(n, _)| n == lib) {
                    Some(entry) => entry.1 += mib,
                    None => by_library.push((lib.clone(), mib)),
                }
            }
        } else if line.split_whitespace().next().is_some_and(|range| {
            range.contains('-') && range.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit())
        }) {
            library = line
                .split_whitespace()
                .nth(5)
                .and_then(|path| path.rsplit('/').next())
                .and_then(|file| file.split_once(".so").map(|(stem, _)| stem.to_owned()));
        }
    }
    by_library.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(ProcessMemory {
        name,
        total,
        libraries: by_library.iter().map(|l| l.1).sum(),
        largest: by_library.into_iter().take(3).collect(),
    })
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
