//! A decoded still image, as every decoder of the photo pipeline hands it
//! on (`decode.rs` for the `image` crate's formats, `avif/` for AVIF).

use image::DynamicImage;

/// A still image, upright, with what it carried beside its pixels.
pub(crate) struct Decoded {
    pub image: DynamicImage,
    /// The ICC colour profile, when the file has one.
    pub icc: Option<Vec<u8>>,
    /// The raw EXIF (a TIFF structure), read only for the fields kept on purpose.
    pub exif: Option<Vec<u8>>,
}
