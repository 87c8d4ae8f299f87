package credentials

// Windows has no mode bits (Go reports 0666 for any file it may write), so
// there the hub file is judged by its access list: only its owner, SYSTEM
// and the Administrators may read it. The rule is here, apart from the
// system calls, so that it is tested on every OS.

// aclEntry is one entry of a file's access list, as Windows gives it.
type aclEntry struct {
	SID   string // the principal, as S-1-5-…
	Allow bool   // an allow entry; false: a deny entry
	Mask  uint32 // the rights it allows or denies
	// InheritOnly: the entry is only handed down to children (a
	// directory's), and does not apply to this object.
	InheritOnly bool
}

// Well-known principals allowed to read the hub file besides its owner.
const (
	sidSystem         = "S-1-5-18"
	sidAdministrators = "S-1-5-32-544"
)

// aclReadRights are the rights that let a principal read the file, or
// give itself the right to: reading the data, the generic rights that
// include it, and changing the access list or the owner.
const aclReadRights = 0x00000001 | // FILE_READ_DATA
	0x80000000 | // GENERIC_READ
	0x10000000 | // GENERIC_ALL
	0x00040000 | // WRITE_DAC
	0x00080000 // WRITE_OWNER

// aclReaders lists the principals other than owner, SYSTEM and the
// Administrators that the access list lets read the file, in the order of
// the list. The entries are taken in order, as Windows does: a right
// denied to a principal before an entry allows it stays denied. Group
// membership is not looked into: a group that may read (Users, Everyone)
// is itself a reader. nullDACL is a file with no access list at all,
// which everyone may read.
func aclReaders(owner string, dacl []aclEntry, nullDACL bool) []string {
	if nullDACL {
		return []string{"Everyone"}
	}
	denied := map[string]uint32{}
	var readers []string
	seen := map[string]bool{}
	for _, e := range dacl {
		if e.InheritOnly {
			continue
		}
		if !e.Allow {
			denied[e.SID] |= e.Mask
			continue
		}
		if e.Mask&^denied[e.SID]&aclReadRights == 0 {
			continue
		}
		switch e.SID {
		case owner, sidSystem, sidAdministrators:
			continue
		}
		if !seen[e.SID] {
			seen[e.SID] = true
			readers = append(readers, e.SID)
		}
	}
	return readers
}
