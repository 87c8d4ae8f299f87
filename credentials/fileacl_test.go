package credentials

import (
	"slices"
	"testing"
)

// The Windows rule, run on every OS: only the owner, SYSTEM and the
// Administrators may read the hub file.
func TestACLReaders(t *testing.T) {
	const owner, users, everyone, other = "S-1-5-21-1-2-3-1001", "S-1-5-32-545", "S-1-1-0", "S-1-5-21-1-2-3-1002"
	const full, read, write, writeDAC = 0x1f01ff, 0x120089, 0x100116, 0x40000
	cases := []struct {
		name string
		dacl []aclEntry
		null bool
		want []string
	}{
		{"what restrictToOwner writes", []aclEntry{{SID: owner, Allow: true, Mask: full}, {SID: sidSystem, Allow: true, Mask: full}, {SID: sidAdministrators, Allow: true, Mask: full}}, false, nil},
		{"a profile's default, inherited", []aclEntry{{SID: sidSystem, Allow: true, Mask: full}, {SID: sidAdministrators, Allow: true, Mask: full}, {SID: owner, Allow: true, Mask: full}}, false, nil},
		{"Users may read", []aclEntry{{SID: owner, Allow: true, Mask: full}, {SID: users, Allow: true, Mask: read}}, false, []string{users}},
		{"GENERIC_READ for Everyone", []aclEntry{{SID: everyone, Allow: true, Mask: 0x80000000}}, false, []string{everyone}},
		{"another user may only write", []aclEntry{{SID: owner, Allow: true, Mask: full}, {SID: other, Allow: true, Mask: write}}, false, nil},
		{"another user may change the access list", []aclEntry{{SID: other, Allow: true, Mask: writeDAC}}, false, []string{other}},
		{"denied first, then allowed", []aclEntry{{SID: users, Allow: false, Mask: full}, {SID: users, Allow: true, Mask: read}}, false, nil},
		{"allowed first, then denied", []aclEntry{{SID: users, Allow: true, Mask: read}, {SID: users, Allow: false, Mask: full}}, false, []string{users}},
		{"inherit-only entries do not apply", []aclEntry{{SID: users, Allow: true, Mask: read, InheritOnly: true}}, false, nil},
		{"named once", []aclEntry{{SID: users, Allow: true, Mask: read}, {SID: users, Allow: true, Mask: full}}, false, []string{users}},
		{"no access list at all", nil, true, []string{"Everyone"}},
		{"an empty access list", nil, false, nil},
	}
	for _, c := range cases {
		if got := aclReaders(owner, c.dacl, c.null); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
