//! The report's models against the library fitted on a table built here
//! from the same articles by hand, the unadjusted ratios against sums
//! counted by hand, and the rule that decides whether they are fitted.

use super::*;
use crate::counts::OutletCounts;
use crate::matching::CategoryInfo;
use crate::stats::models::ReferenceLevel;

/// One article: outlet, period, count of `x`, count of `y`, tokens.
type Row = (&'static str, &'static str, u32, u32, u64);

/// Articles of three outlets over six months: `b` uses `x` about twice as
/// often as `a` per token, `c` rarely; every outlet writes more in later months.
fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    for m in 0..6u32 {
        for i in 0..12u32 {
            let month: &'static str = [
                "2015-01", "2015-02", "2015-03", "2015-04", "2015-05", "2015-06",
            ][m as usize];
            let tokens = 400 + u64::from((i * 37 + m * 11) % 300);
            let noise = (i * 7 + m * 3) % 5;
            out.push(("a", month, noise % 3 + m / 2, 1 + noise % 2, tokens));
            out.push((
                "b",
                month,
                2 * (noise % 3) + m / 2 + 1,
                noise % 3,
                tokens + 50,
            ));
            if i % 2 == 0 {
                out.push(("c", month, u32::from(noise == 4), 2 + noise % 2, tokens));
            }
        }
    }
    out
}

/// The count table and the facts of `rows`, in that order.
fn tables(rows: &[Row], period: bool) -> (CountTable, ArticleFacts) {
    let mut counts = CountTable::default();
    counts.categories = ["x", "y"]
        .iter()
        .map(|id| CategoryInfo {
            group: 0,
            group_id: "g".into(),
            id: (*id).into(),
        })
        .collect();
    counts.groups = vec!["g".into()];
    let mut facts = ArticleFacts::new(period, Vec::new(), None);
    for &(o, p, x, y, tokens) in rows {
        let oc = counts
            .outlets
            .entry(o.to_string())
            .or_insert_with(|| OutletCounts {
                counts: vec![0; 2],
                articles_with_match: vec![0; 2],
                ..OutletCounts::default()
            });
        oc.articles += 1;
        oc.tokens += tokens;
        oc.article_counts.push(&[x, y]);
        oc.article_tokens.push(tokens);
        oc.counts[0] += u64::from(x);
        oc.counts[1] += u64::from(y);
        facts.push(&Facts {
            outlet: o.into(),
            period: Some(p.into()),
            ..Facts::default()
        });
    }
    (counts, facts)
}

fn options<'a>(shown: &'a [String], mode: ModelMode) -> ModelOptions<'a> {
    ModelOptions {
        mode,
        reference: None,
        period: Some("month"),
        confidence: 0.95,
        shown,
        pooled_name: "other outlets (pooled)",
    }
}

