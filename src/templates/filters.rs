//! Filters available to template authors: French dates, amounts, identifiers.
//! Each one is a thin wrapper over `crate::fr`, where the rules live and are tested.

use chrono::NaiveDate;
use tera::{Error, Kwargs, State, Tera, TeraResult};

use crate::fr;

fn date(s: &str) -> TeraResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| Error::message(format!("`{s}` is not a date (expected YYYY-MM-DD)")))
}

pub fn register(tera: &mut Tera) {
    // "1er janvier 2019"
    tera.register_filter("date_longue", |s: &str, _: Kwargs, _: &State| {
        date(s).map(fr::date_longue)
    });
    // "31/12/2018"
    tera.register_filter("date_courte", |s: &str, _: Kwargs, _: &State| {
        date(s).map(fr::date_courte)
    });
    // 2019
    tera.register_filter("annee", |s: &str, _: Kwargs, _: &State| {
        use chrono::Datelike;
        date(s).map(|d| d.year() as i64)
    });
    // cents → "1 234 567,89 €"
    tera.register_filter("euros", |c: i64, _: Kwargs, _: &State| fr::euros(c));
    // cents → "1 234 568 €"
    tera.register_filter("euros_entiers", |c: i64, _: Kwargs, _: &State| {
        fr::euros_entiers(c)
    });
    // cents → "un million deux cent mille euros"
    tera.register_filter("euros_en_lettres", |c: i64, _: Kwargs, _: &State| {
        fr::euros_en_lettres(c)
    });
    // 12345 → "12 345"
    tera.register_filter("nombre", |n: i64, _: Kwargs, _: &State| fr::nombre(n));
    // 21 → "vingt et un"
    tera.register_filter("en_lettres", |n: i64, _: Kwargs, _: &State| {
        if n < 0 {
            Err(Error::message("en_lettres: negative number"))
        } else {
            Ok(fr::nombre_en_lettres(n as u64))
        }
    });
    // "340780477" → "34 078 047 7"
    tera.register_filter("finess", |s: &str, _: Kwargs, _: &State| {
        fr::finess_affichage(s)
    });
    tera.register_filter("siret", |s: &str, _: Kwargs, _: &State| {
        fr::siret_affichage(s)
    });
    tera.register_filter("siren", |s: &str, _: Kwargs, _: &State| {
        fr::siren_affichage(s)
    });
    // 1 → "1er", 2 → "2" (article numbers)
    tera.register_filter("ordinal_article", |n: i64, _: Kwargs, _: &State| {
        fr::ordinal_article(n.max(0) as u32)
    });
    // 1 → "1er" / "1re", 2 → "2e"; `feminin=true`
    tera.register_filter("ordinal", |n: i64, kw: Kwargs, _: &State| {
        let fem = kw.get::<bool>("feminin")?.unwrap_or(false);
        Ok::<_, Error>(fr::ordinal(n.max(0) as u32, fem))
    });
}
