package credentials

import "golang.org/x/sys/windows"

// onWine reports whether the tests run under Wine (.ci/wine/run), whose
// ntdll alone exports wine_get_version.
func onWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}
