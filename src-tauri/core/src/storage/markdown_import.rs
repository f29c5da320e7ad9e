//! Writes a planned Markdown import into a project in one transaction: pillars matched by
//! name, gaps by title and category, table rows skipped when an identical row is there,
//! controls by label, and the compliance snapshot's filled fields.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::Connection;
use uuid::Uuid;

use super::guards::{editable, load, touch};
use super::row::{new_id, now};
use super::{projects, Store};
use crate::domain::compliance::{BaselineControl, BASELINE_CONTROLS};
use crate::domain::project::{name_key, ProjectDraft};
use crate::domain::tables::Cells;
use crate::domain::{Gap, Pillar, PillarDraft};
use crate::error::{CoreError, Result};
use crate::markdown_import::block::{Block, Content, GapRow, PillarRow, SnapshotPatch};
use crate::markdown_import::{line_ranges, ImportedBlock, MarkdownImport, MarkdownTarget};

/// Added, updated and unchanged counts of one block, and what the writer has to say.
struct Counts<'a> {
    added: u32,
    updated: u32,
    unchanged: u32,
    notes: Vec<String>,
    /// The file of this block.
    file: &'a str,
    /// Which file of this import first brought each item, by the item's key, across blocks.
    origins: &'a mut HashMap<String, String>,
    /// Items already there because an earlier file of this import brought them, by that file.
    brought_by: BTreeMap<String, u32>,
}

impl<'a> Counts<'a> {
    fn new(file: &'a str, origins: &'a mut HashMap<String, String>) -> Counts<'a> {
        Counts {
            added: 0,
            updated: 0,
            unchanged: 0,
            notes: Vec::new(),
            file,
            origins,
            brought_by: BTreeMap::new(),
        }
    }

    /// An item identified by `key` was added.
    fn add(&mut self, key: String) {
        self.added += 1;
        self.origins
            .entry(key)
            .or_insert_with(|| self.file.to_owned());
    }

    /// An item identified by `key` was there already: changed now, or exactly as imported.
    fn seen(&mut self, key: &str, changed: bool) {
        if changed {
            self.updated += 1;
        } else {
            self.unchanged += 1;
            if let Some(first) = self.origins.get(key) {
                *self.brought_by.entry(first.clone()).or_default() += 1;
            }
        }
    }

    /// The notes, with one saying which earlier file brought the items already there.
    fn into_notes(mut self) -> Vec<String> {
        for (file, n) in &self.brought_by {
            let items = if *n == 1 { "item" } else { "items" };
            self.notes.push(format!(
                "{n} {items} already there, first brought by {file}"
            ));
        }
        self.notes
    }
}

/// The framework whose pillar names overlap the imported ones most (the 8-pillar one when
/// nothing overlaps), so a new project is labelled with the set it follows.
fn closest_framework(conn: &Connection, names: &[String]) -> Result<&'static str> {
    let mut best = ("eight-pillars", 0);
    for id in ["four-pillars", "eight-pillars"] {
        let overlap = super::frameworks::pillars_of(conn, id)?
            .iter()
            .filter(|p| names.iter().any(|n| name_key(n) == name_key(&p.name)))
            .count();
        if overlap > best.1 {
            best = (id, overlap);
        }
    }
    Ok(best.0)
}

// Each importer reads what the project has once, into a map by name, and keeps the map up to
// date as it writes, so an import is linear in its rows (a 100,000-row checklist included)
// and the write transaction stays as short as the writes themselves.

