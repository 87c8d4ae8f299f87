package cli

import (
	"context"

	"github.com/alecthomas/kong"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
)

// What a command may use, each a type of its own that its Run method names
// as a parameter; Kong hands them over (bindings). Those that cost
// something to make are made only when a command that names them runs
// (providers), so --help, --version and completion scripts never open the
// hub list, a keychain or a terminal.
//
//	context.Context          the run, cancelled by Ctrl-C
//	*Output                  stdout and stderr, text or JSON, the language
//	Env                      the environment
//	*credentials.Registry    the hub list and the keychain (provider)
//	registryOpener           the same, for a command that opens it itself
//	*hubclient.Client        requests to hubs (provider)
//	Prompter                 questions at the terminal (provider)
//	browserOpener            the person's web browser

// registryOpener opens the hub list and the keychain.
type registryOpener func() (*credentials.Registry, error)

// browserOpener shows a URL in the person's web browser.
type browserOpener func(url string) error

// buildStamp is what --version prints (App.Build).
type buildStamp func() Build

// deps is what commands may use, for one run: the values, and the
// providers that make the others the first time a command names them.
// Kong gets them as bindings; a plain run (plain.go) hands them over
// itself, from the same fields.
type deps struct {
	ctx          context.Context
	out          *Output
	env          Env
	openRegistry registryOpener
	build        buildStamp
	browser      browserOpener
	registry     func() (*credentials.Registry, error)
	client       func() *hubclient.Client
	prompter     func() Prompter
}

// deps are the things commands use, made from what the caller of Main
// supplied.
func (a *App) deps(out *Output) *deps {
	env := Env(a.Getenv)
	return &deps{
		ctx: a.Ctx,
		out: out,
		env: env,
		// Shell completion opens the hub list itself, and says nothing.
		openRegistry: func() (*credentials.Registry, error) { return a.openRegistry(env, out.IO, nil) },
		build:        buildStamp(a.Build),
		browser:      a.browser(env, out),
		registry:     func() (*credentials.Registry, error) { return a.openRegistry(env, out.IO, out) },
		client:       func() *hubclient.Client { return a.hubClient(env, out) },
		prompter: func() Prompter {
			if a.Prompter != nil {
				return a.Prompter
			}
			return newPrompter(a.Ctx, out.IO.In, out.IO.ErrOut, out.p, env)
		},
	}
}

// bindings are d as Kong options.
func (d *deps) bindings() []kong.Option {
	return []kong.Option{
		kong.BindTo(d.ctx, (*context.Context)(nil)),
		kong.Bind(d.out, d.env, d.openRegistry, d.build, d.browser),
		kong.BindSingletonProvider(d.registry),
		kong.BindSingletonProvider(d.client),
		kong.BindSingletonProvider(d.prompter),
	}
}

// openRegistry opens the hub list (App.Path, or the one in the home
// directory) with the keychain (App.Keychain, or this platform's). warn
// says what in the environment is not used (nil: nothing is said).
func (a *App) openRegistry(env Env, io *IOStreams, warn *Output) (*credentials.Registry, error) {
	path := a.Path
	if path == "" {
		var err error
		if path, err = credentials.DefaultPath(); err != nil {
			return nil, err
		}
	}
	kc := a.Keychain
	if kc == nil {
		kc = credentials.NewKeychain()
		raw := env(EnvKeychainTimeout)
		var bad bool
		kc.Timeout, bad = envDuration(raw, kc.Timeout)
		// A person at the terminal may be asked to unlock the keychain
		// (the desktop's password dialog) or, on macOS, for access to an
		// item another program wrote: give them time. Without one, a
		// locked keychain fails at once.
		kc.SetInteractive(io.InTTY && io.ErrTTY)
		if bad {
			warn.warnEnvDuration(EnvKeychainTimeout, raw, kc.Timeout)
		}
	}
	return credentials.NewRegistry(path, kc), nil
}

func (a *App) hubClient(env Env, out *Output) *hubclient.Client {
	c := hubclient.New(a.HTTPClient)
	raw := env(EnvRequestTimeout)
	var bad bool
	if c.RequestTimeout, bad = envDuration(raw, c.RequestTimeout); bad {
		out.warnEnvDuration(EnvRequestTimeout, raw, c.RequestTimeout)
	}
	return c
}

func (a *App) browser(env Env, out *Output) browserOpener {
	if a.OpenBrowser != nil {
		return a.OpenBrowser
	}
	return func(u string) error { return openBrowser(env, out.IO.ErrOut, u) }
}
