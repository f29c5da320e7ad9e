//! Trackers kept in German, French and Spanish: their column names, status and priority words
//! and dates are read as the English ones are, with nothing left "not understood".

use super::{import_text, today};
use crate::domain::gap::GapStatus::{self, Done, InProgress, Open};
use crate::domain::gap::Priority::{self, Critical, Optional, Recommended};
use crate::storage::Store;

/// The gaps of `text` imported into a new project: (title, status, priority, owner, due date,
/// category, notes), and the import's summary.
#[allow(clippy::type_complexity)]
fn imported(
    text: &str,
) -> (
    Vec<(String, GapStatus, Priority, String, String, String, String)>,
    String,
) {
    let store = Store::open_in_memory().expect("store");
    let result = import_text(&store, text).expect("import");
    let gaps = store
        .gap_board(result.project.id, today())
        .expect("gaps")
        .gaps
        .into_iter()
        .map(|g| {
            (
                g.title,
                g.status,
                g.priority,
                g.owner,
                g.due_date.map(|d| d.to_string()).unwrap_or_default(),
                g.category,
                g.notes,
            )
        })
        .collect();
    (gaps, result.summary())
}

fn gap(
    title: &str,
    status: GapStatus,
    priority: Priority,
    owner: &str,
    due: &str,
    category: &str,
    notes: &str,
) -> (String, GapStatus, Priority, String, String, String, String) {
    (
        title.into(),
        status,
        priority,
        owner.into(),
        due.into(),
        category.into(),
        notes.into(),
    )
}

#[test]
fn a_german_tracker_is_read_by_its_own_words() {
    let (gaps, summary) = imported(
        "\
| Aufgabe | Bereich | Priorität | Status | Verantwortlich | Fällig am | Bemerkungen |
|---|---|---|---|---|---|---|
| Backups testen | Betrieb | Hoch | In Arbeit | Jürgen | 15.12.2026 | Wöchentlich |
| DSGVO-Auskunft | Recht | Mittel | Offen | Anna | 10. Januar 2027 | |
| Lasttest | Betrieb | Niedrig | Erledigt | Jürgen | | |
| Pen-Test | Sicherheit | Hoch | Zurückgestellt – nach der Finanzierung | | | |
",
    );
    assert_eq!(
        gaps,
        [
            gap(
                "Backups testen",
                InProgress,
                Critical,
                "Jürgen",
                "2026-12-15",
                "Betrieb",
                "Wöchentlich"
            ),
            gap(
                "DSGVO-Auskunft",
                Open,
                Recommended,
                "Anna",
                "2027-01-10",
                "Recht",
                ""
            ),
            gap("Lasttest", Done, Optional, "Jürgen", "", "Betrieb", ""),
            // Read as deferred; with no reason and revisit date it comes in open, as in English.
            gap(
                "Pen-Test",
                Open,
                Critical,
                "",
                "",
                "Sicherheit",
                "Status: nach der Finanzierung"
            ),
        ],
        "{summary}"
    );
    assert!(!summary.contains("not understood"), "{summary}");
    assert!(
        summary.contains("line 6: deferred without a reason and a revisit date; imported as open"),
        "{summary}"
    );
}

#[test]
fn french_and_spanish_trackers_are_read_by_their_own_words() {
    let (gaps, summary) = imported(
        "\
| Tâche | Catégorie | Priorité | Statut | Responsable | Échéance | Remarques |
|---|---|---|---|---|---|---|
| Tester les sauvegardes | Exploitation | Haute | En cours | Chloé | 15 déc. 2026 | Chaque semaine |
| Registre RGPD | Juridique | Basse | Terminé | Chloé | | |
",
    );
    assert_eq!(
        gaps,
        [
            gap(
                "Tester les sauvegardes",
                InProgress,
                Critical,
                "Chloé",
                "2026-12-15",
                "Exploitation",
                "Chaque semaine"
            ),
            gap(
                "Registre RGPD",
                Done,
                Optional,
                "Chloé",
                "",
                "Juridique",
                ""
            ),
        ],
        "{summary}"
    );
    assert!(!summary.contains("not understood"), "{summary}");

    let (gaps, summary) = imported(
        "\
| Tarea | Categoría | Prioridad | Estado | Responsable | Fecha límite | Notas |
|---|---|---|---|---|---|---|
| Probar las copias | Operaciones | Alta | Pendiente | Lucía | 10 de enero de 2027 | |
| Política de privacidad | Legal | Media | Hecho | Lucía | | Revisada |
",
    );
    assert_eq!(
        gaps,
        [
            gap(
                "Probar las copias",
                Open,
                Critical,
                "Lucía",
                "2027-01-10",
                "Operaciones",
                ""
            ),
            gap(
                "Política de privacidad",
                Done,
                Recommended,
                "Lucía",
                "",
                "Legal",
                "Revisada"
            ),
        ],
        "{summary}"
    );
    assert!(!summary.contains("not understood"), "{summary}");
}
