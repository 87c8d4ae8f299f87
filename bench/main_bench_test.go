package bench

import (
	"context"
	"fmt"
	"testing"

	"github.com/aigne-io/aigne/cli"
	"github.com/aigne-io/aigne/credentials"
)

// BenchmarkMain runs `aigne hub list` in-process, parser included: the
// part of a run's start-up the code decides, without the process, the Go
// runtime and package initialisation that bench/run.sh's figures include.
func BenchmarkMain(b *testing.B) {
	for _, n := range sizes {
		path := writeList(b, n)
		for _, args := range [][]string{{"hub", "list"}, {"-o", "json", "hub", "list"}} {
			b.Run(fmt.Sprintf("hubs=%d/%v", n, args), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					io, _, errb := cli.TestStreams("")
					app := &cli.App{Ctx: context.Background(), IO: io, Path: path, Keychain: &credentials.Keychain{Backend: credentials.NewMemoryBackend()}, Getenv: func(string) string { return "" }}
					if code := cli.Main(args, app); code != 0 {
						b.Fatalf("exit %d: %s", code, errb)
					}
				}
			})
		}
	}
}

// BenchmarkParser is building the command line parser alone, which every
// run pays before anything else.
func BenchmarkParser(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		io, _, _ := cli.TestStreams("")
		app := &cli.App{Ctx: context.Background(), IO: io, Keychain: &credentials.Keychain{Backend: credentials.NewMemoryBackend()}, Getenv: func(string) string { return "" }}
		if code := cli.Main([]string{"--version"}, app); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
