//! Value axes and plot geometry shared by the chart kinds: round ticks from
//! zero, axes symmetric around zero for signed values, the plot rectangle,
//! and the labels of row charts. Knows no chart kind's data.

use super::*;

/// Axis ticks from zero in round steps (1, 2, 2.5 or 5 x 10^k), all labelled
/// with the same number of decimals.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ticks {
    pub(super) values: Vec<f64>,
    pub(super) decimals: usize,
}

impl Ticks {
    /// About `target` steps from 0 to at least `top`; a non-positive or
    /// non-finite `top` gives the axis 0 to 1.
    pub(super) fn covering(top: f64, target: usize) -> Self {
        let top = if top.is_finite() && top > 0.0 {
            top
        } else {
            1.0
        };
        let raw = top / target.max(1) as f64;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude);
        if !(step.is_finite() && step > 0.0) {
            // Only for tops near the smallest doubles: one step, zero to top.
            return Self {
                values: vec![0.0, top],
                decimals: 12,
            };
        }
        let steps = ((top / step - 1e-9).ceil().max(1.0) as usize).min(100);
        let decimals = (0..12)
            .find(|&d| {
                let scaled = step * 10f64.powi(d);
                (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
            })
            .unwrap_or(12) as usize;
        Self {
            values: (0..=steps).map(|i| i as f64 * step).collect(),
            decimals,
        }
    }

    /// The value of the last tick, the top of the axis (always positive).
    pub(super) fn top(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }

    pub(super) fn label(&self, v: f64) -> String {
        let v = if v.abs() < f64::MIN_POSITIVE { 0.0 } else { v };
        format!("{:.*}", self.decimals, v)
    }
}

/// A horizontal value axis symmetric around zero, for signed values (log
/// ratios, z-scores): round ticks on both sides, zero in the middle.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SignedScale {
    pub(super) left: i32,
    pub(super) right: i32,
    pub(super) ticks: Ticks,
}

impl SignedScale {
    /// An axis from `-top` to `top` over pixels `left..right`, where `top`
    /// covers the largest absolute value in `values` (at least `floor`).
    pub(super) fn new(
        values: impl IntoIterator<Item = f64>,
        floor: f64,
        (left, right): (i32, i32),
    ) -> Self {
        let top = values
            .into_iter()
            .filter(|v| v.is_finite())
            .fold(floor, |m, v| m.max(v.abs()));
        Self {
            left,
            right,
            ticks: Ticks::covering(top * 1.05, 4),
        }
    }

    pub(super) fn top(&self) -> f64 {
        self.ticks.top()
    }

    pub(super) fn x_px(&self, v: f64) -> i32 {
        let frac = ((v / self.top()).clamp(-1.0, 1.0) + 1.0) / 2.0;
        (f64::from(self.left) + frac * f64::from(self.right - self.left)).round() as i32
    }

    pub(super) fn px_per_unit(&self) -> f64 {
        f64::from(self.right - self.left) / (2.0 * self.top())
    }

    /// Tick values from `-top` to `top` with their labels ("+1", "-0.5").
    pub(super) fn labelled_ticks(&self) -> Vec<(f64, String)> {
        let mut out: Vec<(f64, String)> = self
            .ticks
            .values
            .iter()
            .rev()
            .filter(|v| **v > 0.0)
            .map(|v| (-v, format!("-{}", self.ticks.label(*v))))
            .collect();
        out.extend(self.ticks.values.iter().map(|&v| {
            let sign = if v > 0.0 { "+" } else { "" };
            (v, format!("{sign}{}", self.ticks.label(v)))
        }));
        out
    }

    /// Grid lines, the zero line, ticks and labels below `bottom`, and the
    /// axis title under them; returns the y below the axis title.
    pub(super) fn draw<DB: Surface>(
        &self,
        root: &Canvas<DB>,
        (top, bottom): (i32, i32),
        title: &str,
    ) -> Result<i32, String> {
        let tick_ink = Ink::new(LABEL_PX, INK, HPos::Center, VPos::Top);
        for (v, label) in self.labelled_ticks() {
            let x = self.x_px(v);
            if v != 0.0 {
                line(root, (x, top), (x, bottom), GRID, 1)?;
            }
            line(root, (x, bottom), (x, bottom + TICK), OUTLINE, 1)?;
            draw_text(root, &label, (x, bottom + TICK + 4), tick_ink)?;
        }
        line(root, (self.left, bottom), (self.right, bottom), OUTLINE, 1)?;
        let axis_y = bottom + TICK + 4 + 24;
        let axis_ink = Ink::new(LABEL_PX, INK, HPos::Center, VPos::Top);
        let centre = (self.left + self.right) / 2;
        draw_text(root, title, (centre, axis_y), axis_ink)?;
        Ok(axis_y + AXIS_TITLE_LINE as i32)
    }

