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
    AtRuleParser, CowRcStr, DeclarationParser, ParseError, Parser, ParserState, QualifiedRuleParser, RuleBodyItemParser,
    RuleBodyParser, StyleSheetParser, Token,
};

/// The value of the custom property `name` in `css`'s top-level rules,
/// when it is a plain colour.
pub(super) fn custom_property(css: &str, name: &str) -> Option<String> {
    let mut parser = Parser::new(css);
    let mut rules = Rules { name };
    StyleSheetParser::new(&mut parser, &mut rules).filter_map(Result::ok).flatten().last()
}

/// Top-level rules: a style rule gives the colour it declares, if any;
/// at-rules are passed over (the defaults refuse them).
struct Rules<'a> {
    name: &'a str,
}

impl<'i> QualifiedRuleParser<'i> for Rules<'_> {
    type Prelude = ();
    type QualifiedRule = Option<String>;
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
    ) -> Result<Option<String>, ParseError<()>> {
        let mut declarations = Declarations { name: self.name };
        Ok(RuleBodyParser::new(input, &mut declarations).filter_map(Result::ok).flatten().last())
    }
}

impl<'i> AtRuleParser<'i> for Rules<'_> {
    type Prelude = ();
    type AtRule = Option<String>;
    type Error = ();
}

/// The declarations of one style rule: the colour of `name`, or nothing.
struct Declarations<'a> {
    name: &'a str,
}

impl<'i> DeclarationParser<'i> for Declarations<'_> {
    type Declaration = Option<String>;
    type Error = ();

    fn parse_value(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
        _: &ParserState,
    ) -> Result<Option<String>, ParseError<()>> {
        // Custom property names are case-sensitive.
        if *name != *self.name {
            while input.next().is_ok() {}
            return Ok(None);
        }
        let start = input.position();
        let plain = plain_colour(input);
        while input.next().is_ok() {}
        Ok(plain.then(|| input.slice_from(start).trim().to_string()))
    }
}

impl<'i> QualifiedRuleParser<'i> for Declarations<'_> {
    type Prelude = ();
    type QualifiedRule = Option<String>;
    type Error = ();
}

impl<'i> AtRuleParser<'i> for Declarations<'_> {
    type Prelude = ();
    type AtRule = Option<String>;
    type Error = ();
}

impl<'i> RuleBodyItemParser<'i, Option<String>, ()> for Declarations<'_> {
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
        Ok(Token::Function(f)) if ["rgb", "rgba", "hsl", "hsla"].iter().any(|n| f.eq_ignore_ascii_case(n)) => input
            .parse_nested_block(|args| {
                let mut all_numbers = true;
                while let Ok(token) = args.next() {
                    all_numbers &= matches!(
                        token,
                        Token::Number { .. } | Token::Percentage { .. } | Token::Dimension { .. } | Token::Comma | Token::Delim('/')
                    );
                }
                Ok::<_, ParseError<()>>(all_numbers)
            })
            .unwrap_or(false),
        _ => false,
    };
    colour && input.is_exhausted()
}

#[cfg(test)]
mod tests {
    use super::custom_property;

    #[test]
    fn the_light_schemes_plain_colour_of_a_top_level_rule() {
        let site = ":root{--paper:#fdfcf8;--accent:#9f1d20}\n\
                    @media (prefers-color-scheme:dark){:root{--paper:#141311;--accent:#ff9b8f}}";
        assert_eq!(custom_property(site, "--accent").as_deref(), Some("#9f1d20"));
        assert_eq!(custom_property(site, "--paper").as_deref(), Some("#fdfcf8"));
        // The dark scheme first, then the light one: the light one still.
        let dark_first = "@media (prefers-color-scheme:dark){:root{--ink:#eee}} :root{--ink:#111}";
        assert_eq!(custom_property(dark_first, "--ink").as_deref(), Some("#111"));
        // A comment, a string and a use of the property are not declarations.
        let decoys = "/* --ink: red; */ a::after{content:\"--ink: blue\"} b{color:var(--ink)} html{--ink: rgb(10, 20, 30)}";
        assert_eq!(custom_property(decoys, "--ink").as_deref(), Some("rgb(10, 20, 30)"));
        // The last declaration wins; names are case-sensitive.
        assert_eq!(custom_property(":root{--ink:navy} body{--ink:#123456}", "--ink").as_deref(), Some("#123456"));
        assert_eq!(custom_property(":root{--Ink:navy}", "--ink"), None);
        // Not a plain colour: not used.
        for value in ["url(x)", "var(--other)", "#12", "#ggg", "red blue", "rgb(1,2,calc(3))", ""] {
            assert_eq!(custom_property(&format!(":root{{--accent:{value}}}"), "--accent"), None, "{value}");
        }
        assert_eq!(custom_property("hsl(10 20% 30% / .5)", "--accent"), None);
        assert_eq!(custom_property(":root{--accent:hsl(10 20% 30% / .5)}", "--accent").as_deref(), Some("hsl(10 20% 30% / .5)"));
        assert_eq!(custom_property("not css at all {{{", "--accent"), None);
    }
}
