//! Mean learning curves: one [`Curve`] per method, one [`CurvePoint`] per round (mean, std,
//! count and standard error of a metric over the method's runs), and the [`Band`] drawn
//! around them. Shared by the analysis, the selection statistics, the tables and the plots.

use serde::Serialize;

/// One point of a mean learning curve.
#[derive(Clone, Debug, Serialize)]
pub struct CurvePoint {
    /// Round.
    pub round: u32,
    /// Mean x over runs.
    pub x: f64,
    /// Mean metric.
    pub mean: f64,
    /// Std (n − 1); NaN with one run.
    pub std: f64,
    /// Runs contributing.
    pub n: u32,
    /// Standard error.
    pub sem: f64,
}

/// A method's mean learning curve.
#[derive(Clone, Debug, Serialize)]
pub struct Curve {
    /// Label.
    pub label: String,
    /// Points by round.
    pub points: Vec<CurvePoint>,
}

/// What the shaded band around a learning curve shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// ± 1 standard deviation over runs (the spread of single runs).
    #[default]
    Std,
    /// The 95 % confidence interval of the mean (Student t with n − 1 degrees of freedom).
    Ci,
}

impl Band {
    /// Every band.
    pub const ALL: [Band; 2] = [Band::Std, Band::Ci];

    /// Name on the command line (`--band`).
    pub fn flag(self) -> &'static str {
        match self {
            Band::Std => "std",
            Band::Ci => "ci",
        }
    }

    /// Half-width of the band at a curve point.
    pub fn half_width(self, p: &CurvePoint) -> f64 {
        let w = match self {
            Band::Std => p.std,
            Band::Ci if p.n >= 2 => crate::stats::t_quantile_975((p.n - 1) as f64) * p.sem,
            Band::Ci => f64::NAN,
        };
        if w.is_finite() {
            w
        } else {
            0.0
        }
    }

    /// How figures describe it.
    pub fn describe(self) -> &'static str {
        match self {
            Band::Std => "mean ± 1 std over runs",
            Band::Ci => "mean with its 95 % CI (t) over runs",
        }
    }
}
