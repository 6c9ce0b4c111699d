//! Cost categories: what kind of expense a cost item is, from its label, so
//! that budgets written with each region's own wording can be compared
//! ("Costi del personale interno", "Onorari di esperti", "Affitto sala e
//! catering", …).
//!
//! The rules are tried in order and the first whose words occur in the folded
//! label wins (a word must start a word of the label, and one written with a
//! trailing space must be the whole word: "sala " is not in "salario"): a label naming two kinds ("personale esterno/affidamento a
//! Ente") goes to the first, so the more specific kinds come first.

use crate::text::fold;

/// The kinds of expense the template's budgets list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CostCategory {
    InternalStaff,
    ExternalExperts,
    Travel,
    EventsAndPublications,
    Equipment,
    Contracts,
    Management,
    Other,
}

impl CostCategory {
    pub const ALL: [CostCategory; 8] = [
        CostCategory::InternalStaff,
        CostCategory::ExternalExperts,
        CostCategory::Travel,
        CostCategory::EventsAndPublications,
        CostCategory::Equipment,
        CostCategory::Contracts,
        CostCategory::Management,
        CostCategory::Other,
    ];

    /// The category's name in the template's language.
    pub fn name(self) -> &'static str {
        match self {
            CostCategory::InternalStaff => "Personale interno",
            CostCategory::ExternalExperts => "Personale esterno ed esperti",
            CostCategory::Travel => "Viaggi e soggiorni",
            CostCategory::EventsAndPublications => "Eventi, locali e pubblicazioni",
            CostCategory::Equipment => "Attrezzature e materiali",
            CostCategory::Contracts => "Affidamenti e servizi",
            CostCategory::Management => "Gestione e coordinamento",
            CostCategory::Other => "Altro",
        }
    }
}

/// The rules, in order: a category and the folded word starts that name it.
const RULES: &[(CostCategory, &[&str])] = &[
    (CostCategory::InternalStaff, &["personale interno"]),
    (
        CostCategory::ExternalExperts,
        &[
            "personale esterno",
            "esperti",
            "onorari",
            "docenz",
            "tutor",
            "consulen",
            "prestazioni professionali",
            "facilitator",
            "collaborazion",
        ],
    ),
    (
        CostCategory::Travel,
        &["viaggi", "trasfert", "soggiorn", "missioni"],
    ),
    (
        CostCategory::EventsAndPublications,
        &[
            "affitto",
            "locali ",
            "sala ",
            "catering",
            "evento",
            "eventi",
            "convegn",
            "pubblicazion",
            "stampa",
            "brochure",
            "comunicazion",
            "divulgazion",
        ],
    ),
    (
        CostCategory::Equipment,
        &["attrezzatur", "materiali", "strumentazion", "software"],
    ),
    (
        CostCategory::Contracts,
        &[
            "affidament",
            "servizi",
            "assistenza tecnica",
            "convenzion",
            "bando",
        ],
    ),
    (
        CostCategory::Management,
        &["gestione", "rendicontazion", "coordinament", "personale"],
    ),
];

/// The category of a cost item's label.
pub fn category(label: &str) -> CostCategory {
    let folded = format!(" {} ", fold(label));
    RULES
        .iter()
        .find(|(_, words)| words.iter().any(|w| folded.contains(&format!(" {w}"))))
        .map_or(CostCategory::Other, |(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CostCategory::*;

    #[test]
    fn labels_of_the_corpus_and_other_wordings() {
        for (label, expected) in [
            (
                "Costi del personale interno a tempo determinato o indeterminato",
                InternalStaff,
            ),
            (
                "Costi di personale interno per gestione amministrativa e rendicontazione attività",
                InternalStaff,
            ),
            (
                "Costi del personale esterno/onorari di esperti (collaborazioni occasionali)",
                ExternalExperts,
            ),
            (
                "Costi del personale esterno/affidamento a Ente",
                ExternalExperts,
            ),
            ("Costi di viaggio e di soggiorno", Travel),
            ("Spese per trasferte dei formatori", Travel),
            (
                "Affitto sala e catering (procedura di affidamento)",
                EventsAndPublications,
            ),
            (
                "Redazione e stampa pubblicazione finale (procedura di affidamento)",
                EventsAndPublications,
            ),
            ("Attrezzature", Equipment),
            ("Materiali di consumo", Equipment),
            (
                "Affidamento di servizi- costo del personale e di gestione",
                Contracts,
            ),
            (
                "Coordinamento, gestione e rendicontazione complessiva del progetto",
                Management,
            ),
            ("Spese generali", Other),
        ] {
            assert_eq!(category(label), expected, "{label}");
        }
    }

    #[test]
    fn a_word_inside_another_word_does_not_count() {
        // "sala" is not in "salario", nor "eventi" in "preventivi".
        assert_eq!(category("Salario accessorio"), Other);
        assert_eq!(category("Preventivi"), Other);
    }
}
