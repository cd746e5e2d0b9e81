package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding is how a text file's bytes map to characters.
type Encoding string

// The encodings exports come in.
const (
	UTF8        Encoding = "UTF-8"
	UTF8BOM     Encoding = "UTF-8 with BOM"
	UTF16LE     Encoding = "UTF-16LE"
	UTF16BE     Encoding = "UTF-16BE"
	Windows1252 Encoding = "Windows-1252"
)

// fileFacts is what one pass over a file's bytes learns: its SHA-256, and
// for text, its encoding (decided on the whole file, not its first
// kilobytes: one é near the end of a megabyte of ASCII decides it).
type fileFacts struct {
	sha256   string
	size     int64
	encoding Encoding
	// badUTF8 is set for a file that starts with a UTF-8 byte-order mark
	// but holds bytes that are not UTF-8: they are read as U+FFFD.
	badUTF8 bool
}

// scanFile hashes the file and decides its text encoding in one pass.
func scanFile(path string) (fileFacts, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileFacts{}, err
	}
	defer f.Close()
	h := sha256.New()
	v := &utf8Check{}
	n, err := io.Copy(io.MultiWriter(h, v), f)
	if err != nil {
		return fileFacts{}, fmt.Errorf("read %s: %w", path, err)
	}
	facts := fileFacts{sha256: hex.EncodeToString(h.Sum(nil)), size: n}
	head := v.head
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		facts.encoding = UTF8BOM
		facts.badUTF8 = !v.valid()
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		facts.encoding = UTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		facts.encoding = UTF16BE
	case utf16WithoutBOM(head):
		if len(head) > 1 && head[1] == 0 {
			facts.encoding = UTF16LE
		} else {
			facts.encoding = UTF16BE
		}
	case v.valid():
		facts.encoding = UTF8
	default:
		facts.encoding = Windows1252
	}
	return facts, nil
}

// utf8Check validates UTF-8 across writes (a character may straddle two)
// and keeps the first bytes for the BOM.
type utf8Check struct {
	head    []byte
	pending []byte
	bad     bool
}

func (c *utf8Check) Write(p []byte) (int, error) {
	if len(c.head) < 4096 {
		c.head = append(c.head, p[:min(len(p), 4096-len(c.head))]...)
	}
	if c.bad {
		return len(p), nil
	}
	b := p
	if len(c.pending) > 0 {
		b = append(c.pending, p...)
		c.pending = nil
	}
	// Keep an incomplete character at the end for the next write.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(b[:cut]) {
		c.bad = true
		return len(p), nil
	}
	c.pending = append(c.pending[:0], b[cut:]...)
	return len(p), nil
}

func (c *utf8Check) valid() bool { return !c.bad && len(c.pending) == 0 }

// decoder returns a reader of UTF-8 text for a file in encoding e, with any
// byte-order mark removed.
func decoder(r io.Reader, e Encoding) io.Reader {
	var enc encoding.Encoding
	switch e {
	case UTF8BOM:
		// Not unicode.BOMOverride: it passes the bytes after a UTF-8 BOM
		// through unchecked. This decoder drops the BOM and replaces any
		// invalid byte with U+FFFD (scanFile has said so in a warning).
		enc = unicode.UTF8BOM
	case UTF16LE:
		enc = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	case UTF16BE:
		enc = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	case Windows1252:
		enc = charmap.Windows1252
	default:
		return r
	}
	return transform.NewReader(r, enc.NewDecoder())
}
