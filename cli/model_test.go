package cli

import (
	"context"
	"reflect"
	"testing"

	"github.com/alecthomas/kong"
)

// The small root Main parses with (commandRoot) reaches the same command
// with the same values as the whole tree, for every command; and help, or
// words that name no command plainly, get the whole tree.
func TestSmallRootParsesAsTheWholeTree(t *testing.T) {
	parse := func(root reflect.Value, args []string) (*kong.Context, error) {
		io, _, _ := TestStreams("")
		app := &App{Ctx: context.Background(), IO: io, Getenv: func(string) string { return "" }}
		app.fill()
		out := &Output{IO: io, p: Printer{Lang: "en"}}
		k, err := kong.New(root.Interface(), append(append(modelOptions(), kong.Exit(func(int) { t.Fatal("exit") })), app.deps(out).bindings()...)...)
		if err != nil {
			t.Fatal(err)
		}
		return k.Parse(args)
	}
	for _, args := range [][]string{
		{"hub", "list"}, {"hub", "ls", "--check", "--check-timeout=2s"}, {"-o", "json", "hub", "list"}, {"hub", "list", "-o", "json"},
		{"--output=json", "hub", "list"}, {"-ojson", "hub", "list", "--check"},
		{"hub", "connect", "https://x.example", "--store=file", "--timeout=1m"}, {"hub", "use", "x.example"}, {"hub", "st"},
		{"hub", "status"}, {"hub", "rm", "x.example"}, {"hub", "remove", "x.example"}, {"hub", "i", "x.example"}, {"hub", "info"},
		{"hub", "token", "x.example"}, {"hub", "env", "--shell", "fish"}, {"hub", "env", "x.example"},
		{"completion", "zsh"}, {"__complete", "hubs"}, {"version"},
	} {
		small, ok := commandRoot(args)
		if !ok {
			t.Errorf("%q: the whole tree", args)
			continue
		}
		sctx, err := parse(small, args)
		if err != nil {
			t.Errorf("%q: small root: %v", args, err)
			continue
		}
		whole := reflect.ValueOf(new(CLI))
		fctx, err := parse(whole, args)
		if err != nil {
			t.Errorf("%q: whole tree: %v", args, err)
			continue
		}
		if sctx.Command() != fctx.Command() {
			t.Errorf("%q: small root runs %q, the whole tree %q", args, sctx.Command(), fctx.Command())
		}
		if s, f := sctx.Selected().Target.Interface(), fctx.Selected().Target.Interface(); !reflect.DeepEqual(s, f) {
			t.Errorf("%q: small root reads %#v, the whole tree %#v", args, s, f)
		}
		if s, f := small.Elem().FieldByName("Output").String(), whole.Elem().FieldByName("Output").String(); s != f {
			t.Errorf("%q: small root's output %q, the whole tree's %q", args, s, f)
		}
	}
	for _, args := range [][]string{
		{}, {"hub"}, {"--help"}, {"hub", "list", "-h"}, {"hub", "list", "--help"}, {"help", "hub"}, {"hub", "lst"}, {"-o", "json"},
		{"hub", "--", "list"}, {"--version"}, {"nope"},
	} {
		if _, ok := commandRoot(args); ok {
			t.Errorf("%q: a small root", args)
		}
	}
}
