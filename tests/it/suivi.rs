//! The yearly review (`cpom suivi`): each indicator's target of the year, gap and status,
//! recomputed here independently from the fixtures' values and read back from both formats.

use std::path::Path;

use crate::common::*;

/// The number a value starts with (« 44,5 % » → 44.5), as a reader would read it.
fn number(v: &str) -> Option<f64> {
    let s: String = v
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == ' ')
        .filter(|c| *c != ' ')
        .collect();
    s.replace(',', ".").parse().ok()
}

/// What the review must print for one indicator: (target of the year, gap, status).
fn expected(
    ind: &serde_yaml::Value,
    milestones: &str,
    reference: i64,
    year: i64,
    realise: Option<&str>,
) -> (String, Option<String>, &'static str) {
    let initial = number(ind["valeur_initiale"].as_str().unwrap());
    let target = ind["cible"].as_str().unwrap();
    let end: i64 = ind["echeance"].as_str().unwrap()[..4].parse().unwrap();
    let inter: Vec<(i64, String)> = ind[milestones]
        .as_sequence()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            (
                c["annee"].as_i64().unwrap(),
                c["valeur"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let Some(fin) = number(target) else {
        let of_year = inter
            .iter()
            .find(|(a, _)| *a == year)
            .map(|(_, v)| v.clone())
            .unwrap_or(target.to_string());
        let statut = match realise {
            Some(r) if r == of_year || r == "oui" => "atteint",
            Some(_) => "en retard",
            None => "non renseigné",
        };
        return (of_year, None, statut);
    };
    // The year's target: its milestone, else the straight line between the known points.
    let on_line = !inter.iter().any(|(a, _)| *a == year) && year < end;
    let of_year = match inter.iter().find(|(a, _)| *a == year) {
        Some((_, v)) => number(v).unwrap(),
        None if year >= end => fin,
        None => {
            let mut pts = vec![(reference, initial.unwrap())];
            pts.extend(inter.iter().map(|(a, v)| (*a, number(v).unwrap())));
            pts.push((end, fin));
            pts.sort_by_key(|p| p.0);
            let b = *pts.iter().rev().find(|p| p.0 <= year).unwrap();
            let a = *pts.iter().find(|p| p.0 > year).unwrap();
            b.1 + (a.1 - b.1) * (year - b.0) as f64 / (a.0 - b.0) as f64
        }
    };
    let shown = |x: f64| {
        let s = format!("{:.2}", x.abs());
        let s = s
            .trim_end_matches('0')
            .trim_end_matches('.')
            .replace('.', ",");
        s
    };
    let target = format!(
        "{} %{}",
        shown(of_year),
        if on_line { " (trajectoire)" } else { "" }
    );
    let Some(r) = realise.and_then(number) else {
        return (target, None, "non renseigné");
    };
    let gap = r - of_year;
    let progress = (r - initial.unwrap()) / (of_year - initial.unwrap());
    let statut = if progress >= 1.0 - 1e-9 {
        "atteint"
    } else if progress >= 0.75 - 1e-9 {
        "en bonne voie"
    } else {
        "en retard"
    };
    let sign = if gap > 0.0 {
        "+"
    } else if gap < 0.0 {
        "−"
    } else {
        ""
    };
    (target, Some(format!("{sign}{} %", shown(gap))), statut)
}

/// Renders the review of `values` for `contract`; returns (PDF text, DOCX text) squeezed.
fn review(contract: &str, values: &str, name: &str) -> (String, String, std::path::PathBuf) {
    let dir = fresh(name);
    let c = root().join(contract);
    let v = root().join(values);
    let printed = ok(&[
        "suivi",
        c.to_str().unwrap(),
        v.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
    ]);
    let pdf = Path::new(printed.lines().find(|l| l.ends_with(".pdf")).unwrap()).to_path_buf();
    let docx = pdf.with_extension("docx");
    (
        squeeze(&pdf_body_text(&pdf)),
        squeeze(&docx_body_text(&docx)),
        pdf,
    )
}

fn check(contract: &str, values: &str, milestones: &str) {
    let name = Path::new(values)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let (pdf, docx, pdf_path) = review(contract, values, &name);
    let data: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join(contract)).unwrap()).unwrap();
    let vals: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join(values)).unwrap()).unwrap();
    let year = vals["suivi"]["annee"].as_i64().unwrap();
    // Every indicator of the contract, in order, wherever its sector keeps them.
    let mut inds: Vec<serde_yaml::Value> = Vec::new();
    let mut reference_of: Vec<i64> = Vec::new();
    let ms = data["secteur"].as_str() == Some("medico_social");
    if ms {
        let start: i64 = data["periode"]["date_debut"].as_str().unwrap()[..4]
            .parse()
            .unwrap();
        for o in data["objectifs"].as_sequence().unwrap() {
            for op in o["operationnels"].as_sequence().unwrap() {
                for i in op["indicateurs"].as_sequence().unwrap() {
                    inds.push(i.clone());
                    reference_of.push(start - 1);
                }
            }
        }
    } else {
        for a in data["annexes"]["orientations_strategiques"]["axes"]
            .as_sequence()
            .unwrap()
        {
            for o in a["objectifs"].as_sequence().unwrap() {
                for i in o["indicateurs"].as_sequence().unwrap() {
                    reference_of.push(i["annee_reference"].as_i64().unwrap());
                    inds.push(i.clone());
                }
            }
        }
    }
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for (ind, reference) in inds.iter().zip(reference_of) {
        let libelle = ind["libelle"].as_str().unwrap();
        let realise = vals["suivi"]["valeurs"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|v| v["libelle"].as_str() == Some(libelle))
            .and_then(|v| v["valeur"].as_str());
        let (target, gap, statut) = expected(ind, milestones, reference, year, realise);
        *counts.entry(statut).or_default() += 1;
        let row = format!(
            "{libelle}{}{target}{}{}{statut}",
            ind["valeur_initiale"].as_str().unwrap(),
            realise.unwrap_or("—"),
            gap.as_deref().unwrap_or("—"),
        );
        // The progress column sits between the gap and the status: compare around it.
        let (head, tail) = row.split_at(row.len() - statut.len());
        for (format, text) in [("PDF", &pdf), ("DOCX", &docx)] {
            let at = text
                .find(&squeeze(head))
                .unwrap_or_else(|| panic!("{format} {name}: no row « {head} » in\n{text}"));
            let after = &text[at + squeeze(head).len()..];
            let next_status = after.find(&squeeze(tail));
            assert!(
                next_status.is_some_and(|p| p <= 12),
                "{format} {name}: « {libelle} » should read « {statut} » after « {head} »: {}",
                &after[..after.len().min(80)]
            );
        }
    }
    for (statut, n) in counts {
        for (format, text) in [("PDF", &pdf), ("DOCX", &docx)] {
            assert!(
                text.contains(&squeeze(&format!("| {statut} | {n} |")).replace('|', "")),
                "{format}: {n} × {statut}"
            );
        }
    }
    // A review is not signed: no signature block, no field, no paraphe zone.
    assert!(!pdf.contains("exemplairesoriginaux"));
    assert!(!pdf_text(&pdf_path).contains("Paraphes"));
    assert!(!pdf_path.with_extension("signatures.json").exists());
}

