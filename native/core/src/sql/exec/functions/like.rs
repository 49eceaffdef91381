//! LIKE (ASCII case folding, optional ESCAPE) and GLOB (case-sensitive, `*` `?` and
//! `[...]` classes), as operators and as the functions like(P, X[, E]) and glob(P, X).

use crate::error::{Error, Result};
use crate::sql::value::Value;

/// `v LIKE pattern [ESCAPE esc]`: `None` when an operand is NULL.
pub fn like(v: &Value, pattern: &Value, esc: Option<&Value>) -> Result<Option<bool>> {
    let (Some(s), Some(p)) = (v.to_text(), pattern.to_text()) else {
        return Ok(None);
    };
    let esc = match esc {
        Some(e) => match e.to_text() {
            None => return Ok(None),
            Some(e) if e.chars().count() == 1 => e.chars().next(),
            Some(_) => {
                return Err(Error::InvalidInput(
                    "ESCAPE expression must be a single character".into(),
                ))
            }
        },
        None => None,
    };
    let s: Vec<char> = s.chars().collect();
    let p: Vec<char> = p.chars().collect();
    Ok(Some(like_match(&s, &p, esc)))
}

fn like_match(s: &[char], p: &[char], esc: Option<char>) -> bool {
    let (mut si, mut pi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        let mut step = None;
        if pi < p.len() {
            let c = p[pi];
            if Some(c) == esc {
                // An escape at the very end of the pattern matches nothing, as SQLite.
                if pi + 1 < p.len() && p[pi + 1].eq_ignore_ascii_case(&s[si]) {
                    step = Some(2);
                }
            } else if c == '%' {
                star = Some((pi, si));
                pi += 1;
                continue;
            } else if c == '_' || c.eq_ignore_ascii_case(&s[si]) {
                step = Some(1);
            }
        }
        match (step, star) {
            (Some(n), _) => {
                pi += n;
                si += 1;
            }
            (None, Some((sp, ss))) => {
                pi = sp + 1;
                si = ss + 1;
                star = Some((sp, ss + 1));
            }
            (None, None) => return false,
        }
    }
    while pi < p.len() && p[pi] == '%' {
        pi += 1;
    }
    pi == p.len()
}

/// `s GLOB pattern`: `None` when an operand is NULL.
pub fn glob(s: &Value, pattern: &Value) -> Option<bool> {
    let (s, p) = (s.to_text()?, pattern.to_text()?);
    let s: Vec<char> = s.chars().collect();
    let p: Vec<char> = p.chars().collect();
    Some(glob_match(&s, &p))
}

/// One pattern element at `p[pi..]` against `c`: how many pattern chars it spans and
/// whether it matched. `*` is handled by the caller.
fn glob_step(p: &[char], pi: usize, c: char) -> (usize, bool) {
    match p[pi] {
        '?' => (1, true),
        '[' => {
            let mut i = pi + 1;
            let negate = i < p.len() && p[i] == '^';
            if negate {
                i += 1;
            }
            let mut hit = false;
            // A `]` first is a member, and no range starts at it.
            if i < p.len() && p[i] == ']' {
                hit = c == ']';
                i += 1;
            }
            let mut prev: Option<char> = None;
            while i < p.len() && p[i] != ']' {
                if p[i] == '-' && prev.is_some() && i + 1 < p.len() && p[i + 1] != ']' {
                    let lo = prev.expect("checked");
                    if lo <= c && c <= p[i + 1] {
                        hit = true;
                    }
                    prev = None;
                    i += 2;
                } else {
                    if p[i] == c {
                        hit = true;
                    }
                    prev = Some(p[i]);
                    i += 1;
                }
            }
            if i >= p.len() {
                // An unclosed class matches nothing, as in SQLite.
                return (p.len() - pi, false);
            }
            (i + 1 - pi, hit != negate)
        }
        other => (1, other == c),
    }
}

fn glob_match(s: &[char], p: &[char]) -> bool {
    let (mut si, mut pi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        let mut step = None;
        if pi < p.len() {
            if p[pi] == '*' {
                star = Some((pi, si));
                pi += 1;
                continue;
            }
            let (n, ok) = glob_step(p, pi, s[si]);
            if ok {
                step = Some(n);
            }
        }
        match (step, star) {
            (Some(n), _) => {
                pi += n;
                si += 1;
            }
            (None, Some((sp, ss))) => {
                pi = sp + 1;
                si = ss + 1;
                star = Some((sp, ss + 1));
            }
            (None, None) => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn like_matches_as_sqlite() {
        assert_eq!(like(&t("Hello"), &t("h%o"), None).unwrap(), Some(true));
        assert_eq!(like(&t("Hello"), &t("h_l%"), None).unwrap(), Some(true));
        assert_eq!(like(&t("Hello"), &t("%x%"), None).unwrap(), Some(false));
        let bang = t("!");
        assert_eq!(
            like(&t("a%b"), &t("a!%b"), Some(&bang)).unwrap(),
            Some(true)
        );
        assert_eq!(
            like(&t("axb"), &t("a!%b"), Some(&bang)).unwrap(),
            Some(false)
        );
    }

    #[test]
    fn glob_matches_as_sqlite() {
        // Each checked with the sqlite3 CLI.
        for (s, p, want) in [
            ("abc", "a*", true),
            ("abc", "A*", false),
            ("abc", "a?c", true),
            ("abc", "[a-c]bc", true),
            ("dbc", "[^a-c]bc", true),
            ("]x", "[]]x", true),
            ("-", "[a-]", true),
            ("abc", "*[c]", true),
            ("abc", "[abc", false),
            ("", "*", true),
            ("a", "[]-c]", false),
            ("b", "[a-]", false),
        ] {
            assert_eq!(glob(&t(s), &t(p)), Some(want), "{s} GLOB {p}");
        }
    }
}
