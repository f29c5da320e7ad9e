//! Risk-rule conditions of a custom lens: `default`, or choice ids joined with `!`, `&&`, `||`
//! (tightest first) and parentheses, as the lens format specification writes them; a
//! recursive-descent parser and their evaluation over the chosen practices.

use std::collections::HashSet;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `default`: always holds.
    Default,
    /// A choice id: holds when that practice is chosen.
    Choice(String),
    /// `!a`.
    Not(Box<Condition>),
    /// `a && b`.
    And(Box<Condition>, Box<Condition>),
    /// `a || b`.
    Or(Box<Condition>, Box<Condition>),
}

/// One token of a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Id(String),
    Not,
    And,
    Or,
    Open,
    Close,
}

fn tokens(text: &str) -> std::result::Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '!' => {
                chars.next();
                out.push(Token::Not);
            }
            '(' => {
                chars.next();
                out.push(Token::Open);
            }
            ')' => {
                chars.next();
                out.push(Token::Close);
            }
            '&' | '|' => {
                chars.next();
                if chars.next() != Some(c) {
                    return Err(format!("\u{201c}{c}\u{201d} must be doubled (&& or ||)"));
                }
                out.push(if c == '&' { Token::And } else { Token::Or });
            }
            c if is_id_char(c) => {
                let mut id = String::new();
                while let Some(&c) = chars.peek().filter(|c| is_id_char(**c)) {
                    id.push(c);
                    chars.next();
                }
                out.push(Token::Id(id));
            }
            other => return Err(format!("unexpected \u{201c}{other}\u{201d}")),
        }
    }
    Ok(out)
}

/// Whether `c` may be part of an id (letters, digits, `_` and `-`).
pub(super) fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// A recursive-descent parser: `||` binds loosest, then `&&`, then `!`; parentheses group.
struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> std::result::Result<Condition, String> {
        let mut left = self.and()?;
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            left = Condition::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> std::result::Result<Condition, String> {
        let mut left = self.unary()?;
        while self.peek() == Some(&Token::And) {
            self.at += 1;
            left = Condition::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> std::result::Result<Condition, String> {
        let token = self.peek().cloned();
        self.at += 1;
        match token {
            Some(Token::Not) => Ok(Condition::Not(Box::new(self.unary()?))),
            Some(Token::Open) => {
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err("a parenthesis is not closed".to_owned());
                }
                self.at += 1;
                Ok(inner)
            }
            Some(Token::Id(id)) if id == "default" => {
                Err("\u{201c}default\u{201d} must be the whole condition".to_owned())
            }
            Some(Token::Id(id)) => Ok(Condition::Choice(id)),
            Some(Token::Close) => Err("a \u{201c})\u{201d} has no \u{201c}(\u{201d}".to_owned()),
            Some(Token::And | Token::Or) => Err("&& and || need a choice on both sides".to_owned()),
            None => Err("the condition ends too early".to_owned()),
        }
    }
}

impl Condition {
    /// Parses a condition: `default`, or choice ids with `!`, `&&`, `||` (in that order of
    /// precedence, tightest first) and parentheses.
    ///
    /// # Errors
    /// The reason, as a sentence, for text that is not a condition.
    pub fn parse(text: &str) -> std::result::Result<Condition, String> {
        if text.trim() == "default" {
            return Ok(Condition::Default);
        }
        let tokens = tokens(text)?;
        if tokens.is_empty() {
            return Err("is empty".to_owned());
        }
        let mut parser = Parser { tokens, at: 0 };
        let condition = parser.or()?;
        if parser.at < parser.tokens.len() {
            return Err("has more after a complete condition (a missing && or ||?)".to_owned());
        }
        Ok(condition)
    }

    /// Whether the condition holds when `chosen` are the practices in place.
    pub fn holds(&self, chosen: &HashSet<&str>) -> bool {
        match self {
            Condition::Default => true,
            Condition::Choice(id) => chosen.contains(id.as_str()),
            Condition::Not(c) => !c.holds(chosen),
            Condition::And(a, b) => a.holds(chosen) && b.holds(chosen),
            Condition::Or(a, b) => a.holds(chosen) || b.holds(chosen),
        }
    }

    /// Every choice id the condition names.
    pub fn choices(&self) -> Vec<&str> {
        match self {
            Condition::Default => Vec::new(),
            Condition::Choice(id) => vec![id.as_str()],
            Condition::Not(c) => c.choices(),
            Condition::And(a, b) | Condition::Or(a, b) => {
                let mut all = a.choices();
                all.extend(b.choices());
                all
            }
        }
    }
}
