//! Integration tests of the core through its public API, in one binary (ENGINEERING.md
//! point 10).

mod audiences;
mod brand;
mod crash;
mod report_layout;
mod reports;
mod review;
mod scripts;
mod soak;
mod support;
mod tagged;
