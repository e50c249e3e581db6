//! Writing iCalendar text (RFC 5545): content lines ended by CRLF, folded at 75 octets without
//! splitting a UTF-8 character, and TEXT values escaped.
//!
//! This is only the line-level writer; what goes into a calendar is the caller's business. It
//! never reads the clock: a `DTSTAMP` is whatever the caller derives from its data.

/// Builds an iCalendar document line by line.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
}

/// The longest content line, in octets, not counting the CRLF (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

impl Writer {
    /// An empty document.
    pub fn new() -> Writer {
        Writer::default()
    }

    /// Opens a `VCALENDAR` with slagen's product id and its name, description and time zone
    /// (the `X-WR-` forms too, which calendar apps show).
    pub fn calendar(&mut self, title: &str, description: &str, timezone: &str) {
        self.begin("VCALENDAR");
        self.raw("VERSION", "2.0");
        self.text(
            "PRODID",
            &format!("-//slagen//slagen {}//JA", env!("CARGO_PKG_VERSION")),
        );
        self.raw("CALSCALE", "GREGORIAN");
        self.raw("METHOD", "PUBLISH");
        self.text("NAME", title);
        self.text("X-WR-CALNAME", title);
        self.text("DESCRIPTION", description);
        self.text("X-WR-CALDESC", description);
        self.text("X-WR-TIMEZONE", timezone);
    }

    /// `BEGIN:name`.
    pub fn begin(&mut self, component: &str) {
        self.raw("BEGIN", component);
    }

    /// `END:name`.
    pub fn end(&mut self, component: &str) {
        self.raw("END", component);
    }

    /// A property whose value is already in its iCalendar form (a DATE, an integer, a URI…);
    /// `name` may carry parameters (`DTSTART;VALUE=DATE`).
    pub fn raw(&mut self, name: &str, value: &str) {
        fold_into(&mut self.out, &format!("{name}:{value}"));
    }

    /// A TEXT property: `value` is escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11).
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT; they have no meaning here.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded: at most 75 octets a physical line, continuation lines starting with a
/// space (which counts toward their 75), never splitting a UTF-8 sequence, each ended by CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = MAX_LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(escape_text("x\r\ny"), "x\\ny");
        assert_eq!(escape_text("休業日：年末年始"), "休業日：年末年始");
    }

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let mut w = Writer::new();
        let long = "年末年始、".repeat(20);
        w.text("SUMMARY", &long);
        w.raw("UID", &"x".repeat(200));
        let text = w.finish();
        assert!(text.ends_with("\r\n"));
        for line in text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                line.len() <= MAX_LINE_OCTETS,
                "{} octets: {line}",
                line.len()
            );
        }
        // Unfolding gives back the logical lines.
        let unfolded = text.replace("\r\n ", "");
        let lines: Vec<&str> = unfolded.split("\r\n").collect();
        assert_eq!(lines[0], format!("SUMMARY:{}", escape_text(&long)));
        assert_eq!(lines[1], format!("UID:{}", "x".repeat(200)));
        // The first line of the ASCII property is exactly 75 octets, the next 75 with the space.
        let physical: Vec<&str> = text.split("\r\n").collect();
        let uid = physical.iter().position(|l| l.starts_with("UID:")).unwrap();
        assert_eq!(physical[uid].len(), 75);
        assert_eq!(physical[uid + 1].len(), 75);
    }
}
