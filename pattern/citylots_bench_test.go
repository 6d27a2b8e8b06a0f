package pattern

import (
	"fmt"
	"strings"
	"testing"
)

// CityLots benchmarks on the synthetic look-alike corpus from ../shared/bench/citylots-gen, with
// the rule sets of quamina's CityLots benchmark (v1 shape) and event-ruler's citylots2 benchmarks.
// The match counts differ from the peers' (the corpus is synthetic), so they are reported, not
// asserted.

const cityLotsLines = 50000

func cityLots(b *testing.B, file string) [][]byte {
	return generated(b, "citylots-gen", []string{"-n", fmt.Sprint(cityLotsLines)}, file)
}

// quaminaCityLotsRules are the four patterns of quamina's BenchmarkCityLots.
var quaminaCityLotsRules = []string{
	`{ "properties": { "STREET": [ "CRANLEIGH" ] } }`,
	`{ "properties": { "STREET": [ "17TH" ], "ODD_EVEN": [ "E"] } }`,
	`{ "geometry": { "coordinates": [ 37.807807921694092 ] } }`,
	`{ "properties": { "MAPBLKLOT": ["0011008"], "BLKLOT": ["0011008"]},  "geometry": { "coordinates": [ 37.807807921694092 ] } }`,
}

func field(path, matcher string) string {
	parts := strings.Split(path, ".")
	s := fmt.Sprintf("%q: [ %s ]", parts[len(parts)-1], matcher)
	for i := len(parts) - 2; i >= 0; i-- {
		s = fmt.Sprintf("%q: { %s }", parts[i], s)
	}
	return "{ " + s + " }"
}

// ruler2Sets are event-ruler's citylots2 rule sets (five rules each).
var ruler2Sets = map[string][]string{
	"exact": {field("properties.MAPBLKLOT", `"1430022"`), field("properties.MAPBLKLOT", `"2607117"`),
		field("properties.MAPBLKLOT", `"2607218"`), field("properties.MAPBLKLOT", `"3745012"`), field("properties.MAPBLKLOT", `"VACSTWIL"`)},
	"wildcard": {field("properties.MAPBLKLOT", `{"wildcard":"143*"}`), field("properties.MAPBLKLOT", `{"wildcard":"2*0*1*7"}`),
		field("properties.MAPBLKLOT", `{"wildcard":"*218"}`), field("properties.MAPBLKLOT", `{"wildcard":"3*5*2"}`), field("properties.MAPBLKLOT", `{"wildcard":"VA*IL"}`)},
	"prefix": {field("properties.STREET", `{"prefix":"AC"}`), field("properties.STREET", `{"prefix":"BL"}`),
		field("properties.STREET", `{"prefix":"DR"}`), field("properties.STREET", `{"prefix":"FU"}`), field("properties.STREET", `{"prefix":"RH"}`)},
	"suffix": {field("properties.STREET", `{"suffix":"ON"}`), field("properties.STREET", `{"suffix":"KE"}`),
		field("properties.STREET", `{"suffix":"MM"}`), field("properties.STREET", `{"suffix":"ING"}`), field("properties.STREET", `{"suffix":"GO"}`)},
	"equals-ignore-case": {field("properties.STREET", `{"equals-ignore-case":"jefferson"}`), field("properties.STREET", `{"equals-ignore-case":"bEaCh"}`),
		field("properties.STREET", `{"equals-ignore-case":"HyDe"}`), field("properties.STREET", `{"equals-ignore-case":"CHESTNUT"}`), field("properties.ST_TYPE", `{"equals-ignore-case":"st"}`)},
	"numeric": {
		`{"geometry":{"type":["Polygon"],"firstCoordinates":{"x":[{"numeric":["=",-122.42916360922355]}]}}}`,
		`{"geometry":{"type":["MultiPolygon"],"firstCoordinates":{"z":[{"numeric":["=",0]}]}}}`,
		field("geometry.firstCoordinates.x", `{"numeric":["<",-122.41600944012424]}`),
		field("geometry.firstCoordinates.x", `{"numeric":[">",-122.41600944012424]}`),
		field("geometry.firstCoordinates.x", `{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}`)},
	"anything-but": {field("properties.STREET", `{"anything-but":["FULTON"]}`), field("properties.STREET", `{"anything-but":["MASON"]}`),
		field("properties.ST_TYPE", `{"anything-but":["ST"]}`), field("geometry.type", `{"anything-but":["Polygon"]}`), field("properties.FROM_ST", `{"anything-but":["441"]}`)},
	"complex-arrays": {
		`{"geometry":{"type":["Polygon"],"coordinates":{"x":[{"numeric":["=",-122.42916360922355]}]}}}`,
		`{"geometry":{"type":["MultiPolygon"],"coordinates":{"y":[{"numeric":["=",37.729900216217324]}]}}}`,
		field("geometry.coordinates.x", `{"numeric":["<",-122.41600944012424]}`),
		field("geometry.coordinates.x", `{"numeric":[">",-122.41600944012424]}`),
		field("geometry.coordinates.x", `{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}`)},
}

// BenchmarkCityLots runs quamina's four CityLots patterns over the v1-shaped corpus.
func BenchmarkCityLots(b *testing.B) {
	lines := cityLots(b, "citylots.jlines")
	runMatch(b, compileRules(b, "citylots-quamina", quaminaCityLotsRules), lines)
}

// BenchmarkCityLots2 runs each of event-ruler's citylots2 rule sets, then all of them together.
func BenchmarkCityLots2(b *testing.B) {
	names := []string{"exact", "wildcard", "prefix", "suffix", "equals-ignore-case", "numeric", "anything-but", "complex-arrays"}
	var all []string
	for _, name := range names {
		all = append(all, ruler2Sets[name]...)
		b.Run("set="+name, func(b *testing.B) {
			lines := cityLots(b, "citylots2.jlines")
			runMatch(b, compileRules(b, "cl2-"+name, ruler2Sets[name]), lines)
		})
	}
	b.Run("set=all", func(b *testing.B) {
		lines := cityLots(b, "citylots2.jlines")
		runMatch(b, compileRules(b, "cl2-all", all), lines)
	})
}