    /// The zero line, drawn last so it sits on top.
    pub(super) fn draw_zero<DB: Surface>(
        &self,
        root: &Canvas<DB>,
        (top, bottom): (i32, i32),
    ) -> Result<(), String> {
        let x = self.x_px(0.0);
        line(root, (x, top), (x, bottom), OUTLINE, 1)
    }
}

/// Height below a [`SignedScale`]'s plot taken by its ticks and axis title.
pub(super) const SIGNED_AXIS_PX: u32 = TICK as u32 + 4 + 24 + AXIS_TITLE_LINE;

/// Left labels of a row chart: each cut to [`MAX_NAME_PX`], and the widest width.
pub(super) fn row_labels(labels: impl IntoIterator<Item = String>) -> (Vec<String>, u32) {
    let desc = font(LABEL_PX);
    let labels: Vec<String> = labels
        .into_iter()
        .map(|l| fit(&one_line(&l), MAX_NAME_PX + 120, &desc))
        .collect();
    let widest = labels
        .iter()
        .map(|l| text_width(l, &desc))
        .max()
        .unwrap_or(0);
    (labels, widest)
}

/// An empty header for the layout of a chart too large to draw.
pub(super) fn no_header() -> Header {
    Header {
        title_lines: Vec::new(),
        legend: Vec::new(),
        height: 0,
    }
}

/// The style of outlet `o` in a rates chart: its series style, or grey for the pooled rest.
pub(super) fn rates_style(chart: &RatesChart, o: usize) -> SeriesStyle {
    if chart.pooled_last && o + 1 == chart.outlets.len() {
        SeriesStyle {
            colour: OTHER,
            hatch: Hatch::Solid,
        }
    } else {
        series_style(o)
    }
}

/// Plot rectangle in pixels (inclusive edges).
#[derive(Debug, Clone, Copy)]
pub(super) struct Rect {
    pub(super) left: i32,
    pub(super) top: i32,
    pub(super) right: i32,
    pub(super) bottom: i32,
}

impl Rect {
    /// The plot of a chart too large to draw: nothing.
    pub(super) const NONE: Rect = Rect {
        left: 0,
        top: 0,
        right: 0,
        bottom: 0,
    };

    pub(super) fn new(left: u32, top: u32, right: u32, bottom: u32) -> Rect {
        let px = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        Rect {
            left: px(left),
            top: px(top),
            right: px(right),
            bottom: px(bottom),
        }
    }

    /// Pixel row of value `v` on a vertical axis from 0 at the bottom to `top` at the top.
    pub(super) fn y_px(&self, v: f64, top: f64) -> i32 {
        let frac = (v / top).clamp(0.0, 1.0);
        (f64::from(self.bottom) - frac * f64::from(self.bottom - self.top)).round() as i32
    }
}

/// Ticks of a vertical axis from zero covering `values` with 5% headroom,
/// and the left edge of the plot leaving room for their labels.
pub(super) fn y_scale(values: impl IntoIterator<Item = f64>) -> (Ticks, u32) {
    let top = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let ticks = Ticks::covering(top * 1.05, 8);
    let label_font = font(LABEL_PX);
    let tick_w = ticks
        .values
        .iter()
        .map(|t| text_width(&ticks.label(*t), &label_font))
        .max()
        .unwrap_or(0);
    (ticks, MARGIN + tick_w + 8 + TICK as u32)
}

/// A vertical value axis from zero on the left of `p`: grid lines, ticks,
/// labels, and its title set horizontally above it so it reads without
/// turning the head.
pub(super) fn draw_y_axis<DB: Surface>(
    root: &Canvas<DB>,
    p: Rect,
    ticks: &Ticks,
    title: &str,
) -> Result<(), String> {
    let tick_ink = Ink::new(LABEL_PX, INK, HPos::Right, VPos::Center);
    for &t in &ticks.values {
        let y = p.y_px(t, ticks.top());
        if t > 0.0 {
            line(root, (p.left, y), (p.right, y), GRID, 1)?;
        }
        line(root, (p.left - TICK, y), (p.left, y), OUTLINE, 1)?;
        draw_text(root, &ticks.label(t), (p.left - TICK - 6, y), tick_ink)?;
    }
    let axis_ink = Ink::new(LABEL_PX, INK, HPos::Left, VPos::Bottom);
    let title = fit(&one_line(title), 900, &font(LABEL_PX));
    draw_text(root, &title, (MARGIN as i32, p.top - 12), axis_ink)
}
