//! Bringing an archive in from another publishing system: `broadside
//! import wordpress`.

pub mod wordpress;
