//! `changepoints.csv` (`--period`): each change in an outlet's mix of a
//! group's labels, one row per label, with the label's share before and
//! after (Wilson intervals) and the change's permutation p-value.

use super::{cells, header, names, Context, RowSink, Table, Value};
use crate::output::OutputError;
use crate::stats::changepoint::SideShare;

pub struct ChangePoints;

/// The columns, in order (`docs/OUTPUTS.md`).
pub const CHANGEPOINTS_HEADER: [&str; 22] = [
    "outlet",
    "group",
    "period",
    "segment_start",
    "segment_end",
    "label",
    "count_before",
    "total_before",
    "share_before",
    "low_before",
    "high_before",
    "count_after",
    "total_after",
    "share_after",
    "low_after",
    "high_after",
    "gain",
    "penalty",
    "p_value",
    "p_adjusted",
    "permutations",
    "note",
];

impl Table for ChangePoints {
    fn name(&self) -> &'static str {
        names::CHANGEPOINTS
    }

    fn about(&self) -> &'static str {
        "change points in each outlet's label mix over the periods, with each label's share before and after"
    }

    fn applies(&self, ctx: &Context) -> bool {
        ctx.settings.period.is_some()
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&CHANGEPOINTS_HEADER)
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
