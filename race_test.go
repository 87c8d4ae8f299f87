//go:build linux && race

package main

// raceEnabled (for the prompt test, the one that needs it): this test binary, and so the aigne it runs as, has the race
// detector in it.
const raceEnabled = true
