//! Metadata kept on purpose. Nothing a camera or an editor wrote is copied
//! to the output: the encoders write pixels only. When `[images]
//! keep_metadata` names fields (`copyright`, `artist`), a new EXIF block is
//! built holding those fields alone and added to the output file.

/// The IFD0 tag of each field `[images] keep_metadata` may name
/// ([`crate::config::KEEPABLE_METADATA`]).
fn tag(name: &str) -> Option<u16> {
    match name {
        "copyright" => Some(0x8298),
        "artist" => Some(0x013b),
        _ => None,
    }
}

/// A fresh EXIF block (TIFF, little-endian) holding only the fields of
/// `exif` named in `keep`, or None when nothing is to be kept.
pub(crate) fn kept_exif(exif: Option<&[u8]>, keep: &[String]) -> Option<Vec<u8>> {
    let exif = exif?;
    let mut tags: Vec<u16> = keep.iter().filter_map(|name| tag(name)).collect();
    tags.sort_unstable();
    tags.dedup();
    let fields: Vec<(u16, Vec<u8>)> =
        tags.into_iter().filter_map(|tag| ascii_field(exif, tag).map(|v| (tag, v))).collect();
    if fields.is_empty() {
        return None;
    }
    let mut out = b"II*\0\x08\0\0\0".to_vec();
    let count = fields.len() as u16;
    let mut data_at = 8 + 2 + 12 * u32::from(count) + 4;
    let mut data = Vec::new();
    out.extend(count.to_le_bytes());
    for (tag, mut value) in fields {
        value.push(0);
        out.extend(tag.to_le_bytes());
        out.extend(2u16.to_le_bytes()); // ASCII
        out.extend((value.len() as u32).to_le_bytes());
        if value.len() <= 4 {
            value.resize(4, 0);
            out.extend(&value);
        } else {
            out.extend(data_at.to_le_bytes());
            data_at += value.len() as u32 + (value.len() as u32 & 1);
            if value.len() % 2 == 1 {
                value.push(0);
            }
            data.extend(value);
        }
    }
    out.extend(0u32.to_le_bytes());
    out.extend(data);
    Some(out)
}

/// The text of ASCII tag `tag` in IFD0 of the TIFF structure `exif`
/// (which may start with `Exif\0\0`), without its trailing NULs.
fn ascii_field(exif: &[u8], tag: u16) -> Option<Vec<u8>> {
    let tiff = exif.strip_prefix(b"Exif\0\0").unwrap_or(exif);
    let little = match tiff.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if little { u16::from_le_bytes(b) } else { u16::from_be_bytes(b) })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    };
    let ifd = u32_at(4)? as usize;
    let entries = u16_at(ifd)? as usize;
    for i in 0..entries.min(1000) {
        let entry = ifd + 2 + 12 * i;
        if u16_at(entry)? != tag || u16_at(entry + 2)? != 2 {
            continue;
        }
        let len = u32_at(entry + 4)? as usize;
        let value = if len <= 4 { tiff.get(entry + 8..entry + 8 + len)? } else {
            let at = u32_at(entry + 8)? as usize;
            tiff.get(at..at.checked_add(len)?)?
        };
        let text: Vec<u8> = value.iter().copied().take_while(|&b| b != 0).collect();
        let printable = text.iter().all(|&b| (0x20..0x7f).contains(&b));
        return (!text.is_empty() && printable).then_some(text);
    }
    None
}

/// A simple-format WebP file (`RIFF…WEBP` with one `VP8 `/`VP8L` chunk, or
/// already extended) with an `EXIF` chunk holding `exif` added.
pub(crate) fn webp_with_exif(webp: &[u8], exif: &[u8], width: u32, height: u32, alpha: bool) -> Vec<u8> {
    let mut chunks: Vec<([u8; 4], &[u8])> = Vec::new();
    let mut at = 12;
    while at + 8 <= webp.len() {
        let id: [u8; 4] = webp[at..at + 4].try_into().unwrap_or(*b"    ");
        let len = u32::from_le_bytes(webp[at + 4..at + 8].try_into().unwrap_or([0; 4])) as usize;
        let end = (at + 8 + len).min(webp.len());
        chunks.push((id, &webp[at + 8..end]));
        at = end + (len & 1);
    }
    let mut flags = 0x08u8; // EXIF
    if alpha {
        flags |= 0x10;
    }
    let mut vp8x = vec![flags, 0, 0, 0];
    vp8x.extend(&(width - 1).to_le_bytes()[..3]);
    vp8x.extend(&(height - 1).to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    let mut push = |id: &[u8], data: &[u8]| {
        body.extend(id);
        body.extend((data.len() as u32).to_le_bytes());
        body.extend(data);
        if data.len() % 2 == 1 {
            body.push(0);
        }
    };
    push(b"VP8X", &vp8x);
    for (id, data) in chunks.iter().filter(|(id, _)| id != b"VP8X" && id != b"EXIF") {
        push(id, data);
    }
    push(b"EXIF", exif);
    let mut out = b"RIFF".to_vec();
    out.extend((body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exif_with(fields: &[(u16, &str)]) -> Vec<u8> {
        let mut out = b"MM\0*\0\0\0\x08".to_vec();
        out.extend((fields.len() as u16).to_be_bytes());
        let mut data_at = 8 + 2 + 12 * fields.len() as u32 + 4;
        let mut data = Vec::new();
        for (tag, text) in fields {
            out.extend(tag.to_be_bytes());
            out.extend(2u16.to_be_bytes());
            out.extend((text.len() as u32 + 1).to_be_bytes());
            out.extend(data_at.to_be_bytes());
            data.extend(text.as_bytes());
            data.push(0);
            data_at += text.len() as u32 + 1;
        }
        out.extend([0; 4]);
        out.extend(data);
        out
    }

    #[test]
    fn every_keepable_field_has_a_tag() {
        assert!(crate::config::KEEPABLE_METADATA.iter().all(|name| tag(name).is_some()));
    }

    #[test]
    fn keeps_only_the_named_fields() {
        let exif = exif_with(&[(0x013b, "Jane Photographer"), (0x8298, "(c) 2024 The Daily"), (0x010f, "Canon")]);
        assert_eq!(kept_exif(Some(&exif), &[]), None);
        let kept = kept_exif(Some(&exif), &["copyright".into()]).unwrap();
        assert_eq!(ascii_field(&kept, 0x8298).unwrap(), b"(c) 2024 The Daily");
        assert_eq!(ascii_field(&kept, 0x013b), None);
        assert!(!kept.windows(5).any(|w| w == b"Canon"));
        let both = kept_exif(Some(&exif), &["copyright".into(), "artist".into()]).unwrap();
        assert_eq!(ascii_field(&both, 0x013b).unwrap(), b"Jane Photographer");
    }
}
