//! Offsets: the one place that converts between UTF-8 bytes, Unicode code points and UTF-16.
//!
//! The detectors work on byte offsets into the `&str` (cheap slicing). Everything stored or
//! exported counts code points, end exclusive, as the W3C Web Annotation model does. The DOM
//! counts UTF-16 code units; the app converts through [`OffsetMap`] and nowhere else.

/// A half-open byte range `start..end` into a text, always on `char` boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The covered text. Panics only if the span was built against another text.
    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

/// Converts offsets of one text between bytes, code points and UTF-16 code units.
///
/// Building it is O(n) once; each conversion is a binary search, so converting every span of
/// an article stays O(m log n) instead of rescanning the text per span.
#[derive(Clone, Debug)]
pub struct OffsetMap {
    /// Byte offset of each char, plus the text length at the end.
    char_bytes: Vec<u32>,
    /// UTF-16 offset of each char, plus the total UTF-16 length at the end.
    char_utf16: Vec<u32>,
}

impl OffsetMap {
    pub fn new(text: &str) -> OffsetMap {
        let count = text.chars().count();
        let mut char_bytes = Vec::with_capacity(count + 1);
        let mut char_utf16 = Vec::with_capacity(count + 1);
        let mut utf16 = 0u32;
        for (byte, ch) in text.char_indices() {
            char_bytes.push(byte as u32);
            char_utf16.push(utf16);
            utf16 += ch.len_utf16() as u32;
        }
        char_bytes.push(text.len() as u32);
        char_utf16.push(utf16);
        OffsetMap {
            char_bytes,
            char_utf16,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_bytes.len() - 1
    }

    pub fn utf16_len(&self) -> usize {
        self.char_utf16[self.char_utf16.len() - 1] as usize
    }

    /// Code point offset of a byte offset. A byte inside a char rounds down to that char.
    pub fn byte_to_char(&self, byte: usize) -> usize {
        match self.char_bytes.binary_search(&(byte as u32)) {
            Ok(index) => index,
            Err(index) => index.saturating_sub(1),
        }
    }

    /// Byte offset of a code point offset, clamped to the end of the text.
    pub fn char_to_byte(&self, char_offset: usize) -> usize {
        self.char_bytes[char_offset.min(self.char_len())] as usize
    }

    /// UTF-16 offset of a code point offset, clamped to the end of the text.
    pub fn char_to_utf16(&self, char_offset: usize) -> usize {
        self.char_utf16[char_offset.min(self.char_len())] as usize
    }

    /// Code point offset of a UTF-16 offset. An offset between the two halves of a surrogate
    /// pair (which a DOM selection can produce) rounds down to the start of that char.
    pub fn utf16_to_char(&self, utf16: usize) -> usize {
        match self.char_utf16.binary_search(&(utf16 as u32)) {
            Ok(index) => index,
            Err(index) => index.saturating_sub(1),
        }
    }

    /// A byte span as a code point range.
    pub fn span_to_chars(&self, span: Span) -> (usize, usize) {
        (self.byte_to_char(span.start), self.byte_to_char(span.end))
    }

    /// A code point range as a byte span, clamped to the text.
    pub fn chars_to_span(&self, start: usize, end: usize) -> Span {
        let start = self.char_to_byte(start);
        Span::new(start, self.char_to_byte(end).max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: text, a code point offset, its byte offset, its UTF-16 offset.
    #[test]
    fn converts_between_all_three_units() {
        let rows: &[(&str, usize, usize, usize)] = &[
            ("abc", 2, 2, 2),
            ("“What’s”", 1, 3, 1),
            ("“What’s”", 6, 10, 6),
            ("“What’s”", 8, 14, 8),
            ("a😀b", 2, 5, 3),
            ("a😀b", 3, 6, 4),
            ("東京タワー", 2, 6, 2),
            ("e\u{301}x", 2, 3, 2),
            ("שלום world", 4, 8, 4),
            ("", 0, 0, 0),
        ];
        for &(text, chars, bytes, utf16) in rows {
            let map = OffsetMap::new(text);
            assert_eq!(map.char_to_byte(chars), bytes, "char→byte in {text:?}");
            assert_eq!(map.byte_to_char(bytes), chars, "byte→char in {text:?}");
            assert_eq!(map.char_to_utf16(chars), utf16, "char→utf16 in {text:?}");
            assert_eq!(map.utf16_to_char(utf16), chars, "utf16→char in {text:?}");
        }
    }

    #[test]
    fn offsets_inside_a_char_round_down() {
        let map = OffsetMap::new("a😀b");
        assert_eq!(map.utf16_to_char(2), 1, "between the surrogate halves");
        assert_eq!(map.byte_to_char(3), 1, "inside the emoji's bytes");
        assert_eq!(map.char_to_byte(99), 6, "past the end clamps");
    }

    #[test]
    fn lengths_count_each_unit() {
        let map = OffsetMap::new("😀東e\u{301}");
        assert_eq!(map.char_len(), 4);
        assert_eq!(map.utf16_len(), 5);
    }
}