fn import_pillars(
    conn: &Connection,
    project: Uuid,
    rows: &[PillarRow],
    counts: &mut Counts,
) -> Result<()> {
    let mut by_name: HashMap<String, Pillar> = super::scorecard::pillars(conn, project)?
        .into_iter()
        .map(|p| (name_key(&p.name), p))
        .collect();
    let mut next = super::scorecard::next_position(conn, project)?;
    for row in rows {
        let key = name_key(&row.name);
        let before = by_name.get(&key);
        let mut draft = before.map_or_else(PillarDraft::default, Pillar::draft);
        draft.name.clone_from(&row.name);
        if let Some(current) = row.current {
            draft.current_score = current.map(f64::from);
        }
        if let Some(target) = row.target {
            draft.target_score = Some(f64::from(target));
        }
        if let Some(evidence) = &row.evidence {
            draft.evidence.clone_from(evidence);
        }
        if let Some(kept) = &row.kept_checkpoint {
            if !draft.evidence.lines().any(|l| l == kept) {
                if !draft.evidence.is_empty() {
                    draft.evidence.push('\n');
                }
                draft.evidence.push_str(kept);
            }
        }
        if let Some(owner) = &row.owner {
            draft.owner.clone_from(owner);
        }
        if let Some(checkpoint) = row.checkpoint {
            draft.next_checkpoint = checkpoint.map(|d| d.to_string());
        }
        // The row's own cells were checked as it was read; what is found only here (the
        // evidence already stored, with the kept checkpoint added) is refused at the row.
        let valid = draft.validate().map_err(|e| {
            let what = if row.kept_checkpoint.is_some() && e.field() == Some("evidence") {
                "Evidence / notes, with the next checkpoint's words added"
            } else {
                "Pillar"
            };
            CoreError::invalid_file(&row.at, format!("{what}: {}", e.message()))
        })?;
        let id = match before {
            Some(p) => {
                counts.seen(&format!("pillar {key}"), p.draft() != draft);
                super::scorecard::write_pillar(conn, p.id, &valid)?;
                p.id
            }
            None => {
                let id = new_id();
                super::scorecard::insert_pillar(conn, project, id, next, &valid, &now())?;
                next += 1;
                counts.add(format!("pillar {key}"));
                id
            }
        };
        by_name.insert(key, super::scorecard::load_pillar(conn, id)?.1);
    }
    Ok(())
}

fn import_gaps(
    conn: &Connection,
    project: Uuid,
    rows: &[GapRow],
    counts: &mut Counts,
) -> Result<()> {
    let pillars: HashMap<String, Uuid> = super::scorecard::pillars(conn, project)?
        .into_iter()
        .map(|p| (name_key(&p.name), p.id))
        .collect();
    let key = |title: &str, category: &str| (name_key(title), name_key(category));
    let mut by_title: HashMap<(String, String), Gap> = super::gaps::gaps(conn, project)?
        .into_iter()
        .map(|g| (key(&g.title, &g.category), g))
        .collect();
    for row in rows {
        let mut gap = row.gap.clone();
        gap.pillar_id = row
            .pillar
            .as_deref()
            .and_then(|name| pillars.get(&name_key(name)).copied());
        let gap_key = key(&gap.title, &gap.category);
        let id = match by_title.get(&gap_key) {
            None => {
                let id = new_id();
                super::gaps::insert_gap(conn, project, id, &gap, &now())?;
                counts.add(format!("gap {gap_key:?}"));
                id
            }
            Some(old) => {
                // A re-import brings the Markdown's status, owner, dates and notes; what the
                // file leaves empty keeps what was typed in the app.
                let mut merged = gap.clone();
                merged.pillar_id = gap.pillar_id.or(old.pillar_id);
                if merged.owner.is_empty() {
                    merged.owner.clone_from(&old.owner);
                }
                if merged.notes.is_empty() {
                    merged.notes.clone_from(&old.notes);
                }
                merged.due_date = merged.due_date.or(old.due_date);
                merged.answers = [
                    old.validates_architecture,
                    old.omission_invalidates,
                    old.incremental_later,
                ];
                let same = old.status == merged.status
                    && old.priority == merged.priority
                    && old.owner == merged.owner
                    && old.notes == merged.notes
                    && old.due_date == merged.due_date
                    && old.pillar_id == merged.pillar_id;
                if !same {
                    super::gaps::write(conn, old.id, &merged, &now())?;
                }
                counts.seen(&format!("gap {gap_key:?}"), !same);
                old.id
            }
        };
        by_title.insert(gap_key, super::gaps::load_gap(conn, id)?.1);
    }
    Ok(())
}

