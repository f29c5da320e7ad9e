//! End-to-end tests: the real Preflight window under WebDriver, and its CLI, on fresh databases.

mod agenda;
mod cli;
mod data;
mod dates;
mod gaps;
mod keyboard;
mod markdown;
mod projects;
mod reports;
mod review;
mod scorecard;
mod screens;
mod settings;
mod sharing;
mod tables;
mod workshop;
