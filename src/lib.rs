//! albench: a harness for active-learning experiments.
//!
//! A TOML spec ([`spec`]) expands into runs; each run ([`runner`]) trains models with burn
//! ([`learner`], the only module that imports burn), scores the pool ([`acquisition`]),
//! selects ([`selection`]), and records every round ([`results`]); [`stats`] and [`report`]
//! turn the rounds into learning curves, AUC tables and significance tests. [`pipeline`]
//! holds what the commands share: run an experiment, pretrain a baseline, make the paper
//! pages. [`matmul`] is the one matrix multiply of albench's own kernels, its sums in an
//! order fixed by the shapes.

#![warn(missing_docs)]

pub mod acquisition;
pub mod cluster;
pub mod data;
pub mod fault;
pub mod learner;
pub mod matmul;
pub mod metrics;
pub mod npy;
pub mod pipeline;
pub mod pool;
pub mod report;
pub mod results;
pub mod rng;
pub mod runner;
pub mod selection;
pub mod spec;
pub mod stats;
