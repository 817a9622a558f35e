//! Where a request path leads: a file of the site in memory, a redirect
//! to a folder's `/`, the reload endpoint, or nowhere.

use crate::serve::EVENTS_PATH;

/// Where a request path leads, if anywhere.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Route {
    /// A built file, by its path in the site.
    File(String),
    /// A folder asked for without its `/`: send the browser to `to`.
    Redirect(String),
    Events,
    NotFound,
}

/// Maps a request target to a file of the site. Anything that is not a
/// plain path inside the site (`..` or `.` segments, in any encoding,
/// backslashes, NUL, bad UTF-8) is not found. Only the built site in memory
/// is served: no folder listing, no file of the disk.
pub(super) fn route(target: &str, exists: impl Fn(&str) -> bool) -> Route {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        return Route::Events;
    }
    let Some(path) = path.strip_prefix('/') else {
        return Route::NotFound;
    };
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Route::NotFound;
    };
    if decoded.contains(['\\', '\0']) {
        return Route::NotFound;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".")
        || segments[..segments.len() - 1].iter().any(|s| s.is_empty())
    {
        return Route::NotFound;
    }
    let file = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.to_string()
    };
    if exists(&file) {
        return Route::File(file);
    }
    if !decoded.is_empty() && !decoded.ends_with('/') && exists(&format!("{decoded}/index.html")) {
        let query = target.find('?').map_or("", |i| &target[i..]);
        return Route::Redirect(format!(
            "{path}/{query}",
            path = target.split(['?', '#']).next().unwrap_or("")
        ));
    }
    // A page that does not exist yet may be one the failed build would make.
    if file.ends_with(".html") {
        Route::File(file)
    } else {
        Route::NotFound
    }
}
