//! Makes the photographs of the web judges' `photos` fixture from the
//! scikit-image sample photos (downloaded by tests/web/build-sites.sh, not
//! committed):
//!
//!     cargo run --release --example test-photos -- SKIMAGE_DATA_DIR OUT_DIR
//!
//! OUT_DIR/lead.jpg: a 12-megapixel camera JPEG (4032 × 3024 stored, EXIF
//! Orientation 6, so upright it is a 3024 × 4032 portrait) with the EXIF a
//! camera writes (make, artist, GPS position), XMP, IPTC and a comment: a
//! crop of `motorcycle_left.png` enlarged with sensor noise added.
//! OUT_DIR/coffee.png: `coffee.png` with a text chunk and EXIF added.
//!
//!     cargo run --release --example test-photos -- corpus N OUT_DIR
//!
//! N stories, each a page bundle with its own 1600 × 1200 camera JPEG as
//! the lead photo, for the cache benchmark (BENCHMARKS.md).

#[path = "../tests/testsuite/photos_support.rs"]
mod photos;

use image::imageops::FilterType;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, corpus, n, out] = &args[..]
        && corpus == "corpus"
    {
        return make_corpus(n.parse().expect("N is a number"), std::path::Path::new(out));
    }
    let [_, data, out] = &args[..] else {
        eprintln!("usage: test-photos SKIMAGE_DATA_DIR OUT_DIR");
        std::process::exit(2);
    };
    let data = std::path::Path::new(data);
    let out = std::path::Path::new(out);
    std::fs::create_dir_all(out).expect("make OUT_DIR");
    let motorcycle = image::open(data.join("motorcycle_left.png"))
        .expect("motorcycle_left.png")
        .to_rgb8();
    // A 3:4 portrait crop, enlarged to 3024 × 4032 with sensor noise.
    let (w, h) = (motorcycle.width(), motorcycle.height());
    let crop_w = h * 3 / 4;
    let portrait =
        image::imageops::crop_imm(&motorcycle, (w - crop_w) / 2, 0, crop_w, h).to_image();
    let mut upright = image::imageops::resize(&portrait, 3024, 4032, FilterType::Lanczos3);
    let grain = photos::grain(3024 * 4032, 6.0);
    for (p, g) in upright.pixels_mut().zip(grain) {
        for c in &mut p.0 {
            *c = (i16::from(*c) + g).clamp(0, 255) as u8;
        }
    }
    // Stored as the camera held it: turned a quarter to the left; EXIF
    // Orientation 6 says to turn it a quarter to the right to show it.
    let stored = image::imageops::rotate270(&upright);
    std::fs::write(out.join("lead.jpg"), photos::jpeg(&stored, 6, 92)).expect("write lead.jpg");
    let coffee = image::open(data.join("coffee.png"))
        .expect("coffee.png")
        .to_rgba8();
    std::fs::write(out.join("coffee.png"), photos::png(&coffee, 1)).expect("write coffee.png");
}

fn make_corpus(n: u32, out: &std::path::Path) {
    let base = photos::synthetic_photo(1600, 1200, 8.0);
    for i in 0..n {
        let dir = out.join(format!("story-{i:04}"));
        std::fs::create_dir_all(&dir).expect("make the story folder");
        let mut photo = base.clone();
        // A different photo for every story: the story's number in black and
        // white 16-pixel squares across the top, one square a bit.
        for bit in 0..12 {
            let colour = if i >> bit & 1 == 1 {
                [255, 255, 255]
            } else {
                [0, 0, 0]
            };
            for y in 0..16 {
                for x in bit * 16..bit * 16 + 16 {
                    photo.put_pixel(x, y, image::Rgb(colour));
                }
            }
        }
        std::fs::write(dir.join("photo.jpg"), photos::jpeg(&photo, 1, 85))
            .expect("write photo.jpg");
        let story = format!(
            "+++\ntitle = \"Story {i}\"\ndate = 2024-01-01\nimage = \"photo.jpg\"\nimage_alt = \"A hill under the sky\"\n+++\n\n{}\n",
            "The harbour reopened on Monday after the storm. ".repeat(60)
        );
        std::fs::write(dir.join("index.md"), story).expect("write index.md");
    }
}
