//! Paper tables: any results as publication tables ([`tables`]), and the source papers'
//! tables regenerated on our data, one page per table with the paper's values and claims
//! ([`pages`] → [`claims`] → [`page`]).

mod claims;
pub mod committed;
mod page;
mod pages;
mod provenance;
mod render;
mod source_p;
mod tables;

pub use super::paper_table::{Cell, Layout, PaperTable, TableFormat};
pub use claims::{check_claims, ClaimCheck, Outcome};
pub use page::{index_markdown, page_markdown, MadePage, PageRun};
pub use pages::{
    find_page, Claim, NotReproduced, PaperPage, PaperValue, Pretrain, SourceP, NOT_REPRODUCED,
    PAGES,
};
pub use provenance::elapsed_between;
pub use render::render_tables;
pub use tables::paper_tables;
