//! Medians, ratios and the printed table.

use crate::chart::BarGroup;
use crate::runtime::Runtime;

/// One program's timings on every runtime.
pub struct Measurement {
    /// The program's name.
    pub program: &'static str,
    /// Median seconds per runtime, in the order of the runtimes.
    pub medians: Vec<f64>,
}

impl Measurement {
    /// Reduces each runtime's samples to their median.
    pub fn new(
        program: &'static str,
        runtimes: &[Box<dyn Runtime>],
        samples: Vec<Vec<f64>>,
    ) -> Self {
        debug_assert_eq!(runtimes.len(), samples.len());
        Self {
            program,
            medians: samples.into_iter().map(median).collect(),
        }
    }
}

/// The median of `samples` (NaN for none).
pub fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    let middle = samples.len() / 2;
    if samples.is_empty() {
        f64::NAN
    } else if samples.len() % 2 == 1 {
        samples[middle]
    } else {
        (samples[middle - 1] + samples[middle]) / 2.0
    }
}

/// The geometric mean of positive ratios.
fn geometric_mean(ratios: &[f64]) -> f64 {
    let sum: f64 = ratios.iter().map(|ratio| ratio.ln()).sum();
    (sum / ratios.len() as f64).exp()
}

/// Each peer's ratios to interp per program, then their geometric means: the bars of the chart.
pub fn ratio_groups(measurements: &[Measurement]) -> Vec<BarGroup> {
    let mut groups: Vec<BarGroup> = measurements
        .iter()
        .map(|m| BarGroup {
            label: m.program.to_owned(),
            ratios: m.medians[1..]
                .iter()
                .map(|median| median / m.medians[0])
                .collect(),
        })
        .collect();
    let peers = measurements.first().map_or(0, |m| m.medians.len() - 1);
    let geomeans = (0..peers)
        .map(|peer| {
            let ratios: Vec<f64> = groups.iter().map(|group| group.ratios[peer]).collect();
            geometric_mean(&ratios)
        })
        .collect();
    groups.push(BarGroup {
        label: "geomean".to_owned(),
        ratios: geomeans,
    });
    groups
}

/// Prints per program the median time on each runtime and, for each peer, its time divided by
/// interp's (above 1: interp is faster); then the geometric mean of each peer's ratios.
pub fn print_table(runtimes: &[Box<dyn Runtime>], measurements: &[Measurement], quick: bool) {
    if quick {
        println!("(--quick: tiny inputs run once; a check of the harness, not a measurement)");
    }
    print!("{:<16}", "program");
    for runtime in runtimes {
        print!("{:>14}", format!("{} ms", runtime.name()));
    }
    for runtime in &runtimes[1..] {
        print!("{:>16}", format!("{}/interp", runtime.name()));
    }
    println!();
    for measurement in measurements {
        print!("{:<16}", measurement.program);
        for median in &measurement.medians {
            print!("{:>14.3}", median * 1e3);
        }
        for median in &measurement.medians[1..] {
            print!("{:>16.2}", median / measurement.medians[0]);
        }
        println!();
    }
    print!(
        "{:<16}{:>width$}",
        "geomean",
        "",
        width = 14 * runtimes.len()
    );
    for peer in 1..runtimes.len() {
        let ratios: Vec<f64> = measurements
            .iter()
            .map(|m| m.medians[peer] / m.medians[0])
            .collect();
        print!("{:>16.2}", geometric_mean(&ratios));
    }
    println!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn geometric_mean_of_reciprocals_is_one() {
        assert!((geometric_mean(&[2.0, 0.5]) - 1.0).abs() < 1e-12);
        assert!((geometric_mean(&[4.0]) - 4.0).abs() < 1e-12);
    }
}
