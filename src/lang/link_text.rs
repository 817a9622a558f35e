//! Link text that says nothing about where the link leads ("here", "click
//! here", "more", "this"), in each language broadside sets: what
//! Lighthouse's link-text audit marks a page down for, and what only the
//! writer can fix. `check` warns about each such link.
//!
//! The English phrases count on every page (Lighthouse flags them whatever
//! the page's language); the page's own language adds its phrases.

use super::Lang;

/// Whether `text`, the words of a link on a page in `lang`, say nothing.
/// Case, spaces around the words and runs of spaces between them do not
/// matter; a full stop or colon at the end does not either.
pub(crate) fn says_nothing(lang: &Lang, text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let text = words.join(" ").to_lowercase();
    let text = text.trim_end_matches(['.', ':', '…', '。', '：']).trim();
    if text.is_empty() {
        return false;
    }
    EN.contains(&text) || phrases(lang).contains(&text)
}

/// The phrases of `lang` that say nothing, lower case.
fn phrases(lang: &Lang) -> &'static [&'static str] {
    match lang.language.as_str() {
        "de" => DE,
        "fr" => FR,
        "es" => ES,
        "it" => IT,
        "pt" => PT,
        "nl" => NL,
        "pl" => PL,
        "ru" => RU,
        "tr" => TR,
        "ar" => AR,
        "he" | "iw" => HE,
        "ja" => JA,
        "zh" if lang.is_traditional_chinese() => ZH_HANT,
        "zh" => ZH,
        "ko" => KO,
        "hi" => HI,
        _ => &[],
    }
}

const EN: &[&str] = &[
    "click here",
    "click this",
    "go",
    "here",
    "information",
    "learn more",
    "more",
    "more info",
    "more information",
    "right here",
    "read more",
    "see more",
    "start",
    "this",
    "link",
    "this link",
    "click",
    "continue",
    "continue reading",
];
const DE: &[&str] = &[
    "hier",
    "hier klicken",
    "klicken sie hier",
    "klick hier",
    "mehr",
    "mehr info",
    "mehr infos",
    "mehr informationen",
    "weiterlesen",
    "weiter",
    "mehr erfahren",
    "link",
    "dieser link",
    "los",
];
const FR: &[&str] = &[
    "ici",
    "cliquez ici",
    "cliquer ici",
    "clique ici",
    "plus",
    "en savoir plus",
    "lire la suite",
    "la suite",
    "suite",
    "voir plus",
    "plus d'infos",
    "plus d'informations",
    "lien",
    "ce lien",
];
const ES: &[&str] = &[
    "aquí",
    "aqui",
    "click aquí",
    "click aqui",
    "clicka aquí",
    "clicka aqui",
    "pincha aquí",
    "pincha aqui",
    "haz clic aquí",
    "haga clic aquí",
    "más",
    "mas",
    "más información",
    "más informacion",
    "mas información",
    "mas informacion",
    "leer más",
    "ver más",
    "este",
    "enlace",
    "este enlace",
    "empezar",
];
const IT: &[&str] = &[
    "qui",
    "clicca qui",
    "fai clic qui",
    "di più",
    "altro",
    "leggi di più",
    "leggi tutto",
    "continua",
    "scopri di più",
    "maggiori informazioni",
    "ulteriori informazioni",
    "link",
    "questo link",
];
const PT: &[&str] = &[
    "aqui",
    "clique aqui",
    "ir",
    "mais",
    "mais informação",
    "mais informações",
    "veja mais",
    "saiba mais",
    "leia mais",
    "link",
    "este link",
];
const NL: &[&str] = &[
    "hier",
    "klik hier",
    "meer",
    "meer info",
    "meer informatie",
    "lees meer",
    "lees verder",
    "verder",
    "link",
    "deze link",
];
const PL: &[&str] = &[
    "tutaj",
    "tu",
    "kliknij tutaj",
    "kliknij tu",
    "więcej",
    "czytaj więcej",
    "więcej informacji",
    "dalej",
    "link",
    "ten link",
];
const RU: &[&str] = &[
    "здесь",
    "тут",
    "нажмите здесь",
    "кликните здесь",
    "подробнее",
    "ещё",
    "еще",
    "читать далее",
    "читать дальше",
    "далее",
    "больше",
    "ссылка",
    "эта ссылка",
];
const TR: &[&str] = &[
    "burada",
    "buraya",
    "buraya tıklayın",
    "tıklayın",
    "daha fazla",
    "devamı",
    "devamını oku",
    "devamını okuyun",
    "bağlantı",
    "bu bağlantı",
    "link",
];
const AR: &[&str] = &[
    "هنا",
    "اضغط هنا",
    "انقر هنا",
    "المزيد",
    "اقرأ المزيد",
    "مزيد من المعلومات",
    "رابط",
    "هذا الرابط",
];
const HE: &[&str] = &[
    "כאן",
    "לחץ כאן",
    "לחצו כאן",
    "עוד",
    "קרא עוד",
    "קראו עוד",
    "מידע נוסף",
    "קישור",
    "הקישור הזה",
];
const JA: &[&str] = &[
    "ここ",
    "こちら",
    "ここをクリック",
    "こちらをクリック",
    "リンク",
    "続きを読む",
    "続く",
    "全文表示",
    "詳細",
    "詳しくはこちら",
    "もっと見る",
];
const ZH: &[&str] = &[
    "这里",
    "点击这里",
    "点击此处",
    "此处",
    "更多",
    "了解更多",
    "阅读更多",
    "查看更多",
    "链接",
    "详情",
];
const ZH_HANT: &[&str] = &[
    "這裡",
    "這裏",
    "點擊這裡",
    "點擊此處",
    "按這裡",
    "此處",
    "更多",
    "了解更多",
    "閱讀更多",
    "查看更多",
    "連結",
    "詳情",
];
const KO: &[&str] = &[
    "여기",
    "여기를 클릭",
    "여기를 클릭하세요",
    "클릭",
    "링크",
    "자세히",
    "자세히 보기",
    "더 보기",
    "더보기",
    "계속",
    "이동",
    "전체 보기",
];
const HI: &[&str] = &[
    "यहाँ",
    "यहां",
    "यहाँ क्लिक करें",
    "यहां क्लिक करें",
    "और पढ़ें",
    "और जानें",
    "अधिक",
    "अधिक जानकारी",
    "लिंक",
    "यह लिंक",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_empty_words_and_english_counts_everywhere() {
        let says = |tag: &str, text: &str| says_nothing(&Lang::new(tag), text);
        assert!(says("en", "  Click   HERE. "));
        assert!(says("de", "hier") && says("de", "Weiterlesen") && says("de", "here"));
        assert!(!says("en", "hier") && !says("en", "the 2024 survey results"));
        assert!(says("fr", "En savoir plus") && says("es", "Aquí") && says("it", "qui"));
        assert!(says("pt", "saiba mais") && says("nl", "lees meer") && says("pl", "Więcej"));
        assert!(says("ru", "Подробнее") && says("tr", "devamı") && says("ar", "اقرأ المزيد"));
        assert!(says("he", "קרא עוד") && says("ja", "こちら") && says("ko", "더 보기"));
        assert!(says("hi", "और पढ़ें") && says("zh", "点击这里") && !says("zh", "點擊這裡"));
        assert!(says("zh-Hant", "點擊這裡") && says("zh-TW", "閱讀更多"));
        assert!(!says("en", "") && !says("en", "   "));
    }
}
