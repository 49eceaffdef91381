//! A script to statement pieces, before anything is tokenised: the text is cut at
//! every `;` outside strings, quoted names, comments and a trigger's `BEGIN … END`
//! body, keeping where each piece starts so that error positions stay the script's.

use sqlparser::tokenizer::Location;
use std::ops::Range;

/// The words of one statement, as far as [`split`] needs them: a `CREATE [TEMP]
/// TRIGGER` holds `;`s in its `BEGIN … END` body, so there a `;` ends the statement
/// only after the body's `END` (an `END` closing a `CASE` does not count).
#[derive(Default)]
struct StatementWords {
    seen: usize,
    /// Known from the first words whether this is a CREATE TRIGGER.
    decided: bool,
    trigger: bool,
    open_cases: usize,
    body_ended: bool,
}

impl StatementWords {
    fn word(&mut self, w: &str) {
        let is = |k: &str| w.eq_ignore_ascii_case(k);
        if self.trigger {
            if is("CASE") {
                self.open_cases += 1;
            } else if is("END") {
                match self.open_cases {
                    0 => self.body_ended = true,
                    _ => self.open_cases -= 1,
                }
            }
            return;
        }
        if self.decided {
            return;
        }
        self.seen += 1;
        match self.seen {
            1 => self.decided = !is("CREATE"),
            2 if is("TEMP") || is("TEMPORARY") => {}
            _ => {
                self.trigger = is("TRIGGER");
                self.decided = true;
            }
        }
    }

    fn semicolon_ends(&self) -> bool {
        !self.trigger || self.body_ended
    }
}

/// Where each statement of `sql` lies: the text split at every `;` outside strings,
/// quoted names, comments and a trigger's body ([`StatementWords`]), with the location
/// (as sqlparser counts: lines and characters from 1) of each piece's first character.
/// A piece may be only whitespace and comments. An unterminated string or comment runs
/// to the end of the text, where the tokenizer reports it.
pub fn split(sql: &str) -> Vec<(Range<usize>, Location)> {
    enum In {
        Code,
        /// A string or quoted name, ended by this character (doubled: escaped).
        Quoted(char),
        LineComment,
        BlockComment,
    }
    let mut pieces = Vec::new();
    let mut state = In::Code;
    let (mut line, mut column) = (1u64, 1u64);
    let (mut start, mut origin) = (0usize, Location::new(1, 1));
    let mut words = StatementWords::default();
    // The word being read in code, from this byte.
    let mut word_start: Option<usize> = None;
    let mut chars = sql.char_indices().peekable();
    let mut step = |c: char| {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
        Location::new(line, column)
    };
    while let Some((i, c)) = chars.next() {
        let mut after = step(c);
        let next = chars.peek().map(|&(_, n)| n);
        if let In::Code = state {
            let word_char = c.is_alphanumeric() || c == '_' || c == '$';
            match (word_start, word_char) {
                (None, true) => word_start = Some(i),
                (Some(from), false) => {
                    words.word(&sql[from..i]);
                    word_start = None;
                }
                _ => {}
            }
        }
        match state {
            In::Code => match c {
                '\'' | '"' | '`' => state = In::Quoted(c),
                '[' => state = In::Quoted(']'),
                '-' if next == Some('-') => state = In::LineComment,
                '/' if next == Some('*') => {
                    chars.next();
                    after = step('*');
                    state = In::BlockComment;
                }
                ';' if words.semicolon_ends() => {
                    pieces.push((start..i, origin));
                    start = i + 1;
                    origin = after;
                    words = StatementWords::default();
                }
                _ => {}
            },
            In::Quoted(end) if c == end => {
                if next == Some(end) && end != ']' {
                    chars.next();
                    step(end);
                } else {
                    state = In::Code;
                }
            }
            In::Quoted(_) => {}
            In::LineComment => {
                if c == '\n' {
                    state = In::Code;
                }
            }
            In::BlockComment => {
                if c == '*' && next == Some('/') {
                    chars.next();
                    step('/');
                    state = In::Code;
                }
            }
        }
    }
    pieces.push((start..sql.len(), origin));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(sql: &str) -> Vec<&str> {
        split(sql).into_iter().map(|(r, _)| &sql[r]).collect()
    }

    #[test]
    fn split_ignores_semicolons_in_strings_names_and_comments() {
        let sql = "SELECT ';''x;';SELECT \"a;\"\"b\" FROM [x;y]; -- c;\nSELECT `q;`/* ; */;x";
        assert_eq!(
            pieces(sql),
            [
                "SELECT ';''x;'",
                "SELECT \"a;\"\"b\" FROM [x;y]",
                " -- c;\nSELECT `q;`/* ; */",
                "x"
            ]
        );
        assert_eq!(
            pieces("SELECT 1 /*/ ; */"),
            ["SELECT 1 /*/ ; */"],
            "`/*/` opens only"
        );
        assert_eq!(
            pieces("SELECT 'open;"),
            ["SELECT 'open;"],
            "unterminated: to the end"
        );
    }

    #[test]
    fn split_keeps_a_trigger_body_whole() {
        let sql = "create temp trigger r after insert on t when case when 1 then 1 end \
                   begin select case x when 1 then 2 end; delete from u; end; SELECT 1;\
                   CREATE TRIGGER q DELETE ON t BEGIN SELECT 'end;'; END";
        assert_eq!(
            pieces(sql),
            [
                "create temp trigger r after insert on t when case when 1 then 1 end \
                 begin select case x when 1 then 2 end; delete from u; end",
                " SELECT 1",
                "CREATE TRIGGER q DELETE ON t BEGIN SELECT 'end;'; END"
            ]
        );
        assert_eq!(
            pieces("CREATE TABLE trigger_log (a); SELECT 1"),
            ["CREATE TABLE trigger_log (a)", " SELECT 1"]
        );
    }
}
