package metrics

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
)

// sample is one parsed exposition line.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

// exposition is parsed exposition text: TYPE and HELP per family, and the samples in order.
type exposition struct {
	types   map[string]string
	helps   map[string]string
	samples []sample
}

// parseExposition parses the text format 0.0.4 subset this package writes, strictly: any line it
// cannot account for is an error.
func parseExposition(text string) (*exposition, error) {
	e := &exposition{types: map[string]string{}, helps: map[string]string{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# HELP "):
			name, help, _ := strings.Cut(line[len("# HELP "):], " ")
			e.helps[name] = help
		case strings.HasPrefix(line, "# TYPE "):
			name, typ, _ := strings.Cut(line[len("# TYPE "):], " ")
			e.types[name] = typ
		case line == "":
			return nil, fmt.Errorf("empty line")
		default:
			s, err := parseSample(line)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", line, err)
			}
			e.samples = append(e.samples, s)
		}
	}
	return e, sc.Err()
}

func parseSample(line string) (sample, error) {
	s := sample{labels: map[string]string{}}
	i := strings.IndexAny(line, "{ ")
	if i <= 0 {
		return s, fmt.Errorf("no name")
	}
	s.name = line[:i]
	rest := line[i:]
	if rest[0] == '{' {
		var err error
		rest, err = parseLabels(rest[1:], s.labels)
		if err != nil {
			return s, err
		}
	}
	if len(rest) < 2 || rest[0] != ' ' {
		return s, fmt.Errorf("no value")
	}
	v, err := parseValue(rest[1:])
	s.value = v
	return s, err
}

// parseLabels reads name="value",... up to the closing brace and returns what follows it.
func parseLabels(in string, into map[string]string) (string, error) {
	for {
		eq := strings.Index(in, `="`)
		if eq <= 0 {
			return "", fmt.Errorf("bad label")
		}
		name := in[:eq]
		in = in[eq+2:]
		var val strings.Builder
		for {
			if in == "" {
				return "", fmt.Errorf("unterminated label value")
			}
			c := in[0]
			in = in[1:]
			if c == '"' {
				break
			}
			if c == '\\' {
				if in == "" {
					return "", fmt.Errorf("dangling escape")
				}
				switch in[0] {
				case 'n':
					val.WriteByte('\n')
				case '\\', '"':
					val.WriteByte(in[0])
				default:
					return "", fmt.Errorf("bad escape")
				}
				in = in[1:]
				continue
			}
			if c == '\n' {
				return "", fmt.Errorf("raw newline")
			}
			val.WriteByte(c)
		}
		if _, dup := into[name]; dup {
			return "", fmt.Errorf("duplicate label %s", name)
		}
		into[name] = val.String()
		switch {
		case strings.HasPrefix(in, ","):
			in = in[1:]
		case strings.HasPrefix(in, "}"):
			return in[1:], nil
		default:
			return "", fmt.Errorf("bad label separator")
		}
	}
}

func parseValue(s string) (float64, error) {
	switch s {
	case "+Inf":
		return strconv.ParseFloat("+Inf", 64)
	case "-Inf":
		return strconv.ParseFloat("-Inf", 64)
	}
	return strconv.ParseFloat(s, 64)
}

// find returns the value of the sample with this name and exactly these labels.
func (e *exposition) find(name string, labels map[string]string) (float64, bool) {
	for _, s := range e.samples {
		if s.name == name && len(s.labels) == len(labels) {
			match := true
			for k, v := range labels {
				if s.labels[k] != v {
					match = false
				}
			}
			if match {
				return s.value, true
			}
		}
	}
	return 0, false
}
