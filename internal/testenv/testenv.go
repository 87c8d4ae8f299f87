// Package testenv holds the test helpers that more than one package's
// tests need: an environment given as a map, and a file written where a test
// wants it (a hub list, say). It is imported by tests only, and imports
// none of ours, so that every package's tests can use it.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// Getenv is an environment of these variables alone, as a getenv function.
func Getenv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// WriteFile writes content at path, readable by its owner only, making
// its directory (also owner-only) first.
func WriteFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
