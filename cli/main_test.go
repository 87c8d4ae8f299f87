package cli

import (
	"fmt"
	"os"
	"testing"
)

// TestMain gives the tests a home of their own: a test that leaves App.Path
// empty, by mistake or on purpose, then finds that home's hub list, never
// the real one of whoever runs the tests (~/.aigne, or
// %USERPROFILE%\.aigne on Windows).
// The completion tests run this binary again as `aigne`, with a home of
// theirs that must stand.
func TestMain(m *testing.M) {
	if os.Getenv("AIGNE_COMPLETION_HELPER") != "" {
		os.Exit(m.Run())
	}
	home, err := os.MkdirTemp("", "aigne-cli-home")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, k := range []string{"HOME", "USERPROFILE"} {
		os.Setenv(k, home)
	}
	os.Setenv("APPDATA", home+string(os.PathSeparator)+"AppData")
	os.Setenv("XDG_CONFIG_HOME", home+string(os.PathSeparator)+".config")
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}
