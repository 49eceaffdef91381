//! A reader for the Python literal a `.npy` header holds, e.g.
//! `{'descr': '<f4', 'fortran_order': False, 'shape': (7, 5), }`. NumPy reads it with
//! `ast.literal_eval`, so writers vary: any key order, either quote, trailing commas,
//! extra spaces, Python 2 longs (`7L`), a list of tuples for structured dtypes. We
//! accept that grammar (strings, ints, True/False/None, tuples, lists, dicts) and
//! nothing more; errors carry the byte offset into the text.

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    None,
    Tuple(Vec<Value>),
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
}

#[derive(Debug)]
pub(super) struct ParseError {
    /// Byte offset into the parsed text.
    pub offset: usize,
    pub message: String,
}

/// Parse `text` as exactly one literal, surrounded by optional whitespace.
pub(super) fn parse(text: &str) -> Result<Value, ParseError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        pos: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.skip_ws();
    if p.pos != p.s.len() {
        return Err(p.error("unexpected text after the header dict"));
    }
    Ok(v)
}

/// Nesting deeper than this is refused: NumPy writes at most a dict of tuples (a
/// structured dtype a list of tuples), and a header of a v2/v3 file may be gigabytes,
/// so `[[[[…` must end in an error, not a stack overflow.
const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    /// Open `{`, `(` and `[` around the current position.
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> ParseError {
        ParseError {
            offset: self.pos,
            message: message.to_string(),
        }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.s.len()
            && matches!(self.s[self.pos], b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
        {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        self.skip_ws();
        if matches!(self.peek(), Some(b'{' | b'(' | b'[')) {
            if self.depth == MAX_DEPTH {
                return Err(self.error(&format!("nested more than {MAX_DEPTH} levels deep")));
            }
            self.depth += 1;
            let v = self.value_at_depth();
            self.depth -= 1;
            return v;
        }
        self.value_at_depth()
    }

    fn value_at_depth(&mut self) -> Result<Value, ParseError> {
        match self.peek() {
            None => Err(self.error("unexpected end of the header")),
            Some(b'{') => self.dict(),
            Some(b'(') => self.sequence(b')').map(Value::Tuple),
            Some(b'[') => self.sequence(b']').map(Value::List),
            Some(b'\'' | b'"') => self.string(),
            Some(c) if c.is_ascii_digit() || c == b'-' || c == b'+' => self.int(),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => self.word(),
            Some(_) => Err(self.error("unexpected character")),
        }
    }

    /// Items up to `close`, comma-separated, a trailing comma allowed. `(5)` is read as
    /// a one-item tuple: NumPy never writes it, and reading it so is the helpful choice.
    fn sequence(&mut self, close: u8) -> Result<Vec<Value>, ParseError> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(close) {
                self.pos += 1;
                return Ok(items);
            }
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {}
                _ => return Err(self.error(&format!("expected ',' or '{}'", close as char))),
            }
        }
    }

    fn dict(&mut self) -> Result<Value, ParseError> {
        self.pos += 1;
        let mut entries = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Ok(Value::Dict(entries));
            }
            let key = self.value()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':' after a dict key"));
            }
            self.pos += 1;
            let value = self.value()?;
            entries.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn string(&mut self) -> Result<Value, ParseError> {
        let quote = self.s[self.pos];
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.peek() {
                None | Some(b'\n') => {
                    self.pos = start;
                    return Err(self.error("unterminated string"));
                }
                Some(c) if c == quote => {
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    return Ok(Value::Str(out));
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.pos]);
                    let escaped = self.s.get(self.pos + 1).copied();
                    match escaped {
                        Some(b'n') => out.push('\n'),
                        Some(b't') => out.push('\t'),
                        Some(c @ (b'\\' | b'\'' | b'"')) => out.push(c as char),
                        // Other escapes are kept verbatim; no dtype name needs them.
                        _ => out.push('\\'),
                    }
                    self.pos += if matches!(escaped, Some(b'n' | b't' | b'\\' | b'\'' | b'"')) {
                        2
                    } else {
                        1
                    };
                    run = self.pos;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn int(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits = &self.text[start..self.pos];
        // Python 2 wrote longs with an L suffix: (3L, 4L).
        if matches!(self.peek(), Some(b'L' | b'l')) {
            self.pos += 1;
        }
        digits
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| ParseError {
                offset: start,
                message: format!("'{digits}' is not an integer this reader accepts"),
            })
    }

    fn word(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.pos += 1;
        }
        match &self.text[start..self.pos] {
            "True" => Ok(Value::Bool(true)),
            "False" => Ok(Value::Bool(false)),
            "None" => Ok(Value::None),
            // String prefixes written by Python 2 (u'<f4') or by hand (b'<f4').
            "u" | "b" | "U" | "B" if matches!(self.peek(), Some(b'\'' | b'"')) => self.string(),
            w => Err(ParseError {
                offset: start,
                message: format!("unexpected name '{w}'"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(text: &str) -> Vec<(Value, Value)> {
        match parse(text).unwrap() {
            Value::Dict(d) => d,
            v => panic!("not a dict: {v:?}"),
        }
    }

    #[test]
    fn numpy_header_as_written() {
        let d = dict("{'descr': '<f4', 'fortran_order': False, 'shape': (7, 5), }          \n");
        assert_eq!(d[0], (Value::Str("descr".into()), Value::Str("<f4".into())));
        assert_eq!(d[1].1, Value::Bool(false));
        assert_eq!(d[2].1, Value::Tuple(vec![Value::Int(7), Value::Int(5)]));
    }

    #[test]
    fn other_spellings() {
        let d = dict(r#"{ "shape":(3L,),"fortran_order":True , u'descr' : "<f8" }"#);
        assert_eq!(d[0].1, Value::Tuple(vec![Value::Int(3)]));
        assert_eq!(d[1].1, Value::Bool(true));
        assert_eq!(d[2], (Value::Str("descr".into()), Value::Str("<f8".into())));
        assert_eq!(parse("()").unwrap(), Value::Tuple(vec![]));
        assert_eq!(parse(r"'a\'b\\'").unwrap(), Value::Str("a'b\\".into()));
    }

    #[test]
    fn structured_descr_is_a_list() {
        let v = parse("[('a', '<f4'), ('b', '<i4', (2,))]").unwrap();
        assert!(matches!(v, Value::List(ref l) if l.len() == 2));
    }

    #[test]
    fn errors_carry_offsets() {
        let e = parse("{'descr' '<f4'}").unwrap_err();
        assert_eq!(e.offset, 9);
        assert!(e.message.contains("':'"));
        assert_eq!(parse("{'shape': (7, 5}").unwrap_err().offset, 15);
        assert_eq!(parse("{'descr': '<f4").unwrap_err().offset, 10);
        assert_eq!(parse("{'a': 1} x").unwrap_err().offset, 9);
        assert_eq!(parse("{'a': nope}").unwrap_err().offset, 6);
        assert_eq!(parse("{'a': 99999999999999999999}").unwrap_err().offset, 6);
        assert_eq!(parse("{'a': ").unwrap_err().offset, 6);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let ok = format!("{{'a': {}1{}}}", "[".repeat(31), "]".repeat(31));
        assert!(parse(&ok).is_ok());
        let deep = format!(
            "{{'a': {}1{}}}",
            "(".repeat(1_000_000),
            ")".repeat(1_000_000)
        );
        let e = parse(&deep).unwrap_err();
        assert!(
            e.message.contains("nested more than 32 levels"),
            "{}",
            e.message
        );
        assert_eq!(e.offset, 6 + 31);
    }
}
