//! The words in literal HTML that readiness docs carry (`<details>`, `<aside>`, comments).

/// The words in a piece of literal HTML: tags (`<summary>`, `</div>`) and comments
/// (`<!-- … -->`, which may span pieces; `in_comment` carries that over) taken out.
pub(super) fn html_words(html: &str, in_comment: &mut bool) -> String {
    let mut words = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    *in_comment = false;
                    rest = &rest[end + 3..];
                }
                None => break,
            }
        } else if let Some(after) = rest.strip_prefix("<!--") {
            *in_comment = true;
            rest = after;
        } else if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
        {
            match rest.find('>') {
                Some(end) => rest = &rest[end + 1..],
                None => break,
            }
        } else {
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let next = rest[first..].find('<').map_or(rest.len(), |i| i + first);
            words.push_str(&rest[..next]);
            rest = &rest[next..];
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::html_words;

    #[test]
    fn tags_and_comments_go_and_the_words_between_them_stay() {
        let mut in_comment = false;
        assert_eq!(
            html_words("<summary>Old decisions</summary>\n", &mut in_comment),
            "Old decisions\n"
        );
        assert_eq!(
            html_words("💡 Synced <b>daily</b>", &mut in_comment),
            "💡 Synced daily"
        );
        assert_eq!(html_words("<!-- Fill this in\n", &mut in_comment), "");
        assert!(in_comment);
        assert_eq!(
            html_words("before the review --> kept", &mut in_comment),
            " kept"
        );
        assert!(!in_comment);
        assert_eq!(html_words("a < b", &mut in_comment), "a < b");
    }
}