/// Ticks the controls the items name and adds the others. A control that existed before the
/// import keeps its label (the summary notes a differently worded match); the built-in ones of
/// a project this import created (`fresh`) take the document's words, since nobody wrote them.
fn import_controls(
    conn: &Connection,
    project: Uuid,
    items: &[(String, bool)],
    fresh: bool,
    counts: &mut Counts,
) -> Result<()> {
    // The templates word the four baseline controls their own way ("HTTPS enforced across
    // environments"); a keyword maps each onto the built-in control when that is unchanged.
    const KEYWORDS: [&str; 4] = ["https", "mfa", "secret", "encrypt"];
    let mut controls = super::tables::controls(conn, project)?;
    let mut by_label: HashMap<String, usize> = controls
        .iter()
        .enumerate()
        .map(|(i, c)| (name_key(&c.label), i))
        .collect();
    for (label, done) in items {
        let lower = label.to_lowercase();
        let matched = by_label.get(&name_key(label)).copied().or_else(|| {
            KEYWORDS
                .iter()
                .zip(BASELINE_CONTROLS)
                .find(|(k, _)| lower.contains(*k))
                .and_then(|(_, builtin)| controls.iter().position(|c| c.label == builtin))
        });
        match matched {
            Some(i) => {
                // An import ticks a control but never rewrites its label; when the item's words
                // differ from the label it matched, the summary says so.
                let c = &mut controls[i];
                let reworded = name_key(&c.label) != name_key(label);
                if reworded && !fresh {
                    counts.notes.push(format!(
                        "\u{201c}{label}\u{201d} counted as the baseline control \u{201c}{}\u{201d}",
                        c.label
                    ));
                }
                let new_label = if fresh {
                    label.clone()
                } else {
                    c.label.clone()
                };
                let same = c.done == *done && c.label == new_label;
                if !same {
                    super::tables::write_control(conn, c.id, &new_label, *done)?;
                    by_label.remove(&name_key(&c.label));
                    c.label = new_label;
                    c.done = *done;
                    by_label.insert(name_key(&c.label), i);
                }
                counts.seen(&format!("control {}", name_key(label)), !same);
            }
            None => {
                let id = super::tables::insert_control(conn, project, label, *done)?;
                by_label.insert(name_key(label), controls.len());
                controls.push(BaselineControl {
                    id,
                    position: u32::try_from(controls.len()).unwrap_or(u32::MAX),
                    label: label.clone(),
                    done: *done,
                });
                counts.add(format!("control {}", name_key(label)));
            }
        }
    }
    Ok(())
}

fn import_snapshot(
    conn: &Connection,
    project: Uuid,
    patch: &SnapshotPatch,
    counts: &mut Counts,
) -> Result<()> {
    let today = chrono::Utc::now().date_naive();
    let old = super::tables::compliance(conn, project, today)?.snapshot;
    let next = crate::domain::compliance::ValidSnapshot {
        last_reviewed: patch.last_reviewed.or(old.last_reviewed),
        next_review: patch.next_review.clone().unwrap_or(old.next_review.clone()),
        owner: patch.owner.clone().unwrap_or(old.owner.clone()),
    };
    let same = next.last_reviewed == old.last_reviewed
        && next.next_review == old.next_review
        && next.owner == old.owner;
    if !same {
        super::tables::store_snapshot(conn, project, &next)?;
    }
    if *patch != SnapshotPatch::default() {
        counts.seen("snapshot", !same);
    }
    Ok(())
}

fn import_block<'a>(
    conn: &Connection,
    project: Uuid,
    block: &'a Block,
    fresh: bool,
    origins: &'a mut HashMap<String, String>,
) -> Result<Counts<'a>> {
    let mut counts = Counts::new(&block.file, origins);
    match &block.content {
        Content::Pillars(rows) => import_pillars(conn, project, rows, &mut counts)?,
        Content::Gaps(rows) => import_gaps(conn, project, rows, &mut counts)?,
        Content::Rows(kind, rows) => {
            let mut present: HashSet<Cells> = super::tables::rows(conn, project, *kind)?
                .into_iter()
                .map(|r| r.cells)
                .collect();
            for cells in rows {
                let key = format!("row {} {cells:?}", kind.as_str());
                if !present.insert(cells.clone()) {
                    counts.seen(&key, false);
                } else {
                    let row = super::tables::NewRow {
                        id: new_id(),
                        cells,
                        internal_note: "",
                        index: None,
                        at: &now(),
                    };
                    super::tables::insert_row(conn, project, *kind, &row)?;
                    counts.add(key);
                }
            }
        }
        Content::Controls(items) => import_controls(conn, project, items, fresh, &mut counts)?,
        Content::Snapshot(patch) => import_snapshot(conn, project, patch, &mut counts)?,
        Content::Skipped(_) | Content::LeftOut(_) => {}
    }
    Ok(counts)
}