#[test]
fn the_yearly_review_gives_each_indicator_its_target_gap_and_status() {
    check(
        "fixtures/chu-montpellier.yaml",
        "fixtures/suivi/chu-montpellier-2020.yaml",
        "cibles_intermediaires",
    );
}

#[test]
fn the_medico_social_review_reads_milestones_and_a_target_in_words() {
    check(
        "fixtures/medico-social-ehpad-herault.yaml",
        "fixtures/suivi/medico-social-ehpad-herault-2020.yaml",
        "jalons",
    );
}

#[test]
fn a_values_file_with_unknown_indicators_is_refused_at_its_lines() {
    let dir = fresh("suivi-invalid");
    let c = root().join("fixtures/medico-social-ehpad-herault.yaml");
    let v = root().join("fixtures/suivi/invalid/indicateur-inconnu.yaml");
    let out = cpom(&[
        "suivi",
        c.to_str().unwrap(),
        v.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("indicateur-inconnu.yaml:4:3: error: suivi.annee"),
        "{err}"
    );
    assert!(
        err.contains("indicateur-inconnu.yaml:8:7: error: suivi.valeurs[1].libelle"),
        "{err}"
    );
    assert!(
        err.contains("« Ouverture du PASA », « Taux d’absentéisme »"),
        "{err}"
    );
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn each_measured_indicator_has_its_chart_in_both_formats() {
    let (pdf, _, pdf_path) = review(
        "fixtures/chu-montpellier.yaml",
        "fixtures/suivi/chu-montpellier-2020.yaml",
        "suivi-charts",
    );
    let vals: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join("fixtures/suivi/chu-montpellier-2020.yaml")).unwrap(),
    )
    .unwrap();
    let measured: Vec<(String, String)> = vals["suivi"]["valeurs"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|v| {
            Some((
                v["libelle"].as_str()?.to_string(),
                v["valeur"].as_str()?.to_string(),
            ))
        })
        .collect();
    // The PDF: a drawn chart per measured indicator, with its legend and years.
    assert_eq!(
        pdf.matches("Trajectoiredescibles").count(),
        measured.len(),
        "{pdf}"
    );
    assert!(pdf.contains("Réalisé2020"));
    assert!(pdf.contains("2017201820192020202120222023"), "{pdf}");
    // The DOCX: as many native charts, each carrying the value achieved in 2020.
    let docx = pdf_path.with_extension("docx");
    let f = std::fs::File::open(&docx).unwrap();
    let z = zip::ZipArchive::new(f).unwrap();
    let charts: Vec<String> = z
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("word/charts/"))
        .map(|n| n.to_string())
        .collect();
    assert_eq!(charts.len(), measured.len(), "{charts:?}");
    let types = docx_part(&docx, "[Content_Types].xml");
    for (n, (libelle, valeur)) in measured.iter().enumerate() {
        let xml = docx_part(&docx, &format!("word/charts/chart{}.xml", n + 1));
        assert!(xml.contains("<c:lineChart>"));
        assert!(xml.contains(&format!("<a:t>{libelle}</a:t>")), "{libelle}");
        let value: String = valeur.trim_end_matches(" %").replace(',', ".");
        // The 2020 point of the « Réalisé » series: the fourth year from 2017.
        assert!(
            xml.contains(&format!("<c:pt idx=\"3\"><c:v>{value}</c:v></c:pt>")),
            "{libelle}: {value}"
        );
        assert!(types.contains(&format!("/word/charts/chart{}.xml", n + 1)));
    }
    let rels = docx_part(&docx, "word/_rels/document.xml.rels");
    assert_eq!(
        rels.matches("relationships/chart\"").count(),
        measured.len()
    );
}

