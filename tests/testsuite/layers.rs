//! The house's layers, held to the map in `docs/architecture.md`: the
//! library's top-level modules stand on numbered floors, and a module may
//! use only modules on lower floors (as a Cargo workspace of crates would
//! allow, but checked here without moving the code into crates). Inside a
//! module, its files form no circle: a file may use its own parent module
//! (where shared types live), never a sibling that uses it back.
//!
//! The reading is textual, as `rustc` would resolve the paths a file names
//! (`crate::a::b`, `super::c`, a child module's `d::e`), with comments,
//! string literals and the trailing `#[cfg(test)] mod tests` left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::repo;

/// A module path inside the library (`["markdown", "links"]`).
type ModPath = Vec<String>;

/// Every `.rs` file of the library, by module path, with its code.
fn library() -> BTreeMap<ModPath, (PathBuf, String)> {
    let src = repo().join("src");
    let binary = binary_modules(&src);
    let mut files = BTreeMap::new();
    let mut tests = BTreeSet::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap().with_extension("");
            let mut segments: ModPath = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if segments.last().is_some_and(|s| s == "mod") {
                segments.pop();
            }
            if segments == ["lib"] {
                segments.clear();
            }
            if segments == ["main"] || segments.first().is_some_and(|s| binary.contains(s)) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // A file of tests (`#[cfg(test)] mod variables_tests;`) is not
            // the library's: it may use anything.
            for test_module in text.split("#[cfg(test)]\nmod ").skip(1) {
                if let Some(name) = test_module.split(';').next().filter(|n| !n.contains('{')) {
                    let mut module = segments.clone();
                    module.push(name.trim().to_string());
                    tests.insert(module);
                }
            }
            files.insert(segments, (path, code_of(&text)));
        }
    }
    files.retain(|module, _| !tests.contains(module));
    files
}

/// The modules `main.rs` declares: the binary's, not the library's.
fn binary_modules(src: &Path) -> BTreeSet<String> {
    let main = std::fs::read_to_string(src.join("main.rs")).unwrap();
    main.lines()
        .filter_map(|l| l.trim().strip_prefix("mod "))
        .map(|l| l.trim_end_matches(';').trim().to_string())
        .collect()
}

