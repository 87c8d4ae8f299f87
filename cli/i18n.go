package cli

import (
	"fmt"
	"os"
	"strings"
)

// Msg names one user-facing message. Every text the CLI shows goes through
// a catalog, so a third language is one new messages_xx.go file that calls
// registerCatalog.
type Msg string

// catalogs maps a language tag ("en", "zh") to its messages. English is the
// fallback for a key another catalog lacks; TestCatalogsComplete keeps them
// in step.
var catalogs = map[string]map[Msg]string{}

func registerCatalog(lang string, msgs map[Msg]string) { catalogs[lang] = msgs }

// Printer formats messages in one language.
type Printer struct{ Lang string }

// T formats message m with args, in the printer's language.
func (p Printer) T(m Msg, args ...any) string {
	format, ok := catalogs[p.Lang][m]
	if !ok {
		format, ok = catalogs["en"][m]
	}
	if !ok {
		format = string(m)
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// LangFromEnv picks the language from the locale as POSIX orders it: LC_ALL,
// then LC_MESSAGES, then LANG; the first one set decides.
func LangFromEnv(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		val := getenv(v)
		if val == "" {
			continue
		}
		tag := strings.ToLower(val)
		for lang := range catalogs {
			if lang != "en" && strings.HasPrefix(tag, lang) {
				return lang
			}
		}
		return "en"
	}
	return "en"
}
