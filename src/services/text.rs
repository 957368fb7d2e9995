//! Free-text fields from clients: trimmed, bounded, free of invisible characters, and
//! named in the error.

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
    visible(field, text)?;
    Ok(Some(text.to_owned()))
}

/// Refuses text that would show something other than what it holds: format characters
/// (Unicode category Cf: bidi overrides and isolates, zero-width spaces and joiners, the
/// BOM, tags...) and control characters other than tab and line breaks. A receipt number
/// with U+202E in it reads backwards on a cashier's screen.
pub(crate) fn visible(field: &str, text: &str) -> ApiResult<()> {
    match text.chars().find(|c| is_format(*c) || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))) {
        Some(c) => Err(ApiError::bad_input(format!(
            "{field} must not contain invisible or control characters (found U+{:04X})",
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// Unicode 15.1's general category Cf, every range of it.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

fn is_format(c: char) -> bool {
    let c = u32::from(c);
    FORMAT.iter().any(|&(from, to)| (from..=to).contains(&c))
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

    #[test]
    fn bidi_overrides_zero_widths_and_controls_are_refused_but_letters_of_any_script_pass() {
        for bad in ["R-1\u{202E}1-R", "a\u{200B}b", "\u{FEFF}x", "x\u{2066}y", "tag\u{E0041}", "a\u{0}b", "a\u{7}b"] {
            let error = required("receipt", bad, 100).unwrap_err();
            assert!(error.to_string().contains("invisible or control"), "{bad:?}: {error}");
        }
        for good in ["Квитанция №5", "مرحبا", "日本語", "line one\nline two", "tab\there", "emoji 🙂"]
        {
            assert!(required("comment", good, 100).is_ok(), "{good:?}");
        }
    }
}