/// `text` without comments, string literals and a trailing test module.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            // A character literal: `'"'`, `'\''`, `'\\'` (not a lifetime).
            '\'' if chars.get(i + 1) == Some(&'\\') => {
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
                continue;
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => {
                i += 3;
                out.push_str("' '");
                continue;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                out.push_str("\"\"");
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// The paths `code` names that start with `crate`, `super`, `self` or one
/// of `children`, each as its segments (use groups expanded).
fn named_paths(code: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut paths = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_ident(bytes[i]) || (i > 0 && (is_ident(bytes[i - 1]) || bytes[i - 1] == b':')) {
            i += 1;
            continue;
        }
        let (path, end) = read_path(code, i);
        let first = path.first().map(String::as_str);
        let wanted = matches!(first, Some("crate" | "super" | "self"))
            || first.is_some_and(|f| children.contains(f));
        if wanted && path.len() > 1 {
            paths.extend(expand(code, end, path));
        }
        i = end.max(i + 1);
    }
    paths
}

/// The `a::b::c` path starting at `start`, and where it ends.
fn read_path(code: &str, start: usize) -> (Vec<String>, usize) {
    let bytes = code.as_bytes();
    let mut segments = Vec::new();
    let mut i = start;
    loop {
        let begin = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        if begin == i {
            break;
        }
        segments.push(code[begin..i].to_string());
        if code[i..].starts_with("::") && !code[i + 2..].starts_with('{') {
            i += 2;
        } else {
            break;
        }
    }
    (segments, i)
}

/// `path`, or, when a use group `::{…}` follows at `end`, each path of it.
fn expand(code: &str, end: usize, path: Vec<String>) -> Vec<Vec<String>> {
    let Some(group) = code[end..].strip_prefix("::{") else {
        return vec![path];
    };
    let close = group.find('}').unwrap_or(group.len());
    group[..close]
        .split(',')
        .map(|item| item.split(" as ").next().unwrap_or("").trim())
        .filter(|item| !item.is_empty() && *item != "self")
        .map(|item| {
            let mut full = path.clone();
            full.extend(item.split("::").map(str::to_string));
            full
        })
        .chain(std::iter::once(path.clone()))
        .collect()
}

/// The file a path names, from the file at `from`: the longest prefix of
/// it that is a module.
fn resolve(
    files: &BTreeMap<ModPath, (PathBuf, String)>,
    from: &ModPath,
    path: &[String],
) -> Option<ModPath> {
    let mut base: ModPath = match path[0].as_str() {
        "crate" => Vec::new(),
        "self" => from.clone(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        child => {
            let mut b = from.clone();
            b.push(child.to_string());
            b
        }
    };
    let mut rest = &path[1..];
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest = &rest[1..];
    }
    let mut found = files.contains_key(&base).then(|| base.clone());
    for segment in rest {
        base.push(segment.clone());
        if files.contains_key(&base) {
            found = Some(base.clone());
        } else {
            break;
        }
    }
    found
}

/// Which file uses which: the module path of each file, to the module
/// paths of the files it names.
fn uses() -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let files = library();
    let mut graph = BTreeMap::new();
    for (module, (_, code)) in &files {
        let children: BTreeSet<String> = files
            .keys()
            .filter(|k| k.len() == module.len() + 1 && k.starts_with(module))
            .map(|k| k[module.len()].clone())
            .collect();
        let targets: BTreeSet<ModPath> = named_paths(code, &children)
            .iter()
            .filter_map(|p| resolve(&files, module, p))
            .filter(|t| t != module)
            .collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

/// The floors of `docs/architecture.md`'s table: each top-level module of
/// the library, with the number of its floor.
fn floors() -> BTreeMap<String, u32> {
    let doc = std::fs::read_to_string(repo().join("docs/architecture.md")).unwrap();
    let mut floors = BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(floor) = cells.get(1).and_then(|c| c.parse::<u32>().ok()) else {
            continue;
        };
        for module in cells[2].split(',') {
            let name = module.trim().trim_matches('`').trim_end_matches('/');
            assert!(
                floors.insert(name.to_string(), floor).is_none(),
                "docs/architecture.md puts `{name}` on two floors"
            );
        }
    }
    assert!(!floors.is_empty(), "docs/architecture.md has no floors");
    floors
}

#[test]
fn every_module_uses_only_modules_on_lower_floors() {
    let floors = floors();
    let graph = uses();
    let mut wrong = Vec::new();
    for (from, targets) in &graph {
        let Some(top) = from.first() else { continue };
        let Some(&floor) = floors.get(top) else {
            wrong.push(format!("`{top}` is not on a floor of docs/architecture.md"));
            continue;
        };
        for target in targets {
            let Some(other) = target.first() else {
                wrong.push(format!(
                    "{} uses the crate root (lib.rs): name the module instead",
                    from.join("::")
                ));
                continue;
            };
            let other_floor = floors.get(other).copied().unwrap_or(u32::MAX);
            if other != top && other_floor >= floor {
                wrong.push(format!(
                    "{} (floor {floor}) uses {} (floor {other_floor})",
                    from.join("::"),
                    target.join("::")
                ));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "layers broken:\n{}", wrong.join("\n"));
}

#[test]
fn no_files_of_one_module_use_each_other_in_a_circle() {
    let graph = uses();
    // A file's use of its own parent modules is where shared types live.
    let edges: BTreeMap<&ModPath, Vec<&ModPath>> = graph
        .iter()
        .map(|(from, targets)| {
            let up = |t: &&ModPath| from.starts_with(t);
            (from, targets.iter().filter(|t| !up(t)).collect())
        })
        .collect();
    let mut circles = Vec::new();
    for start in edges.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack: Vec<(&ModPath, Vec<&ModPath>)> = vec![(start, vec![start])];
        let mut seen = BTreeSet::new();
        while let Some((node, trail)) = stack.pop() {
            for next in edges.get(node).into_iter().flatten() {
                if next == start {
                    let mut names: Vec<String> = trail.iter().map(|m| m.join("::")).collect();
                    names.push(start.join("::"));
                    circles.push(names.join(" -> "));
                } else if seen.insert(*next) {
                    let mut longer = trail.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
    assert!(circles.is_empty(), "circles:\n{}", circles.join("\n"));
}

#[test]
fn the_reader_sees_uses_through_groups_children_and_super() {
    let code = code_of(
        "use crate::a::{b::C, d};\n// crate::commented::Out\nlet s = \"crate::quoted\";\nuse super::e::F;\nchild::g();\n",
    );
    let children = BTreeSet::from(["child".to_string()]);
    let paths: BTreeSet<String> = named_paths(&code, &children)
        .iter()
        .map(|p| p.join("::"))
        .collect();
    for wanted in ["crate::a::b::C", "crate::a::d", "super::e::F", "child::g"] {
        assert!(paths.contains(wanted), "{wanted} missing from {paths:?}");
    }
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("commented") || p.contains("quoted"))
    );
}
