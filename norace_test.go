//go:build !race

package main

// raceEnabled: this test binary, and so the aigne it runs as, has the race
// detector in it.
const raceEnabled = false
