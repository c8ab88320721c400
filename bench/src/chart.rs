//! `--svg PATH`: a bar chart of each peer's time divided by interp's, per program and for the
//! geometric mean, drawn with plotters' SVG backend (plain rectangles and text only).

use std::path::Path;

use anyhow::{Result, anyhow};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One group of bars: a label and one ratio per peer.
pub struct BarGroup {
    /// The program's name (or "geomean").
    pub label: String,
    /// Each peer's time divided by interp's, in the order of `peers`.
    pub ratios: Vec<f64>,
}

/// Width and height of the picture in pixels.
const SIZE: (u32, u32) = (1200, 560);
/// Colours of the peers' bars, in turn.
const COLOURS: [RGBColor; 6] = [
    RGBColor(0x4c, 0x72, 0xb0),
    RGBColor(0xdd, 0x84, 0x52),
    RGBColor(0x55, 0xa8, 0x68),
    RGBColor(0xc4, 0x4e, 0x52),
    RGBColor(0x81, 0x72, 0xb3),
    RGBColor(0x93, 0x78, 0x60),
];

/// Writes the chart to `path`. Bars grow from the line at 1 (as fast as interp), on a log
/// scale: up for a peer slower than interp, down for one faster.
pub fn write_svg(path: &Path, peers: &[&str], groups: &[BarGroup]) -> Result<()> {
    draw(path, peers, groups).map_err(|error| {
        anyhow!(
            "could not write the chart to {}: {error} (check that its directory exists and is \
             writable)",
            path.display()
        )
    })
}

fn draw(
    path: &Path,
    peers: &[&str],
    groups: &[BarGroup],
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let finite = || {
        groups
            .iter()
            .flat_map(|group| &group.ratios)
            .copied()
            .filter(|ratio| ratio.is_finite() && *ratio > 0.0)
    };
    // The axis is log2 of the ratio (labelled with the ratio itself), so that "twice as
    // slow" and "twice as fast" are bars of the same length and the ticks fall on powers of 2.
    let highest = finite().fold(1.0, f64::max).log2() + 0.7;
    let lowest = finite().fold(1.0, f64::min).log2() - 0.3;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "time relative to interp, log scale (above 1: interp is faster)",
            ("sans-serif", 20),
        )
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..groups.len() as f64, lowest..highest)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(12)
        .y_label_formatter(&|exponent| {
            format!("{}", (2f64.powf(*exponent) * 100.0).round() / 100.0)
        })
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .y_desc("peer time / interp time")
        .draw()?;

    // Each group is one unit wide: the peers' bars share its middle 80 %.
    let bar_width = 0.8 / peers.len().max(1) as f64;
    for (peer, name) in peers.iter().enumerate() {
        let colour = COLOURS[peer % COLOURS.len()];
        let bars = groups.iter().enumerate().map(move |(index, group)| {
            let left = index as f64 + 0.1 + peer as f64 * bar_width;
            // Each bar grows from 1 (as fast as interp): up when the peer is slower, down when
            // it is faster.
            let ratio = group.ratios.get(peer).copied().unwrap_or(1.0);
            let ratio = if ratio.is_finite() && ratio > 0.0 {
                ratio
            } else {
                1.0
            };
            Rectangle::new(
                [(left, 0.0), (left + bar_width, ratio.log2())],
                colour.filled(),
            )
        });
        chart
            .draw_series(bars)?
            .label(*name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled()));
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (groups.len() as f64, 0.0)],
        BLACK.stroke_width(1),
    )))?;
    chart
        .configure_series_labels()
        // The top of the plot has no bars (see the y range), so the legend fits there.
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .label_font(("sans-serif", 15))
        .draw()?;

    // Program names under their groups (below the lowest bar), placed in pixels from the
    // chart's own mapping.
    let label_style = ("sans-serif", 15)
        .into_text_style(&root)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (index, group) in groups.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(index as f64 + 0.5, lowest));
        root.draw(&Text::new(
            group.label.clone(),
            (x, y + 8),
            label_style.clone(),
        ))?;
    }
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_names_every_program_and_peer() {
        let path =
            std::env::temp_dir().join(format!("shheap-bench-chart-{}.svg", std::process::id()));
        let groups = [
            BarGroup {
                label: "fib_recursive".to_owned(),
                ratios: vec![0.5, 3.0],
            },
            BarGroup {
                label: "geomean".to_owned(),
                ratios: vec![0.5, f64::NAN],
            },
        ];
        write_svg(&path, &["wasmi", "wasm3"], &groups).expect("the temp dir is writable");
        let svg = std::fs::read_to_string(&path).expect("the chart was written");
        let _ = std::fs::remove_file(&path);
        for text in ["fib_recursive", "geomean", "wasmi", "wasm3"] {
            assert!(svg.contains(text), "the chart lacks {text}");
        }
        // Four bars, beside the background, the plot area and the legend's boxes.
        assert!(svg.matches("<rect").count() >= 4);
    }

    #[test]
    fn an_unwritable_path_is_an_error_not_a_panic() {
        let path = Path::new("/nonexistent-directory/chart.svg");
        let error = write_svg(path, &["wasmi"], &[]).expect_err("the directory does not exist");
        assert!(error.to_string().contains("could not write the chart"));
    }
}