fn fitted(models: Models) -> ModelSet {
    match models {
        Models::Fitted(set) => set,
        Models::NotFitted(why) => panic!("not fitted: {why}"),
    }
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The models of `rows` by month, by default, every outlet shown.
fn fitted_by_default(rows: &[Row]) -> ModelSet {
    let (counts, facts) = tables(rows, true);
    let shown = names(&["a", "b", "c"]);
    fitted(fit(
        &counts,
        Some(&facts),
        &options(&shown, ModelMode::Auto),
    ))
}

#[test]
fn ratios_are_the_library_fit_of_the_same_articles() {
    let rows = rows();
    let set = fitted_by_default(&rows);
    // The largest outlet is the reference: a and b have 72 articles, a first.
    assert_eq!(set.reference, "a");
    assert_eq!(set.adjusted_for, vec!["month"]);
    assert_eq!(set.articles, rows.len());
    // intercept, 2 outlets, 5 months, alpha
    assert_eq!(set.parameters, 9);

    // The same articles as a table built from the rows directly (in the
    // report's order, outlet by outlet, so the sums are the same to the bit).
    let mut rows = rows;
    rows.sort_by_key(|r| r.0);
    let outlets: Vec<&str> = rows.iter().map(|r| r.0).collect();
    let months: Vec<&str> = rows.iter().map(|r| r.1).collect();
    let table = ArticleTable::new(
        Factor::from_labels("outlet", &outlets, &ReferenceLevel::Named("a".into())).unwrap(),
        vec![Factor::from_labels("month", &months, &ReferenceLevel::First).unwrap()],
    )
    .unwrap();
    let x: Vec<u64> = rows.iter().map(|r| u64::from(r.2)).collect();
    let y: Vec<u64> = rows.iter().map(|r| u64::from(r.3)).collect();
    let n: Vec<u64> = rows.iter().map(|r| u64::from(r.2 + r.3)).collect();
    let tokens: Vec<u64> = rows.iter().map(|r| r.4).collect();
    let direct = fit_counts(&table, &x, &tokens, Dispersion::Estimate)
        .unwrap()
        .ratios(&Covariance::Hc1, 0.95)
        .unwrap();
    let model = &set.models[0];
    assert_eq!((model.kind, model.category), (Kind::Counts, 0));
    let ours = &model.result.as_ref().unwrap().outlets;
    assert_eq!(ours.len(), 2);
    for (o, d) in ours.iter().zip(&direct) {
        assert_eq!(o.outlet, d.level);
        assert_eq!(o.ratio.as_ref(), Some(d));
    }
    // b uses x about twice as often as a per token.
    assert!((1.5..3.0).contains(&ours[0].ratio.as_ref().unwrap().ratio));

    let direct = fit_shares(&table, &y, &n)
        .unwrap()
        .ratios(&Covariance::Hc1, 0.95)
        .unwrap();
    let share = set
        .models
        .iter()
        .find(|m| m.kind == Kind::Shares && m.category == 1)
        .unwrap();
    let ours = &share.result.as_ref().unwrap().outlets;
    for (o, d) in ours.iter().zip(&direct) {
        assert_eq!(o.ratio.as_ref(), Some(d));
    }
}

#[test]
fn unadjusted_ratios_are_the_pooled_rates_and_odds() {
    let rows = rows();
    let set = fitted_by_default(&rows);
    let sum =
        |o: &str, f: fn(&Row) -> u64| rows.iter().filter(|r| r.0 == o).map(f).sum::<u64>() as f64;
    let rate = |o: &str| sum(o, |r| u64::from(r.2)) / sum(o, |r| r.4);
    let odds = |o: &str| sum(o, |r| u64::from(r.3)) / sum(o, |r| u64::from(r.2));
    let counts_x = set.models[0].result.as_ref().unwrap();
    let c = counts_x.outlets.iter().find(|o| o.outlet == "c").unwrap();
    let want = rate("c") / rate("a");
    assert!((c.unadjusted.unwrap() - want).abs() < 1e-12 * want);
    assert_eq!(c.articles, 36);
    let shares_y = set
        .models
        .iter()
        .find(|m| m.kind == Kind::Shares && m.category == 1)
        .unwrap();
    let b = &shares_y.result.as_ref().unwrap().outlets[0];
    let want = odds("b") / odds("a");
    assert!((b.unadjusted.unwrap() - want).abs() < 1e-12 * want);
}

#[test]
fn the_default_asks_for_something_held_fixed_and_enough_articles() {
    let rows = rows();
    let shown = names(&["a", "b", "c"]);
    let (counts, facts) = tables(&rows, false);
    let mut opts = options(&shown, ModelMode::Auto);
    opts.period = None;
    let Models::NotFitted(why) = fit(&counts, Some(&facts), &opts) else {
        panic!("fitted with nothing held fixed")
    };
    assert!(why.contains("--period"), "{why}");
    // With --model: the outlet-only model.
    opts.mode = ModelMode::On;
    let set = fitted(fit(&counts, Some(&facts), &opts));
    assert!(set.adjusted_for.is_empty());
    assert_eq!(set.parameters, 4);

    // 9 parameters need 90 articles: 60 are too few for the default.
    let few: Vec<Row> = rows.iter().copied().step_by(3).collect();
    let (counts, facts) = tables(&few, true);
    let Models::NotFitted(why) = fit(&counts, Some(&facts), &options(&shown, ModelMode::Auto))
    else {
        panic!("fitted on too few articles")
    };
    assert!(why.starts_with("60 articles for 9 parameters"), "{why}");
    fitted(fit(&counts, Some(&facts), &options(&shown, ModelMode::On)));
    let Models::NotFitted(why) = fit(&counts, Some(&facts), &options(&shown, ModelMode::Off))
    else {
        panic!("fitted with --no-model")
    };
    assert!(why.contains("--no-model"));
    assert!(matches!(
        fit(&counts, None, &options(&shown, ModelMode::On)),
        Models::NotFitted(_)
    ));
}

#[test]
fn outlets_beyond_those_shown_are_pooled_and_references_are_checked() {
    let rows = rows();
    let (counts, facts) = tables(&rows, true);
    let shown = names(&["a", "b"]);
    let set = fitted(fit(
        &counts,
        Some(&facts),
        &options(&shown, ModelMode::Auto),
    ));
    assert_eq!(set.pooled, vec!["c"]);
    let outlets: Vec<&str> = set.models[0]
        .result
        .as_ref()
        .unwrap()
        .outlets
        .iter()
        .map(|o| o.outlet.as_str())
        .collect();
    assert_eq!(outlets, vec!["b", "other outlets (pooled)"]);

    // A named reference among the pooled outlets keeps its own level.
    let mut opts = options(&shown, ModelMode::Auto);
    opts.reference = Some("c");
    let set = fitted(fit(&counts, Some(&facts), &opts));
    assert_eq!(set.reference, "c");
    assert!(set.pooled.is_empty());
    opts.reference = Some("nope");
    let Models::NotFitted(why) = fit(&counts, Some(&facts), &opts) else {
        panic!("fitted against an unknown reference")
    };
    assert!(
        why.contains("--reference nope") && why.contains("a, b, c"),
        "{why}"
    );
}

#[test]
fn a_reference_that_never_uses_the_category_gives_way_unless_named() {
    // a never uses x.
    let rows: Vec<Row> = rows()
        .into_iter()
        .map(|(o, p, x, y, t)| (o, p, if o == "a" { 0 } else { x }, y, t))
        .collect();
    let (counts, facts) = tables(&rows, true);
    let shown = names(&["a", "b", "c"]);
    let set = fitted(fit(
        &counts,
        Some(&facts),
        &options(&shown, ModelMode::Auto),
    ));
    let m = &set.models[0];
    assert_eq!(m.reference, "b");
    assert!(m.note.starts_with("a cannot anchor"), "{}", m.note);
    let a = &m.result.as_ref().unwrap().outlets[0];
    assert_eq!((a.outlet.as_str(), a.status), ("a", Status::NoMatch));
    assert!(a.ratio.is_none() && a.unadjusted.is_none());

    let mut opts = options(&shown, ModelMode::Auto);
    opts.reference = Some("a");
    let set = fitted(fit(&counts, Some(&facts), &opts));
    let err = set.models[0].result.as_ref().unwrap_err().to_string();
    assert!(err.contains("cannot anchor"), "{err}");
}
