package cli

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

// Msg names one user-facing message. Every text the CLI shows goes through
// a catalog, so a third language is one new messages_xx.go file that calls
// registerCatalog.
type Msg string

// catalogs maps a language tag ("en", "zh") to its catalog. English is the
// fallback for a key another catalog lacks; TestCatalogsComplete keeps them
// in step.
var catalogs = map[string]catalog{}

// catalog is one language's messages, built on first use: a run builds
// only the map of the language it prints in (English too only when that
// catalog lacks a message), not all of them before main.
type catalog struct {
	tag  language.Tag // the language as a BCP 47 tag, for matching the locale (LangFromEnv): "zh" is Simplified Chinese
	msgs func() map[Msg]string
}

// registerCatalog adds language lang, whose BCP 47 tag is tag, from a
// messages_xx.go file's init; msgs returns its messages, and is called
// once, when a message of that language is first asked for.
func registerCatalog(lang string, tag language.Tag, msgs func() map[Msg]string) {
	catalogs[lang] = catalog{tag: tag, msgs: sync.OnceValue(msgs)}
}

// messages is the catalog of lang; nil for a language without one.
func messages(lang string) map[Msg]string {
	c, ok := catalogs[lang]
	if !ok {
		return nil
	}
	return c.msgs()
}

// Printer formats messages in one language.
type Printer struct{ Lang string }

// T formats message m with args, in the printer's language.
func (p Printer) T(m Msg, args ...any) string {
	format, ok := messages(p.Lang)[m]
	if !ok && p.Lang != "en" {
		format, ok = messages("en")[m]
	}
	if !ok {
		format = string(m)
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// Or joins choices as a sentence offers them: "a", "a or b", "a, b or c"
// ("a、b 或 c" in Chinese).
func (p Printer) Or(choices []string) string {
	if len(choices) < 2 {
		return strings.Join(choices, "")
	}
	last := len(choices) - 1
	return p.T(MsgListOr, strings.Join(choices[:last], p.T(MsgListSep)), choices[last])
}

// LangFromEnv picks the language from the locale as POSIX orders it: LC_ALL,
// then LC_MESSAGES, then LANG; the first one set decides. Its language is
// matched against the catalogs' (golang.org/x/text/language), so zh_CN and
// zh_TW both read Chinese, and a locale in no catalog's language, or none
// at all (C, POSIX), reads English.
func LangFromEnv(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if val := getenv(v); val != "" {
			return matchLang(localeTag(val))
		}
	}
	return "en"
}

// localeTag reads a POSIX locale name, language[_territory][.codeset]
// [@modifier], as a BCP 47 tag: zh_CN.UTF-8 is zh-CN. C and POSIX name no
// language: und.
func localeTag(locale string) language.Tag {
	if i := strings.IndexAny(locale, ".@"); i >= 0 {
		locale = locale[:i]
	}
	if locale == "C" || locale == "POSIX" {
		return language.Und // no tag to parse: the parser's error costs more
	}
	// A name that is not quite a tag still gives what it has of one.
	t, _ := language.Parse(strings.ReplaceAll(locale, "_", "-"))
	return t
}

// matchLang is the catalog whose language t's speaker reads best; English
// when none does.
func matchLang(t language.Tag) string {
	// English is also what a tag in no catalog's language gets: an English
	// locale, or none (C, POSIX), needs no matcher. Building one is most of
	// the cost of the choice (about 0.15 ms cold, against 0.01 ms without).
	if t == language.Und {
		return "en"
	}
	if b, _ := t.Base(); b == english {
		return "en"
	}
	m := langMatcher()
	_, i, _ := m.matcher.Match(t)
	return m.langs[i]
}

// english is the language of the "en" catalog, without region or script.
var english, _ = language.English.Base()

// langMatcher matches tags against the catalogs' languages, English first
// (what a tag in none of them gets). It is built on first use: a run in an
// English or C locale never pays for it.
var langMatcher = sync.OnceValue(func() *catalogMatcher {
	m := &catalogMatcher{langs: []string{"en"}}
	for lang := range catalogs {
		if lang != "en" {
			m.langs = append(m.langs, lang)
		}
	}
	slices.Sort(m.langs[1:])
	tags := make([]language.Tag, len(m.langs))
	for i, lang := range m.langs {
		tags[i] = catalogs[lang].tag
	}
	m.matcher = language.NewMatcher(tags)
	return m
})

// catalogMatcher is a language.Matcher over the catalogs' tags, and the
// catalog of each tag, by the index Match returns.
type catalogMatcher struct {
	matcher language.Matcher
	langs   []string
}
