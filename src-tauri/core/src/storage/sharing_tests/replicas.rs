//! Replicas making random concurrent edits through copies of one folder, carried in any order:
//! all end identical, and no acknowledged edit is lost.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use uuid::Uuid;

use super::{device, snapshot};
use crate::domain::tables::{Cells, TableKind};
use crate::domain::{GapDraft, GapStatus, Priority};
use crate::sharing::folder;
use crate::storage::test_support::{atlas, today};
use crate::storage::*;

/// One random step of a replica.
#[derive(Debug, Clone)]
enum Step {
    /// Rename gap `gap % n` on replica `who`.
    Title { who: usize, gap: usize },
    /// Change the status of a gap.
    Status { who: usize, gap: usize, status: u8 },
    /// Score a pillar.
    Score {
        who: usize,
        pillar: usize,
        score: u8,
    },
    /// Add a gap.
    Add { who: usize },
    /// Trash a gap, or restore it when it is in the trash.
    Trash { who: usize, gap: usize },
    /// Move an alignment row to the top.
    Move { who: usize, row: usize },
    /// Sync replica `who` against its own copy of the folder.
    Sync { who: usize },
    /// Copy device `of`'s file from `from`'s folder copy to `to`'s.
    Carry { of: usize, from: usize, to: usize },
}

fn step(replicas: usize) -> impl Strategy<Value = Step> {
    let r = 0..replicas;
    prop_oneof![
        3 => (r.clone(), 0..50_usize).prop_map(|(who, gap)| Step::Title { who, gap }),
        2 => (r.clone(), 0..50_usize, 0..3_u8).prop_map(|(who, gap, status)| Step::Status { who, gap, status }),
        2 => (r.clone(), 0..8_usize, 1..=5_u8).prop_map(|(who, pillar, score)| Step::Score { who, pillar, score }),
        1 => r.clone().prop_map(|who| Step::Add { who }),
        1 => (r.clone(), 0..50_usize).prop_map(|(who, gap)| Step::Trash { who, gap }),
        1 => (r.clone(), 0..50_usize).prop_map(|(who, row)| Step::Move { who, row }),
        3 => r.clone().prop_map(|who| Step::Sync { who }),
        4 => (r.clone(), r.clone(), r).prop_map(|(of, from, to)| Step::Carry { of, from, to }),
    ]
}

/// Replicas, each with its own database and its own copy of the shared folder, which files
/// reach only when carried (a sync tool delivering in any order, or not yet).
struct Team {
    _dir: tempfile::TempDir,
    stores: Vec<Store>,
    folders: Vec<std::path::PathBuf>,
    ids: Vec<Uuid>,
    project: Uuid,
    /// Every title written: the gap, the title, and the titles of that gap its writer had
    /// seen (which the new one supersedes, as a write in Automerge supersedes what it saw).
    titles: Vec<(Uuid, String, HashSet<String>)>,
    /// Titles each replica has seen (its own, and those its syncs merged), by gap.
    seen: Vec<HashMap<Uuid, HashSet<String>>>,
    /// Per replica's folder copy, what each device's file carried when copied there.
    carried: Vec<HashMap<usize, Vec<(Uuid, String)>>>,
    /// Titles each replica had published at its last sync.
    published: Vec<Vec<(Uuid, String)>>,
    counter: usize,
}

impl Team {
    fn new(n: usize) -> Team {
        let dir = tempfile::tempdir().unwrap();
        let folders: Vec<_> = (0..n)
            .map(|i| {
                let f = dir.path().join(format!("folder-{i}"));
                std::fs::create_dir(&f).unwrap();
                f
            })
            .collect();
        let stores: Vec<Store> = (0..n)
            .map(|i| device(dir.path(), &format!("R{i}")))
            .collect();
        let project = atlas(&stores[0]);
        for i in 0..4 {
            stores[0]
                .add_gap(
                    project,
                    &GapDraft::new(&format!("Gap {i}"), "Security", Priority::Critical),
                )
                .unwrap();
            stores[0]
                .add_table_row(
                    project,
                    TableKind::Alignment,
                    &Cells::from([("goal".to_owned(), format!("Goal {i}"))]),
                    None,
                )
                .unwrap();
        }
        stores[0].share_project(project, &folders[0]).unwrap();
        let ids: Vec<Uuid> = stores.iter().map(|s| s.device().unwrap().0).collect();
        let mut team = Team {
            _dir: dir,
            stores,
            folders,
            ids,
            project,
            titles: Vec::new(),
            seen: vec![HashMap::new(); n],
            carried: vec![HashMap::new(); n],
            published: vec![Vec::new(); n],
            counter: 0,
        };
        for i in 1..n {
            team.carry(0, 0, i);
            team.stores[i].join_shared(&team.folders[i], None).unwrap();
            team.publish(i);
        }
        team
    }

    fn gaps(&self, who: usize) -> Vec<crate::domain::Gap> {
        self.stores[who]
            .gap_board(self.project, today())
            .unwrap()
            .gaps
    }

