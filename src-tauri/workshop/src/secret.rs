//! The workshop's secrets: the join token carried by the QR code and the URL (128 random
//! bits), the short join code people type (6 characters), and each participant's key. All
//! come from the operating system's generator and are compared in constant time.

use subtle::ConstantTimeEq;

/// Letters and digits that cannot be mistaken for one another when read off a projector
/// (no 0/O, 1/I/L): 31 symbols, so a 6-character code is one of 887 million.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Length of the typed join code.
pub const CODE_LENGTH: usize = 6;

/// A random secret written as 32 lowercase hexadecimal digits (128 bits).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    // Never printed, not even in a log line or a panic message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// A fresh secret.
    ///
    /// # Errors
    /// The operating system's generator failed (no entropy source).
    pub fn new() -> Result<Secret, getrandom::Error> {
        let mut bytes = [0_u8; 16];
        getrandom::fill(&mut bytes)?;
        Ok(Secret(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }

    /// The secret's text, for the URL it goes into.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `given` is this secret, in time that does not depend on where they differ.
    /// (The length is not secret: every token has 32 digits.)
    pub fn matches(&self, given: &str) -> bool {
        self.0.len() == given.len() && bool::from(self.0.as_bytes().ct_eq(given.as_bytes()))
    }
}

/// A fresh join code of [`CODE_LENGTH`] symbols of [`CODE_ALPHABET`], drawn without bias
/// (bytes above the largest multiple of 31 are drawn again).
///
/// # Errors
/// The operating system's generator failed.
pub fn join_code() -> Result<String, getrandom::Error> {
    let n = CODE_ALPHABET.len();
    let limit = 256 - 256 % n;
    let mut code = String::with_capacity(CODE_LENGTH);
    while code.len() < CODE_LENGTH {
        let mut byte = [0_u8; 1];
        getrandom::fill(&mut byte)?;
        let b = usize::from(byte[0]);
        if b < limit {
            if let Some(&symbol) = CODE_ALPHABET.get(b % n) {
                code.push(char::from(symbol));
            }
        }
    }
    Ok(code)
}

/// Whether `typed` is `code`: case and spaces do not matter (people type "abc 234"), and the
/// comparison takes the same time wherever they differ.
pub fn code_matches(code: &str, typed: &str) -> bool {
    let typed: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    code.len() == typed.len() && bool::from(code.as_bytes().ct_eq(typed.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_128_bits_of_hex_and_differ() {
        let a = Secret::new().unwrap();
        let b = Secret::new().unwrap();
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(a.matches(a.as_str()));
        assert!(!a.matches(b.as_str()));
        assert!(!a.matches(""));
        assert!(!a.matches(&a.as_str()[..31]));
        assert_eq!(format!("{a:?}"), "Secret(…)");
    }

    #[test]
    fn join_codes_use_the_unambiguous_alphabet_and_forgive_case_and_spaces() {
        let code = join_code().unwrap();
        assert_eq!(code.len(), CODE_LENGTH);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
        assert!(code_matches("ABC234", "abc 234"));
        assert!(code_matches("ABC234", "ABC-234"));
        assert!(!code_matches("ABC234", "ABC235"));
        assert!(!code_matches("ABC234", "ABC2345"));
    }
}
