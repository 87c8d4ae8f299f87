// Package credentials keeps the list of connected AIGNE Hubs and their API
// keys, in the two places it shares with the Node.js @aigne/cli, in that
// CLI's formats:
//
//   - the hub file, ~/.aigne/aigne-hub-connected.yaml: file.go writes it
//     (the writers' lock, atomic replacement, ownership and symlinks,
//     temporary files left by a writer that was killed; its OS halves are
//     file_windows.go and file_other.go, and fileacl.go judges a Windows
//     access list), yamldoc.go reads and edits its YAML document
//     (yamldoc_fast.go for the layout both CLIs write);
//   - the OS keychain, one item per hub: keychain.go is the wrapper that
//     every backend goes through (timeouts, the prompt-or-deny rule,
//     failures made facts), and each backend has its own file, named after
//     it (keychain_secretservice.go, keychain_security.go for macOS,
//     keychain_wincred.go for Windows, keychain_memory.go for tests,
//     keychain_other.go where there is none), with only the system-call
//     halves named after an OS.
//
// nodecompat.go holds what both CLIs must agree on byte for byte: the names
// in the file, the layout of the keychain's items, and how values are
// turned into strings. registry.go joins the two places into the saved hubs
// (Registry, State); store.go is the CredentialStore either place is to a
// command; errors.go lists every fact the package reports.
//
// What it must not do: word a message for a person (errors and warnings
// carry facts, and the command line words them, in the person's language),
// reach the network, or read from or write to the terminal. Whether a
// person is at the terminal is told to it (Keychain.SetInteractive).
package credentials
