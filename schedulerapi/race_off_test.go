//go:build !race

package schedulerapi

const raceEnabled = false
