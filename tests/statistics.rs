//! The Sezione I reader on sentences written for these tests, in phrasing the
//! corpus and the passage bank do not use: one or more per trap kind (national
//! average, province or city, denominator, subset, change, "rispettivamente",
//! hedged figures) and per indicator wording, to check that the rules are
//! general rules and not the bank's phrases.

use std::collections::BTreeMap;

use piani::model::{Population, Region, Role, Scope, Statistic};
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
    assert_eq!(figure(&read(Region::Marche, text), "14.227").role, Role::Subset);
}

#[test]
fn change_is_not_the_stock() {
    let text = "Rispetto all'anno precedente i cittadini stranieri residenti in Toscana sono aumentati di 27.562 unità e hanno raggiunto quota 395.573.";
    expect(Region::Toscana, text, &[("stranieri_residenti", 395_573.0)]);
    assert_eq!(figure(&read(Region::Toscana, text), "27.562").role, Role::Change);
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

#[test]
fn hedged_figures_lose_to_exact_ones_and_are_flagged() {
    let text = "I titolari di imprese individuali nati all'estero sono in Sardegna poco più di 9 mila.";
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
