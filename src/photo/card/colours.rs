//! The share card's colours, read from the site's stylesheet with
//! cssparser (Servo's CSS tokenizer and rule parser, already in the tree
//! through ammonia): the value of a custom property such as `--paper`, as
//! the light scheme has it.
//!
//! Only the declarations of top-level style rules count: one inside
//! `@media (prefers-color-scheme: dark)` or any other at-rule is the dark
//! scheme's or a condition's, and comments, strings and `var(--paper)` are
//! never mistaken for a declaration. The last one wins, as in the cascade
//! between rules of equal weight. A value that is not a plain colour (a
//! hex colour, a name, or `rgb()`/`hsl()` of numbers) is not used.

use cssparser::{
    AtRuleParser, CowRcStr, DeclarationParser, ParseError, Parser, ParserState,
    QualifiedRuleParser, RuleBodyItemParser, RuleBodyParser, StyleSheetParser, Token,
};

/// The values of the custom properties `names` in `css`'s top-level
/// rules, each when it is a plain colour: the stylesheet read once.
pub(super) fn custom_properties<const N: usize>(
    css: &str,
    names: [&str; N],
) -> [Option<String>; N] {
    let mut parser = Parser::new(css);
    let mut rules = Rules {
        names: &names,
        found: std::array::from_fn(|_| None),
    };
    StyleSheetParser::new(&mut parser, &mut rules).for_each(drop);
    rules.found
}

/// Top-level rules: each style rule's colours for `names` are kept, a
/// later one replacing an earlier; at-rules are passed over (the defaults
/// refuse them).
struct Rules<'a, const N: usize> {
    names: &'a [&'a str; N],
    found: [Option<String>; N],
}

impl<'i, const N: usize> QualifiedRuleParser<'i> for Rules<'_, N> {
    type Prelude = ();
    type QualifiedRule = ();
    type Error = ();

    fn parse_prelude(&mut self, input: &mut Parser<'i>) -> Result<(), ParseError<()>> {
        while input.next().is_ok() {}
        Ok(())
    }

    fn parse_block(
        &mut self,
        _: (),
        _: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<(), ParseError<()>> {
        let mut declarations = Declarations { names: self.names };
        for (i, colour) in RuleBodyParser::new(input, &mut declarations)
            .filter_map(Result::ok)
            .flatten()
        {
            self.found[i] = Some(colour);
        }
        Ok(())
    }
}

impl<'i, const N: usize> AtRuleParser<'i> for Rules<'_, N> {
    type Prelude = ();
    type AtRule = ();
    type Error = ();
}

/// One declaration of `names[i]` with a plain colour: `(i, colour)`.
type Found = Option<(usize, String)>;

/// The declarations of one style rule: the colours of `names`.
struct Declarations<'a> {
    names: &'a [&'a str],
}

impl<'i> DeclarationParser<'i> for Declarations<'_> {
    type Declaration = Found;
    type Error = ();

    fn parse_value(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
        _: &ParserState,
    ) -> Result<Found, ParseError<()>> {
        // Custom property names are case-sensitive.
        let Some(i) = self.names.iter().position(|n| **n == *name) else {
            while input.next().is_ok() {}
            return Ok(None);
        };
        let start = input.position();
        let plain = plain_colour(input);
        while input.next().is_ok() {}
        Ok(plain.then(|| (i, input.slice_from(start).trim().to_string())))
    }
}

impl<'i> QualifiedRuleParser<'i> for Declarations<'_> {
    type Prelude = ();
    type QualifiedRule = Found;
    type Error = ();
}

impl<'i> AtRuleParser<'i> for Declarations<'_> {
    type Prelude = ();
    type AtRule = Found;
    type Error = ();
}

impl<'i> RuleBodyItemParser<'i, Found, ()> for Declarations<'_> {
    fn parse_declarations(&self) -> bool {
        true
    }

    fn parse_qualified(&self) -> bool {
        false
    }
}

/// Whether `input` is one plain colour and nothing else: `#rgb`, `#rrggbb`
/// (with or without alpha), a name, or `rgb()`, `rgba()`, `hsl()`,
/// `hsla()` of numbers, percentages and angles.
fn plain_colour(input: &mut Parser<'_>) -> bool {
    let colour = match input.next() {
        Ok(Token::Hash(hex) | Token::IDHash(hex)) => {
            matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
        }
        Ok(Token::Ident(_)) => true,
        Ok(Token::Function(f))
            if ["rgb", "rgba", "hsl", "hsla"]
                .iter()
                .any(|n| f.eq_ignore_ascii_case(n)) =>
        {
            input
                .parse_nested_block(|args| {
                    let mut all_numbers = true;
                    while let Ok(token) = args.next() {
                        all_numbers &= matches!(
                            token,
                            Token::Number { .. }
                                | Token::Percentage { .. }
                                | Token::Dimension { .. }
                                | Token::Comma
                                | Token::Delim('/')
                        );
                    }
                    Ok::<_, ParseError<()>>(all_numbers)
                })
                .unwrap_or(false)
        }
        _ => false,
    };
    colour && input.is_exhausted()
}

#[cfg(test)]
mod tests {
    use super::custom_properties;

    fn custom_property(css: &str, name: &str) -> Option<String> {
        let [value] = custom_properties(css, [name]);
        value
    }

    #[test]
    fn the_light_schemes_plain_colour_of_a_top_level_rule() {
        let site = ":root{--paper:#fdfcf8;--accent:#9f1d20}\n\
                    @media (prefers-color-scheme:dark){:root{--paper:#141311;--accent:#ff9b8f}}";
        assert_eq!(
            custom_property(site, "--accent").as_deref(),
            Some("#9f1d20")
        );
        assert_eq!(custom_property(site, "--paper").as_deref(), Some("#fdfcf8"));
        // The dark scheme first, then the light one: the light one still.
        let dark_first = "@media (prefers-color-scheme:dark){:root{--ink:#eee}} :root{--ink:#111}";
        assert_eq!(
            custom_property(dark_first, "--ink").as_deref(),
            Some("#111")
        );
        // A comment, a string and a use of the property are not declarations.
        let decoys = "/* --ink: red; */ a::after{content:\"--ink: blue\"} b{color:var(--ink)} html{--ink: rgb(10, 20, 30)}";
        assert_eq!(
            custom_property(decoys, "--ink").as_deref(),
            Some("rgb(10, 20, 30)")
        );
        // The last declaration wins; names are case-sensitive.
        assert_eq!(
            custom_property(":root{--ink:navy} body{--ink:#123456}", "--ink").as_deref(),
            Some("#123456")
        );
        assert_eq!(custom_property(":root{--Ink:navy}", "--ink"), None);
        // Not a plain colour: not used.
        for value in [
            "url(x)",
            "var(--other)",
            "#12",
            "#ggg",
            "red blue",
            "rgb(1,2,calc(3))",
            "",
        ] {
            assert_eq!(
                custom_property(&format!(":root{{--accent:{value}}}"), "--accent"),
                None,
                "{value}"
            );
        }
        assert_eq!(custom_property("hsl(10 20% 30% / .5)", "--accent"), None);
        assert_eq!(
            custom_property(":root{--accent:hsl(10 20% 30% / .5)}", "--accent").as_deref(),
            Some("hsl(10 20% 30% / .5)")
        );
        assert_eq!(custom_property("not css at all {{{", "--accent"), None);
        // Several at once, from one reading.
        assert_eq!(
            custom_properties(site, ["--paper", "--ink", "--accent"]),
            [Some("#fdfcf8".into()), None, Some("#9f1d20".into())]
        );
    }
}
