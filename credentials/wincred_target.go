package credentials

import "strings"

// On Windows each item is a generic credential of the Credential Manager
// whose target name is the service, a slash and the account; its user name
// is the account and its blob the value's UTF-8 bytes. These helpers are
// plain Go so that they are tested on every platform.

// winTargetPrefix starts the target name of every item of KeychainService;
// with a trailing "*" it is the filter that lists them.
const winTargetPrefix = KeychainService + "/"

// winTarget is the target name of account's item.
func winTarget(account string) string { return winTargetPrefix + account }

// winAccount is the account of the item with this target name; ok is false
// for a target outside the service or with an empty account. The prefix is
// compared without regard to case, as the Credential Manager compares
// target names, so whatever its filter returns is kept.
func winAccount(target string) (account string, ok bool) {
	if len(target) <= len(winTargetPrefix) || !strings.EqualFold(target[:len(winTargetPrefix)], winTargetPrefix) {
		return "", false
	}
	return target[len(winTargetPrefix):], true
}
