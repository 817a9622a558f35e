//! Bylines: the ids a story's `authors` names, resolved through
//! `[authors.<id>]` in site.toml, and the names joined the way the page's
//! language joins a list ("Ana Ruiz and Li Wei", "Ana Ruiz und Li Wei"),
//! by CLDR's list patterns through ICU4X's `icu_list`.

use std::collections::BTreeMap;

use icu_list::ListFormatter;
use icu_list::options::{ListFormatterOptions, ListLength};
use serde::Serialize;

use crate::config::AuthorConfig;
use crate::lang::Lang;
use crate::listing::term_slug;

/// The folder of the author pages.
pub(crate) const AUTHORS: &str = "authors/";

/// A writer of a story, as the byline and the author page show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Author {
    /// Their folder under `authors/`: the id, or the name as a slug.
    pub id: String,
    pub name: String,
    /// Their own page elsewhere, from `[authors.<id>]`.
    pub url: Option<String>,
    /// Whether `[authors.<id>]` knows them.
    pub known: bool,
}

/// The writers `written` names, each looked up in `table` by its id, or
/// by its name as a slug (Jekyll's `author: Ana Ruiz` finds
/// `[authors.ana-ruiz]`). Returns them, and the ids that looked like ids
/// but were not in the table.
pub(crate) fn resolve(
    written: &[String],
    table: &BTreeMap<String, AuthorConfig>,
) -> (Vec<Author>, Vec<String>) {
    let mut authors: Vec<Author> = Vec::with_capacity(written.len());
    let mut unknown = Vec::new();
    for name in written.iter().map(|n| n.trim()) {
        let slug = term_slug(name);
        let entry = table
            .get_key_value(name)
            .or_else(|| table.get_key_value(slug.as_str()));
        let author = match entry {
            Some((id, entry)) => Author {
                id: id.clone(),
                name: entry.name.trim().to_string(),
                url: entry.url.clone(),
                known: true,
            },
            None => {
                // `ana-ruiz` is an id missing from the table; `Ana Ruiz` a name.
                if !table.is_empty() || slug == name {
                    unknown.push(name.to_string());
                }
                Author {
                    id: slug,
                    name: name.to_string(),
                    url: None,
                    known: false,
                }
            }
        };
        if !authors.iter().any(|a| a.id == author.id) {
            authors.push(author);
        }
    }
    (authors, unknown)
}

/// `names` joined by `lang`'s list pattern ("A, B and C"); `separator`
/// between them for a language CLDR does not know.
pub(crate) fn join(names: &[&str], lang: &Lang, separator: &str) -> String {
    let formatter = crate::lang::dates::locale_of(lang).and_then(|locale| {
        let options = ListFormatterOptions::default().with_length(ListLength::Wide);
        ListFormatter::try_new_and((&locale).into(), options).ok()
    });
    match formatter {
        Some(f) => f.format_to_string(names.iter()),
        None => names.join(separator),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> BTreeMap<String, AuthorConfig> {
        let entry = |name: &str| AuthorConfig {
            name: name.to_string(),
            url: Some("https://example.com/".to_string()),
            ..AuthorConfig::default()
        };
        BTreeMap::from([
            ("ana-ruiz".to_string(), entry("Ana Ruiz")),
            ("li-wei".to_string(), entry("Li Wei")),
        ])
    }

    #[test]
    fn ids_names_and_unknowns() {
        let written = ["ana-ruiz", "Li Wei", "tom-berg", "ana-ruiz"].map(String::from);
        let (authors, unknown) = resolve(&written, &table());
        let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Ana Ruiz", "Li Wei", "tom-berg"]);
        assert_eq!(authors[1].id, "li-wei");
        assert!(authors[1].known && !authors[2].known);
        assert_eq!(unknown, ["tom-berg"]);
        // With no table, a name is a name; an id-like word is still warned about.
        let (authors, unknown) = resolve(&["Ana Ruiz".into(), "li-wei".into()], &BTreeMap::new());
        assert_eq!(
            (authors[0].id.as_str(), unknown),
            ("ana-ruiz", vec!["li-wei".to_string()])
        );
    }

    #[test]
    fn each_language_joins_its_own_way() {
        let two = ["Ana Ruiz", "Li Wei"];
        let three = ["Ana Ruiz", "Li Wei", "Tom Berg"];
        let j = |names: &[&str], tag: &str| join(names, &Lang::new(tag), ", ");
        assert_eq!(j(&two, "en"), "Ana Ruiz and Li Wei");
        assert_eq!(j(&three, "en"), "Ana Ruiz, Li Wei and Tom Berg");
        assert_eq!(j(&three, "en-US"), "Ana Ruiz, Li Wei, and Tom Berg");
        assert_eq!(j(&two, "de"), "Ana Ruiz und Li Wei");
        assert_eq!(j(&two, "fr"), "Ana Ruiz et Li Wei");
        assert_eq!(j(&["Ana", "Inés"], "es"), "Ana e Inés");
        assert_eq!(j(&two, "ar"), "Ana Ruiz وLi Wei");
        assert_eq!(j(&["Ana"], "ja"), "Ana");
    }
}
