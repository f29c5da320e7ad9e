//! Embeds the numbered SQL files of the top-level `migrations/` folder into the core crate.
//!
//! Each file `NNNN_what_it_does.sql` becomes one entry of `MIGRATIONS` in
//! `$OUT_DIR/migrations.rs`, in ascending order of its number. The numbers must start at 1 and
//! have no gaps, because the migration at index `i` moves a database to `user_version = i + 1`.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default())
        .join("../../migrations");
    println!("cargo:rerun-if-changed={}", dir.display());

    let mut files: Vec<(u32, String, PathBuf)> = Vec::new();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read migrations folder {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable migrations entry").path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".sql") else {
            continue;
        };
        let number: u32 = stem
            .split('_')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("migration {name} must be named NNNN_what_it_does.sql"));
        println!("cargo:rerun-if-changed={}", path.display());
        files.push((number, stem.to_owned(), path));
    }
    files.sort();
    for (index, (number, name, _)) in files.iter().enumerate() {
        assert_eq!(
            *number as usize,
            index + 1,
            "migration {name} is out of sequence: numbers must run 1, 2, 3, … without gaps"
        );
    }

    let mut out = String::from(
        "/// Every migration as `(name, sql)`, in the order they are applied.\n\
         pub const MIGRATIONS: &[(&str, &str)] = &[\n",
    );
    for (_, name, path) in &files {
        let canonical = path.canonicalize().expect("migration path resolves");
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            canonical.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let target =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("migrations.rs");
    std::fs::write(target, out).expect("write migrations.rs");
}
