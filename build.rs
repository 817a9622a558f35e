//! Links the `broadside` binary as a position-dependent executable on
//! Linux with glibc: the loader then has no relocations to apply to it
//! (a PIE build has about 47,000, and applying them dirties the pages that
//! hold them), which was most of the system time of a one-story build
//! (BENCHMARKS.md, "Speed, round two"). The cost: the image of the
//! binary itself is not randomised (libraries, heap and stack still are).

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
