//! Encoding of path parameters.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::Error;

/// Everything except RFC 3986 unreserved characters, so a value can never
/// introduce a `/`, `?` or `#` and thereby change which resource is addressed.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends `value` to `path` as exactly one percent-encoded path segment.
///
/// Every byte outside the RFC 3986 unreserved set (`A-Z a-z 0-9 - . _ ~`) is
/// percent-encoded, non-ASCII characters as their UTF-8 bytes, so `a/b`
/// becomes `a%2Fb`.
///
/// # Errors
///
/// Returns [`Error::InvalidPathParameter`] if `value` is empty, `.` or `..`:
/// such segments would be dropped or resolved away by URL normalisation and
/// the request would silently reach a different endpoint.
pub fn push_path_segment<E>(
    path: &mut String,
    name: &'static str,
    value: &str,
) -> Result<(), Error<E>> {
    let reason = match value {
        "" => Some("must not be empty"),
        "." | ".." => Some("must not be `.` or `..`"),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(Error::InvalidPathParameter {
            name,
            value: value.to_owned(),
            reason,
        });
    }
    path.extend(utf8_percent_encode(value, PATH_SEGMENT));
    Ok(())
}

/// Appends `value` to `path` as one or more segments: the value is split at
/// `/` and each piece is percent-encoded as in [`push_path_segment`], so a
/// parameter that names a file path or a branch (`docs/README.md`,
/// `feature/x`) keeps its slashes and nothing else can change the URL.
///
/// # Errors
///
/// Returns [`Error::InvalidPathParameter`] if `value` is empty or any of its
/// segments is empty (a leading, trailing or doubled `/`), `.` or `..`.
pub fn push_path_segments<E>(
    path: &mut String,
    name: &'static str,
    value: &str,
) -> Result<(), Error<E>> {
    let reason = if value.is_empty() {
        Some("must not be empty")
    } else if value.split('/').any(str::is_empty) {
        Some("must not have a leading, trailing or doubled `/`")
    } else if value
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        Some("must not have a `.` or `..` segment")
    } else {
        None
    };
    if let Some(reason) = reason {
        return Err(Error::InvalidPathParameter {
            name,
            value: value.to_owned(),
            reason,
        });
    }
    for (index, segment) in value.split('/').enumerate() {
        if index > 0 {
            path.push('/');
        }
        path.extend(utf8_percent_encode(segment, PATH_SEGMENT));
    }
    Ok(())
}