    fn carry(&mut self, of: usize, from: usize, to: usize) {
        if from == to {
            return;
        }
        let source = folder::device_file(&self.folders[from], self.project, self.ids[of]);
        if !source.exists() {
            return;
        }
        let target = folder::device_file(&self.folders[to], self.project, self.ids[of]);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&source, &target).unwrap();
        let what = if of == from {
            self.published[of].clone()
        } else {
            self.carried[from].get(&of).cloned().unwrap_or_default()
        };
        self.carried[to].insert(of, what);
    }

    /// Records what a replica's file now carries (everything it has seen).
    fn publish(&mut self, who: usize) {
        self.published[who] = self.seen[who]
            .iter()
            .flat_map(|(g, titles)| titles.iter().map(|t| (*g, t.clone())))
            .collect();
    }

    fn run(&mut self, step: &Step) {
        let p = self.project;
        match *step {
            Step::Title { who, gap } => {
                let gaps = self.gaps(who);
                if gaps.is_empty() {
                    return;
                }
                let g = &gaps[gap % gaps.len()];
                self.counter += 1;
                let title = format!("R{who} edit {}", self.counter);
                let mut d = g.draft();
                d.title = title.clone();
                self.stores[who].update_gap(g.id, &d).unwrap();
                let saw = self.seen[who].get(&g.id).cloned().unwrap_or_default();
                self.titles.push((g.id, title.clone(), saw));
                self.seen[who].entry(g.id).or_default().insert(title);
            }
            Step::Status { who, gap, status } => {
                let gaps = self.gaps(who);
                if let Some(g) = gaps.get(gap % gaps.len().max(1)) {
                    let mut d = g.draft();
                    d.status =
                        [GapStatus::Open, GapStatus::InProgress, GapStatus::Done][status as usize];
                    self.stores[who].update_gap(g.id, &d).unwrap();
                }
            }
            Step::Score { who, pillar, score } => {
                let card = self.stores[who].scorecard(p, today()).unwrap();
                let pl = &card.pillars[pillar % card.pillars.len()];
                let mut d = pl.draft();
                d.current_score = Some(f64::from(score));
                self.stores[who].update_pillar(pl.id, &d).unwrap();
            }
            Step::Add { who } => {
                self.counter += 1;
                let title = format!("R{who} new {}", self.counter);
                let g = self.stores[who]
                    .add_gap(p, &GapDraft::new(&title, "Operations", Priority::Optional))
                    .unwrap();
                self.titles.push((g.id, title.clone(), HashSet::new()));
                self.seen[who].entry(g.id).or_default().insert(title);
            }
            Step::Trash { who, gap } => {
                let trashed: Vec<Uuid> = self.stores[who]
                    .trash()
                    .unwrap()
                    .iter()
                    .filter(|t| t.kind == trash::TrashKind::Gap)
                    .map(|t| t.id)
                    .collect();
                if gap % 2 == 0 && !trashed.is_empty() {
                    self.stores[who]
                        .restore_gap(trashed[gap % trashed.len()])
                        .unwrap();
                } else {
                    let gaps = self.gaps(who);
                    if let Some(g) = gaps.get(gap % gaps.len().max(1)) {
                        self.stores[who].trash_gap(g.id).unwrap();
                    }
                }
            }
            Step::Move { who, row } => {
                let rows = self.stores[who]
                    .table_rows(p, TableKind::Alignment)
                    .unwrap();
                if let Some(r) = rows.get(row % rows.len().max(1)) {
                    self.stores[who].move_table_row(r.id, 0).unwrap();
                }
            }
            Step::Sync { who } => {
                let report = self.stores[who].sync_project(p).unwrap();
                assert_eq!(report.problem, None, "{report:?}");
                assert!(report.refused.is_empty(), "{report:?}");
                // What the folder copy carried is now seen here.
                let incoming: Vec<(Uuid, String)> =
                    self.carried[who].values().flatten().cloned().collect();
                for (g, t) in incoming {
                    self.seen[who].entry(g).or_default().insert(t);
                }
                self.publish(who);
            }
            Step::Carry { of, from, to } => self.carry(of, from, to),
        }
    }

    /// Every file to every folder, everyone syncs, twice (the second round carries the
    /// merges of the first).
    fn settle(&mut self) {
        let n = self.stores.len();
        for _ in 0..2 {
            for who in 0..n {
                self.run(&Step::Sync { who });
            }
            for of in 0..n {
                for to in 0..n {
                    self.carry(of, of, to);
                }
            }
        }
        for who in 0..n {
            self.run(&Step::Sync { who });
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    #[test]
    fn replicas_editing_at_once_end_identical_and_lose_no_edit(
        (n, steps) in (3_usize..=5).prop_flat_map(|n| (Just(n), proptest::collection::vec(step(n), 10..40)))
    ) {
        let mut team = Team::new(n);
        for s in &steps {
            team.run(s);
        }
        team.settle();
        let first = snapshot(&team.stores[0], team.project);
        for who in 1..n {
            prop_assert_eq!(&snapshot(&team.stores[who], team.project), &first, "replica {}", who);
        }
        // Every title written is the gap's title now, a conflict's other value, or was
        // overwritten by a replica that had seen it.
        let store = &team.stores[0];
        let conflicts = store.shared_conflicts(team.project).unwrap();
        let now: HashMap<String, String> = first.0["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["id"].as_str().unwrap().to_owned(), g["title"].as_str().unwrap().to_owned()))
            .collect();
        let in_trash: HashSet<Uuid> = first.1.iter().copied().collect();
        for (gap, title, _) in &team.titles {
            let current = now.get(&gap.to_string());
            let in_conflict = conflicts.iter().any(|c| {
                c.path[1] == gap.to_string() && c.path[2] == "title"
                    && c.values.iter().any(|v| v.value.as_str() == Some(title))
            });
            // Overwritten knowingly: a later title on this gap by a replica that had seen it.
            let superseded = team
                .titles
                .iter()
                .any(|(g, _, saw)| g == gap && saw.contains(title));
            prop_assert!(
                current == Some(title) || in_conflict || superseded || in_trash.contains(gap),
                "lost {title} on {gap}: now {current:?}"
            );
        }
    }
}
