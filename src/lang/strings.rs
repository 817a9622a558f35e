//! The page's own words ("Share this article:", "More from", "min read",
//! the share and footnote labels, …) in each language broadside knows, and
//! the `[strings]` table of site.toml that overrides any of them.
//!
//! A phrase may hold `{site}` (the outlet's name), `{minutes}` or
//! `{authors}`; the page fills them in. A language not in the table gets
//! English; a regional tag gets its language's words (`de-AT`: `de`), and
//! Traditional Chinese its own.

use serde::{Deserialize, Serialize};

use super::Lang;

macro_rules! strings {
    ($($(#[doc = $doc:literal])* $field:ident,)*) => {
        /// Every phrase of the page, in one language.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        pub struct Strings {
            $($(#[doc = $doc])* pub $field: String,)*
        }

        /// `[strings]` in site.toml: any phrase, in the site's own words.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct StringsConfig {
            $($(#[doc = $doc])* #[serde(skip_serializing_if = "Option::is_none")] pub $field: Option<String>,)*
        }

        struct Builtin {
            $($field: &'static str,)*
        }

        impl Strings {
            fn from_builtin(b: &Builtin, overrides: &StringsConfig) -> Strings {
                Strings { $($field: overrides.$field.clone().unwrap_or_else(|| b.$field.to_string()),)* }
            }
        }
    };
}

strings! {
    /// The share bar's heading, before the story's title.
    share_this_article,
    /// The "More from" footer's heading; `{site}`.
    more_from,
    /// `{minutes}`.
    reading_time,
    /// The colophon; `{site}`.
    published_by,
    /// The byline; `{authors}`.
    by,
    /// Before the date of the last update.
    updated,
    /// Between authors' names.
    list_separator,
    /// The email share link.
    email,
    /// The front page's heading.
    latest_stories,
    /// The front page's description; `{site}`.
    latest_stories_from,
    /// The label of a footnote's link back.
    back_to_text,
    /// Labels of task list boxes.
    done,
    not_done,
    /// The skip link, to the story past the masthead.
    skip_to_story,
    /// The table of contents' heading.
    contents,
    /// The tags' heading, under a story and on the page of all tags.
    tags,
    /// The paging links of listing pages.
    newer,
    older,
    /// After a listing page's title; `{page}`.
    page_number,
    /// Where a listing page stands; `{page}`, `{pages}`.
    page_of,
    /// The paging links' label.
    pages,
    /// The archive's heading, and the link to it.
    archive,
    /// The link to the page of all tags.
    all_tags,
    /// A tag page's heading; `{tag}`.
    stories_tagged,
    /// An archive year's heading; `{year}`.
    stories_from_year,
    /// The archive's heading for stories with no date.
    undated,
    /// Before the date of a correction.
    correction,
    /// The heading of a story's corrections.
    corrections,
    /// The mark of a story covered live.
    live,
    /// Said of live coverage that has ended, before the time it ended.
    live_ended,
    /// An author page's heading; `{author}`.
    stories_by,
}

impl Strings {
    /// The phrases of `lang`, with the site's overrides.
    pub fn new(lang: &Lang, overrides: &StringsConfig) -> Strings {
        Strings::from_builtin(builtin(lang), overrides)
    }
}

impl Default for Strings {
    fn default() -> Self {
        Strings::from_builtin(&EN, &StringsConfig::default())
    }
}

fn builtin(lang: &Lang) -> &'static Builtin {
    match lang.language.as_str() {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        "it" => &IT,
        "pt" => &PT,
        "nl" => &NL,
        "pl" => &PL,
        "ru" => &RU,
        "tr" => &TR,
        "ar" => &AR,
        "he" | "iw" => &HE,
        "ja" => &JA,
        "zh" if lang.is_traditional_chinese() => &ZH_HANT,
        "zh" => &ZH,
        "ko" => &KO,
        "hi" => &HI,
        _ => &EN,
    }
}

/// The languages with built-in phrases.
#[cfg(test)]
pub const LANGUAGES: &[&str] = &[
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "tr", "ar", "he", "ja", "zh", "zh-Hant",
    "ko", "hi",
];

const EN: Builtin = Builtin {
    share_this_article: "Share this article:",
    more_from: "More from {site}",
    reading_time: "{minutes} min read",
    published_by: "Published by {site}.",
    by: "By {authors}",
    updated: "Updated",
    list_separator: ", ",
    email: "Email",
    latest_stories: "Latest stories",
    latest_stories_from: "The latest stories from {site}.",
    back_to_text: "Back to the text",
    done: "Done",
    not_done: "Not done",
    skip_to_story: "Skip to the story",
    contents: "Contents",
    tags: "Tags",
    newer: "Newer",
    older: "Older",
    page_number: "Page {page}",
    page_of: "Page {page} of {pages}",
    pages: "Pages",
    archive: "Archive",
    all_tags: "All tags",
    stories_tagged: "Stories tagged {tag}",
    stories_from_year: "Stories from {year}",
    undated: "Undated",
    correction: "Correction",
    corrections: "Corrections",
    live: "Live",
    live_ended: "Live coverage ended",
    stories_by: "Stories by {author}",
};

const DE: Builtin = Builtin {
    share_this_article: "Diesen Artikel teilen:",
    more_from: "Mehr von {site}",
    reading_time: "{minutes} Min. Lesezeit",
    published_by: "Veröffentlicht von {site}.",
    by: "Von {authors}",
    updated: "Aktualisiert",
    list_separator: ", ",
    email: "E-Mail",
    latest_stories: "Neueste Artikel",
    latest_stories_from: "Die neuesten Artikel von {site}.",
    back_to_text: "Zurück zum Text",
    done: "Erledigt",
    not_done: "Nicht erledigt",
    skip_to_story: "Zum Artikel springen",
    contents: "Inhalt",
    tags: "Schlagwörter",
    newer: "Neuer",
    older: "Älter",
    page_number: "Seite {page}",
    page_of: "Seite {page} von {pages}",
    pages: "Seiten",
    archive: "Archiv",
    all_tags: "Alle Schlagwörter",
    stories_tagged: "Artikel zum Thema {tag}",
    stories_from_year: "Artikel aus dem Jahr {year}",
    undated: "Ohne Datum",
    correction: "Korrektur",
    corrections: "Korrekturen",
    live: "Live",
    live_ended: "Liveticker beendet",
    stories_by: "Artikel von {author}",
};

// French phrases carry their narrow no-break spaces (U+202F) before `:`.
const FR: Builtin = Builtin {
    share_this_article: "Partager cet article\u{202F}:",
    more_from: "Autres articles de {site}",
    reading_time: "{minutes}\u{A0}min de lecture",
    published_by: "Publié par {site}.",
    by: "Par {authors}",
    updated: "Mis à jour",
    list_separator: ", ",
    email: "E-mail",
    latest_stories: "Derniers articles",
    latest_stories_from: "Les derniers articles de {site}.",
    back_to_text: "Retour au texte",
    done: "Fait",
    not_done: "À faire",
    skip_to_story: "Aller à l’article",
    contents: "Sommaire",
    tags: "Mots-clés",
    newer: "Plus récents",
    older: "Plus anciens",
    page_number: "Page {page}",
    page_of: "Page {page} sur {pages}",
    pages: "Pages",
    archive: "Archives",
    all_tags: "Tous les mots-clés",
    stories_tagged: "Articles sur {tag}",
    stories_from_year: "Articles de {year}",
    undated: "Sans date",
    correction: "Correction",
    corrections: "Corrections",
    live: "En direct",
    live_ended: "Fin du direct",
    stories_by: "Articles de {author}",
};

const ES: Builtin = Builtin {
    share_this_article: "Comparte este artículo:",
    more_from: "Más de {site}",
    reading_time: "{minutes}\u{A0}min de lectura",
    published_by: "Publicado por {site}.",
    by: "Por {authors}",
    updated: "Actualizado",
    list_separator: ", ",
    email: "Correo electrónico",
    latest_stories: "Últimas noticias",
    latest_stories_from: "Las últimas noticias de {site}.",
    back_to_text: "Volver al texto",
    done: "Hecho",
    not_done: "Pendiente",
    skip_to_story: "Saltar al artículo",
    contents: "Índice",
    tags: "Etiquetas",
    newer: "Más recientes",
    older: "Más antiguos",
    page_number: "Página {page}",
    page_of: "Página {page} de {pages}",
    pages: "Páginas",
    archive: "Archivo",
    all_tags: "Todas las etiquetas",
    stories_tagged: "Artículos sobre {tag}",
    stories_from_year: "Artículos de {year}",
    undated: "Sin fecha",
    correction: "Corrección",
    corrections: "Correcciones",
    live: "En directo",
    live_ended: "Fin de la cobertura en directo",
    stories_by: "Artículos de {author}",
};

const IT: Builtin = Builtin {
    share_this_article: "Condividi questo articolo:",
    more_from: "Altro da {site}",
    reading_time: "{minutes}\u{A0}min di lettura",
    published_by: "Pubblicato da {site}.",
    by: "Di {authors}",
    updated: "Aggiornato",
    list_separator: ", ",
    email: "E-mail",
    latest_stories: "Ultimi articoli",
    latest_stories_from: "Gli ultimi articoli di {site}.",
    back_to_text: "Torna al testo",
    done: "Fatto",
    not_done: "Da fare",
    skip_to_story: "Vai all’articolo",
    contents: "Indice",
    tags: "Tag",
    newer: "Più recenti",
    older: "Meno recenti",
    page_number: "Pagina {page}",
    page_of: "Pagina {page} di {pages}",
    pages: "Pagine",
    archive: "Archivio",
    all_tags: "Tutti i tag",
    stories_tagged: "Articoli su {tag}",
    stories_from_year: "Articoli del {year}",
    undated: "Senza data",
    correction: "Correzione",
    corrections: "Correzioni",
    live: "In diretta",
    live_ended: "Diretta conclusa",
    stories_by: "Articoli di {author}",
};

const PT: Builtin = Builtin {
    share_this_article: "Compartilhe este artigo:",
    more_from: "Mais de {site}",
    reading_time: "{minutes}\u{A0}min de leitura",
    published_by: "Publicado por {site}.",
    by: "Por {authors}",
    updated: "Atualizado",
    list_separator: ", ",
    email: "E-mail",
    latest_stories: "Últimas notícias",
    latest_stories_from: "As últimas notícias de {site}.",
    back_to_text: "Voltar ao texto",
    done: "Feito",
    not_done: "Por fazer",
    skip_to_story: "Ir para o artigo",
    contents: "Índice",
    tags: "Etiquetas",
    newer: "Mais recentes",
    older: "Mais antigos",
    page_number: "Página {page}",
    page_of: "Página {page} de {pages}",
    pages: "Páginas",
    archive: "Arquivo",
    all_tags: "Todas as etiquetas",
    stories_tagged: "Artigos sobre {tag}",
    stories_from_year: "Artigos de {year}",
    undated: "Sem data",
    correction: "Correção",
    corrections: "Correções",
    live: "Ao vivo",
    live_ended: "Cobertura ao vivo encerrada",
    stories_by: "Artigos de {author}",
};

const NL: Builtin = Builtin {
    share_this_article: "Deel dit artikel:",
    more_from: "Meer van {site}",
    reading_time: "{minutes}\u{A0}min leestijd",
    published_by: "Gepubliceerd door {site}.",
    by: "Door {authors}",
    updated: "Bijgewerkt",
    list_separator: ", ",
    email: "E-mail",
    latest_stories: "Laatste artikelen",
    latest_stories_from: "De laatste artikelen van {site}.",
    back_to_text: "Terug naar de tekst",
    done: "Klaar",
    not_done: "Niet klaar",
    skip_to_story: "Naar het artikel",
    contents: "Inhoud",
    tags: "Trefwoorden",
    newer: "Nieuwer",
    older: "Ouder",
    page_number: "Pagina {page}",
    page_of: "Pagina {page} van {pages}",
    pages: "Pagina's",
    archive: "Archief",
    all_tags: "Alle trefwoorden",
    stories_tagged: "Artikelen over {tag}",
    stories_from_year: "Artikelen uit {year}",
    undated: "Zonder datum",
    correction: "Correctie",
    corrections: "Correcties",
    live: "Live",
    live_ended: "Liveverslag beëindigd",
    stories_by: "Artikelen van {author}",
};

const PL: Builtin = Builtin {
    share_this_article: "Udostępnij ten artykuł:",
    more_from: "Więcej: {site}",
    reading_time: "{minutes}\u{A0}min czytania",
    published_by: "Wydawca: {site}.",
    by: "Autor: {authors}",
    updated: "Zaktualizowano",
    list_separator: ", ",
    email: "E-mail",
    latest_stories: "Najnowsze artykuły",
    latest_stories_from: "Najnowsze artykuły: {site}.",
    back_to_text: "Wróć do tekstu",
    done: "Zrobione",
    not_done: "Do zrobienia",
    skip_to_story: "Przejdź do artykułu",
    contents: "Spis treści",
    tags: "Tagi",
    newer: "Nowsze",
    older: "Starsze",
    page_number: "Strona {page}",
    page_of: "Strona {page} z {pages}",
    pages: "Strony",
    archive: "Archiwum",
    all_tags: "Wszystkie tagi",
    stories_tagged: "Artykuły z tagiem {tag}",
    stories_from_year: "Artykuły z {year} r.",
    undated: "Bez daty",
    correction: "Sprostowanie",
    corrections: "Sprostowania",
    live: "Na żywo",
    live_ended: "Relacja na żywo zakończona",
    stories_by: "Artykuły autora {author}",
};

const RU: Builtin = Builtin {
    share_this_article: "Поделиться статьёй:",
    more_from: "Другие материалы: {site}",
    reading_time: "{minutes}\u{A0}мин чтения",
    published_by: "Издание: {site}.",
    by: "Текст: {authors}",
    updated: "Обновлено",
    list_separator: ", ",
    email: "Эл. почта",
    latest_stories: "Последние материалы",
    latest_stories_from: "Последние материалы: {site}.",
    back_to_text: "Вернуться к тексту",
    done: "Выполнено",
    not_done: "Не выполнено",
    skip_to_story: "Перейти к статье",
    contents: "Содержание",
    tags: "Теги",
    newer: "Новее",
    older: "Старее",
    page_number: "Страница {page}",
    page_of: "Страница {page} из {pages}",
    pages: "Страницы",
    archive: "Архив",
    all_tags: "Все теги",
    stories_tagged: "Статьи с тегом {tag}",
    stories_from_year: "Статьи за {year} год",
    undated: "Без даты",
    correction: "Исправление",
    corrections: "Исправления",
    live: "Онлайн",
    live_ended: "Трансляция завершена",
    stories_by: "Статьи автора {author}",
};

const TR: Builtin = Builtin {
    share_this_article: "Bu haberi paylaşın:",
    more_from: "{site} sitesinden diğer haberler",
    reading_time: "{minutes}\u{A0}dk okuma",
    published_by: "Yayımlayan: {site}.",
    by: "Yazan: {authors}",
    updated: "Güncellendi",
    list_separator: ", ",
    email: "E-posta",
    latest_stories: "Son haberler",
    latest_stories_from: "{site} sitesinden son haberler.",
    back_to_text: "Metne dön",
    done: "Tamamlandı",
    not_done: "Tamamlanmadı",
    skip_to_story: "Habere geç",
    contents: "İçindekiler",
    tags: "Etiketler",
    newer: "Daha yeni",
    older: "Daha eski",
    page_number: "Sayfa {page}",
    page_of: "Sayfa {page} / {pages}",
    pages: "Sayfalar",
    archive: "Arşiv",
    all_tags: "Tüm etiketler",
    stories_tagged: "{tag} etiketli yazılar",
    stories_from_year: "{year} yılından yazılar",
    undated: "Tarihsiz",
    correction: "Düzeltme",
    corrections: "Düzeltmeler",
    live: "Canlı",
    live_ended: "Canlı yayın sona erdi",
    stories_by: "{author} imzalı haberler",
};

const AR: Builtin = Builtin {
    share_this_article: "شارك هذا المقال:",
    more_from: "المزيد من {site}",
    reading_time: "وقت القراءة: {minutes}\u{A0}د",
    published_by: "نشره {site}.",
    by: "بقلم {authors}",
    updated: "آخر تحديث",
    list_separator: "، ",
    email: "البريد الإلكتروني",
    latest_stories: "أحدث المقالات",
    latest_stories_from: "أحدث المقالات من {site}.",
    back_to_text: "العودة إلى النص",
    done: "منجز",
    not_done: "غير منجز",
    skip_to_story: "انتقل إلى المقال",
    contents: "المحتويات",
    tags: "الوسوم",
    newer: "الأحدث",
    older: "الأقدم",
    page_number: "الصفحة {page}",
    page_of: "الصفحة {page} من {pages}",
    pages: "الصفحات",
    archive: "الأرشيف",
    all_tags: "كل الوسوم",
    stories_tagged: "مقالات بوسم {tag}",
    stories_from_year: "مقالات من عام {year}",
    undated: "بلا تاريخ",
    correction: "تصحيح",
    corrections: "تصحيحات",
    live: "مباشر",
    live_ended: "انتهت التغطية المباشرة",
    stories_by: "مقالات {author}",
};

const HE: Builtin = Builtin {
    share_this_article: "שתפו את הכתבה:",
    more_from: "עוד מ־{site}",
    reading_time: "זמן קריאה: {minutes}\u{A0}דק׳",
    published_by: "פורסם על ידי {site}.",
    by: "מאת {authors}",
    updated: "עודכן",
    list_separator: ", ",
    email: "דוא״ל",
    latest_stories: "כתבות אחרונות",
    latest_stories_from: "הכתבות האחרונות מ־{site}.",
    back_to_text: "חזרה לטקסט",
    done: "בוצע",
    not_done: "לא בוצע",
    skip_to_story: "דילוג לכתבה",
    contents: "תוכן העניינים",
    tags: "תגיות",
    newer: "חדשות יותר",
    older: "ישנות יותר",
    page_number: "עמוד {page}",
    page_of: "עמוד {page} מתוך {pages}",
    pages: "עמודים",
    archive: "ארכיון",
    all_tags: "כל התגיות",
    stories_tagged: "כתבות בתגית {tag}",
    stories_from_year: "כתבות משנת {year}",
    undated: "ללא תאריך",
    correction: "תיקון",
    corrections: "תיקונים",
    live: "בשידור חי",
    live_ended: "הסיקור החי הסתיים",
    stories_by: "כתבות מאת {author}",
};

const JA: Builtin = Builtin {
    share_this_article: "この記事をシェア：",
    more_from: "{site}のその他の記事",
    reading_time: "{minutes}分で読めます",
    published_by: "発行：{site}",
    by: "文：{authors}",
    updated: "更新",
    list_separator: "、",
    email: "メール",
    latest_stories: "最新記事",
    latest_stories_from: "{site}の最新記事。",
    back_to_text: "本文に戻る",
    done: "完了",
    not_done: "未完了",
    skip_to_story: "本文へ移動",
    contents: "目次",
    tags: "タグ",
    newer: "新しい記事",
    older: "古い記事",
    page_number: "{page}ページ",
    page_of: "{page} / {pages}ページ",
    pages: "ページ",
    archive: "アーカイブ",
    all_tags: "すべてのタグ",
    stories_tagged: "「{tag}」の記事",
    stories_from_year: "{year}年の記事",
    undated: "日付なし",
    correction: "訂正",
    corrections: "訂正",
    live: "ライブ",
    live_ended: "ライブ更新は終了しました",
    stories_by: "{author}の記事",
};

const ZH: Builtin = Builtin {
    share_this_article: "分享本文：",
    more_from: "{site}的更多文章",
    reading_time: "阅读约需{minutes}分钟",
    published_by: "由{site}发布。",
    by: "作者：{authors}",
    updated: "更新于",
    list_separator: "、",
    email: "电子邮件",
    latest_stories: "最新文章",
    latest_stories_from: "{site}的最新文章。",
    back_to_text: "返回正文",
    done: "已完成",
    not_done: "未完成",
    skip_to_story: "跳到正文",
    contents: "目录",
    tags: "标签",
    newer: "较新",
    older: "较旧",
    page_number: "第{page}页",
    page_of: "第{page}页，共{pages}页",
    pages: "页面",
    archive: "归档",
    all_tags: "所有标签",
    stories_tagged: "标签为“{tag}”的文章",
    stories_from_year: "{year}年的文章",
    undated: "无日期",
    correction: "更正",
    corrections: "更正",
    live: "直播",
    live_ended: "直播已结束",
    stories_by: "{author}的文章",
};

const ZH_HANT: Builtin = Builtin {
    reading_time: "閱讀約需{minutes}分鐘",
    published_by: "由{site}發布。",
    updated: "更新於",
    email: "電子郵件",
    contents: "目錄",
    tags: "標籤",
    newer: "較新",
    older: "較舊",
    page_number: "第{page}頁",
    page_of: "第{page}頁，共{pages}頁",
    pages: "頁面",
    archive: "歸檔",
    all_tags: "所有標籤",
    stories_tagged: "標籤為「{tag}」的文章",
    undated: "無日期",
    live_ended: "直播已結束",
    // The rest is written alike in both scripts.
    ..ZH
};

const KO: Builtin = Builtin {
    share_this_article: "이 기사 공유하기:",
    more_from: "{site}의 다른 기사",
    reading_time: "읽는 데 {minutes}분",
    published_by: "발행: {site}",
    by: "글: {authors}",
    updated: "수정",
    list_separator: ", ",
    email: "이메일",
    latest_stories: "최신 기사",
    latest_stories_from: "{site}의 최신 기사.",
    back_to_text: "본문으로 돌아가기",
    done: "완료",
    not_done: "미완료",
    skip_to_story: "본문으로 건너뛰기",
    contents: "목차",
    tags: "태그",
    newer: "최신 글",
    older: "이전 글",
    page_number: "{page}페이지",
    page_of: "{pages}페이지 중 {page}페이지",
    pages: "페이지",
    archive: "보관함",
    all_tags: "모든 태그",
    stories_tagged: "'{tag}' 태그 기사",
    stories_from_year: "{year}년 기사",
    undated: "날짜 없음",
    correction: "정정",
    corrections: "정정",
    live: "라이브",
    live_ended: "라이브 중계 종료",
    stories_by: "{author}의 기사",
};

const HI: Builtin = Builtin {
    share_this_article: "यह लेख साझा करें:",
    more_from: "{site} से और",
    reading_time: "{minutes} मिनट में पढ़ें",
    published_by: "{site} द्वारा प्रकाशित।",
    by: "लेखक: {authors}",
    updated: "अपडेट किया गया",
    list_separator: ", ",
    email: "ईमेल",
    latest_stories: "ताज़ा लेख",
    latest_stories_from: "{site} के ताज़ा लेख।",
    back_to_text: "पाठ पर वापस जाएँ",
    done: "पूरा हुआ",
    not_done: "बाकी",
    skip_to_story: "लेख पर जाएँ",
    contents: "विषय-सूची",
    tags: "टैग",
    newer: "नए",
    older: "पुराने",
    page_number: "पृष्ठ {page}",
    page_of: "पृष्ठ {page} / {pages}",
    pages: "पृष्ठ",
    archive: "संग्रह",
    all_tags: "सभी टैग",
    stories_tagged: "{tag} टैग वाले लेख",
    stories_from_year: "{year} के लेख",
    undated: "बिना तारीख",
    correction: "सुधार",
    corrections: "सुधार",
    live: "लाइव",
    live_ended: "लाइव कवरेज समाप्त",
    stories_by: "{author} के लेख",
};

/// `phrase` with `{name}` replaced by `value`.
pub fn fill(phrase: &str, name: &str, value: &str) -> String {
    phrase.replace(&format!("{{{name}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_phrase() {
        for tag in LANGUAGES {
            let s = Strings::new(&Lang::new(tag), &StringsConfig::default());
            let json = serde_json::to_value(&s).unwrap();
            for (key, value) in json.as_object().unwrap() {
                assert!(!value.as_str().unwrap().trim().is_empty(), "{tag}: {key}");
            }
            assert!(
                s.more_from.contains("{site}") && s.published_by.contains("{site}"),
                "{tag}"
            );
            assert!(
                s.reading_time.contains("{minutes}") && s.by.contains("{authors}"),
                "{tag}"
            );
            assert!(
                s.page_number.contains("{page}")
                    && s.page_of.contains("{page}")
                    && s.page_of.contains("{pages}"),
                "{tag}"
            );
            assert!(
                s.stories_tagged.contains("{tag}")
                    && s.stories_from_year.contains("{year}")
                    && s.stories_by.contains("{author}"),
                "{tag}"
            );
            if *tag != "en" {
                assert_ne!(s.share_this_article, EN.share_this_article, "{tag}");
            }
        }
    }

    #[test]
    fn regions_fall_back_to_their_language_and_overrides_win() {
        let overrides: StringsConfig =
            toml::from_str("more_from = \"Weiteres aus {site}\"").unwrap();
        let s = Strings::new(&Lang::new("de-AT"), &overrides);
        assert_eq!(s.more_from, "Weiteres aus {site}");
        assert_eq!(s.share_this_article, "Diesen Artikel teilen:");
        assert_eq!(
            Strings::new(&Lang::new("zh-TW"), &StringsConfig::default()).reading_time,
            "閱讀約需{minutes}分鐘"
        );
        assert_eq!(
            Strings::new(&Lang::new("xx"), &StringsConfig::default()),
            Strings::default()
        );
        assert!(
            toml::from_str::<StringsConfig>("more_form = \"x\"").is_err(),
            "a typo is an error"
        );
        assert_eq!(
            fill("More from {site}", "site", "Inquisitr"),
            "More from Inquisitr"
        );
    }
}
