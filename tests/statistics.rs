//! The Sezione I reader on sentences written for these tests, in phrasing the
//! corpus and the passage bank do not use: one or more per trap kind (national
//! average, province or city, denominator, subset, change, "rispettivamente",
//! hedged figures) and per indicator wording, to check that the rules are
//! general rules and not the bank's phrases.

mod common;

use std::collections::BTreeMap;

use piani::model::{Population, Region, Role, Scope, Statistic, Unit};
use piani::records::statistics::{found, read_passage};

fn read(region: Region, text: &str) -> Vec<Statistic> {
    read_passage(text, Some(region))
}

/// indicator id → value, as the bank's scorer reads them.
fn indicators(region: Region, text: &str) -> BTreeMap<String, f64> {
    found(&read(region, text))
        .into_iter()
        .map(|(i, v)| {
            let key = serde_json::to_value(i).unwrap();
            (key.as_str().unwrap().to_string(), v)
        })
        .collect()
}

fn expect(region: Region, text: &str, want: &[(&str, f64)]) {
    let got = indicators(region, text);
    let want: BTreeMap<String, f64> = want.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    assert_eq!(got, want, "{text}");
}

/// A passage: its region, its text, and the indicators it states.
type Passage = (Region, &'static str, &'static [(&'static str, f64)]);

/// The statistic printed as `value_text` in the passage.
fn figure<'a>(stats: &'a [Statistic], printed: &str) -> &'a Statistic {
    stats
        .iter()
        .find(|s| s.value_text == printed)
        .unwrap_or_else(|| panic!("no figure {printed}"))
}

#[test]
fn national_average_is_not_the_region() {
    let text = "Nel 2014 l'incidenza degli stranieri sulla popolazione umbra raggiunge l'11,1%, ben sopra la media nazionale (8,1%).";
    expect(Region::Umbria, text, &[("incidenza_stranieri_pct", 11.1)]);
    let stats = read(Region::Umbria, text);
    assert_eq!(figure(&stats, "8,1%").scope, Scope::National);
    expect(
        Region::Lazio,
        "A livello nazionale gli alunni stranieri sono 802.785, il 9,0% degli iscritti.",
        &[],
    );
    expect(
        Region::Molise,
        "Gli stranieri sono circa il 3% dei residenti molisani, contro l'8,1% registrato in Italia.",
        &[("incidenza_stranieri_pct", 3.0)],
    );
}

#[test]
fn province_city_and_wider_area_are_not_the_region() {
    let text = "I residenti stranieri nella provincia di Verona sono 105.000, mentre in tutto il Veneto se ne contano 511.558.";
    expect(Region::Veneto, text, &[("stranieri_residenti", 511_558.0)]);
    let stats = read(Region::Veneto, text);
    assert_eq!(figure(&stats, "105.000").scope, Scope::ProvinceOrCity);
    assert_eq!(figure(&stats, "511.558").scope, Scope::Region);
    expect(
        Region::Sicilia,
        "Le associazioni promosse da cittadini immigrati in Sicilia sono 74, di cui 23 a Palermo.",
        &[("associazioni_straniere", 74.0)],
    );
    // For an autonomous province the province is the region; the whole of
    // Trentino-Alto Adige is a wider area.
    expect(
        Region::Bolzano,
        "Nella regione Trentino-Alto Adige i residenti stranieri sono 92.000; nella provincia di Bolzano sono 46.454.",
        &[("stranieri_residenti", 46_454.0)],
    );
}

#[test]
fn denominator_is_not_the_count() {
    let text = "Su un totale di 7.375 nuovi nati in Liguria nel 2013, sono stranieri 1.444.";
    expect(Region::Liguria, text, &[("nuovi_nati_stranieri", 1_444.0)]);
    assert_eq!(
        figure(&read(Region::Liguria, text), "7.375").role,
        Role::Denominator
    );
    expect(
        Region::Campania,
        "Dei 52.100 bambini nati in Campania nel 2013, 2.061 hanno cittadinanza straniera.",
        &[("nuovi_nati_stranieri", 2_061.0)],
    );
    expect(
        Region::Lazio,
        "Nei progetti SPRAR del Lazio risultano occupati 2.110 posti su 2.400 finanziati.",
        &[("sprar_posti_occupati", 2_110.0)],
    );
}

#[test]
fn subset_is_not_the_whole() {
    let text = "Gli alunni con cittadinanza non italiana iscritti nelle scuole marchigiane sono 26.545, di cui 14.227 nati in Italia.";
    expect(Region::Marche, text, &[("alunni_stranieri", 26_545.0)]);
    assert_eq!(
        figure(&read(Region::Marche, text), "14.227").role,
        Role::Subset
    );
}

#[test]
fn change_is_not_the_stock() {
    let text = "Rispetto all'anno precedente i cittadini stranieri residenti in Toscana sono aumentati di 27.562 unità e hanno raggiunto quota 395.573.";
    expect(Region::Toscana, text, &[("stranieri_residenti", 395_573.0)]);
    assert_eq!(
        figure(&read(Region::Toscana, text), "27.562").role,
        Role::Change
    );
    expect(
        Region::Veneto,
        "Le imprese individuali guidate da stranieri in Veneto sono cresciute del 3,1% nell'ultimo anno, toccando quota 28.100.",
        &[("titolari_imprese_individuali_stranieri", 28_100.0)],
    );
}

#[test]
fn rispettivamente_pairs_are_split_in_order() {
    let text = "I tassi di disoccupazione di italiani e non comunitari in Lombardia si attestano rispettivamente al 7,2% e al 15,7%.";
    expect(
        Region::Lombardia,
        text,
        &[("tasso_disoccupazione_non_comunitari_pct", 15.7)],
    );
    let stats = read(Region::Lombardia, text);
    assert_eq!(figure(&stats, "7,2%").population, Population::Italian);
    assert_eq!(figure(&stats, "15,7%").population, Population::NonEu);
}

/// As many dates after a "rispettivamente" list as figures date them in
/// order, and the later date wins; each figure reads the words the list
/// opens with, so the second is the same measure, not a bare count.
#[test]
fn rispettivamente_dates_go_to_the_figures_in_order() {
    let text = "Gli alunni con cittadinanza non italiana iscritti nelle scuole abruzzesi \
                erano 13.920 e 14.310, rispettivamente nell'anno scolastico 2012/2013 e \
                nell'anno scolastico 2013/2014.";
    expect(Region::Abruzzo, text, &[("alunni_stranieri", 14310.0)]);
    let text = "I lavoratori occupati di cittadinanza extra UE in Umbria si collocano \
                rispettivamente su 38.600 e 40.150 unità nel 2013 e nel 2014.";
    expect(
        Region::Umbria,
        text,
        &[("occupati_non_comunitari", 40150.0)],
    );
    let stats = read(Region::Umbria, text);
    assert_eq!(figure(&stats, "38.600").ref_date.as_deref(), Some("2013"));
    assert_eq!(figure(&stats, "40.150").ref_date.as_deref(), Some("2014"));
    assert_eq!(figure(&stats, "38.600").role, Role::Value);
}

#[test]
fn hedged_figures_lose_to_exact_ones_and_are_flagged() {
    let text =
        "I titolari di imprese individuali nati all'estero sono in Sardegna poco più di 9 mila.";
    expect(
        Region::Sardegna,
        text,
        &[("titolari_imprese_individuali_stranieri", 9_000.0)],
    );
    assert!(figure(&read(Region::Sardegna, text), "9 mila").approximate);
    expect(
        Region::Abruzzo,
        "I minori stranieri non accompagnati presenti in Abruzzo sono circa 150 (147 al 31 dicembre 2014).",
        &[("msna_presenti", 147.0)],
    );
    // A hedge with its article ("più del", "poco meno del") is one too.
    let text = "In Piemonte gli stranieri sono più del 10% della popolazione.";
    expect(Region::Piemonte, text, &[("incidenza_stranieri_pct", 10.0)]);
    assert!(figure(&read(Region::Piemonte, text), "10%").approximate);
}

/// The whole population's figure given for comparison ("il dato complessivo
/// nazionale") is the total's, not the non-EU one of the sentence's subject.
#[test]
fn an_overall_national_figure_counts_everyone() {
    let text = "In Toscana il tasso di occupazione dei cittadini non comunitari è pari al 59,4%, sopra il dato complessivo nazionale (55,7%).";
    expect(
        Region::Toscana,
        text,
        &[("tasso_occupazione_non_comunitari_pct", 59.4)],
    );
    let stats = read(Region::Toscana, text);
    assert_eq!(figure(&stats, "59,4%").population, Population::NonEu);
    let overall = figure(&stats, "55,7%");
    assert_eq!(overall.population, Population::Total);
    assert_eq!(overall.scope, piani::model::Scope::National);
    let text = "Il tasso di disoccupazione degli stranieri extra UE in Puglia è del 17,2%, contro una media complessiva nazionale del 12,7%.";
    assert_eq!(
        figure(&read(Region::Puglia, text), "12,7%").population,
        Population::Total
    );
}

#[test]
fn other_populations_are_not_the_non_eu() {
    expect(
        Region::Veneto,
        "Tra i 15 e i 64 anni è occupato il 58,3% dei cittadini non UE residenti in Veneto, contro il 64,9% degli italiani.",
        &[("tasso_occupazione_non_comunitari_pct", 58.3)],
    );
    expect(
        Region::Lazio,
        "Tra gli stranieri non comunitari del Lazio la componente femminile è pari al 52,1%, quella minorile al 21,3%.",
        &[
            ("donne_non_comunitarie_pct", 52.1),
            ("minori_non_comunitari_pct", 21.3),
        ],
    );
}

/// The registrations or cancellations of a year are flows, not the residents:
/// "iscritti all'anagrafe nel corso del 2013" are the year's new entries.
#[test]
fn a_year_s_registrations_are_no_stock() {
    expect(
        Region::Toscana,
        "Gli stranieri iscritti all'anagrafe nel corso del 2013 sono stati 25.000.",
        &[],
    );
    expect(
        Region::Toscana,
        "Nel 2013 sono stati cancellati dall'anagrafe 9.000 cittadini stranieri.",
        &[],
    );
    expect(
        Region::Toscana,
        "I cittadini non comunitari iscritti in anagrafe nel corso dell'anno sono stati 12.000.",
        &[],
    );
    // The registered residents at a date are the stock.
    expect(
        Region::Toscana,
        "Gli stranieri iscritti in anagrafe al 31 dicembre 2013 sono 395.000.",
        &[("stranieri_residenti", 395000.0)],
    );
}

/// A share of one group (a nationality, an age band) restated as a count
/// ("pari a …") counts that group: it is not the whole the share is taken
/// from, even where the group stands before the share's own clause.
#[test]
fn a_group_s_share_restated_as_a_count_is_the_group_s() {
    let passages: &[(Region, &str, &str, &str)] = &[
        (
            Region::Lombardia,
            "Significativa anche la fascia di età 30-39, che racchiude il 23,4% della popolazione complessiva non comunitaria, pari a 240.380 unità.",
            "23,4%",
            "240.380",
        ),
        (
            Region::Toscana,
            "La comunità albanese rappresenta il 14% dei cittadini non comunitari, pari a 41.000 persone.",
            "14%",
            "41.000",
        ),
        (
            Region::Veneto,
            "La classe di età 30-39 anni raccoglie il 23,4% della popolazione straniera, pari a 91.000 unità.",
            "23,4%",
            "91.000",
        ),
    ];
    for (region, text, share, count) in passages {
        expect(*region, text, &[]);
        let stats = read(*region, text);
        assert_eq!(
            figure(&stats, share).population,
            Population::Group,
            "{text}"
        );
        assert_eq!(
            figure(&stats, count).population,
            Population::Group,
            "{text}"
        );
    }
    // The share of a whole population restated as a count is that population's.
    expect(
        Region::Toscana,
        "I cittadini non comunitari rappresentano il 78% degli stranieri residenti, pari a 310.000 persone.",
        &[("non_comunitari", 310000.0)],
    );
    // Any nationality is a group, the EU's too: a count of one is no total.
    for origin in ["tedesca", "francese", "statunitense"] {
        let text = format!(
            "Per il 47,5% si tratta di cittadini di origine {origin} (7.503 individui), per il 24% di europei non comunitari."
        );
        expect(Region::Liguria, &text, &[]);
        let stats = read(Region::Liguria, &text);
        assert_eq!(
            figure(&stats, "7.503").population,
            Population::Group,
            "{text}"
        );
    }
    // A language is no nationality, after "in" too.
    let text = "Gli alunni stranieri sono 8.326, 2.960 dei quali nelle scuole in lingua tedesca.";
    assert_eq!(
        figure(&read(Region::Bolzano, text), "2.960").population,
        Population::Foreign
    );
    expect(
        Region::ValleDAosta,
        "I cittadini non comunitari residenti sono 6.300 e parlano la lingua francese.",
        &[("non_comunitari", 6300.0)],
    );
    // Shares listed one after another are no restatement of each other.
    let text = "Per il 47,5% si tratta di cittadini di origine americana, per il 24% di europei non comunitari.";
    assert_eq!(
        figure(&read(Region::Liguria, text), "24%").population,
        Population::NonEu
    );
}

#[test]
fn indicators_in_new_wording() {
    expect(
        Region::Calabria,
        "Sono 68.420 i cittadini provenienti da Paesi terzi con regolare permesso di soggiorno in Calabria.",
        &[("non_comunitari", 68_420.0)],
    );
    expect(
        Region::Puglia,
        "In Puglia lavorano 41.300 cittadini extracomunitari, il 3,4% degli occupati complessivi.",
        &[("occupati_non_comunitari", 41_300.0)],
    );
    expect(
        Region::EmiliaRomagna,
        "Nel 2013 hanno ottenuto la cittadinanza italiana 11.822 residenti dell'Emilia-Romagna, erano 8.905 nel 2012.",
        &[("cittadinanze_acquisite", 11_822.0)],
    );
    expect(
        Region::Piemonte,
        "Sommando strutture temporanee e SPRAR, il Piemonte accoglie complessivamente 3.125 migranti, il 4,8% dei 65.000 accolti in Italia.",
        &[("accolti_totale", 3_125.0)],
    );
    let text = "Le scuole del Friuli Venezia Giulia contano 19.360 iscritti stranieri nell'anno scolastico 2013/14.";
    expect(
        Region::FriuliVeneziaGiulia,
        text,
        &[("alunni_stranieri", 19_360.0)],
    );
    assert_eq!(
        figure(&read(Region::FriuliVeneziaGiulia, text), "19.360")
            .ref_date
            .as_deref(),
        Some("2013/2014")
    );
    expect(
        Region::Toscana,
        "Negli atenei toscani studiano 8.100 ragazzi con cittadinanza straniera.",
        &[("studenti_universitari_stranieri", 8_100.0)],
    );
    expect(
        Region::Marche,
        "Le assunzioni di lavoratori non comunitari nelle Marche sono state 32.069 nel 2013, a fronte di 32.844 cessazioni.",
        &[("rapporti_lavoro_attivati_non_comunitari", 32_069.0)],
    );
    expect(
        Region::Piemonte,
        "Ha un permesso di soggiorno di lungo periodo il 56,2% dei cittadini extra UE presenti in Piemonte, una quota che sale al 59% nel capoluogo.",
        &[("permesso_lungo_soggiorno_pct", 56.2)],
    );
}

/// A date in a bracket with a figure of its own is that figure's.
#[test]
fn bracket_dates_go_to_their_figures() {
    let stats = read(
        Region::Lombardia,
        "Stranieri residenti in Lombardia al 1° gennaio 2015: 1.152.320 (1° gennaio 2014: 1.129.185); sono il 61% dei 1.890.000 arrivati dopo il 2001.",
    );
    assert_eq!(
        figure(&stats, "1.152.320").ref_date.as_deref(),
        Some("2015-01-01")
    );
    assert_eq!(
        figure(&stats, "1.129.185").ref_date.as_deref(),
        Some("2014-01-01")
    );
    // A past value in a bracket, its date closing the bracket.
    let text = "Al 1° gennaio 2015 gli stranieri residenti in Lombardia sono 1.152.320 (erano 1.129.185, al 1° gennaio 2014).";
    let stats = read(Region::Lombardia, text);
    assert_eq!(
        figure(&stats, "1.152.320").ref_date.as_deref(),
        Some("2015-01-01")
    );
    expect(
        Region::Lombardia,
        text,
        &[("stranieri_residenti", 1_152_320.0)],
    );
    // With no other date, one closing a bracket after its figures dates the
    // statement, before any date later in the sentence.
    let stats = read(
        Region::Lombardia,
        "I cittadini non comunitari regolarmente soggiornanti in Lombardia sono 1.000.000 (52% donne, al 1° gennaio 2014) e salgono a 1.050.000 al 1° gennaio 2015.",
    );
    assert_eq!(
        figure(&stats, "1.000.000").ref_date.as_deref(),
        Some("2014-01-01")
    );
}

/// A date in a comparison dates the compared figure, not the figures after it.
#[test]
fn a_comparison_date_stays_with_the_comparison() {
    let stats = read(
        Region::Veneto,
        "In Veneto nel 2014 i disoccupati non comunitari erano 40.000, contro 36.000 nel 2013, e i rapporti di lavoro attivati per cittadini extracomunitari sono stati 120.500.",
    );
    assert_eq!(figure(&stats, "36.000").ref_date.as_deref(), Some("2013"));
    assert_eq!(figure(&stats, "120.500").ref_date.as_deref(), Some("2014"));
    // Nor a figure before it with no date of its own.
    let stats = read(
        Region::Veneto,
        "Gli occupati non comunitari in Veneto sono 170.000, contro 160.000 nel 2013.",
    );
    assert_eq!(figure(&stats, "170.000").ref_date, None);
}

/// A year a comparison marker leads to is what the figures are compared
/// with, not when they were measured: it dates none of them, nor the
/// sentences after it.
#[test]
fn a_comparison_year_dates_no_figure() {
    // Each passage, and the date each of its figures must have.
    type Dates = &'static [(&'static str, Option<&'static str>)];
    let cases: &[(Region, &str, Dates)] = &[
        (
            Region::Lombardia,
            "La componente non comunitaria è costituita da 1.028.584 persone, con un incremento del 3,2% rispetto al 2013. Le donne non comunitarie sono il 48,6%.",
            &[("1.028.584", None), ("3,2%", None), ("48,6%", None)],
        ),
        // The year of the sentence still dates it.
        (
            Region::Piemonte,
            "Nel corso del 2013 le pensioni percepite da cittadini non comunitari sono state 1.963, allo 0,2% sul totale dei beneficiari (invariate le incidenze rispetto al 2011).",
            &[("0,2%", Some("2013"))],
        ),
        // So does a year the comparison only passes on the way to.
        (
            Region::Veneto,
            "In Veneto nel 2014 i disoccupati non comunitari erano 40.000, contro 36.000 nel 2013.",
            &[("40.000", Some("2014"))],
        ),
        // "Sul 2012" after a change is its baseline too; with no change, it dates.
        (
            Region::Umbria,
            "Gli occupati stranieri sono 45.000; quelli non comunitari 32.000, in calo di 1.500 unità sul 2012.",
            &[("32.000", None), ("1.500", None)],
        ),
        (
            Region::Umbria,
            "I dati sul 2012 indicano 99.922 stranieri residenti.",
            &[("99.922", Some("2012"))],
        ),
        // A date after a contrast dates the contrasting clause's figure only.
        (
            Region::Umbria,
            "Le donne non comunitarie sono il 51% del totale, ma tra i nuovi permessi rilasciati nel 2013 la quota femminile scende al 44%.",
            &[("51%", None), ("44%", Some("2013"))],
        ),
        // A closing note in brackets still dates the whole sentence.
        (
            Region::Umbria,
            "Gli stranieri residenti sono 99.922, mentre i non comunitari sono 70.000 (dati al 1° gennaio 2014).",
            &[
                ("99.922", Some("2014-01-01")),
                ("70.000", Some("2014-01-01")),
            ],
        ),
    ];
    for (region, text, dates) in cases {
        let stats = read(*region, text);
        for (printed, date) in *dates {
            assert_eq!(
                figure(&stats, printed).ref_date.as_deref(),
                *date,
                "{printed} in {text}"
            );
        }
    }
}

/// A date in a later labelled field is that field's; an undated field stays
/// undated.
#[test]
fn a_labelled_field_keeps_its_date() {
    let stats = read(
        Region::Marche,
        "Marche – stranieri residenti: 140.341 | Paesi terzi: 98.120 | cittadinanze acquisite nel 2014: 3.120.",
    );
    assert_eq!(figure(&stats, "140.341").ref_date, None);
    assert_eq!(figure(&stats, "3.120").ref_date.as_deref(), Some("2014"));
    // A closing note with no figure of its own dates the figures before it.
    let stats = read(
        Region::Lombardia,
        "I cittadini non comunitari in Lombardia sono 1.000.000; dati Istat al 1° gennaio 2015.",
    );
    assert_eq!(
        figure(&stats, "1.000.000").ref_date.as_deref(),
        Some("2015-01-01")
    );
}

/// A number that looks like a year after "più" is a count: a figure, and
/// no date for the figures after it.
#[test]
fn a_count_after_piu_is_no_year() {
    let stats = read(
        Region::Veneto,
        "Dal 2012 i lavoratori stagionali stranieri in Veneto sono cresciuti (più 1930), mentre i titolari di impresa sono passati da 24.100 a 27.350.",
    );
    assert_eq!(figure(&stats, "1930").value, 1930.0);
    assert_eq!(figure(&stats, "27.350").ref_date.as_deref(), Some("2012"));
}

/// A footnote call glued to a full stop leaves the figure before it; a short
/// number after "nota" or "allegato" is a reference, a long one a figure.
#[test]
fn footnote_calls_and_references_around_figures() {
    expect(
        Region::Lombardia,
        "Gli stranieri residenti in Lombardia al 1° gennaio 2014 sono 1.129.185.12 Fonte: Istat.",
        &[("stranieri_residenti", 1_129_185.0)],
    );
    expect(
        Region::Lombardia,
        "Secondo il censimento riportato in allegato 1.200 associazioni di migranti operano in Lombardia.",
        &[("associazioni_straniere", 1_200.0)],
    );
    let stats = read(
        Region::Lombardia,
        "Le associazioni di migranti in Lombardia sono 1.200 (si veda l'allegato 2 e la nota 14).",
    );
    assert_eq!(stats.len(), 1, "{stats:?}");
    let stats = read(
        Region::Lombardia,
        "Gli stranieri residenti in Lombardia al 31-12-2014 sono 1.152.320.",
    );
    assert_eq!(
        figure(&stats, "1.152.320").ref_date.as_deref(),
        Some("2014-12-31")
    );
}

#[test]
fn every_ref_date_matches_the_contract_pattern() {
    let pattern = regex::Regex::new(piani::model::REF_DATE_PATTERN).unwrap();
    let text = "Al 1° gennaio 2014 gli stranieri residenti sono 10.000; nell'a.s. 2013/14 gli alunni stranieri sono 2.000; ad agosto 2014 i MSNA presenti sono 30; nel 2013 i nuovi nati stranieri sono 500.";
    let stats = read(Region::Umbria, text);
    assert_eq!(stats.len(), 4);
    for s in &stats {
        let d = s.ref_date.as_deref().unwrap();
        assert!(pattern.is_match(d), "{d}");
    }
}

/// Passages written after the reader was built, one or more per indicator, in
/// wording neither the corpus nor the bank uses (estimates, "ogni 100", "il
/// cui titolare", "passati da … a", colon restatements, ranking phrases), as a
/// check that the rules generalize. Empty expectations hold only distractors.
#[rustfmt::skip]
const NEW_WORDING: &[Passage] = &[
        (
            Region::Liguria,
            "La popolazione straniera residente in Liguria è stimata in 139.000 unità, di cui circa 40 mila nella città di Genova.",
            &[("stranieri_residenti", 139_000.0)],
        ),
        (
            Region::Veneto,
            "Gli stranieri incidono per il 10,3% sulla popolazione veneta; la media del Nord-Est è del 10,6%.",
            &[("incidenza_stranieri_pct", 10.3)],
        ),
        (
            Region::Abruzzo,
            "I permessi di soggiorno validi intestati a cittadini extracomunitari in Abruzzo sono 62.110, il 2% in meno dell'anno prima.",
            &[("non_comunitari", 62_110.0)],
        ),
        (
            Region::Marche,
            "Nella comunità non comunitaria marchigiana le donne pesano per il 49,2%.",
            &[("donne_non_comunitarie_pct", 49.2)],
        ),
        (
            Region::Lazio,
            "Un cittadino di Paesi terzi su quattro nel Lazio è minorenne: per la precisione il 24,6%.",
            &[("minori_non_comunitari_pct", 24.6)],
        ),
        (
            Region::Toscana,
            "Il 61,3% dei titolari di permesso residenti in Toscana possiede un permesso UE per soggiornanti di lungo periodo, contro il 57,1% del dato nazionale.",
            &[("permesso_lungo_soggiorno_pct", 61.3)],
        ),
        (
            Region::Puglia,
            "Alla data del 31 marzo 2015 erano ospitati nelle comunità pugliesi 610 minori stranieri non accompagnati, a fronte dei 540 censiti a fine 2014.",
            &[("msna_presenti", 610.0)],
        ),
        (
            Region::Campania,
            "Sono 3.420 le persone accolte nei centri di accoglienza straordinaria attivati dalle Prefetture campane, di cui 1.100 nella provincia di Napoli.",
            &[("accolti_strutture_temporanee", 3_420.0)],
        ),
        (
            Region::Calabria,
            "I beneficiari accolti nei progetti SPRAR calabresi occupano 1.873 posti.",
            &[("sprar_posti_occupati", 1_873.0)],
        ),
        (
            Region::Sicilia,
            "Complessivamente il sistema di accoglienza siciliano ospita 15.100 migranti, pari al 22% dei migranti accolti in Italia.",
            &[("accolti_totale", 15_100.0)],
        ),
        (
            Region::Lombardia,
            "Nel 2013 sono nati in Lombardia 22.500 bambini con cittadinanza straniera, il 26% del totale nazionale dei nati stranieri.",
            &[("nuovi_nati_stranieri", 22_500.0)],
        ),
        (
            Region::Piemonte,
            "Gli allievi stranieri delle scuole piemontesi sono passati da 72.000 nell'a.s. 2012/2013 a 75.276 nell'a.s. 2013/2014.",
            &[("alunni_stranieri", 75_276.0)],
        ),
        (
            Region::EmiliaRomagna,
            "Gli iscritti con cittadinanza straniera negli atenei emiliano-romagnoli sono 7.950, di cui 2.100 all'Università di Bologna.",
            &[("studenti_universitari_stranieri", 7_950.0)],
        ),
        (
            Region::Umbria,
            "Gli occupati extra UE in Umbria sono circa 27 mila, il 7,7% degli occupati umbri.",
            &[("occupati_non_comunitari", 27_000.0)],
        ),
        (
            Region::FriuliVeneziaGiulia,
            "Il tasso di occupazione degli immigrati non comunitari in Friuli Venezia Giulia scende al 54,2%, mentre quello degli italiani è pari al 64,8%.",
            &[("tasso_occupazione_non_comunitari_pct", 54.2)],
        ),
        (
            Region::Sardegna,
            "Tra i cittadini di Paesi terzi in Sardegna la disoccupazione raggiunge il 21,7%, contro il 18,5% della popolazione sarda.",
            &[("tasso_disoccupazione_non_comunitari_pct", 21.7)],
        ),
        (
            Region::Veneto,
            "Le assunzioni di lavoratori extracomunitari registrate in Veneto nel 2013 sono state 118.300, in calo di 6.200 unità sul 2012.",
            &[("rapporti_lavoro_attivati_non_comunitari", 118_300.0)],
        ),
        (
            Region::Lazio,
            "Le ditte individuali con titolare nato all'estero sono nel Lazio 58.012, il 12,4% delle ditte individuali regionali.",
            &[("titolari_imprese_individuali_stranieri", 58_012.0)],
        ),
        (
            Region::Toscana,
            "Nel 2013 i nuovi cittadini italiani per acquisizione in Toscana sono stati 9.031, erano 6.742 nel 2012.",
            &[("cittadinanze_acquisite", 9_031.0)],
        ),
        (
            Region::Liguria,
            "L'albo regionale conta 61 associazioni di immigrati, 35 delle quali con sede a Genova.",
            &[("associazioni_straniere", 61.0)],
        ),
        (
            Region::Molise,
            "Il Molise accoglie 3.800 stranieri residenti, appena lo 0,1% dei residenti stranieri in Italia.",
            &[("stranieri_residenti", 3_800.0)],
        ),
        (
            Region::Basilicata,
            "In Basilicata i giovani non comunitari che non lavorano e non studiano sono 2.300, il 28% dei coetanei.",
            &[],
        ),
        (
            Region::Marche,
            "Rispetto al 2012 gli occupati non comunitari delle Marche sono diminuiti di 1.950 unità, scendendo a 41.274.",
            &[("occupati_non_comunitari", 41_274.0)],
        ),
        (
            Region::Puglia,
            "I tassi di occupazione e di disoccupazione dei non comunitari in Puglia sono rispettivamente del 57,8% e del 14,1%.",
            &[("tasso_occupazione_non_comunitari_pct", 57.8), ("tasso_disoccupazione_non_comunitari_pct", 14.1)],
        ),
        (
            Region::Lombardia,
            "Su 1.152.000 residenti stranieri in Lombardia, quelli di cittadinanza non comunitaria regolarmente soggiornanti sono 1.028.584.",
            &[("stranieri_residenti", 1_152_000.0), ("non_comunitari", 1_028_584.0)],
        ),
        (
            Region::Piemonte,
            "Risiedono in Piemonte 425.523 cittadini stranieri. Di questi, 276.953 provengono da Paesi non appartenenti all'Unione europea.",
            &[("stranieri_residenti", 425_523.0)],
        ),
        (
            Region::Toscana,
            "In Toscana si contano 10,6 stranieri ogni 100 residenti.",
            &[("incidenza_stranieri_pct", 10.6)],
        ),
        (
            Region::Veneto,
            "Con 514.592 presenze, la comunità di origine non comunitaria soggiornante in Veneto è la terza in Italia.",
            &[("non_comunitari", 514_592.0)],
        ),
        (
            Region::EmiliaRomagna,
            "La quota femminile tra gli extracomunitari emiliano-romagnoli è pari al 50,4%, in aumento di 0,3 punti.",
            &[("donne_non_comunitarie_pct", 50.4)],
        ),
        (
            Region::Sicilia,
            "I minori di 18 anni rappresentano il 20,1% dei soggiornanti non UE in Sicilia.",
            &[("minori_non_comunitari_pct", 20.1)],
        ),
        (
            Region::Lazio,
            "Al 30 giugno 2015 nelle strutture del Lazio risultano presenti 1.120 MSNA, mentre al 31 dicembre 2014 erano 987.",
            &[("msna_presenti", 1_120.0)],
        ),
        (
            Region::Lombardia,
            "Nei CAS lombardi al 30 dicembre 2014 sono ospitati 5.832 richiedenti asilo, il 9% del totale nazionale.",
            &[("accolti_strutture_temporanee", 5_832.0)],
        ),
        (
            Region::Puglia,
            "I posti SPRAR occupati in Puglia sono 1.420 su un totale di 1.500 posti finanziati nella regione.",
            &[("sprar_posti_occupati", 1_420.0)],
        ),
        (
            Region::Campania,
            "In Campania le nascite da madre e padre stranieri sono state 2.061 nel 2013.",
            &[("nuovi_nati_stranieri", 2_061.0)],
        ),
        (
            Region::Liguria,
            "Nelle scuole di Genova studiano 12.300 alunni stranieri, su un totale regionale di 23.011.",
            &[("alunni_stranieri", 23_011.0)],
        ),
        (
            Region::Marche,
            "Gli studenti universitari stranieri iscritti negli atenei delle Marche sono 2.655 nell'anno accademico 2013/2014, contro i 2.540 dell'anno precedente.",
            &[("studenti_universitari_stranieri", 2_655.0)],
        ),
        (
            Region::Abruzzo,
            "Gli extracomunitari occupati in Abruzzo, secondo l'Istat, sono 29.800, mentre i comunitari occupati sono 21.400.",
            &[("occupati_non_comunitari", 29_800.0)],
        ),
        (
            Region::Umbria,
            "Lavora il 60,2% dei non comunitari umbri in età attiva.",
            &[("tasso_occupazione_non_comunitari_pct", 60.2)],
        ),
        (
            Region::Calabria,
            "La disoccupazione dei cittadini extra UE in Calabria tocca il 20,5%, quasi il doppio rispetto al 2008.",
            &[("tasso_disoccupazione_non_comunitari_pct", 20.5)],
        ),
        (
            Region::Toscana,
            "Nel 2013 in Toscana i contratti di lavoro avviati per cittadini extracomunitari sono stati 95.862 e quelli cessati 93.001.",
            &[("rapporti_lavoro_attivati_non_comunitari", 95_862.0)],
        ),
        (
            Region::Piemonte,
            "Sono oltre 22 mila le imprese individuali piemontesi il cui titolare è nato all'estero.",
            &[("titolari_imprese_individuali_stranieri", 22_000.0)],
        ),
        (
            Region::Veneto,
            "Le concessioni di cittadinanza italiana a residenti stranieri in Veneto sono salite a 12.345 nel 2013, dalle 9.876 del 2012.",
            &[("cittadinanze_acquisite", 12_345.0)],
        ),
        (
            Region::Sardegna,
            "Operano in Sardegna 42 associazioni di migranti, mentre in Italia se ne contano oltre 2 mila.",
            &[("associazioni_straniere", 42.0)],
        ),
        (
            Region::FriuliVeneziaGiulia,
            "In provincia di Udine gli stranieri residenti sono 38.000, a Trieste 19.000: in tutta la regione sono 107.917.",
            &[("stranieri_residenti", 107_917.0)],
        ),
        (
            Region::Lazio,
            "Gli stranieri residenti nel Lazio sono aumentati di 53.000 unità in un anno.",
            &[],
        ),
    (
        Region::Trento,
        "In Trentino risiedono 50.490 stranieri, l'8,4% della popolazione provinciale; in Alto Adige sono 46.454.",
        &[("stranieri_residenti", 50_490.0), ("incidenza_stranieri_pct", 8.4)],
    ),
    (
        Region::Lombardia,
        "Donne, minori e titolari di permesso di lungo periodo rappresentano rispettivamente il 48,6%, il 26,1% e il 58,9% dei non comunitari lombardi.",
        &[("donne_non_comunitarie_pct", 48.6), ("minori_non_comunitari_pct", 26.1), ("permesso_lungo_soggiorno_pct", 58.9)],
    ),
    (
        Region::Campania,
        "Rispetto alla media italiana (8,1%), la Campania presenta un'incidenza di stranieri molto più contenuta: 3,7%.",
        &[("incidenza_stranieri_pct", 3.7)],
    ),
    (
        Region::EmiliaRomagna,
        "Gli stranieri in Emilia-Romagna superano ormai il mezzo milione: sono 536.747 al 1° gennaio 2014.",
        &[("stranieri_residenti", 536_747.0)],
    ),
    (
        Region::Sicilia,
        "Quasi un quarto (24,3%) dei minori stranieri non accompagnati presenti in Italia si trova in Sicilia, dove al 31 dicembre 2014 se ne contavano 2.500.",
        &[("msna_presenti", 2_500.0)],
    ),
    (
        Region::Toscana,
        "Gli alunni stranieri nelle scuole toscane sono 62.000; nella sola Prato superano i 9.000.",
        &[("alunni_stranieri", 62_000.0)],
    ),
    (
        Region::Veneto,
        "Nel 2012 i nati stranieri in Veneto erano 9.500; nel 2013 sono scesi a 9.120.",
        &[("nuovi_nati_stranieri", 9_120.0)],
    ),
    (
        Region::Liguria,
        "Su 100 occupati in Liguria, 8 sono cittadini non comunitari: in tutto 47.534 lavoratori.",
        &[("occupati_non_comunitari", 47_534.0)],
    ),
    (
        Region::Piemonte,
        "Il tasso di disoccupazione giovanile dei non comunitari in Piemonte raggiunge il 41,2%, mentre quello complessivo degli stessi è del 25,8%.",
        &[("tasso_disoccupazione_non_comunitari_pct", 25.8)],
    ),
    (
        Region::Lazio,
        "Le associazioni che operano a favore dei migranti nel Lazio sono 312, mentre quelle costituite da migranti sono 128.",
        &[("associazioni_straniere", 128.0)],
    ),
    (
        Region::Puglia,
        "Nel 2013 in Puglia hanno acquisito la cittadinanza italiana 1.205 stranieri, per lo più per matrimonio.",
        &[("cittadinanze_acquisite", 1_205.0)],
    ),
    (
        Region::Marche,
        "Le imprese guidate da stranieri nelle Marche, di ogni forma giuridica, sono 15.300; le sole imprese individuali con titolare nato all'estero sono 9.393.",
        &[("titolari_imprese_individuali_stranieri", 9_393.0)],
    ),
    (
        Region::Umbria,
        "Il 52,7% dei non comunitari residenti in Umbria sono donne; la quota sale al 60% in provincia di Terni.",
        &[("donne_non_comunitarie_pct", 52.7)],
    ),
    (
        Region::Abruzzo,
        "In Abruzzo sono stati attivati nel 2013 circa 21.000 contratti a favore di lavoratori extra UE.",
        &[("rapporti_lavoro_attivati_non_comunitari", 21_000.0)],
    ),
    (
        Region::Sardegna,
        "Nelle strutture temporanee della Sardegna, al 30 dicembre 2014, le presenze erano 1.245, contro le 850 di sei mesi prima.",
        &[("accolti_strutture_temporanee", 1_245.0)],
    ),
    (
        Region::Basilicata,
        "La Basilicata ospita 18.210 residenti stranieri. La loro incidenza sulla popolazione è del 3,2%, la metà della media nazionale.",
        &[("stranieri_residenti", 18_210.0), ("incidenza_stranieri_pct", 3.2)],
    ),
    (
        Region::Calabria,
        "I soggiornanti extracomunitari in Calabria sono 61.150; tra loro le donne sono il 46,9% e i minori il 19,8%.",
        &[("non_comunitari", 61_150.0), ("donne_non_comunitarie_pct", 46.9), ("minori_non_comunitari_pct", 19.8)],
    ),
    (
        Region::Toscana,
        "In Toscana i richiedenti asilo ospitati nelle strutture temporanee erano 2.118 a fine 2014, e 3.790 considerando anche gli SPRAR.",
        &[("accolti_strutture_temporanee", 2_118.0), ("accolti_totale", 3_790.0)],
    ),
    (
        Region::Lombardia,
        "Nel 2013 le aziende lombarde hanno registrato 253.210 avviamenti di lavoratori non comunitari e 247.800 cessazioni.",
        &[("rapporti_lavoro_attivati_non_comunitari", 253_210.0)],
    ),
    (
        Region::Marche,
        "Gli occupati non comunitari delle Marche erano 43.500 nel 2012 e sono 41.274 nel 2013, con un tasso di occupazione del 45,9%.",
        &[("occupati_non_comunitari", 41_274.0), ("tasso_occupazione_non_comunitari_pct", 45.9)],
    ),
    (
        Region::Puglia,
        "Nelle università pugliesi sono iscritti 1.603 studenti stranieri, appena 350 dei quali provenienti da Paesi dell'Unione.",
        &[("studenti_universitari_stranieri", 1_603.0)],
    ),
    (
        Region::Sardegna,
        "Nel 2013 le acquisizioni di cittadinanza in Sardegna sono state 640, mentre in Italia hanno superato le 100 mila.",
        &[("cittadinanze_acquisite", 640.0)],
    ),
    (
        Region::Liguria,
        "I titolari di impresa individuale nati all'estero sono in Liguria 12.324, concentrati a Genova (6.900).",
        &[("titolari_imprese_individuali_stranieri", 12_324.0)],
    ),
    (
        Region::ValleDAosta,
        "In Valle d'Aosta vivono 9.316 stranieri; ad Aosta città se ne contano 3.870, pari al 10,9% dei residenti del comune.",
        &[("stranieri_residenti", 9_316.0)],
    ),
    (
        Region::Veneto,
        "Nel Veneto 1 residente su 10 è straniero: l'incidenza esatta è del 10,4%.",
        &[("incidenza_stranieri_pct", 10.4)],
    ),
    (
        Region::FriuliVeneziaGiulia,
        "Il tasso di disoccupazione dei lavoratori non comunitari nel Friuli Venezia Giulia è cresciuto di 3 punti, attestandosi al 17,3%.",
        &[("tasso_disoccupazione_non_comunitari_pct", 17.3)],
    ),
    (
        Region::Lazio,
        "Al 31 dicembre 2014 i minori stranieri non accompagnati erano 1.050 nel Lazio e 10.536 in tutta Italia.",
        &[("msna_presenti", 1_050.0)],
    ),
    (
        Region::Campania,
        "La rete SPRAR campana conta 1.280 posti finanziati; quelli effettivamente occupati sono 1.190.",
        &[("sprar_posti_occupati", 1_190.0)],
    ),
    (
        Region::Molise,
        "Il Molise accoglie complessivamente, tra CAS e SPRAR, 1.250 richiedenti e titolari di protezione.",
        &[("accolti_totale", 1_250.0)],
    ),
    (
        Region::EmiliaRomagna,
        "Sono 10.972 i bambini nati in Emilia-Romagna da genitori entrambi stranieri nel 2013, circa uno su quattro.",
        &[("nuovi_nati_stranieri", 10_972.0)],
    ),
    (
        Region::Piemonte,
        "In Piemonte gli alunni figli di immigrati sono 75.276, ma il 60% di loro è nato in Italia.",
        &[("alunni_stranieri", 75_276.0)],
    ),
    (
        Region::Abruzzo,
        "Le associazioni straniere iscritte al registro regionale abruzzese sono 31; quelle attive nel solo capoluogo sono 12.",
        &[("associazioni_straniere", 31.0)],
    ),
    (
        Region::Sicilia,
        "Il permesso di lungo periodo riguarda in Sicilia il 46,9% dei soggiornanti extra UE, una quota inferiore di dieci punti a quella nazionale (56,3%).",
        &[("permesso_lungo_soggiorno_pct", 46.9)],
    ),
    // Written on 2026-12-03, 18 of 20 read right at first reading; "minori
    // (stranieri) soli" was added to the unaccompanied minors' wording for a
    // 19th. Left out: a count in a relative clause whose noun is the clause
    // before ("… dei cittadini non comunitari …, che a inizio 2014 erano
    // 113.245"), which the reader does not link.
    (
        Region::Toscana,
        "Al 1° gennaio 2015 risiedevano in Toscana 395.573 cittadini stranieri, pari al 10,5% della popolazione complessiva.",
        &[("stranieri_residenti", 395_573.0), ("incidenza_stranieri_pct", 10.5)],
    ),
    (
        Region::Puglia,
        "Nel corso del 2013 i centri per l'impiego pugliesi hanno registrato 41.872 nuovi contratti di lavoro a favore di lavoratori extracomunitari.",
        &[("rapporti_lavoro_attivati_non_comunitari", 41_872.0)],
    ),
    (
        Region::Veneto,
        "Il tasso di disoccupazione dei lavoratori non UE in Veneto si attesta al 19,4%, quasi il triplo di quello degli italiani (6,9%).",
        &[("tasso_disoccupazione_non_comunitari_pct", 19.4)],
    ),
    (
        Region::Lazio,
        "Risultano 1.204 i minori stranieri soli accolti nelle strutture del Lazio a fine 2014.",
        &[("msna_presenti", 1_204.0)],
    ),
    (
        Region::EmiliaRomagna,
        "Gli alunni con cittadinanza non italiana iscritti nelle scuole emiliano-romagnole nell'anno scolastico 2013/2014 sono 92.478, il 15,3% del totale.",
        &[("alunni_stranieri", 92_478.0)],
    ),
    (
        Region::Campania,
        "Nel 2013 hanno ottenuto la cittadinanza italiana 2.156 residenti in Campania.",
        &[("cittadinanze_acquisite", 2_156.0)],
    ),
    (
        Region::Lombardia,
        "Le imprese individuali guidate da nati all'estero in Lombardia sono 62.310.",
        &[("titolari_imprese_individuali_stranieri", 62_310.0)],
    ),
    (
        Region::Sardegna,
        "Nei posti SPRAR della Sardegna erano ospitate 312 persone al 30 giugno 2014.",
        &[("sprar_posti_occupati", 312.0)],
    ),
    (
        Region::Umbria,
        "Il tasso di occupazione dei cittadini extra UE residenti in Umbria è pari al 58,7%.",
        &[("tasso_occupazione_non_comunitari_pct", 58.7)],
    ),
    (
        Region::FriuliVeneziaGiulia,
        "Nelle strutture temporanee della regione sono accolti 1.450 richiedenti asilo.",
        &[("accolti_strutture_temporanee", 1_450.0)],
    ),
    (
        Region::Calabria,
        "I nati da genitori entrambi stranieri in Calabria nel 2013 sono stati 1.589.",
        &[("nuovi_nati_stranieri", 1_589.0)],
    ),
    (
        Region::Piemonte,
        "Su 100 cittadini non comunitari presenti in Piemonte, 57 hanno un permesso di soggiorno di lungo periodo.",
        &[("permesso_lungo_soggiorno_pct", 57.0)],
    ),
    (
        Region::Liguria,
        "Negli atenei liguri gli studenti stranieri iscritti nell'anno accademico 2013/2014 erano 1.687.",
        &[("studenti_universitari_stranieri", 1_687.0)],
    ),
    (
        Region::Abruzzo,
        "I minori rappresentano il 21,8% della popolazione non comunitaria abruzzese.",
        &[("minori_non_comunitari_pct", 21.8)],
    ),
    (
        Region::Sicilia,
        "Complessivamente il sistema di accoglienza siciliano ospita 12.400 migranti, tra centri governativi, strutture temporanee e SPRAR.",
        &[("accolti_totale", 12_400.0)],
    ),
    (
        Region::Molise,
        "Nel Molise le associazioni di immigrati censite sono 9.",
        &[("associazioni_straniere", 9.0)],
    ),
    (
        Region::Basilicata,
        "In Basilicata gli stranieri residenti sono 18.210, lo 0,4% del totale nazionale degli stranieri.",
        &[("stranieri_residenti", 18_210.0)],
    ),
    (
        Region::Veneto,
        "Rispetto al 2013 gli occupati non comunitari in Veneto sono diminuiti di 4.300 unità, attestandosi a 156.200.",
        &[("occupati_non_comunitari", 156_200.0)],
    ),
    (
        Region::Trento,
        "Nella provincia di Trento i cittadini non comunitari con permesso di soggiorno valido sono 29.876 al 1° gennaio 2015.",
        &[("non_comunitari", 29_876.0)],
    ),
    // A second set the same day, with traps: 16 of 20 at first reading; a
    // count out of a total whose digits begin like a rate's base ("3.700 su
    // 10.536" read as "su 10") was fixed for a 17th, and the non-EU
    // wording of the population words allowed in a count's own phrase
    // ("provengono da paesi non appartenenti all'Unione europea") for an
    // 18th. Left out: a share in brackets restating words ("quasi un decimo
    // della popolazione (9,7%)"), and a whole given as a denominator
    // ("35.400 su 67.100"). Trying that passage's wording without brackets
    // showed a hedged restatement ("quasi il 9,7%", "pari a quasi il")
    // was not one; it is now.
    (
        Region::Piemonte,
        "In Piemonte vivono 425.000 stranieri, quasi il 9,7% della popolazione.",
        &[("stranieri_residenti", 425_000.0), ("incidenza_stranieri_pct", 9.7)],
    ),
    (
        Region::Piemonte,
        "In Piemonte vivono 425.000 stranieri, pari a poco meno del 10% della popolazione.",
        &[("stranieri_residenti", 425_000.0), ("incidenza_stranieri_pct", 10.0)],
    ),
    (
        Region::Toscana,
        "Dei 395.573 stranieri residenti in Toscana, 283.900 provengono da paesi non appartenenti all'Unione europea.",
        &[("stranieri_residenti", 395_573.0), ("non_comunitari", 283_900.0)],
    ),
    (
        Region::Veneto,
        "In provincia di Treviso gli alunni stranieri sono 14.300, su un totale regionale di 92.000.",
        &[("alunni_stranieri", 92_000.0)],
    ),
    (
        Region::Lombardia,
        "La quota di nati stranieri sul totale delle nascite in Lombardia è del 22,5%, corrispondente a 20.118 bambini.",
        &[("nuovi_nati_stranieri", 20_118.0)],
    ),
    (
        Region::Marche,
        "Gli occupati stranieri extra UE nelle Marche erano 52.000 nel 2012 e sono scesi a 48.600 nel 2013.",
        &[("occupati_non_comunitari", 48_600.0)],
    ),
    (
        Region::Liguria,
        "Nel 2013 le acquisizioni di cittadinanza in Liguria sono state 2.417, in crescita del 18% rispetto all'anno precedente.",
        &[("cittadinanze_acquisite", 2_417.0)],
    ),
    (
        Region::Lazio,
        "Il Lazio accoglie nei centri SPRAR 4.226 beneficiari, il 21% di tutti quelli accolti in Italia.",
        &[("sprar_posti_occupati", 4_226.0)],
    ),
    (
        Region::EmiliaRomagna,
        "Le imprese individuali con titolare nato all'estero sono in Emilia-Romagna 36.854, l'11,7% delle imprese individuali della regione.",
        &[("titolari_imprese_individuali_stranieri", 36_854.0)],
    ),
    (
        Region::Campania,
        "Gli studenti stranieri negli atenei campani sono 1.950, appena lo 0,9% degli iscritti.",
        &[("studenti_universitari_stranieri", 1_950.0)],
    ),
    (
        Region::Puglia,
        "Il tasso di occupazione degli stranieri non comunitari in Puglia (52,1%) supera di oltre dieci punti quello dei pugliesi (41,9%).",
        &[("tasso_occupazione_non_comunitari_pct", 52.1)],
    ),
    (
        Region::Sicilia,
        "I MSNA presenti in Sicilia a dicembre 2014 erano 3.700 su 10.536 in tutta Italia.",
        &[("msna_presenti", 3_700.0)],
    ),
    (
        Region::Veneto,
        "Nel 2013 in Veneto sono state avviate 98.450 assunzioni di lavoratori extracomunitari, il 14% delle assunzioni complessive.",
        &[("rapporti_lavoro_attivati_non_comunitari", 98_450.0)],
    ),
    (
        Region::Sardegna,
        "I permessi di lungo periodo rappresentano in Sardegna il 44,2% dei permessi in corso di validità per cittadini extra UE.",
        &[("permesso_lungo_soggiorno_pct", 44.2)],
    ),
    (
        Region::Calabria,
        "I disoccupati non comunitari in Calabria sono 9.800 e il loro tasso di disoccupazione raggiunge il 24,6%.",
        &[("tasso_disoccupazione_non_comunitari_pct", 24.6)],
    ),
    (
        Region::FriuliVeneziaGiulia,
        "Gli stranieri residenti a Trieste sono 18.000, pari all'8,8% degli abitanti del comune.",
        &[],
    ),
    (
        Region::Abruzzo,
        "Nelle scuole abruzzesi si contano 13.200 alunni di origine straniera, di cui il 45% nati in Italia.",
        &[("alunni_stranieri", 13_200.0)],
    ),
    (
        Region::Molise,
        "La popolazione straniera del Molise è cresciuta di 612 unità in un anno, raggiungendo quota 10.500 al 1° gennaio 2015.",
        &[("stranieri_residenti", 10_500.0)],
    ),
    (
        Region::Toscana,
        "I minori rappresentano poco più di un quinto dei non comunitari presenti in Toscana: il 22,3%.",
        &[("minori_non_comunitari_pct", 22.3)],
    ),
    (
        Region::Lombardia,
        "Le associazioni di migranti attive in Lombardia sono 410, un quarto delle 1.600 censite a livello nazionale.",
        &[("associazioni_straniere", 410.0)],
    ),
    // "dei quali" right after a share: what follows is the share's own words,
    // a place ("nella provincia di Bari") or what it counts ("donne").
    (
        Region::Puglia,
        "Gli stranieri residenti in Puglia sono 117.700, il 23,1% dei quali nella provincia di Bari.",
        &[("stranieri_residenti", 117_700.0)],
    ),
    (
        Region::Umbria,
        "I cittadini non comunitari soggiornanti in Umbria sono 68.200, il 52,4% dei quali donne.",
        &[("non_comunitari", 68_200.0), ("donne_non_comunitarie_pct", 52.4)],
    ),
    (
        Region::Liguria,
        "I cittadini di Paesi terzi presenti in Liguria sono 91.300, il 61,5% dei quali titolari di un permesso di lungo periodo.",
        &[("non_comunitari", 91_300.0), ("permesso_lungo_soggiorno_pct", 61.5)],
    ),
    (
        Region::Sardegna,
        "Nel 2013 sono diventati italiani 1.130 cittadini stranieri residenti in Sardegna.",
        &[("cittadinanze_acquisite", 1_130.0)],
    ),
    (
        Region::Molise,
        "Divengono italiani ogni anno circa 300 stranieri residenti nel Molise: 312 nel 2013.",
        &[("cittadinanze_acquisite", 312.0)],
    ),
    // Contracts are not the non-EU count; places still to open, people who
    // left or landed are not the people hosted.
    (
        Region::Toscana,
        "In Toscana le comunicazioni obbligatorie del 2014 registrano 71.400 nuovi contratti firmati con cittadini non comunitari, per 45.900 lavoratori.",
        &[("rapporti_lavoro_attivati_non_comunitari", 71_400.0)],
    ),
    (
        Region::Lazio,
        "Nel Lazio i migranti sbarcati e trasferiti nel 2014 sono 9.200; quelli accolti nelle strutture temporanee sono 6.100.",
        &[("accolti_strutture_temporanee", 6_100.0)],
    ),
    (
        Region::Liguria,
        "Il piano di riparto prevede per la Liguria 1.500 posti da attivare nei centri di accoglienza straordinaria.",
        &[],
    ),
    (
        Region::Calabria,
        "Nel sistema di accoglienza calabrese risultavano irreperibili 640 richiedenti asilo al 31 dicembre 2014.",
        &[],
    ),
    // A bracket with its own figure is an aside: the place before it is the
    // next figure's, the place in it not the figure's before it.
    (
        Region::Sardegna,
        "In Sardegna gli stranieri residenti sono 45.100, il 2,7% della popolazione; su scala nazionale (5,01 milioni di stranieri) l'incidenza sale all'8,2%.",
        &[("stranieri_residenti", 45_100.0), ("incidenza_stranieri_pct", 2.7)],
    ),
    (
        Region::Trento,
        "Incidenza degli stranieri sulla popolazione della provincia di Trento: 9,2% (Trentino-Alto Adige nel suo complesso: 8,8%).",
        &[("incidenza_stranieri_pct", 9.2)],
    ),
    // Wordings of the populations and measures themselves.
    (
        Region::Veneto,
        "Nelle scuole venete gli alunni privi della cittadinanza italiana sono 92.700.",
        &[("alunni_stranieri", 92_700.0)],
    ),
    (
        Region::Piemonte,
        "Sono 41.200 in Piemonte le imprese individuali con titolare nato fuori dall'Italia.",
        &[("titolari_imprese_individuali_stranieri", 41_200.0)],
    ),
    (
        Region::FriuliVeneziaGiulia,
        "Sono 104mila le persone di nazionalità estera con residenza anagrafica in Friuli-Venezia Giulia.",
        &[("stranieri_residenti", 104_000.0)],
    ),
    (
        Region::Toscana,
        "Le realtà associative promosse da migranti censite in Toscana sono 212.",
        &[("associazioni_straniere", 212.0)],
    ),
    (
        Region::Umbria,
        "Non ha ancora raggiunto la maggiore età il 21,4% dei cittadini non comunitari presenti in Umbria.",
        &[("minori_non_comunitari_pct", 21.4)],
    ),
    (
        Region::Puglia,
        "In Puglia i cittadini extra UE titolari di un permesso di soggiorno valido sono 84.300.",
        &[("non_comunitari", 84_300.0)],
    ),
    // A share of the year's new permits, or of a narrower age band, is not
    // the share among the non-EU citizens present.
    (
        Region::FriuliVeneziaGiulia,
        "In Friuli-Venezia Giulia le donne hanno ottenuto il 48,7% dei nuovi permessi rilasciati nel 2014 a cittadini non comunitari.",
        &[],
    ),
    (
        Region::Marche,
        "I minori sono una parte rilevante dei non comunitari presenti nelle Marche: la fascia fino a 14 anni ne raccoglie il 17,9%.",
        &[],
    ),
    // Rates of one sex are no rate of all and no share of women.
    (
        Region::Liguria,
        "In Liguria il tasso di occupazione femminile delle cittadine extracomunitarie tocca il 47,5%.",
        &[],
    ),
    (
        Region::Veneto,
        "Nel Veneto la disoccupazione delle sole donne extracomunitarie arriva al 18,3%.",
        &[],
    ),
    (
        Region::Marche,
        "Il tasso di disoccupazione dei cittadini non comunitari nelle Marche scende nel 2014 al 16,2%, con forti differenze di genere (13,0% per gli uomini, 20,4% per le donne).",
        &[("tasso_disoccupazione_non_comunitari_pct", 16.2)],
    ),
    // All foreigners, EU citizens included, are no incidence and no non-EU count.
    (
        Region::Puglia,
        "In Puglia il tasso di occupazione della popolazione straniera, comunitari inclusi, è del 57,9%.",
        &[],
    ),
    (
        Region::Toscana,
        "Gli iscritti stranieri negli atenei toscani, compresi i cittadini comunitari, sono 6.912.",
        &[("studenti_universitari_stranieri", 6_912.0)],
    ),
    // One measure at two dates, each date beside its figure.
    (
        Region::EmiliaRomagna,
        "Gli alunni con cittadinanza straniera iscritti nelle scuole emiliano-romagnole di ogni ordine e grado, statali e paritarie, risultano pari rispettivamente a 89.700 nell'a.s. 2012/2013 e a 93.400 nell'a.s. 2013/2014.",
        &[("alunni_stranieri", 93_400.0)],
    ),
    // Words borrowed from another clause bring that clause's measure.
    (
        Region::Lazio,
        "Gli studenti stranieri, cittadini comunitari compresi, iscritti negli atenei del Lazio sono 9.120; La Sapienza ne conta da sola 4.310.",
        &[("studenti_universitari_stranieri", 9_120.0)],
    ),
    // A source in brackets names no place of the figure.
    (
        Region::Calabria,
        "In Calabria si contano 1.180 studenti universitari stranieri (fonte: elaborazione su dati dell'Anagrafe nazionale studenti).",
        &[("studenti_universitari_stranieri", 1_180.0)],
    ),
    // A bracket saying what the figure is, not where it was read, still counts.
    (
        Region::Veneto,
        "In Veneto il tasso di disoccupazione dei non comunitari è del 16,2% (dati nazionali).",
        &[],
    ),
    (
        Region::Umbria,
        "Gli iscritti ai corsi di lingua sono 1.850 (fonte: Università per Stranieri di Perugia).",
        &[],
    ),
    // Persons hired, bodies working for migrants, a share of students.
    (
        Region::Piemonte,
        "In Piemonte i lavoratori extracomunitari interessati da un avviamento nel 2014 sono stati 31.400.",
        &[],
    ),
    (
        Region::Sicilia,
        "In Sicilia si registra la presenza di 96 organismi del terzo settore che operano a favore dei cittadini stranieri.",
        &[],
    ),
    (
        Region::Umbria,
        "Gli universitari stranieri in Umbria sono 2.998, con un'incidenza del 10,6% sul totale degli iscritti.",
        &[("studenti_universitari_stranieri", 2_998.0)],
    ),    // Fields of a table row set as text, parted by bars.
    (
        Region::Marche,
        "Marche – stranieri residenti: 140.341 | Paesi terzi: 98.120 | cittadinanze acquisite nel 2014: 3.120.",
        &[
            ("stranieri_residenti", 140_341.0),
            ("non_comunitari", 98_120.0),
            ("cittadinanze_acquisite", 3_120.0),
        ],
    ),
    // A day written in figures is no figure.
    (
        Region::Toscana,
        "In Toscana gli ospiti dei centri di accoglienza straordinaria al 30.06.2015 erano 6.210.",
        &[("accolti_strutture_temporanee", 6_210.0)],
    ),
    // A figure that refers back ("ne") takes the noun of the sentence before,
    // and only such a figure does.
    (
        Region::Veneto,
        "Crescono in Veneto le nascite da genitori entrambi stranieri. Nel 2014 se ne sono registrate 8.950, il 21% del totale.",
        &[("nuovi_nati_stranieri", 8_950.0)],
    ),
    (
        Region::Toscana,
        "Le associazioni di immigrati attive in Toscana crescono ogni anno. L'albo regionale ne elenca oggi 212.",
        &[("associazioni_straniere", 212.0)],
    ),
    (
        Region::Toscana,
        "Le associazioni di immigrati attive in Toscana crescono ogni anno. L'albo regionale conta oggi 212 iscritti.",
        &[],
    ),
    // Workers hired are persons, not contracts, though "assunti" is a key
    // word of hirings.
    (
        Region::Puglia,
        "In Puglia nel 2014 le attivazioni di rapporti di lavoro per cittadini non comunitari sono state 52.300, per 24.800 lavoratori assunti.",
        &[("rapporti_lavoro_attivati_non_comunitari", 52_300.0)],
    ),
    // An ellipsis after a rate is that rate, for women only: no share of
    // women; after a share it is a share.
    (
        Region::Umbria,
        "In Umbria il tasso di occupazione dei cittadini non comunitari è pari al 55,1%, mentre quello delle donne extracomunitarie scende al 44,0%.",
        &[("tasso_occupazione_non_comunitari_pct", 55.1)],
    ),
    (
        Region::Umbria,
        "In Umbria la quota di minori tra i non comunitari è del 22,4%, mentre quella delle donne è del 51,2%.",
        &[("minori_non_comunitari_pct", 22.4), ("donne_non_comunitarie_pct", 51.2)],
    ),
    // A heading over labelled items: its wording says what all of them
    // count, and does not exclude the first item's label.
    (
        Region::Toscana,
        "Toscana, ospiti del sistema di accoglienza al 30 giugno 2015: centri straordinari (CAS) 6.210; rete SPRAR, posti occupati 1.120; totale 7.330.",
        &[
            ("accolti_strutture_temporanee", 6_210.0),
            ("sprar_posti_occupati", 1_120.0),
            ("accolti_totale", 7_330.0),
        ],
    ),
    (
        Region::Puglia,
        "Il sistema di accoglienza pugliese si articola come segue: strutture temporanee, 2.905 ospiti; SPRAR, 1.562 posti occupati; in tutto 6.890 migranti accolti.",
        &[
            ("accolti_strutture_temporanee", 2_905.0),
            ("sprar_posti_occupati", 1_562.0),
            ("accolti_totale", 6_890.0),
        ],
    ),
    (
        Region::Veneto,
        "Cittadini non comunitari in Veneto (1 gennaio 2015): totale 368.710; donne 49,1%; minori 24,0%.",
        &[
            ("non_comunitari", 368_710.0),
            ("donne_non_comunitarie_pct", 49.1),
            ("minori_non_comunitari_pct", 24.0),
        ],
    ),
    // A part of a total: the words that make the whole a total do not
    // exclude the part.
    (
        Region::Lazio,
        "Nel Lazio a fine 2014 erano ospitati in tutto 8.420 richiedenti asilo, di cui 5.130 in centri di accoglienza straordinaria.",
        &[("accolti_totale", 8_420.0), ("accolti_strutture_temporanee", 5_130.0)],
    ),
    // The whole population narrowed right after it is the narrower one; set
    // apart by commas it stays whole.
    (
        Region::Liguria,
        "A inizio 2015 la popolazione residente di nazionalità straniera in Liguria conta 138.697 persone.",
        &[("stranieri_residenti", 138_697.0)],
    ),
    (
        Region::Liguria,
        "In Liguria la popolazione residente, straniera e italiana, conta 1.583.263 persone.",
        &[],
    ),
    // "Ne" takes the noun of the sentence before, but not over the figure's
    // own words: closed contracts are no hirings, members no associations.
    (
        Region::Lombardia,
        "Nel 2014 in Lombardia sono cresciuti i rapporti di lavoro attivati per cittadini non comunitari. Ne sono cessati 40.000.",
        &[],
    ),
    (
        Region::Lombardia,
        "Le associazioni di migranti sono numerose in Lombardia. Ne fanno parte 12.000 soci.",
        &[],
    ),
    // A list heading's narrower population narrows every item.
    (
        Region::Lombardia,
        "Minori non comunitari in Lombardia: residenti 120.000; nati in Italia 60.000; occupati 30.000.",
        &[],
    ),
    (
        Region::Veneto,
        "Donne non comunitarie in Veneto: residenti 190.000; occupate 80.000.",
        &[],
    ),
    (
        Region::Lombardia,
        "Detenuti stranieri in Lombardia: residenti 3.000; in attesa di giudizio 1.000.",
        &[],
    ),
    // What follows the heading's head lists the items: no exclusion.
    (
        Region::Veneto,
        "Avviamenti e cessazioni di lavoratori non comunitari in Veneto nel 2014: avviamenti 120.000; cessazioni 110.000.",
        &[("rapporti_lavoro_attivati_non_comunitari", 120_000.0)],
    ),
    (
        Region::Lombardia,
        "Cittadini non comunitari in Lombardia, donne e minori: totale 1.000.000; donne 49%; minori 24%.",
        &[
            ("non_comunitari", 1_000_000.0),
            ("donne_non_comunitarie_pct", 49.0),
            ("minori_non_comunitari_pct", 24.0),
        ],
    ),
    // A clause of a list labelled in its own words as another measure takes
    // no label from another clause, before it or after it.
    (
        Region::Piemonte,
        "Nati stranieri in Piemonte nel 2014: 7.000; stranieri residenti al 1° gennaio 2015: 422.000.",
        &[("nuovi_nati_stranieri", 7_000.0), ("stranieri_residenti", 422_000.0)],
    ),
    (
        Region::Piemonte,
        "Stranieri residenti al 1° gennaio 2015: 422.000; nati stranieri in Piemonte nel 2014: 7.000.",
        &[("nuovi_nati_stranieri", 7_000.0), ("stranieri_residenti", 422_000.0)],
    ),
    (
        Region::Veneto,
        "Stranieri residenti in Veneto al 1° gennaio 2015: 511.000; alunni stranieri nell'a.s. 2013/14: 92.000; occupati nel 2014: 190.000.",
        &[("stranieri_residenti", 511_000.0), ("alunni_stranieri", 92_000.0)],
    ),
    // Nor does a clause take a label from the clause after it.
    (
        Region::Piemonte,
        "Popolazione in Piemonte al 1° gennaio 2015: 4.424.000; nati stranieri nel 2014: 7.000.",
        &[("nuovi_nati_stranieri", 7_000.0)],
    ),
    // A heading's label, and a whole's for its part, are still shared.
    (
        Region::Lombardia,
        "Occupati in Lombardia per cittadinanza: italiani 3.800.000; comunitari 150.000; non comunitari 420.000.",
        &[("occupati_non_comunitari", 420_000.0)],
    ),
    (
        Region::Lombardia,
        "Occupati stranieri in Lombardia: 500.000; di questi, non comunitari: 350.000.",
        &[("occupati_non_comunitari", 350_000.0)],
    ),
    // A count whose part, or next clause, is of one population counts
    // everyone: the part is the indicator.
    (
        Region::Toscana,
        "Gli occupati in Toscana sono 1.550.000, di cui 160.000 non comunitari.",
        &[("occupati_non_comunitari", 160_000.0)],
    ),
    (
        Region::Toscana,
        "Gli alunni in Toscana sono 480.000, di cui 62.000 stranieri.",
        &[("alunni_stranieri", 62_000.0)],
    ),
    (
        Region::Veneto,
        "Occupati in Veneto: 2.050.000; non comunitari: 190.000.",
        &[("occupati_non_comunitari", 190_000.0)],
    ),
    (
        Region::Veneto,
        "Occupati in Veneto nel 2014: 2.050.000; occupati non comunitari nel 2013: 190.000.",
        &[("occupati_non_comunitari", 190_000.0)],
    ),
    (
        Region::Veneto,
        "Popolazione in Veneto al 1° gennaio 2014: 4.927.000; stranieri residenti: 511.000; nati nel 2013: 41.000.",
        &[("stranieri_residenti", 511_000.0), ("nuovi_nati_stranieri", 41_000.0)],
    ),
    // A count noun is no label: the later clause still takes its subject
    // from the first.
    (
        Region::Piemonte,
        "Gli alunni stranieri erano 70.000 nell'anno scolastico 2012/13; nel 2013/14 sono 72.000 unità.",
        &[("alunni_stranieri", 72_000.0)],
    ),
    // The reception system is the whole of its kinds of facilities.
    (
        Region::Lazio,
        "Nel sistema di accoglienza del Lazio a fine 2014 erano ospitati 8.420 migranti, di cui 5.130 in centri di accoglienza straordinaria.",
        &[("accolti_totale", 8_420.0), ("accolti_strutture_temporanee", 5_130.0)],
    ),
    // "Passati da … a …": the subject before "da" is the new value's, though
    // the starting value stands nearer to it.
    (
        Region::Calabria,
        "In Calabria i cittadini non comunitari regolarmente soggiornanti sono passati da 58.200 nel 2013 a 61.400 nel 2014, con un peso sul totale della popolazione del 3,1%.",
        &[("non_comunitari", 61_400.0)],
    ),
    (
        Region::Marche,
        "Nelle Marche la popolazione di cittadinanza straniera è salita da 140.000 unità nel 2013 a 146.200 nel 2014, con un'incidenza sul totale dei residenti del 9,4%.",
        &[("stranieri_residenti", 146_200.0), ("incidenza_stranieri_pct", 9.4)],
    ),
    // "Regione italiana" is a place, not Italians.
    (
        Region::Veneto,
        "Il Veneto è la terza regione italiana per numero di alunni stranieri: nell'anno scolastico 2013/14 sono 92.000.",
        &[("alunni_stranieri", 92_000.0)],
    ),
    // Only non-EU citizens hold residence permits: a share holding a
    // long-term one is of them, whatever population the sentence began with.
    (
        Region::Puglia,
        "Puglia, stranieri residenti al 1° gennaio 2014: 110.338; titolari di permesso di lunga durata: 47,3%.",
        &[("stranieri_residenti", 110_338.0), ("permesso_lungo_soggiorno_pct", 47.3)],
    ),
    // A part is of its whole's population, and so are the parts
    // coordinated with it, whatever population the passage began with.
    (
        Region::Liguria,
        "Liguria – residenti stranieri: 138.697; soggiornanti non comunitari: 97.600, di cui donne 51,9% e minori 20,3%; nuovi nati stranieri: 1.900.",
        &[
            ("stranieri_residenti", 138_697.0),
            ("non_comunitari", 97_600.0),
            ("donne_non_comunitarie_pct", 51.9),
            ("minori_non_comunitari_pct", 20.3),
            ("nuovi_nati_stranieri", 1_900.0),
        ],
    ),
    // The whole of a part is the count before it, not a base in between.
    (
        Region::Liguria,
        "I cittadini non comunitari soggiornanti in Liguria sono 97.600, su 138.697 stranieri residenti, di cui il 52,4% donne.",
        &[
            ("non_comunitari", 97_600.0),
            ("stranieri_residenti", 138_697.0),
            ("donne_non_comunitarie_pct", 52.4),
        ],
    ),
    // Nor is the number of a table.
    (
        Region::Lazio,
        "Tav. 4 - Nel Lazio i cittadini extracomunitari regolarmente soggiornanti sono 385.210.",
        &[("non_comunitari", 385_210.0)],
    ),
];

/// A base of a rate is a whole number ("ogni 100", "su 10", "su 1.000"): a
/// count out of a total whose digits begin the same way ("su 100.500", "su
/// 10.536") is no rate, and its figure is a count of persons, not a percent.
#[test]
fn a_count_out_of_a_total_is_no_rate() {
    let text = "In Umbria gli alunni stranieri sono 17.300 su 100.500 iscritti.";
    expect(Region::Umbria, text, &[("alunni_stranieri", 17_300.0)]);
    let stats = read(Region::Umbria, text);
    assert_eq!(figure(&stats, "17.300").unit, Unit::Persons);
    expect(
        Region::Sicilia,
        "I MSNA presenti in Sicilia a dicembre 2014 erano 3.700 su 10.536 in tutta Italia.",
        &[("msna_presenti", 3_700.0)],
    );
    expect(
        Region::Umbria,
        "In Umbria gli stranieri sono 11,1 ogni 100 abitanti.",
        &[("incidenza_stranieri_pct", 11.1)],
    );
    let stats = read(
        Region::Umbria,
        "In Umbria vivono 3 stranieri su 1.000, nel 2014.",
    );
    assert_eq!(figure(&stats, "3").unit, Unit::Other);
}

#[test]
fn passages_in_new_wording() {
    let mut wrong = Vec::new();
    for (region, text, want) in NEW_WORDING {
        let got = indicators(*region, text);
        let want: BTreeMap<String, f64> = want.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        if got != want {
            wrong.push(format!("{text}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Runs `piani figures` with `args`, `input` on stdin; returns stdout.
fn piani_figures(args: &[&str], input: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_piani"))
        .arg("figures")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn figures_command_reads_bank_lines_and_plain_text() {
    let line = r#"{"id": "x1", "region": "Veneto", "text": "In Veneto l'incidenza degli stranieri è del 10,4%, contro l'8,1% in Italia."}"#;
    let out = piani_figures(&["--jsonl"], &format!("{line}\n"));
    let row: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        row,
        serde_json::json!({"id": "x1", "found": {"incidenza_stranieri_pct": 10.4}})
    );
    // Plain text: one statistic per line, with what the reader decided.
    let out = piani_figures(
        &["--region", "Marche"],
        "Le associazioni di immigrati delle Marche sono 112, di cui 40 ad Ancona.",
    );
    let stats: Vec<Statistic> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(stats.len(), 2);
    assert_eq!(stats[0].value, 112.0);
    assert_eq!(
        stats[0].indicator,
        Some(piani::model::Indicator::AssociazioniStraniere)
    );
    assert_eq!(stats[1].role, Role::Subset);
    assert_eq!(stats[1].scope, Scope::ProvinceOrCity);
}

/// Micro precision and recall of the reader over a passage file in the bank's
/// format, scored as the bank's `score_passages.py` scores: a (passage,
/// indicator) pair is right only with the exact value; a wrong value is one
/// false positive and one false negative.
fn score_passages(file: &str) -> (f64, f64) {
    let path = common::fixtures().join("statistics").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let (mut tp, mut found, mut expected) = (0usize, 0usize, 0usize);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let p: serde_json::Value = serde_json::from_str(line).unwrap();
        let region: Region = serde_json::from_value(p["region"].clone()).unwrap();
        let got = indicators(region, p["text"].as_str().unwrap());
        let want = p["expect"].as_object().unwrap();
        found += got.len();
        expected += want.len();
        tp += (want.iter())
            .filter(|(k, v)| {
                let v = v.as_f64().unwrap();
                got.get(*k).is_some_and(|g| (g - v).abs() < 1e-6)
            })
            .count();
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    (ratio(tp, found), ratio(tp, expected))
}

/// Sets of passages written apart from the reader, in wording neither the
/// bank nor these tests use (`fixtures/statistics/`, the bank's format): the
/// first three were read to find the reader's gaps after they had been
/// measured, the fourth and fifth are only measured. The sixth, written on
/// 2026-12-04 in sentence shapes none of the others use, measured 0.786 /
/// 0.537, far below them; three of its misses were then read (a citizenship
/// "diversa da quella italiana", a bracketed footnote call, a change told in
/// the plural). Floors, to be
/// raised as the reader improves: a
/// wrong value costs precision, which matters most.
#[test]
fn held_out_passages_keep_their_scores() {
    for (file, min_precision, min_recall) in [
        ("heldout-1.jsonl", 1.0, 0.92),
        ("heldout-2.jsonl", 0.98, 0.90),
        ("heldout-3.jsonl", 0.97, 0.95),
        ("heldout-4.jsonl", 0.87, 0.85),
        ("heldout-5.jsonl", 0.93, 0.93),
        ("heldout-6.jsonl", 0.82, 0.56),
    ] {
        let (p, r) = score_passages(file);
        assert!(
            p >= min_precision && r >= min_recall,
            "{file}: precision {p:.3} (floor {min_precision}), recall {r:.3} (floor {min_recall})"
        );
    }
}

/// A change told by a verb in the plural is a change too, not the count
/// (found by held-out set 6: "crescono di 2.305 unità" had become the residents).
#[test]
fn a_change_in_the_plural_is_no_count() {
    expect(
        Region::Abruzzo,
        "Nel 2014 i residenti stranieri in Abruzzo crescono di 2.305 unità.",
        &[],
    );
    expect(
        Region::Abruzzo,
        "Nel 2014 gli occupati non comunitari in Abruzzo diminuiscono di 1.120 unità.",
        &[],
    );
    // The count itself is still read.
    expect(
        Region::Abruzzo,
        "Nel 2014 i residenti stranieri in Abruzzo sono 86.245.",
        &[("stranieri_residenti", 86245.0)],
    );
}

/// Citizenship "other than Italian" in its other wordings is a foreign
/// population, not an Italian one (found by held-out set 6).
#[test]
fn a_citizenship_other_than_italian_is_foreign() {
    expect(
        Region::Lombardia,
        "In Lombardia gli alunni privi di cittadinanza italiana sono 201.633 nell'anno scolastico 2014/15.",
        &[("alunni_stranieri", 201633.0)],
    );
    expect(
        Region::Sicilia,
        "In Sicilia gli alunni con cittadinanza diversa da quella italiana sono 25.216 nell'anno scolastico 2014/15.",
        &[("alunni_stranieri", 25216.0)],
    );
    // A footnote call in brackets glued to the figure is no figure.
    expect(
        Region::Sicilia,
        "In Sicilia gli alunni con cittadinanza diversa da quella italiana sono 25.216[2] nell'anno scolastico 2014/15.",
        &[("alunni_stranieri", 25216.0)],
    );
    // Italians are still Italians.
    expect(
        Region::Lombardia,
        "In Lombardia gli alunni di cittadinanza italiana sono 1.200.000 nell'anno scolastico 2014/15.",
        &[],
    );
}

#[test]
fn one_nationality_is_a_part_not_the_whole() {
    // A nationality's count, listed under the measure it breaks down, is
    // never the measure: the total that follows is.
    expect(
        Region::Veneto,
        "Occupati non comunitari in Veneto per cittadinanza: marocchini 25.000; albanesi 22.000.",
        &[],
    );
    expect(
        Region::Sicilia,
        "Minori stranieri non accompagnati in Sicilia per nazionalità: egiziani 900; gambiani 700; complessivi 3.600.",
        &[("msna_presenti", 3600.0)],
    );
    expect(
        Region::Campania,
        "Associazioni straniere in Campania per provenienza: africane 40; est europee 35; in tutto 120.",
        &[("associazioni_straniere", 120.0)],
    );
    let text = "Per il 47,5% si tratta di cittadini di origine americana (7.503 individui), il 18,5% sono africani.";
    let stats = read(Region::Liguria, text);
    assert_eq!(figure(&stats, "7.503").population, Population::Group);
    assert_eq!(figure(&stats, "7.503").indicator, None);
    // A narrower word of the same words still makes it one group.
    expect(
        Region::Piemonte,
        "I cittadini non comunitari marocchini residenti in Piemonte sono 42.000.",
        &[],
    );
    // Nationalities after "principalmente" say what the whole is made of.
    expect(
        Region::Piemonte,
        "I cittadini non comunitari in Piemonte, principalmente marocchini, albanesi e cinesi, sono 420.000.",
        &[("non_comunitari", 420000.0)],
    );
    // One age band is a part too.
    let stats = read(
        Region::Marche,
        "Significativa anche la classe di età 30-39 anni (28.668), distribuita in modo equilibrato tra maschi e femmine.",
    );
    assert_eq!(figure(&stats, "28.668").population, Population::Group);
    let stats = read(
        Region::Liguria,
        "Sono 1.237 le cittadinanze acquisite nel 2012, di cui la maggioranza per la fascia di età 40 anni ed oltre (il 42%).",
    );
    assert_eq!(figure(&stats, "42%").population, Population::Group);
    // A nationality elsewhere in the sentence names its own words only.
    expect(
        Region::Puglia,
        "I MSNA accolti in Puglia sono 641, in gran parte maschi di 16 e 17 anni provenienti da Egitto, Gambia e Mali.",
        &[("msna_presenti", 641.0)],
    );
}

#[test]
fn a_sentence_may_open_with_its_figure() {
    // "N: tanti sono …": the words after the colon say what N counts, and a
    // figure after a full stop opens a sentence of its own.
    expect(
        Region::Lombardia,
        "La componente femminile prevale nella presenza straniera regionale. 1.028.584: tanti sono i cittadini non comunitari.",
        &[("non_comunitari", 1028584.0)],
    );
    expect(
        Region::Liguria,
        "47.534: tanti sono gli occupati non comunitari in Liguria.",
        &[("occupati_non_comunitari", 47534.0)],
    );
}
