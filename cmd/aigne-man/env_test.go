package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// envGetters are the names of the functions through which the code reads
// a variable: os.Getenv and os.LookupEnv, the getenv functions handed down
// (App.Getenv), cli.Env values (env) and the Node CLI finder's envAny.
var envGetters = []string{"Getenv", "LookupEnv", "getenv", "env", "envAny"}

// libraryEnv are the variables the standard library reads for aigne:
// os.UserHomeDir and net/http's ProxyFromEnvironment (hubclient).
var libraryEnv = []string{"HOME", "USERPROFILE", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"}

// dynamicEnv are the calls whose variable is not known in the source, each
// with why: "file: argument".
var dynamicEnv = map[string]string{
	"handoff.go: k": "a ${VAR} that the user's .npmrc names in its prefix=",
}

// envRead is one variable read, and where.
type envRead struct {
	name, at string
}

// readEnv scans the non-test sources of the packages the aigne binary is
// built from (every platform's files) for the variables they read.
func readEnv(t *testing.T) []envRead {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		// The Windows build of the tests under Wine (.ci/wine/run).
		t.Skip("the go command is not on PATH: the sources cannot be listed")
	}
	cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.Module.Path}} {{.Dir}}{{end}}", "github.com/aigne-io/aigne")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var dirs []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		mod, dir, _ := strings.Cut(l, " ")
		if mod == "github.com/aigne-io/aigne" {
			dirs = append(dirs, dir)
		}
	}
	if len(dirs) < 4 {
		t.Fatalf("go list found only %v", dirs)
	}

	consts := map[string]string{} // every package's string constants, by name
	fset := token.NewFileSet()
	var files []*ast.File
	for _, dir := range dirs {
		names, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
			for _, d := range f.Decls {
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
					for _, s := range g.Specs {
						vs := s.(*ast.ValueSpec)
						for i, n := range vs.Names {
							if i < len(vs.Values) {
								if v, ok := stringLit(vs.Values[i]); ok {
									consts[n.Name] = v
								}
							}
						}
					}
				}
			}
		}
	}

	var reads []envRead
	for _, f := range files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			stack = append(stack, n)
			call, ok := n.(*ast.CallExpr)
			if !ok || !slices.Contains(envGetters, calleeName(call.Fun)) {
				return true
			}
			pos := fset.Position(call.Pos())
			at := filepath.Base(pos.Filename) + ":" + strconv.Itoa(pos.Line)
			for _, arg := range call.Args {
				names, ok := resolveEnv(arg, stack, consts, 0)
				if !ok {
					key := filepath.Base(pos.Filename) + ": " + exprString(arg)
					if _, known := dynamicEnv[key]; !known {
						t.Errorf("%s: cannot tell which variable %s reads (%s); name it in a constant or a literal, or add it to dynamicEnv with why", at, calleeName(call.Fun), exprString(arg))
					}
					continue
				}
				for _, name := range names {
					reads = append(reads, envRead{name, at})
				}
			}
			return true
		})
	}
	return reads
}

func calleeName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	case *ast.BasicLit:
		return x.Value
	}
	return "an expression"
}

func stringLit(e ast.Expr) (string, bool) {
	if l, ok := e.(*ast.BasicLit); ok && l.Kind == token.STRING {
		s, err := strconv.Unquote(l.Value)
		return s, err == nil
	}
	return "", false
}

