//! Code-block language names other tools write, mapped to a grammar the
//! highlighter knows. syntect finds a grammar by a file extension or its
//! name (`rs`, `rust`, `toml`); stories migrated from Hugo name their
//! languages as Chroma does, and posts everywhere use a few shell names.
//!
//! The table is kept small: only names that syntect does not find itself
//! and that a real site uses, each to the grammar nearest in form. Go's
//! templates (`{{ .Title }}`, `{{- range … }}`) have no grammar of their
//! own; Jinja's, which knows the same `{{ … }}` and `{{- … }}`
//! delimiters, colours them, inside HTML for `go-html-template`.
//! PowerShell has no grammar at all and stays plain.

/// Each name (lower case) and the token syntect knows its grammar by.
const NAMES: &[(&str, &str)] = &[
    // Hugo's template languages (Chroma's names).
    ("go-html-template", "html.j2"),
    ("gohtml", "html.j2"),
    ("go-text-template", "jinja2"),
    ("go-template", "jinja2"),
    ("gotmpl", "jinja2"),
    ("django", "jinja2"),
    // Shells and sessions.
    ("shell", "bash"),
    ("console", "bash"),
    ("shell-session", "bash"),
    ("bashsession", "bash"),
    ("ksh", "bash"),
    ("batchfile", "bat"),
    ("batch", "bat"),
    ("dosbatch", "bat"),
    // Other Chroma aliases.
    ("golang", "go"),
    ("docker", "dockerfile"),
    ("apacheconf", "htaccess"),
    ("apache", "htaccess"),
    ("mjs", "js"),
    ("cjs", "js"),
    ("jsx", "tsx"),
    ("mkd", "md"),
    ("jsonc", "json"),
    ("json5", "json"),
    ("python3", "py"),
    ("csharp", "cs"),
    ("objc", "objective-c"),
    ("bsdmake", "makefile"),
    ("dosini", "ini"),
    ("udiff", "diff"),
    ("postgresql", "sql"),
    ("mysql", "sql"),
    ("elisp", "lisp"),
    ("emacs-lisp", "lisp"),
    ("fsharp", "fs"),
];

/// The names of plain text: no grammar, no highlighting.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "no-highlight"];

/// The token to look `language` (lower case) up by: None for plain text,
/// else its grammar's token from the table, else the name itself.
pub(super) fn token(language: &str) -> Option<&str> {
    if PLAIN.contains(&language) {
        return None;
    }
    Some(
        NAMES
            .iter()
            .find(|(name, _)| *name == language)
            .map_or(language, |(_, token)| token),
    )
}

#[cfg(test)]
mod tests {
    use super::super::code::highlight;
    use super::*;

    #[test]
    fn chroma_names_resolve_to_a_grammar() {
        let (html, used) = highlight(
            "go-html-template",
            "<h1>{{ .Title }}</h1>\n{{- range .Pages }}\n",
        )
        .expect("go-html-template has a grammar");
        assert!(
            !used.is_empty() && html.contains("<span class=\"h"),
            "{html}"
        );
        assert!(html.contains("language-go-html-template"), "{html}");
        for name in ["go-text-template", "golang", "docker", "jsonc", "console"] {
            assert!(highlight(name, "x = 1\n").is_some(), "{name}");
        }
        // Every token of the table finds a grammar: a typo fails here.
        for (name, _) in NAMES {
            assert!(highlight(name, "a\n").is_some(), "{name}");
        }
        assert_eq!(token("no-highlight"), None);
        assert_eq!(token("rust"), Some("rust"));
    }
}
