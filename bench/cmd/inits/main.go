// Command inits links the aigne command line's package, and through it
// every library aigne uses, and runs nothing of its own: its start-up is
// the Go runtime's and those packages' initialisers, the floor that
// `aigne hub list` cannot go below without dropping a library. bench/run.sh
// builds it as the release builds aigne and times it beside aigne
// (aignebench startup -libs).
package main

import _ "github.com/aigne-io/aigne/cli"

func main() {}
