//! Tests of the output protocol: what a build replaces, keeps and swaps.
use super::*;

/// A site given as its files, named as `names` says.
struct Given {
    names: Vec<String>,
    files: Vec<OutputFile>,
}

impl Files for Given {
    fn paths(&self) -> &[String] {
        &self.names
    }

    fn make(&self, put: &(dyn Fn(OutputFile) + Sync)) -> Result<(), BuildFailure> {
        self.files.iter().cloned().for_each(put);
        Ok(())
    }
}

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn write(
    files: Vec<OutputFile>,
    names: &[&str],
) -> (tempfile::TempDir, Result<Written, BuildFailure>) {
    let dir = tempfile::tempdir().unwrap();
    let given = Given {
        names: names.iter().map(|n| n.to_string()).collect(),
        files,
    };
    let options = WriteOptions {
        kept_names: &[],
        force: false,
        record: None,
        changes: false,
    };
    let result = write_site(&dir.path().join("dist"), &given, options);
    (dir, result)
}

fn message(result: Result<Written, BuildFailure>) -> String {
    result
        .unwrap_err()
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_path_made_twice_with_the_same_bytes_is_one_file() {
    let files = vec![
        file("a/index.html", "A"),
        file("a/photo.png", "P"),
        file("a/photo.png", "P"),
    ];
    let (dir, result) = write(files, &["a/index.html", "a/photo.png", "a/photo.png"]);
    let written = result.unwrap();
    let paths: Vec<&str> = written.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["a/index.html", "a/photo.png"]);
    assert_eq!(
        std::fs::read(dir.path().join("dist/a/photo.png")).unwrap(),
        b"P"
    );
}

#[test]
fn a_path_made_twice_with_other_bytes_writes_nothing() {
    let files = vec![
        file("index.html", "A"),
        file("photo.png", "P"),
        file("photo.png", "Q"),
    ];
    let (dir, result) = write(files, &["index.html", "photo.png", "photo.png"]);
    assert_eq!(
        message(result),
        "two different files would both be written to photo.png"
    );
    assert!(!dir.path().join("dist").exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "the failed build left its staging folder"
    );
}

#[test]
fn a_file_made_but_not_named_or_named_but_not_made_is_refused() {
    let (_dir, result) = write(
        vec![file("index.html", "A"), file("extra.html", "B")],
        &["index.html"],
    );
    assert!(message(result).contains("broadside made `extra.html`, a file it did not name"));
    let (_dir, result) = write(
        vec![file("index.html", "A")],
        &["index.html", "missing.html"],
    );
    assert!(
        message(result)
            .contains("broadside named `missing.html` before the build, then did not make it")
    );
}