// resolveEnv is the variable names expression e, passed to a getter, may
// hold: a literal, a constant, or a local variable set from those (by
// assignment, or as a range over a list of them). A parameter of a getter
// itself (envAny's names) yields nothing: its callers are scanned. ok is
// false when e cannot be told.
func resolveEnv(e ast.Expr, stack []ast.Node, consts map[string]string, depth int) (names []string, ok bool) {
	if depth > 5 {
		return nil, false
	}
	if s, ok := stringLit(e); ok {
		return []string{s}, true
	}
	var id *ast.Ident
	switch x := e.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr: // pkg.Const
		if v, ok := consts[x.Sel.Name]; ok {
			return []string{v}, true
		}
		return nil, false
	default:
		return nil, false
	}
	found := false
	// The local bindings of the name, innermost function first.
	for i := len(stack) - 1; i >= 0; i-- {
		var typ *ast.FuncType
		var body *ast.BlockStmt
		funcName := ""
		switch fn := stack[i].(type) {
		case *ast.FuncDecl:
			typ, body, funcName = fn.Type, fn.Body, fn.Name.Name
		case *ast.FuncLit:
			typ, body = fn.Type, fn.Body
		default:
			continue
		}
		for _, field := range typ.Params.List {
			for _, n := range field.Names {
				if n.Name == id.Name {
					if slices.Contains(envGetters, funcName) {
						return nil, true
					}
					return nil, false
				}
			}
		}
		bad := false
		add := func(rhs ast.Expr) {
			ns, ok := resolveEnv(rhs, stack[:i+1], consts, depth+1)
			bad = bad || !ok
			names = append(names, ns...)
			found = true
		}
		ast.Inspect(body, func(n ast.Node) bool {
			switch s := n.(type) {
			case *ast.AssignStmt:
				for j, l := range s.Lhs {
					if l, ok := l.(*ast.Ident); ok && l.Name == id.Name && j < len(s.Rhs) && len(s.Lhs) == len(s.Rhs) {
						add(s.Rhs[j])
					}
				}
			case *ast.RangeStmt:
				if v, ok := s.Value.(*ast.Ident); ok && v.Name == id.Name {
					if lit, ok := s.X.(*ast.CompositeLit); ok {
						for _, el := range lit.Elts {
							add(el)
						}
					} else {
						add(s.X) // a getter's own parameter, or nothing known
					}
				}
			}
			return true
		})
		if found {
			return names, !bad
		}
	}
	if v, ok := consts[id.Name]; ok {
		return []string{v}, true
	}
	return nil, false
}

// pageSection is the roff source of a section of the page, up to the next.
func pageSection(page, name string) string {
	_, rest, ok := strings.Cut(page, "\n.SH "+name+"\n")
	if !ok {
		return ""
	}
	sec, _, _ := strings.Cut(rest, "\n.SH ")
	return sec
}

// tags are the plain text of the tag lines (the line after each .TP) of a
// part of the page.
func tags(sec string) []string {
	var out []string
	lines := strings.Split(sec, "\n")
	for i, l := range lines {
		if (l == ".TP" || strings.HasPrefix(l, ".TP ")) && i+1 < len(lines) {
			out = append(out, strings.TrimSpace(plain(lines[i+1])))
		}
	}
	return out
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// TestEnvironmentIsComplete holds ENVIRONMENT to the code: every variable
// the code reads (and the standard library reads for it) is there, each
// named in a tag of its own paragraph, and nothing else is.
func TestEnvironmentIsComplete(t *testing.T) {
	page, err := manPage("1.2.3", testDate)
	if err != nil {
		t.Fatal(err)
	}
	sec := pageSection(page, "ENVIRONMENT")
	text := plain(sec)
	tagged := map[string]bool{}
	for _, tag := range tags(sec) {
		for _, n := range strings.Split(tag, ", ") {
			if !envName.MatchString(n) {
				t.Errorf("ENVIRONMENT: the tag %q is not a list of variables", tag)
			}
			tagged[n] = true
		}
	}

	read := map[string][]string{}
	for _, r := range readEnv(t) {
		read[r.name] = append(read[r.name], r.at)
	}
	for _, n := range libraryEnv {
		read[n] = append(read[n], "the standard library")
	}
	for _, must := range []string{"AIGNE_HUB_API_URL", "AIGNE_KEYCHAIN_TIMEOUT", "BLOCKLET_AIGNE_API_URL", "AIGNE_NODE_CLI", "LC_MESSAGES", "BROWSER", "SHELL", "TERM", "NO_COLOR"} {
		if read[must] == nil {
			t.Errorf("the scan of the sources did not find %s: is it broken?", must)
		}
	}
	var names []string
	for n := range read {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		switch {
		case !regexp.MustCompile(`\b` + n + `\b`).MatchString(text):
			t.Errorf("ENVIRONMENT lacks %s, read at %s", n, strings.Join(read[n], ", "))
		case !tagged[n]:
			t.Errorf("ENVIRONMENT mentions %s, read at %s, but not in a tag of its own paragraph", n, strings.Join(read[n], ", "))
		}
	}
	for n := range tagged {
		if read[n] == nil {
			t.Errorf("ENVIRONMENT lists %s, which nothing reads", n)
		}
	}
}
