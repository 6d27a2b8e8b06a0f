//go:build race

package schedulerapi

// raceEnabled: the scale tests skip under the race detector (timings are meaningless).
const raceEnabled = true
