// Package cli is the aigne command line: the Kong command tree, what each
// command does with the saved hubs and the hubs' answers, and every word a
// person reads, in English or Simplified Chinese, as text or JSON, with the
// exit code that goes with it.
//
// It owns the words: the packages below it (credentials, hubclient, huburl)
// report facts and typed errors, and only this package turns them into
// sentences (reasons.go, messages_en.go, messages_zh.go). It must not parse
// the hub file, speak the hub protocol or read a keychain itself; it asks
// those packages.
//
// Where things are:
//
//	root.go, model.go, help.go   Main, the command tree, help and Kong's errors
//	deps.go                      what a command's Run may name as a parameter
//	plain.go                     a command line with no flag run without Kong
//	hub.go                       `aigne hub`, the hub JSON object, reading the saved hubs
//	hub_<command>.go             one file per hub subcommand (list, connect, use, …)
//	target.go                    which hub and key a command acts on
//	env.go                       the environment variables the commands read
//	reasons.go                   the words for a failure's facts
//	errors.go                    exit codes and the mapping of errors to them
//	output.go                    text or JSON, colours, warnings on stderr
//	prompt.go, spinner.go        questions and waiting at a terminal
//	completion*.go               shell completion: the tree from the Kong model,
//	                             one generator per shell, `__complete hubs`
//	handoff*.go                  commands that are not ours, passed to the Node CLI
//	messages_en.go, messages_zh.go, i18n.go   the catalogues and the locale
//
// To add a command: a struct with a Run method in its own file, a field in
// HubCmd (hub.go), and its help keys in both catalogues. Completion follows
// the Kong model by itself; only a flag whose values Kong cannot list, or
// an argument that is a saved hub, needs a line in completionHints. A
// command line that names it with no flag runs without Kong (plain.go)
// when its flags are of kinds that file knows; TestPlainRunIsKongs keeps
// the two ways the same.
package cli
