//! Math: `$…$` and `$$…$$` (pulldown-cmark's math option) rendered to
//! MathML at build time with `pulldown-latex`, which browsers show with
//! their own math fonts and screen readers read; no script, no web font.
//!
//! A formula that does not parse is an error at its line. The sanitiser for
//! raw HTML knows no MathML, so the rewriter writes a placeholder for each
//! formula ([`SLOT_START`]) and [`fill`] puts the MathML in after sanitising.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage};

use super::rewriter::Rewriter;

/// The placeholder of formula N is `SLOT_START` N `SLOT_END`: markup the
/// sanitiser keeps, and that a story's text cannot produce (its `<` is
/// escaped). Raw HTML may write one; it then gets a formula of the story's
/// own, which is harmless.
const SLOT_START: &str = "<span class=\"broadside-math\">";
const SLOT_END: &str = "</span>";

/// Formulas longer than this are refused: no real formula comes close.
const MAX_FORMULA_BYTES: usize = 64 * 1024;

/// `latex` as MathML, or why it does not parse.
pub(super) fn mathml(latex: &str, display: bool) -> Result<String, String> {
    if latex.len() > MAX_FORMULA_BYTES {
        return Err(format!(
            "the formula is longer than {} KiB",
            MAX_FORMULA_BYTES / 1024
        ));
    }
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(latex, &storage).collect();
    if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
        return Err(e
            .to_string()
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string());
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(latex),
        ..RenderConfig::default()
    };
    let mut out = String::with_capacity(latex.len() * 8);
    pulldown_latex::push_mathml(&mut out, events.into_iter(), config).map_err(|e| e.to_string())?;
    Ok(out)
}

/// `html` with each placeholder replaced by its formula.
pub(super) fn fill(html: &str, formulas: &[String]) -> String {
    let mut out =
        String::with_capacity(html.len() + formulas.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some((before, after)) = rest.split_once(SLOT_START) {
        out.push_str(before);
        let formula = after.split_once(SLOT_END).and_then(|(n, tail)| {
            n.parse::<usize>()
                .ok()
                .and_then(|n| formulas.get(n))
                .map(|f| (f, tail))
        });
        match formula {
            Some((formula, tail)) => {
                out.push_str(formula);
                rest = tail;
            }
            None => {
                out.push_str(SLOT_START);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Rewriter<'a, '_, I> {
    /// A formula: its placeholder, or an error at its place.
    pub(super) fn math(&mut self, latex: &str, display: bool, range: Range<usize>) {
        self.stream.summary.note(latex);
        match mathml(latex, display) {
            Ok(html) => {
                let n = self.stream.formulas.len();
                self.stream.formulas.push(html);
                self.emit(Event::InlineHtml(CowStr::from(format!(
                    "{SLOT_START}{n}{SLOT_END}"
                ))));
            }
            Err(why) => {
                let shown: String = latex.chars().take(60).collect();
                self.error_at(
                    range.start,
                    format!("the formula `{shown}` does not parse: {why}"),
                    "check the LaTeX between the dollar signs; write \\$ for a dollar sign that is not math".into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml_and_bad_ones_an_error() {
        let inline = mathml("x^2", false).unwrap();
        assert!(
            inline.starts_with("<math") && inline.contains("<msup>"),
            "{inline}"
        );
        let block = mathml(r"\frac{a}{b}", true).unwrap();
        assert!(
            block.contains("display=\"block\"") && block.contains("<mfrac>"),
            "{block}"
        );
        assert!(mathml(r"\frac{a", false).is_err());
        assert!(mathml(r"\nosuchcommand", false).is_err());
    }

    #[test]
    fn placeholders_are_filled() {
        let formulas = vec!["<math>A</math>".to_string()];
        let html = format!("<p>{SLOT_START}0{SLOT_END} and {SLOT_START}9{SLOT_END}</p>");
        assert_eq!(
            fill(&html, &formulas),
            format!("<p><math>A</math> and {SLOT_START}9{SLOT_END}</p>")
        );
    }
}
