//! The site folder's own files, published as its generator published them:
//! Hugo's and Zola's `static/` folder at the site's root, and every file
//! Jekyll copies as it is (`CNAME`, `favicon.ico`, `robots.txt`, `css/`,
//! downloads): those outside folders and names starting with `_` or `.`,
//! not excluded by `_config.yml` or Jekyll's defaults (`Gemfile`,
//! `vendor/`, …), and without front matter (a page Jekyll would render
//! with the site's templates, not copy).

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Generator, SourceSite};

/// Jekyll's own `exclude` list, always applied.
const JEKYLL_EXCLUDED: &[&str] = &[
    "Gemfile",
    "Gemfile.lock",
    "gemfiles",
    "node_modules",
    "vendor/bundle",
    "vendor/cache",
    "vendor/gems",
    "vendor/ruby",
    "site.toml",
];

/// Each file to publish as it is: its path in the output (with `/`) and
/// its file, in a stable order. Story files are never among them.
pub(crate) fn static_files(site: &SourceSite) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    match site.generator {
        Some(Generator::Jekyll) => walk(&site.root, &site.root, site, &mut files),
        Some(Generator::Hugo | Generator::Zola) => {
            let folder = site.root.join("static");
            walk(&folder, &folder, site, &mut files);
        }
        None => {}
    }
    files.sort();
    files
}

fn walk(root: &Path, dir: &Path, site: &SourceSite, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let jekyll = site.generator == Some(Generator::Jekyll);
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(relative) = path
            .strip_prefix(root)
            .ok()
            .map(|r| r.to_string_lossy().replace('\\', "/"))
        else {
            continue;
        };
        if name.starts_with('.') || (jekyll && excluded(&name, &relative, site)) {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, site, out);
        } else if path.is_file()
            && !(jekyll && (crate::unbuilt::is_story_file(&path) || has_front_matter(&path)))
        {
            out.push((relative, path));
        }
    }
}

/// Whether Jekyll leaves out the file or folder `name` at `relative`.
fn excluded(name: &str, relative: &str, site: &SourceSite) -> bool {
    name.starts_with(['_', '#', '~'])
        || name.ends_with('~')
        || JEKYLL_EXCLUDED
            .iter()
            .copied()
            .chain(site.exclude.iter().map(|e| e.trim_matches('/')))
            .any(|e| relative == e || relative.starts_with(&format!("{e}/")))
}

/// Whether the file starts with a `---` line, as a page Jekyll renders does.
fn has_front_matter(path: &Path) -> bool {
    let mut head = [0u8; 5];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let n = file.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    head.starts_with(b"---\n") || head.starts_with(b"---\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_copies_what_it_does_not_render() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (name, text) in [
            ("CNAME", "news.example.org\n"),
            ("favicon.ico", "icon"),
            ("feed.xml", "---\nlayout: null\n---\n<feed/>"),
            ("Gemfile", "source"),
            ("_config.yml", "url: x"),
            ("_posts/2020-01-05-quay.md", "---\ntitle: Quay\n---\nText"),
            ("about.md", "Text"),
            ("downloads/tide-table.pdf", "pdf"),
            ("private/notes.txt", "notes"),
            (".git/HEAD", "ref"),
        ] {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let site = SourceSite {
            generator: Some(Generator::Jekyll),
            root: root.to_path_buf(),
            exclude: vec!["private/".into()],
            ..SourceSite::default()
        };
        let names: Vec<String> = static_files(&site).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["CNAME", "downloads/tide-table.pdf", "favicon.ico"]);
        let hugo = SourceSite {
            generator: Some(Generator::Hugo),
            ..site
        };
        std::fs::create_dir_all(root.join("static/img")).unwrap();
        std::fs::write(root.join("static/img/a.png"), "png").unwrap();
        let names: Vec<String> = static_files(&hugo).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["img/a.png"]);
    }
}
