//! The commands: each reads what it was asked, calls the library, and has
//! `messages` say what came of it. A command that fails returns
//! [`Failed`]; `main` turns that into the exit status.

mod build;
mod check;
mod docs;
mod import;
mod init;
mod new;
mod serve;

pub(crate) use build::build;
pub(crate) use check::check;
pub(crate) use docs::{completions, man};
pub(crate) use import::import;
pub(crate) use init::init;
pub(crate) use new::new;
pub(crate) use serve::serve;

/// The command failed and has said why: exit status 1.
#[derive(Debug)]
pub(crate) struct Failed;
