// Package lazyre compiles regular expressions on first use. A package-level
// regexp.MustCompile runs at every start of the program, and most runs of
// aigne never use most of them (they word a rare error, or read an unusual
// file): compiling them all cost about 0.4 ms of every run.
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr the first time it is called
// and returns the same *regexp.Regexp every time.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