/// A campaign folder: two contracts, their values for 2020, and a values file naming no
/// contract of the folder.
fn campaign(name: &str) -> std::path::PathBuf {
    let dir = fresh(name);
    for f in [
        "fixtures/chu-montpellier.yaml",
        "fixtures/medico-social-ehpad-herault.yaml",
        "fixtures/suivi/chu-montpellier-2020.yaml",
        "fixtures/suivi/medico-social-ehpad-herault-2020.yaml",
    ] {
        let p = root().join(f);
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.join("inconnu-2020.yaml"),
        "suivi:\n  contrat: CPOM-XX-0000\n  annee: 2020\n  valeurs: []\n",
    )
    .unwrap();
    dir
}

#[test]
fn the_campaign_synthesis_is_a_workbook_and_a_summary_of_every_review() {
    use calamine::{Reader, Xlsx, open_workbook};
    let input = campaign("suivi-campagne");
    let out = fresh("suivi-campagne-out");
    let run = || {
        cpom(&[
            "synthese",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
    };
    let r = run();
    let err = String::from_utf8_lossy(&r.stderr);
    // The values file without its contract is reported at its place; the others are synthesised.
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains("inconnu-2020.yaml:2:3: error: suivi.contrat"),
        "{err}"
    );
    let folder = out.join("synthese-suivi-2020");
    let xlsx = folder.join("synthese-suivi-2020.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let rows = wb.worksheet_range("Indicateurs").unwrap();
    let cells: Vec<Vec<String>> = rows
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells[0][0], "Référence");
    assert_eq!(cells[0][13], "Statut");
    // One row per contract × indicator: 44 + 2.
    assert_eq!(cells.len(), 1 + 44 + 2);
    let row = |libelle: &str| {
        cells
            .iter()
            .find(|r| r[7] == libelle)
            .unwrap_or_else(|| panic!("no row {libelle}"))
    };
    let dossier = row("Tenue du dossier patient");
    assert_eq!(dossier[0], "CPOM-OCC-2019-340780477");
    assert_eq!(
        (dossier[10].as_str(), dossier[13].as_str()),
        ("64 %", "atteint")
    );
    let abs = row("Taux d’absentéisme");
    assert_eq!(abs[3], "médico-social");
    assert_eq!(abs[13], "en bonne voie");
    let contrats = wb.worksheet_range("Contrats").unwrap();
    let c: Vec<Vec<String>> = contrats
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(c.len(), 3);
    // The counts of the CHU: 4 atteints, 2 en bonne voie, 1 en retard, 37 non renseignés.
    let chu = c
        .iter()
        .find(|r| r[0] == "CPOM-OCC-2019-340780477")
        .unwrap();
    assert_eq!(&chu[3..8], ["44", "4", "2", "1", "37"]);
    // The summary says the same, in both formats.
    for text in [
        squeeze(&pdf_body_text(&folder.join("synthese-suivi-2020.pdf"))),
        squeeze(&docx_body_text(&folder.join("synthese-suivi-2020.docx"))),
    ] {
        assert!(text.contains("2contratsrevus"), "{text}");
        assert!(
            text.contains("atteint5enbonnevoie3enretard1nonrenseigné37Total46"),
            "{text}"
        );
        assert!(
            text.contains(
                "CPOM-OCC-2019-340780477CentrehospitalieruniversitairedeMontpellier1714%"
            ),
            "{text}"
        );
    }
    // Deterministic: the same reviews give the same workbook.
    let first = std::fs::read(&xlsx).unwrap();
    run();
    assert_eq!(std::fs::read(&xlsx).unwrap(), first);
    // The same folder renders with `cpom batch`: its values files are not taken for contracts.
    let rendered = fresh("suivi-campagne-batch");
    ok(&[
        "batch",
        input.to_str().unwrap(),
        "--format",
        "pdf",
        "-q",
        "-o",
        rendered.to_str().unwrap(),
    ]);
    assert!(rendered.join("CPOM-OCC-2019-340780477/socle.pdf").is_file());
    assert!(rendered.join("CPOM-MS-34-2019-001/contrat.pdf").is_file());
}

#[test]
fn the_mid_term_bilan_lists_every_year_and_the_status_of_the_last() {
    let dir = fresh("suivi-bilan");
    let c = root().join("fixtures/chu-montpellier.yaml");
    let v20 = root().join("fixtures/suivi/chu-montpellier-2020.yaml");
    let v21 = root().join("fixtures/suivi/chu-montpellier-2021.yaml");
    ok(&[
        "suivi",
        c.to_str().unwrap(),
        v21.to_str().unwrap(),
        v20.to_str().unwrap(),
        "--bilan",
        "mi-parcours",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let folder = dir.join("CPOM-OCC-2019-340780477");
    for stem in [
        "revue-annuelle-2020",
        "revue-annuelle-2021",
        "bilan-mi-parcours",
    ] {
        assert!(folder.join(format!("{stem}.pdf")).is_file(), "{stem}");
        assert!(folder.join(format!("{stem}.docx")).is_file(), "{stem}");
    }
    let pdf = folder.join("bilan-mi-parcours.pdf");
    let data: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&c).unwrap()).unwrap();
    let value = |file: &std::path::Path, libelle: &str| -> Option<String> {
        let v: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        v["suivi"]["valeurs"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|x| x["libelle"].as_str() == Some(libelle))
            .and_then(|x| x["valeur"].as_str().map(String::from))
    };
    for text in [
        squeeze(&pdf_body_text(&pdf)),
        squeeze(&docx_body_text(&pdf.with_extension("docx"))),
    ] {
        assert!(text.contains("Bilanàmi-parcours"), "{text}");
        assert!(text.contains("annéesrevues:2020,2021"), "{text}");
        for a in data["annexes"]["orientations_strategiques"]["axes"]
            .as_sequence()
            .unwrap()
        {
            for o in a["objectifs"].as_sequence().unwrap() {
                for ind in o["indicateurs"].as_sequence().unwrap().iter().take(8) {
                    let libelle = ind["libelle"].as_str().unwrap();
                    let (r20, r21) = (value(&v20, libelle), value(&v21, libelle));
                    let (_, _, statut) = expected(
                        ind,
                        "cibles_intermediaires",
                        ind["annee_reference"].as_i64().unwrap(),
                        2021,
                        r21.as_deref(),
                    );
                    let row = squeeze(&format!(
                        "{libelle}{}{}{}{}{statut}",
                        ind["valeur_initiale"].as_str().unwrap(),
                        ind["cible"].as_str().unwrap(),
                        r20.as_deref().unwrap_or("—"),
                        r21.as_deref().unwrap_or("—"),
                    ));
                    assert!(text.contains(&row), "no row « {row} » in\n{text}");
                }
                break;
            }
            break;
        }
    }
    // The chart of an indicator measured both years carries both points.
    let chart = docx_part(&pdf.with_extension("docx"), "word/charts/chart1.xml");
    assert!(chart.contains("<a:t>Tenue du dossier patient</a:t>"));
    assert!(
        chart.contains("<c:pt idx=\"3\"><c:v>64</c:v></c:pt>"),
        "{chart}"
    );
    assert!(
        chart.contains("<c:pt idx=\"4\"><c:v>65</c:v></c:pt>"),
        "{chart}"
    );
    // The final report is the same document under its own title and file.
    let fin = fresh("suivi-rapport-final");
    ok(&[
        "suivi",
        c.to_str().unwrap(),
        v20.to_str().unwrap(),
        v21.to_str().unwrap(),
        "--bilan",
        "final",
        "--format",
        "pdf",
        "-o",
        fin.to_str().unwrap(),
    ]);
    let report = fin.join("CPOM-OCC-2019-340780477/rapport-final.pdf");
    let text = squeeze(&pdf_body_text(&report));
    assert!(text.contains("Rapportfinald’exécution"), "{text}");
    assert!(!text.contains("mi-parcours"), "{text}");
}

#[test]
fn the_review_sets_the_amounts_paid_against_those_foreseen() {
    let (pdf, docx, _) = review(
        "fixtures/chu-montpellier.yaml",
        "fixtures/suivi/chu-montpellier-2020.yaml",
        "suivi-execution",
    );
    let data: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join("fixtures/chu-montpellier.yaml")).unwrap(),
    )
    .unwrap();
    let vals: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join("fixtures/suivi/chu-montpellier-2020.yaml")).unwrap(),
    )
    .unwrap();
    let paid = vals["suivi"]["financements"].as_sequence().unwrap();
    let (mut prevu, mut verse, mut prevu_paye, mut missing) = (0, 0, 0, 0);
    for l in data["annexes"]["financements"]["lignes"]
        .as_sequence()
        .unwrap()
    {
        let Some(p) = l["montants"].get(2020).map(cents) else {
            continue;
        };
        prevu += p;
        let intitule = l["intitule"].as_str().unwrap();
        match paid
            .iter()
            .find(|v| v["intitule"].as_str() == Some(intitule))
        {
            Some(v) => {
                let v = cents(&v["verse"]);
                verse += v;
                prevu_paye += p;
                if v != p {
                    let gap = euros((v - p).abs());
                    let row = format!("{intitule} {} {}", euros(p), euros(v));
                    for text in [&pdf, &docx] {
                        let at = text.find(&squeeze(&row)).unwrap_or_else(|| panic!("{row}"));
                        assert!(text[at..].starts_with(&squeeze(&row)));
                        assert!(text[at..at + 200].contains(&squeeze(&gap)), "{row} {gap}");
                    }
                }
            }
            None => {
                missing += 1;
                let row = format!("{intitule} {} non renseigné", euros(p));
                assert!(
                    pdf.contains(&squeeze(&row)) && docx.contains(&squeeze(&row)),
                    "{row}"
                );
            }
        }
    }
    assert_eq!(missing, 2);
    let total = squeeze(&format!("Total {} {}", euros(prevu), euros(verse)));
    let gap = squeeze(&euros((verse - prevu_paye).abs()));
    for text in [&pdf, &docx] {
        let at = text
            .find(&total)
            .unwrap_or_else(|| panic!("{total} in {text}"));
        assert!(
            text[at..at + total.len() + 40].contains(&gap),
            "total gap {gap}"
        );
        assert!(text.contains(&squeeze(
            "2 lignes prévues n’ont pas de montant versé renseigné"
        )));
        assert!(text.contains(&squeeze("versement au prorata")));
    }
}

