//! The story's language, and everything it decides about the page: how
//! quotation marks and spaces are set (`quotes`, `spacing`, applied to the
//! Markdown's events by `typeset`), how dates are written (`dates`), how
//! fast the story reads (`reading`), the page's own words (`strings`), its
//! direction and its `og:locale`.
//!
//! The language is the story's `lang`, else the site's `language`: a BCP 47
//! tag (`de`, `fr-CH`, `zh-Hant-TW`). Only its language, script and region
//! subtags matter here; anything else in it is kept for `lang=""` only.

pub(crate) mod dates;
pub(crate) mod link_text;
pub(crate) mod quotes;
pub(crate) mod reading;
pub(crate) mod spacing;
pub(crate) mod strings;
pub(crate) mod typeset;

pub use strings::Strings;

/// A language tag, read for what broadside needs of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lang {
    /// The tag as written, for `lang=""`.
    pub tag: String,
    /// The language subtag, lower case (`de`); `und` when there is none.
    pub language: String,
    /// The script subtag, title case (`Hant`), when the tag names one.
    pub script: Option<String>,
    /// The region subtag, upper case (`CH`, `419`), when the tag names one.
    pub region: Option<String>,
}

/// Languages written right to left.
const RTL: &[&str] = &["ar", "he", "fa", "ur", "yi", "ps", "sd", "ckb", "dv", "ug"];

impl Lang {
    /// Reads `tag`. Subtags after the region (variants, extensions) are
    /// ignored; a malformed tag reads as its first subtag.
    pub fn new(tag: &str) -> Lang {
        let tag = tag.trim();
        let mut parts = tag.split(['-', '_']).filter(|p| !p.is_empty());
        let first = parts.next().unwrap_or("und");
        let language = if first.len() >= 2
            && first.len() <= 8
            && first.chars().all(|c| c.is_ascii_alphabetic())
        {
            first.to_ascii_lowercase()
        } else {
            "und".to_string()
        };
        let mut script = None;
        let mut region = None;
        for part in parts {
            let alpha = part.chars().all(|c| c.is_ascii_alphabetic());
            let digits = part.chars().all(|c| c.is_ascii_digit());
            if script.is_none() && region.is_none() && part.len() == 4 && alpha {
                let mut chars = part.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase()).into_iter();
                script = Some(first.chain(chars.map(|c| c.to_ascii_lowercase())).collect());
            } else if region.is_none()
                && ((part.len() == 2 && alpha) || (part.len() == 3 && digits))
            {
                region = Some(part.to_ascii_uppercase());
            } else {
                break;
            }
        }
        Lang {
            tag: tag.to_string(),
            language,
            script,
            region,
        }
    }

    /// Whether the language is written right to left.
    pub fn is_rtl(&self) -> bool {
        match self.script.as_deref() {
            Some("Arab" | "Hebr" | "Thaa" | "Syrc" | "Nkoo" | "Adlm") => true,
            Some(_) => false,
            None => RTL.contains(&self.language.as_str()),
        }
    }

    /// `rtl` or `ltr`, for `dir=""`.
    pub fn dir(&self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// Traditional Chinese: Hant, or a region that writes it.
    pub(crate) fn is_traditional_chinese(&self) -> bool {
        self.language == "zh"
            && match self.script.as_deref() {
                Some(script) => script == "Hant",
                None => matches!(self.region.as_deref(), Some("TW" | "HK" | "MO")),
            }
    }

    /// `og:locale` as Facebook reads it (`de_DE`): only from a tag that
    /// names its region; a region is never guessed.
    pub fn og_locale(&self) -> Option<String> {
        let region = self.region.as_ref().filter(|r| r.len() == 2)?;
        (self.language.len() == 2 || self.language.len() == 3)
            .then(|| format!("{}_{region}", self.language))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_subtags_that_matter() {
        let l = Lang::new("zh-hant-tw");
        assert_eq!(
            (
                l.language.as_str(),
                l.script.as_deref(),
                l.region.as_deref()
            ),
            ("zh", Some("Hant"), Some("TW"))
        );
        assert!(l.is_traditional_chinese());
        let l = Lang::new("es-419");
        assert_eq!(l.region.as_deref(), Some("419"));
        assert_eq!(Lang::new("").language, "und");
        assert_eq!(Lang::new("de_CH").region.as_deref(), Some("CH"));
    }

    #[test]
    fn direction_follows_language_and_script() {
        for rtl in ["ar", "he", "fa-IR", "ur", "ar-EG"] {
            assert_eq!(Lang::new(rtl).dir(), "rtl", "{rtl}");
        }
        for ltr in ["en", "de", "ja", "az-Latn", "tr"] {
            assert_eq!(Lang::new(ltr).dir(), "ltr", "{ltr}");
        }
        assert_eq!(Lang::new("az-Arab").dir(), "rtl");
    }

    #[test]
    fn og_locale_only_from_a_named_region() {
        assert_eq!(Lang::new("de-DE").og_locale().as_deref(), Some("de_DE"));
        assert_eq!(Lang::new("en-us").og_locale().as_deref(), Some("en_US"));
        assert_eq!(
            Lang::new("pt-Latn-BR").og_locale().as_deref(),
            Some("pt_BR")
        );
        assert_eq!(Lang::new("de").og_locale(), None);
        assert_eq!(Lang::new("es-419").og_locale(), None);
    }
}
