//! The fixed Dutch texts of the comparison and the change report: the
//! names of the values compared and the words around a change. They are
//! part of the view's `Labels` (`labels.changes`, `lb.changes.<name>` in a
//! layout), so that every fixed text is in one place: what the plan
//! already names (a district, the region, a partner, a measure, the page)
//! is taken from the plan's labels, not listed again.

use serde::Serialize;

use crate::render::view::PAGE;

/// The fixed texts of changes (see the module).
#[derive(Debug, Clone, Serialize)]
pub struct ChangeLabels {
    // Names of the parts compared.
    pub theme: &'static str,
    pub paragraph: &'static str,
    pub part: &'static str,
    pub figure: &'static str,
    pub column: &'static str,
    pub member: &'static str,
    pub footnote: &'static str,
    // Names of the values compared.
    pub title: &'static str,
    pub name: &'static str,
    pub slogan: &'static str,
    pub organisation: &'static str,
    pub period_from: &'static str,
    pub period_to: &'static str,
    pub lookback_year: &'static str,
    pub publication_date: &'static str,
    pub programme_short: &'static str,
    pub intro: &'static str,
    pub round_contact: &'static str,
    pub round_return_by: &'static str,
    pub plan_link: &'static str,
    pub partner_link: &'static str,
    pub regional_theme: &'static str,
    pub nav_name: &'static str,
    pub outlook_title: &'static str,
    pub full_plan: &'static str,
    pub full_plan_link: &'static str,
    pub note: &'static str,
    pub role: &'static str,
    pub uncertain: &'static str,
    pub text: &'static str,
    pub closing: &'static str,
    pub budget_part: &'static str,
    pub scale: &'static str,
    pub amount: &'static str,
    pub new_function: &'static str,
    pub illegible: &'static str,
    pub description: &'static str,
    pub value: &'static str,
    pub unit: &'static str,
    pub year: &'static str,
    pub caption: &'static str,
    pub alt: &'static str,
    pub stream_note: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub total_label: &'static str,
    pub subsidy_label: &'static str,
    pub difference_label: &'static str,
    pub goal: &'static str,
    // The change report.
    pub report_title: &'static str,
    pub since: &'static str,
    pub version_of: &'static str,
    pub compared_with: &'static str,
    pub summary: &'static str,
    pub summary_header: [&'static str; 5],
    pub changes_title: &'static str,
    pub added: &'static str,
    pub removed: &'static str,
    pub moved: &'static str,
    pub moved_to: &'static str,
    pub changed: &'static str,
    pub formatting: &'static str,
    pub deleted_words: &'static str,
    pub inserted_words: &'static str,
    pub open: &'static str,
    pub absent: &'static str,
    pub filled: &'static str,
    pub reopened: &'static str,
    pub effects: &'static str,
    pub stated: &'static str,
    pub stated_new: &'static str,
    pub stated_gone: &'static str,
    pub legend: &'static str,
    pub cover: &'static str,
    pub not_in_plan: &'static str,
}

/// A paragraph's text, and the summary's column of changed texts.
const TEXT: &str = "Tekst";

/// The fixed texts of changes.
pub const CHANGE_LABELS: ChangeLabels = ChangeLabels {
    theme: "thema",
    paragraph: "paragraaf",
    part: "onderdeel",
    figure: "afbeelding",
    column: "kolom",
    member: "bestuurslid",
    footnote: "voetnoot",
    title: "titel",
    name: "naam",
    slogan: "slogan",
    organisation: "organisatie",
    period_from: "periode van",
    period_to: "periode tot en met",
    lookback_year: "jaar van de terugblik",
    publication_date: "publicatiedatum",
    programme_short: "afkorting van het programma",
    intro: "Inleiding",
    round_contact: "contact van de ronde",
    round_return_by: "terugsturen vóór",
    plan_link: "link naar het districtsplan",
    partner_link: "link naar het partnerdeel",
    regional_theme: "regiobreed thema",
    nav_name: "naam in de navigatie",
    outlook_title: "titel van de vooruitblik",
    full_plan: "tekst bij het volledige plan",
    full_plan_link: "link naar het volledige plan",
    note: "toelichting",
    role: "rol",
    uncertain: "functie onzeker",
    text: TEXT,
    closing: "Slot",
    budget_part: "met begroting",
    scale: "schaal",
    amount: "bedrag",
    new_function: "nieuwe functie",
    illegible: "onleesbare rest",
    description: "omschrijving",
    value: "waarde",
    unit: "eenheid",
    year: "jaar",
    caption: "bijschrift",
    alt: "alternatieve tekst",
    stream_note: "toelichting bij de geldstroom",
    yes: "ja",
    no: "nee",
    total_label: "naam van het totaal",
    subsidy_label: "naam van de subsidie",
    difference_label: "naam van het verschil",
    goal: "doelstelling",
    report_title: "Wijzigingen",
    since: "sinds",
    version_of: "versie van",
    compared_with: "Vergeleken: de bronnen van",
    summary: "Overzicht",
    summary_header: ["Onderdeel", TEXT, "Cijfers", "Matrix", PAGE],
    changes_title: "Alle wijzigingen",
    added: "toegevoegd",
    removed: "verwijderd",
    moved: "verplaatst van plaats",
    moved_to: "naar",
    changed: "gewijzigd",
    formatting: "opmaak gewijzigd (vet, cursief of een link), de woorden niet",
    deleted_words: "verwijderd:",
    inserted_words: "ingevoegd:",
    open: "open",
    absent: "niet vermeld",
    filled: "ingevuld",
    reopened: "weer open",
    effects: "Gevolg voor de berekende totalen",
    stated: "Verschil tussen opgegeven en berekend",
    stated_new: "nieuw verschil",
    stated_gone: "verschil opgelost",
    legend: "Verwijderde woorden zijn doorgestreept, ingevoegde onderstreept.",
    cover: "Voorblad",
    not_in_plan: "niet meer in het plan",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::quotes;

    #[test]
    fn the_labels_are_typographic() {
        let labels = serde_json::to_value(CHANGE_LABELS).unwrap();
        for (name, value) in labels.as_object().unwrap() {
            let texts = match value {
                serde_json::Value::Array(xs) => xs.iter().collect(),
                x => vec![x],
            };
            for text in texts {
                let text = text.as_str().unwrap();
                assert_eq!(quotes::smart(text, None), text, "label {name}");
            }
        }
    }
}
