//! Free-text fields from clients: trimmed, bounded, and named in the error.

use crate::error::{ApiError, ApiResult};

/// A field that must have content: trimmed, 1 to `max` characters.
pub(crate) fn required(field: &str, text: &str, max: usize) -> ApiResult<String> {
    optional(field, Some(text), max)?.ok_or_else(|| ApiError::bad_input(format!("{field} must not be empty")))
}

/// A field that may be left out: blank counts as absent; otherwise at most `max` characters.
pub(crate) fn optional(field: &str, text: Option<&str>, max: usize) -> ApiResult<Option<String>> {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > max {
        return Err(ApiError::bad_input(format!("{field} has at most {max} characters")));
    }
    Ok(Some(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(required("reason", "  late fee ", 10).unwrap(), "late fee");
        assert!(required("reason", "   ", 10).is_err());
        assert_eq!(optional("comment", Some(" "), 10).unwrap(), None);
        assert!(optional("comment", Some("x".repeat(11).as_str()), 10).is_err());
        assert_eq!(optional("comment", Some("ü".repeat(10).as_str()), 10).unwrap().map(|t| t.len()), Some(20));
    }
}
