use ssimulacra2::{compute_frame_ssimulacra2, ColorPrimaries, Rgb, TransferCharacteristic};
fn rgb(img: &image::RgbImage) -> Rgb {
    let data: Vec<[f32; 3]> = img.pixels().map(|p| [p[0] as f32 / 255.0, p[1] as f32 / 255.0, p[2] as f32 / 255.0]).collect();
    Rgb::new(data, img.width() as usize, img.height() as usize, TransferCharacteristic::SRGB, ColorPrimaries::BT709).unwrap()
}
fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a[1] == "mozjpeg" {
        let img = image::open(&a[2]).unwrap().to_rgb8();
        let q: f32 = a[3].parse().unwrap();
        let mut c = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_RGB);
        c.set_size(img.width() as usize, img.height() as usize);
        c.set_quality(q);
        c.set_progressive_mode();
        c.set_optimize_scans(true);
        let mut s = c.start_compress(Vec::new()).unwrap();
        s.write_scanlines(img.as_raw()).unwrap();
        let out = s.finish().unwrap();
        std::fs::write(&a[4], out).unwrap();
        return;
    }
    let x = image::open(&a[1]).unwrap().to_rgb8();
    let y = image::open(&a[2]).unwrap().to_rgb8();
    println!("{:.2}", compute_frame_ssimulacra2(rgb(&x), rgb(&y)).unwrap());
}
