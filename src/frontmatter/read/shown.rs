//! The front-matter fields a page shows as written: one table, from which
//! the reader, the names broadside knows (for the near-miss warning and the
//! tests' list of keys) and the page's variables are all made.
//!
//! A new field shown on the page is one row here, and its use in a
//! template: `page.NAME`. Each row gives the field's documentation, its
//! name and type, and the keys it is read from, its own first, then the
//! names other generators give it (Hugo's `summary`, Jekyll's `excerpt`).
//! The type says how it is read (see [`Field`]): `Option<String>` is text
//! (blank text is none), `Vec<String>` a list of text, `bool` a flag that
//! is false unless set, `Option<bool>` a flag that may be left unset. A
//! value of the wrong type is an error at its line.
//!
//! Fields whose reading or showing is more than that (the title with its
//! Markdown, the date, the lead image in its three forms, the authors)
//! are read in `read/` and shown through `page/`.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Reader;

/// The table: `/// doc`, `name: Type = ["key", "peer", …]`.
macro_rules! shown_fields {
    ($( $(#[doc = $doc:literal])* $name:ident : $ty:ty = [$($key:literal),+ $(,)?] ),* $(,)?) => {
        /// The front-matter fields a page shows as written; a template
        /// sees each as `page.NAME`.
        #[derive(Debug, Clone, Default, Serialize)]
        pub struct Shown {
            $( $(#[doc = $doc])* pub $name: $ty, )*
        }

        impl Shown {
            /// Every key the fields are read from, peers' names included.
            pub(crate) const KEYS: &'static [&'static str] = &[$($($key),+),*];

            /// Takes the fields out of the front matter `reader` holds.
            pub(crate) fn read(reader: &mut Reader<'_>) -> Shown {
                Shown {
                    $( $name: <$ty as Field>::read(reader, &[$($key),+]), )*
                }
            }
        }
    };
}

shown_fields! {
    /// The standfirst: `description`, else Hugo's `summary` or Jekyll's
    /// `excerpt` (the first written; the others stay for templates under
    /// `extra`).
    description: Option<String> = ["description", "summary", "excerpt"],
    /// The story's old addresses, each given a redirect page.
    aliases: Vec<String> = ["aliases"],
}

/// How a field of a type is read from its keys.
pub(crate) trait Field: Sized {
    fn read(reader: &mut Reader<'_>, keys: &[&str]) -> Self;
}

/// Text: the first key that holds some; blank text is none.
impl Field for Option<String> {
    fn read(reader: &mut Reader<'_>, keys: &[&str]) -> Self {
        first::<String>(reader, keys).filter(|text| !text.trim().is_empty())
    }
}

/// A flag that may be left unset (the site decides then).
impl Field for Option<bool> {
    fn read(reader: &mut Reader<'_>, keys: &[&str]) -> Self {
        first(reader, keys)
    }
}

/// A flag, false unless set.
impl Field for bool {
    fn read(reader: &mut Reader<'_>, keys: &[&str]) -> Self {
        first(reader, keys).unwrap_or(false)
    }
}

/// A list of text, empty unless written.
impl Field for Vec<String> {
    fn read(reader: &mut Reader<'_>, keys: &[&str]) -> Self {
        first(reader, keys).unwrap_or_default()
    }
}

/// The value of the first of `keys` that is written, as a `T`; the keys
/// after it are left for templates.
fn first<T: DeserializeOwned>(reader: &mut Reader<'_>, keys: &[&str]) -> Option<T> {
    keys.iter().find_map(|key| reader.take(key))
}
