//go:build !windows

package credentials

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// readShared reads what os.ReadFile reads, and fails as it fails.
func TestReadSharedIsReadFile(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 4096, 100000} {
		path := filepath.Join(dir, "f")
		if err := os.WriteFile(path, bytes.Repeat([]byte("ab\n"), n)[:n], 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := readShared(path)
		want, werr := os.ReadFile(path)
		if err != nil || werr != nil || !bytes.Equal(got, want) {
			t.Errorf("%d bytes: readShared %d bytes, %v; os.ReadFile %d bytes, %v", n, len(got), err, len(want), werr)
		}
	}
	for _, path := range []string{filepath.Join(dir, "missing"), dir, filepath.Join(dir, "f", "under-a-file")} {
		got, err := readShared(path)
		want, werr := os.ReadFile(path)
		if !reflect.DeepEqual(err, werr) || len(got) != len(want) {
			t.Errorf("%s: readShared %q, %#v; os.ReadFile %q, %#v", path, got, err, want, werr)
		}
	}
}
