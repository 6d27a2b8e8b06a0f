package apidest

// Byte-level helpers of the lean answer parser (lean_response.go).

// classifyHeader tells which tracked header key names (case-insensitive).
func classifyHeader(key []byte) int {
	switch len(key) {
	case len("Content-Length"):
		if asciiEqualFold(key, "Content-Length") {
			return hdrContentLength
		}
	case len("Transfer-Encoding"):
		if asciiEqualFold(key, "Transfer-Encoding") {
			return hdrTransferEncoding
		}
	case len("Connection"):
		if asciiEqualFold(key, "Connection") {
			return hdrConnection
		}
	case len("Retry-After"):
		if asciiEqualFold(key, "Retry-After") {
			return hdrRetryAfter
		}
	}
	return hdrOther
}

// asciiEqualFold reports whether b equals s ignoring ASCII case (s is lower or mixed ASCII).
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// trimOWS trims spaces and tabs (and stray CR/LF, as textproto.TrimString) at both ends.
func trimOWS(b []byte) []byte {
	for len(b) > 0 && isOWS(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isOWS(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// validToken reports whether b is a non-empty RFC 9110 token (a valid header name).
func validToken(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !isTokenByte(c) {
			return false
		}
	}
	return true
}

func isTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}
