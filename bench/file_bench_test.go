package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/aigne-io/aigne/credentials"
)

var sizes = []int{1, 100, 1000}

// The generated lists are what the Node CLI writes, byte for byte as our
// writer would write them too, so the figures are about real files.
func TestHubListIsNodeLayout(t *testing.T) {
	for _, n := range sizes {
		hubs := Synthetic(n)
		hubs = append(hubs, Entry{Host: "127.0.0.1:8090", APIURL: "http://127.0.0.1:8090/ai-kit", Key: "aigne_local"})
		hubs = append(hubs, Entry{Host: "kc.example.com", APIURL: "https://kc.example.com/ai-kit"})
		data := HubList(hubs, 0)
		doc, err := credentials.Parse("gen.yaml", data)
		if err != nil {
			t.Fatalf("%d hubs: %v", n, err)
		}
		got := doc.Entries()
		if len(got) != len(hubs) {
			t.Fatalf("%d hubs parsed, want %d", len(got), len(hubs))
		}
		for i, e := range got {
			if e.Name != hubs[i].Host || e.APIURL != hubs[i].APIURL || e.Key != hubs[i].Key {
				t.Fatalf("hub %d: %+v, want %+v", i, e, hubs[i])
			}
		}
		if a := doc.ActiveURL(); a != hubs[0].APIURL {
			t.Errorf("active %q, want %q", a, hubs[0].APIURL)
		}
		out, err := doc.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, data) {
			t.Errorf("%d hubs: rewriting changes the layout:\n%s\nwant:\n%s", n, out, data)
		}
	}
}

// BenchmarkParse is what every command does with the file once read:
// parse it and list the hubs and the active one.
func BenchmarkParse(b *testing.B) {
	for _, n := range sizes {
		data := HubList(Synthetic(n), 0)
		b.Run(fmt.Sprintf("hubs=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				doc, err := credentials.Parse("bench.yaml", data)
				if err != nil {
					b.Fatal(err)
				}
				if len(doc.Entries()) != n || doc.ActiveURL() == "" {
					b.Fatal("wrong parse")
				}
			}
		})
	}
}

// BenchmarkLoad adds reading the file from disk.
func BenchmarkLoad(b *testing.B) {
	for _, n := range sizes {
		path := writeList(b, n)
		f := credentials.NewFile(path)
		b.Run(fmt.Sprintf("hubs=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.Load(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBytes renders the document back, as every write does.
func BenchmarkBytes(b *testing.B) {
	for _, n := range sizes {
		doc, err := credentials.Parse("bench.yaml", HubList(Synthetic(n), 0))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("hubs=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := doc.Bytes(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUpdate is one whole `aigne hub use`: lock, read, parse, change
// the active hub, render, write a temporary file, fsync, rename. The fsync
// makes it a measure of the disk as much as of the code.
func BenchmarkUpdate(b *testing.B) {
	for _, n := range sizes {
		path := writeList(b, n)
		reg := credentials.NewRegistry(path, nil)
		hosts := []string{Synthetic(n)[0].Host, Synthetic(n)[n-1].Host}
		b.Run(fmt.Sprintf("hubs=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				host := hosts[i%2]
				if _, _, err := reg.Use(context.Background(), host); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func writeList(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), credentials.FileName)
	if err := os.WriteFile(path, HubList(Synthetic(n), 0), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}
