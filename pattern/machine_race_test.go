//go:build race

package pattern

// raceEnabled is true under -race, where sync.Pool drops items on purpose and allocation counts
// are meaningless.
const raceEnabled = true
