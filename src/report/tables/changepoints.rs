//! `changepoints.csv` (`--period`): each change in an outlet's mix of a
//! group's labels, one row per label, with the label's share before and
//! after (Wilson intervals) and the change's permutation p-value.

use super::{
    cells, common, count, names, p_value, share, statistic, text, Context, RowSink, Spec, Table,
    Value,
};
use crate::output::OutputError;
use crate::stats::changepoint::SideShare;

pub struct ChangePoints;

static CHANGEPOINTS: Spec = Spec {
    file: names::CHANGEPOINTS,
    about: "change points in each outlet's label mix over the periods, with each label's share before and after",
    columns: &[
        text("outlet", "the series' outlet (`other N outlets (pooled)` for the pooled rest)"),
        common::GROUP,
        text("period", "the first period after the change (with matches of the group)"),
        text("segment_start", "the first period (with matches) of the segment before the change: the window the change's test shuffles starts here"),
        text("segment_end", "the last period (with matches) of the segment after the change"),
        text("label", "one of the group's labels (one row per label)"),
        count("count_before", "the label's matches in the segment before"),
        count("total_before", "the group's matches in the segment before"),
        share("share_before", "the label's share of the group's matches before"),
        share("low_before", "lower end of its Wilson interval (token level)"),
        share("high_before", "upper end of its Wilson interval"),
        count("count_after", "the label's matches in the segment after"),
        count("total_after", "the group's matches in the segment after"),
        share("share_after", "the label's share of the group's matches after"),
        share("low_after", "lower end of its Wilson interval"),
        share("high_after", "upper end of its Wilson interval"),
        statistic("gain", "the deviance the change saves (the statistic of its test)"),
        statistic("penalty", "the penalty per change used (BIC, `K ln N`)"),
        p_value("p_value", "permutation p-value of the change (whole periods shuffled within its segment); never below `1 / (permutations + 1)`"),
        p_value("p_adjusted", "`p_value` adjusted over every change of the report (`--adjust`, Holm by default)"),
        count("permutations", "permutations per change (`--permutations`)"),
        text("note", "`pooled outlets` for the pooled series"),
    ],
};

impl Table for ChangePoints {
    fn spec(&self) -> &'static Spec {
        &CHANGEPOINTS
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.settings.period.is_some()
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let changes = &ctx.analysis.changes;
        let counts = &ctx.pass.counts;
        let period = |t: usize| changes.periods.get(t).cloned().unwrap_or_default();
        let side = |s: Option<&SideShare>| -> [Value; 5] {
            match s {
                Some(s) => cells![s.count, s.total, s.share, s.low, s.high],
                None => [
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                    Value::Empty,
                ],
            }
        };
        for s in &changes.series {
            let note = if s.pooled { "pooled outlets" } else { "" };
            for c in &s.changes {
                let p = &c.point;
                for (k, &cat) in s.categories.iter().enumerate() {
                    let before = side(p.before.get(k).and_then(Option::as_ref));
                    let after = side(p.after.get(k).and_then(Option::as_ref));
                    let mut row: Vec<Value> = cells![
                        s.outlet.clone(),
                        counts.groups[s.group].clone(),
                        period(p.period),
                        period(p.start),
                        period(p.end.saturating_sub(1)),
                        counts.categories[cat].id.clone(),
                    ]
                    .to_vec();
                    row.extend(before);
                    row.extend(after);
                    row.extend(cells![
                        p.gain,
                        s.penalty,
                        p.p,
                        c.p_adjusted,
                        changes.permutations,
                        note,
                    ]);
                    w.row(&row)?;
                }
            }
        }
        Ok(())
    }
}
