//! The publication table model (`albench tables`, paper pages): layouts, formats, cells and
//! tables, shared by the builders (the AUC table in `auc.rs`, the others in `paper/tables.rs`)
//! and the renderer (`paper/render.rs`).

/// Which table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Methods × metrics: mean AUC ± std, best per column bold, † / ‡ vs the baseline.
    Auc,
    /// One pairwise p-value matrix per metric.
    Pvalues,
    /// Per round and method: labeled images, each metric, distinct images and boxes when
    /// recorded.
    Rounds,
    /// Per method at the last round: labeled and distinct images, boxes, each metric.
    Cost,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// Markdown.
    Md,
    /// A self-contained LaTeX document (article, booktabs) holding the tables.
    Latex,
    /// CSV (values without marks or bold).
    Csv,
}

/// A cell: its text and whether it is the best of its column.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Text as shown (marks included).
    pub text: String,
    /// Bold (best value of the column).
    pub bold: bool,
}

impl Cell {
    /// A cell that is not bold.
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            bold: false,
        }
    }
}

/// One publication table.
#[derive(Clone, Debug, PartialEq)]
pub struct PaperTable {
    /// Caption (one line).
    pub caption: String,
    /// Column headers.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
    /// A note under the table (significance marks, scale), possibly empty.
    pub note: String,
}