#[test]
fn the_values_workbook_goes_out_prefilled_and_comes_back_as_the_same_review() {
    use calamine::{Reader, open_workbook_auto};
    let dir = fresh("suivi-classeur");
    let c = root().join("fixtures/chu-montpellier.yaml");
    let printed = ok(&[
        "suivi",
        c.to_str().unwrap(),
        "--classeur",
        "2020",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let xlsx = Path::new(printed.lines().next().unwrap()).to_path_buf();
    assert!(xlsx.ends_with("valeurs-2020.xlsx"), "{printed}");
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let range = wb.worksheet_range("Valeurs").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][4], "Indicateur");
    assert_eq!(rows[0][7], "Valeur réalisée");
    let vals: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join("fixtures/suivi/chu-montpellier-2020.yaml")).unwrap(),
    )
    .unwrap();
    // The establishment's answer, as a CSV of the same columns: each value of the YAML file.
    let mut csv =
        String::from("Contrat,Année,Axe,Objectif,Indicateur,Valeur réalisée,Commentaire\n");
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    for r in &rows[1..] {
        assert_eq!(r[0], "CPOM-OCC-2019-340780477");
        let v = vals["suivi"]["valeurs"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|v| v["libelle"].as_str() == Some(&r[4]));
        let get = |k: &str| v.and_then(|v| v[k].as_str()).unwrap_or_default();
        csv.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            q(&r[0]),
            r[1],
            q(&r[2]),
            q(&r[3]),
            q(&r[4]),
            q(get("valeur")),
            q(get("commentaire"))
        ));
    }
    let answer = dir.join("reponse.csv");
    std::fs::write(&answer, csv).unwrap();
    let mut yaml = vals.clone();
    let m = yaml["suivi"].as_mapping_mut().unwrap();
    m.remove("date_revue");
    m.remove("financements");
    let same = dir.join("memes-valeurs.yaml");
    std::fs::write(&same, serde_yaml::to_string(&yaml).unwrap()).unwrap();
    let text = |values: &Path, out: &str| {
        let o = dir.join(out);
        let printed = ok(&[
            "suivi",
            c.to_str().unwrap(),
            values.to_str().unwrap(),
            "-o",
            o.to_str().unwrap(),
        ]);
        pdf_body_text(Path::new(
            printed.lines().find(|l| l.ends_with(".pdf")).unwrap(),
        ))
    };
    assert_eq!(text(&answer, "csv"), text(&same, "yaml"));
    // A bad cell is reported at its row and column.
    let bad = dir.join("faux.csv");
    let mut lines: Vec<String> = std::fs::read_to_string(&answer)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    lines[3] = lines[3].replacen(",2020,", ",2021,", 1);
    lines[0] = lines[0].replace("Commentaire", "Remarque");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let out = cpom(&["suivi", c.to_str().unwrap(), bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("faux.csv:1:7: error: colonne inconnue « Remarque »"),
        "{err}"
    );
    lines[0] = lines[0].replace("Remarque", "Commentaire");
    std::fs::write(&bad, lines.join("\n")).unwrap();
    let out = cpom(&["suivi", c.to_str().unwrap(), bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("faux.csv:4:2: error: « Année » vaut « 2021 »"),
        "{err}"
    );
}

#[test]
fn the_targets_of_indicators_en_retard_are_replanned_into_an_avenant() {
    let dir = fresh("suivi-cibles-revues");
    let c = root().join("fixtures/chu-montpellier.yaml");
    let v = root().join("fixtures/suivi/chu-montpellier-2020.yaml");
    let printed = ok(&[
        "suivi",
        c.to_str().unwrap(),
        v.to_str().unwrap(),
        "--cibles-revues",
        "-o",
        dir.to_str().unwrap(),
    ]);
    let version = Path::new(printed.lines().find(|l| l.ends_with(".yaml")).unwrap()).to_path_buf();
    assert!(version.ends_with("cibles-revues-2020.yaml"));
    let old: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&c).unwrap()).unwrap();
    let new: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&version).unwrap()).unwrap();
    // « Évaluation du risque d’escarre »: 66 % achieved for 69 % in 2020 (en retard), final
    // 77 % at the end of 2023: 2021 and 2022 on the line from 66 to 77.
    let mut changed = Vec::new();
    for (a, b) in old["annexes"]["orientations_strategiques"]["axes"]
        .as_sequence()
        .unwrap()
        .iter()
        .zip(
            new["annexes"]["orientations_strategiques"]["axes"]
                .as_sequence()
                .unwrap(),
        )
    {
        for (o, p) in a["objectifs"]
            .as_sequence()
            .unwrap()
            .iter()
            .zip(b["objectifs"].as_sequence().unwrap())
        {
            for (i, j) in o["indicateurs"]
                .as_sequence()
                .unwrap()
                .iter()
                .zip(p["indicateurs"].as_sequence().unwrap())
            {
                if i != j {
                    changed.push((i.clone(), j.clone()));
                }
            }
        }
    }
    assert_eq!(changed.len(), 1);
    let (i, j) = &changed[0];
    assert_eq!(
        i["libelle"].as_str(),
        Some("Évaluation du risque d’escarre")
    );
    let fin = number(i["cible"].as_str().unwrap()).unwrap();
    let planned: Vec<(i64, String)> = j["cibles_intermediaires"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["annee"].as_i64().unwrap(),
                c["valeur"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let at = |y: i64| {
        format!("{:.1} %", 66.0 + (fin - 66.0) * (y - 2020) as f64 / 3.0).replace('.', ",")
    };
    assert_eq!(planned[0], (2020, "69 %".to_string()));
    assert_eq!(planned[1..], [(2021, at(2021)), (2022, at(2022))]);
    let mut rest = (old.clone(), new.clone());
    rest.0.as_mapping_mut().unwrap().remove("annexes");
    rest.1.as_mapping_mut().unwrap().remove("annexes");
    assert_eq!(rest.0, rest.1);
    // cpom avenant diff turns it into the avenant.
    let av = dir.join("avenant");
    let printed = ok(&[
        "avenant",
        "diff",
        c.to_str().unwrap(),
        version.to_str().unwrap(),
        "--date-signature",
        "2021-06-30",
        "--date-effet",
        "2021-07-01",
        "-o",
        av.to_str().unwrap(),
    ]);
    let pdf = Path::new(
        printed
            .lines()
            .find(|l| l.ends_with("orientations-strategiques.pdf"))
            .unwrap(),
    )
    .to_path_buf();
    let text = squeeze(&pdf_body_text(&pdf));
    assert!(text.contains(&squeeze(&at(2021))), "{text}");
}
