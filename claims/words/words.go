package words

// IsDigit reports whether c is an ASCII digit.
func IsDigit(c byte) bool { return c >= '0' && c <= '9' }

// IsLetter reports whether c can be a letter of a word: an ASCII letter or
// any byte of a non-ASCII character (the caller tells the typographic
// quotes and dashes apart where it matters).
func IsLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

// Lower lower-cases an ASCII letter and leaves every other byte alone.
func Lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// asciiWord marks the ASCII letters and digits (the bytes 0-127).
const asciiWord = "" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00" +
	"\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00" +
	"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01" +
	"\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00" +
	"\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01" +
	"\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x00\x00\x00\x00\x00"

// wordByte reports whether s[i] starts a word character and how many bytes
// it takes. Non-ASCII letters count as word characters; the typographic
// quotes, dashes and ellipsis (U+2010-U+2026), the no-break space and the
// pound sign do not.
func wordByte(s string, i int) (bool, int) {
	c := s[i]
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true, 1
	case c < 0x80:
		return false, 1
	case c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] >= 0x90 && s[i+2] <= 0xa6:
		return false, 3 // dashes, quotes, ellipsis
	case c == 0xc2 && i+1 < len(s) && (s[i+1] == 0xa0 || s[i+1] == 0xa3):
		return false, 2 // no-break space, pound sign
	}
	return true, 1
}

// Apostrophe reports an apostrophe at s[i] (ASCII or U+2019) and its width.
func Apostrophe(s string, i int) (bool, int) {
	if s[i] == '\'' {
		return true, 1
	}
	if s[i] == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x99 {
		return true, 3
	}
	return false, 0
}

// Next finds the next word at or after i: a run of word characters, with
// apostrophes between letters (don't, I’d) and points or commas between
// digits (3.5, 1,000) kept inside. It returns the word's span s[start:end],
// or start == len(s) when there is none. ASCII takes the fast path of a
// table.
func Next(s string, i int) (start, end int) {
	for i < len(s) {
		c := s[i]
		if c < 0x80 {
			if asciiWord[c] != 0 {
				break
			}
			i++
			continue
		}
		ok, w := wordByte(s, i)
		if ok {
			break
		}
		i += w
	}
	start = i
	for i < len(s) {
		c := s[i]
		if c < 0x80 && asciiWord[c] != 0 {
			i++
			continue
		}
		if c >= 0x80 {
			if ok, w := wordByte(s, i); ok {
				i += w
				continue
			}
		}
		if i > start && i+1 < len(s) {
			if ap, w := Apostrophe(s, i); ap && i+w < len(s) && IsLetter(s[i+w]) {
				i += w
				continue
			}
			if (c == '.' || c == ',') && IsDigit(s[i-1]) && IsDigit(s[i+1]) {
				i++
				continue
			}
		}
		break
	}
	return start, i
}

// Fold returns the byte of the folded word at s[i] (inside a word that ends
// at end) and the offset of the next one: ASCII letters lower-cased, a
// curly apostrophe (U+2019) read as a straight one, every other byte as it
// is. Words compare, hash and print in this form.
func Fold(s string, i, end int) (c byte, next int) {
	c = s[i]
	if c == 0xe2 && i+2 < end && s[i+1] == 0x80 && s[i+2] == 0x99 {
		return '\'', i + 3
	}
	return Lower(c), i + 1
}
