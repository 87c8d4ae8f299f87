package credentials

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// testAccount is a host of the test's own in a real keychain (named after
// the test, so that a leftover says where it came from), deleted when the
// test ends. The live tests of every OS's keychain use it.
func testAccount(t *testing.T, k *Keychain) string {
	t.Helper()
	name := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
	host := fmt.Sprintf("%s-%08x.invalid", name, rand.Uint32())
	t.Cleanup(func() {
		if err := k.DeleteKey(host); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return host
}