impl Store {
    /// Imports planned Markdown `blocks` (see [`crate::markdown_import::plan_sources`]) into
    /// `target` in one transaction. A new project takes the pillars of the imported scorecard
    /// (in its order) and the closest built-in framework's label; without a scorecard it gets
    /// the 8-pillar framework.
    ///
    /// # Errors
    /// [`crate::CoreError::Invalid`] on `name` for a bad new project name;
    /// [`crate::CoreError::Conflict`] on `name` when it is taken, or for a project in the
    /// trash; [`crate::CoreError::NotFound`] for an unknown project;
    /// [`crate::CoreError::InvalidFile`] "nothing to import" when no block is recognised. Nothing
    /// is written then.
    pub fn import_markdown(
        &self,
        target: &MarkdownTarget,
        blocks: &[Block],
    ) -> Result<MarkdownImport> {
        self.import_markdown_as(target, blocks, false)
    }

    /// As [`Store::import_markdown`]; with `dry_run`, everything is done in a transaction that
    /// is then rolled back, so the summary tells what the import would do and nothing changes.
    ///
    /// # Errors
    /// As [`Store::import_markdown`].
    pub fn import_markdown_as(
        &self,
        target: &MarkdownTarget,
        blocks: &[Block],
        dry_run: bool,
    ) -> Result<MarkdownImport> {
        // Nothing recognised: no project is created and nothing changes, and the reason is said.
        if blocks
            .iter()
            .all(|b| matches!(b.content, Content::Skipped(_) | Content::LeftOut(_)))
        {
            let files: Vec<&str> = blocks.iter().map(|b| b.file.as_str()).collect();
            let reasons: Vec<String> = blocks
                .iter()
                .filter_map(|b| match &b.content {
                    Content::Skipped(reason) => Some(format!("{}:{} {}", b.file, b.line, reason)),
                    _ => None,
                })
                .collect();
            return Err(crate::CoreError::invalid_file(
                files.first().copied().unwrap_or("$"),
                if reasons.is_empty() {
                    "nothing to import: no table, checklist (- [ ]) or compliance snapshot was \
                     found"
                        .to_owned()
                } else {
                    format!(
                        "nothing to import: no table or list Preflight recognises ({})",
                        reasons.join("; ")
                    )
                },
            ));
        }
        let run = |tx: &rusqlite::Transaction<'_>| {
            let imported_pillars: Vec<String> = blocks
                .iter()
                .filter_map(|b| match &b.content {
                    Content::Pillars(rows) => Some(rows.iter().map(|r| r.name.clone())),
                    _ => None,
                })
                .flatten()
                .collect();
            let (project, created) = match target {
                MarkdownTarget::New(name) => {
                    let draft = ProjectDraft {
                        name: name.clone(),
                        ..ProjectDraft::default()
                    }
                    .validate()?;
                    let framework = closest_framework(tx, &imported_pillars)?;
                    // The new scorecard is exactly the imported one, in its order, when there
                    // is one.
                    let with_pillars = imported_pillars.is_empty();
                    let project = projects::create(tx, &draft, framework, with_pillars)?;
                    (project.id, true)
                }
                MarkdownTarget::Project(id) => (editable(tx, *id)?.id, false),
            };
            let mut summary = Vec::with_capacity(blocks.len());
            let mut origins = HashMap::new();
            for block in blocks {
                let counts = import_block(tx, project, block, created, &mut origins)?;
                summary.push(ImportedBlock {
                    file: block.file.clone(),
                    line: block.line,
                    header: block.header.clone(),
                    destination: block.destination().map(str::to_owned),
                    skipped: match &block.content {
                        Content::Skipped(reason) => Some(reason.clone()),
                        _ => None,
                    },
                    left_out: match &block.content {
                        Content::LeftOut(lines) => Some(line_ranges(lines)),
                        _ => None,
                    },
                    added: counts.added,
                    updated: counts.updated,
                    unchanged: counts.unchanged,
                    notes: block
                        .notes
                        .iter()
                        .cloned()
                        .chain(counts.into_notes())
                        .collect(),
                });
            }
            touch(tx, project)?;
            Ok(MarkdownImport {
                project: load(tx, project)?,
                created,
                blocks: summary,
            })
        };
        if dry_run {
            self.with_rollback(run)
        } else {
            self.with_tx(run)
        }
    }
}
