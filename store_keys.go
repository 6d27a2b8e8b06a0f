package eventrail

// RecordKeyToken encodes an arbitrary name (a bus name such as "my.bus/x", a target ID) as one
// token of a Record.Key or consumer filter: ASCII letters, digits and '-' are kept, every other
// byte becomes '_' followed by two lowercase hex digits, and the empty name becomes "_".
// Distinct names give distinct tokens, so e.g. "bus." + RecordKeyToken(bus) partitions a log
// by bus and a consumer can filter on exactly one bus.
func RecordKeyToken(name string) string {
	if name == "" {
		return "_"
	}
	const hex = "0123456789abcdef"
	b := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			b = append(b, c)
			continue
		}
		b = append(b, '_', hex[c>>4], hex[c&15])
	}
	return string(b)
}
