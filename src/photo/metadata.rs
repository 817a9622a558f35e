//! Metadata kept on purpose. Nothing a camera or an editor wrote is copied
//! to the output: the encoders write pixels only. When `[images]
//! keep_metadata` names fields (`copyright`, `artist`), they are read from
//! the original's EXIF and a new EXIF block holding those fields alone is
//! written (both with kamadak-exif) and put into the output file (an `EXIF`
//! chunk, with img-parts; the share crops' JPEG encoder takes it itself).

use exif::{Field, In, Tag, Value};
use img_parts::ImageEXIF;
use img_parts::webp::WebP;

/// The EXIF tag of each field `[images] keep_metadata` may name
/// ([`crate::config::KEEPABLE_METADATA`]).
fn tag(name: &str) -> Option<Tag> {
    match name {
        "copyright" => Some(Tag::Copyright),
        "artist" => Some(Tag::Artist),
        _ => None,
    }
}

/// A fresh EXIF block (TIFF, little-endian) holding only the fields of
/// `exif` named in `keep`, as printable text, or None when nothing is to
/// be kept (or the original's EXIF cannot be read).
pub(crate) fn kept_exif(exif: Option<&[u8]>, keep: &[String]) -> Option<Vec<u8>> {
    let exif = exif?;
    let tiff = exif.strip_prefix(b"Exif\0\0").unwrap_or(exif);
    let read = exif::Reader::new().read_raw(tiff.to_vec()).ok()?;
    let mut tags: Vec<Tag> = keep.iter().filter_map(|name| tag(name)).collect();
    tags.sort_by_key(|t| t.number());
    tags.dedup();
    let fields: Vec<Field> = tags
        .into_iter()
        .filter_map(|tag| {
            let Value::Ascii(lines) = &read.get_field(tag, In::PRIMARY)?.value else {
                return None;
            };
            let text: Vec<u8> = lines
                .first()?
                .iter()
                .copied()
                .take_while(|&b| b != 0)
                .collect();
            let printable = !text.is_empty() && text.iter().all(|b| (0x20..0x7f).contains(b));
            printable.then(|| Field {
                tag,
                ifd_num: In::PRIMARY,
                value: Value::Ascii(vec![text]),
            })
        })
        .collect();
    if fields.is_empty() {
        return None;
    }
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    writer.write(&mut out, true).ok()?;
    Some(out.into_inner())
}

/// The WebP file `webp` with an `EXIF` chunk holding `exif` (made an
/// extended-format file if it was a simple one).
pub(crate) fn webp_with_exif(webp: Vec<u8>, exif: &[u8]) -> Result<Vec<u8>, String> {
    let mut file = WebP::from_bytes(webp.into())
        .map_err(|e| format!("the WebP just made cannot be read back: {e}"))?;
    file.set_exif(Some(exif.to_vec().into()));
    Ok(file.encoder().bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of `tag` in the EXIF block `exif`.
    fn text(exif: &[u8], tag: Tag) -> Option<String> {
        let read = exif::Reader::new().read_raw(exif.to_vec()).ok()?;
        let field = read.get_field(tag, In::PRIMARY)?;
        Some(
            field
                .display_value()
                .to_string()
                .trim_matches('"')
                .to_string(),
        )
    }

    fn exif_with(fields: &[(Tag, &str)]) -> Vec<u8> {
        let fields: Vec<Field> = fields
            .iter()
            .map(|(tag, text)| Field {
                tag: *tag,
                ifd_num: In::PRIMARY,
                value: Value::Ascii(vec![text.as_bytes().to_vec()]),
            })
            .collect();
        let mut writer = exif::experimental::Writer::new();
        for field in &fields {
            writer.push_field(field);
        }
        let mut out = std::io::Cursor::new(Vec::new());
        writer.write(&mut out, false).unwrap();
        out.into_inner()
    }

    #[test]
    fn every_keepable_field_has_a_tag() {
        assert!(
            crate::config::KEEPABLE_METADATA
                .iter()
                .all(|name| tag(name).is_some())
        );
    }

    #[test]
    fn keeps_only_the_named_fields() {
        let exif = exif_with(&[
            (Tag::Make, "Canon"),
            (Tag::Artist, "Jane Photographer"),
            (Tag::Copyright, "(c) 2024 The Daily"),
        ]);
        assert_eq!(kept_exif(Some(&exif), &[]), None);
        let kept = kept_exif(Some(&exif), &["copyright".into()]).unwrap();
        assert_eq!(
            text(&kept, Tag::Copyright).as_deref(),
            Some("(c) 2024 The Daily")
        );
        assert_eq!(text(&kept, Tag::Artist), None);
        assert!(!kept.windows(5).any(|w| w == b"Canon"));
        let both = kept_exif(Some(&exif), &["copyright".into(), "artist".into()]).unwrap();
        assert_eq!(
            text(&both, Tag::Artist).as_deref(),
            Some("Jane Photographer")
        );
        // Damaged EXIF keeps nothing, and is no error.
        assert_eq!(
            kept_exif(Some(b"MM\0*garbage"), &["copyright".into()]),
            None
        );
    }
}
