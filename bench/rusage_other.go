//go:build !unix

package bench

import "os"

// MaxRSS is unknown here; it reports 0.
func MaxRSS(*os.ProcessState) int64 { return 0 }
