package cli

import "golang.org/x/text/language"

// Message keys. The English catalog below is the reference every other
// catalog must cover.
const (
	// help
	MsgHelpApp          Msg = "help.app"
	MsgHelpOutput       Msg = "help.output"
	MsgHelpVersion      Msg = "help.version"
	MsgHelpHub          Msg = "help.hub"
	MsgHelpList         Msg = "help.list"
	MsgHelpListCheck    Msg = "help.list.check"
	MsgHelpCheckTimeout Msg = "help.list.checktimeout"
	MsgHelpConnect      Msg = "help.connect"
	MsgHelpConnectURL   Msg = "help.connect.url"
	MsgHelpStore        Msg = "help.store"
	MsgHelpNoBrowser    Msg = "help.nobrowser"
	MsgHelpWithToken    Msg = "help.withtoken"
	MsgHelpTimeout      Msg = "help.timeout"
	MsgHelpForce        Msg = "help.force"
	MsgHelpUse          Msg = "help.use"
	MsgHelpUseURL       Msg = "help.use.url"
	MsgHelpStatus       Msg = "help.status"
	MsgHelpRemove       Msg = "help.remove"
	MsgHelpRemoveURL    Msg = "help.remove.url"
	MsgHelpInfo         Msg = "help.info"
	MsgHelpInfoURL      Msg = "help.info.url"
	MsgHelpToken        Msg = "help.token"
	MsgHelpTokenURL     Msg = "help.token.url"
	MsgHelpEnv          Msg = "help.env"
	MsgHelpEnvURL       Msg = "help.env.url"
	MsgHelpEnvShell     Msg = "help.env.shell"
	MsgHelpCompletion   Msg = "help.completion"
	MsgHelpCompletionSh Msg = "help.completion.shell"

	// list
	MsgListHeading  Msg = "list.heading"
	MsgColURL       Msg = "list.col.url"
	MsgColActive    Msg = "list.col.active"
	MsgColStatus    Msg = "list.col.status"
	MsgYes          Msg = "yes"
	MsgNo           Msg = "no"
	MsgListFooter   Msg = "list.footer"
	MsgListEmpty    Msg = "list.empty"
	MsgListEmptyTip Msg = "list.empty.tip"

	// use / remove / connect
	MsgUseOK             Msg = "use.ok"
	MsgUsePrompt         Msg = "use.prompt"
	MsgRemoveOK          Msg = "remove.ok"
	MsgRemoveSwitched    Msg = "remove.switched"
	MsgRemovePrompt      Msg = "remove.prompt"
	MsgConnectOK         Msg = "connect.ok"
	MsgConnectAlready    Msg = "connect.already"
	MsgConnectPrompt     Msg = "connect.prompt"
	MsgConnectOfficial   Msg = "connect.official"
	MsgConnectCustom     Msg = "connect.custom"
	MsgConnectURLAsk     Msg = "connect.url.ask"
	MsgConnectOpen       Msg = "connect.open"
	MsgConnectVisit      Msg = "connect.visit"
	MsgConnectManual     Msg = "connect.manual"
	MsgConnectWaiting    Msg = "connect.waiting"
	MsgConnectTokenCheck Msg = "connect.token.check"
	MsgInfoPrompt        Msg = "info.prompt"
	MsgActiveSuffix      Msg = "active.suffix"

	// status
	MsgStatusLine        Msg = "status.line"
	MsgStateOnline       Msg = "state.online"
	MsgStateOffline      Msg = "state.offline"
	MsgStateUnauthorized Msg = "state.unauthorized"
	MsgStateUnavailable  Msg = "state.unavailable"
	MsgFromEnv           Msg = "status.fromenv"

	// info
	MsgInfoTitle     Msg = "info.title"
	MsgInfoHub       Msg = "info.hub"
	MsgInfoStatus    Msg = "info.status"
	MsgInfoConnected Msg = "info.connected"
	MsgInfoNotUsed   Msg = "info.notused"
	MsgInfoUser      Msg = "info.user"
	MsgInfoName      Msg = "info.name"
	MsgInfoDID       Msg = "info.did"
	MsgInfoEmail     Msg = "info.email"
	MsgInfoCredits   Msg = "info.credits"
	MsgInfoUsed      Msg = "info.used"
	MsgInfoTotal     Msg = "info.total"
	MsgInfoAvailable Msg = "info.available"
	MsgInfoLinks     Msg = "info.links"
	MsgInfoPayment   Msg = "info.payment"
	MsgInfoProfile   Msg = "info.profile"

	// errors
	MsgErrPrefix            Msg = "err.prefix"
	MsgErrNeedArg           Msg = "err.needarg"
	MsgErrUnknownHub        Msg = "err.unknownhub"
	MsgErrNoHubs            Msg = "err.nohubs"
	MsgErrNoActive          Msg = "err.noactive"
	MsgErrBadURL            Msg = "err.badurl"
	MsgErrInsecure          Msg = "err.insecure"
	MsgErrStoreValue        Msg = "err.storevalue"
	MsgErrTimeoutValue      Msg = "err.timeoutvalue"
	MsgErrCheckTimeoutValue Msg = "err.checktimeoutvalue"
	MsgErrNoKey             Msg = "err.nokey"
	MsgErrRejected          Msg = "err.rejected"
	MsgErrTokenRejected     Msg = "err.tokenrejected"
	MsgErrUnreachable       Msg = "err.unreachable"
	MsgErrStore             Msg = "err.store"
	MsgErrInterrupted       Msg = "err.interrupted"
	MsgErrTimeout           Msg = "err.timeout"
	MsgErrEmptyToken        Msg = "err.emptytoken"
	MsgErrBadToken          Msg = "err.badtoken"
	MsgErrTokenTTY          Msg = "err.tokentty"
	MsgErrUsage             Msg = "err.usage"
	MsgErrKeyring           Msg = "err.keyring"
	MsgWarn                 Msg = "warn"
	MsgWarnLeftover         Msg = "warn.leftover"
	MsgWarnDefaultLeft      Msg = "warn.defaultleft"
	MsgWarnInvalidEntry     Msg = "warn.invalidentry"
	MsgWarnKeychainList     Msg = "warn.keychainlist"
	MsgErrLocked            Msg = "err.locked"
	MsgErrKeychain          Msg = "err.keychain"
	MsgErrNoKeychain        Msg = "err.nokeychain"
	MsgErrInvalidEntry      Msg = "err.invalidentry"
	MsgWarnBadItem          Msg = "warn.baditem"
	MsgErrBadItem           Msg = "err.baditem"
	MsgItemUnreadable       Msg = "item.unreadable"
	MsgItemNotJSON          Msg = "item.notjson"
	MsgItemMismatch         Msg = "item.mismatch"
	MsgItemNoURL            Msg = "item.nourl"
	MsgItemBadURL           Msg = "item.badurl"
	MsgErrEnvURL            Msg = "err.envurl"
	MsgErrShellValue        Msg = "err.shellvalue"
	// Kong's own words: help headings and parse errors
	MsgErrParseLine         Msg = "err.parseline"
	MsgErrParse             Msg = "err.parse"
	MsgErrFile              Msg = "err.file"
	MsgFilePermission       Msg = "file.permission"
	MsgFileNotExist         Msg = "file.notexist"
	MsgFileReadOnly         Msg = "file.readonly"
	MsgFileNoSpace          Msg = "file.nospace"
	MsgFileNotDir           Msg = "file.notdir"
	MsgFileIsDir            Msg = "file.isdir"
	MsgSeeHelp              Msg = "help.kong.see"
	MsgHelpUsage            Msg = "help.kong.usage"
	MsgHelpFlags            Msg = "help.kong.flags"
	MsgHelpCommands         Msg = "help.kong.commands"
	MsgHelpArguments        Msg = "help.kong.arguments"
	MsgHelpRunMore          Msg = "help.kong.runmore"
	MsgHelpRunMoreCommand   Msg = "help.kong.runmorecommand"
	MsgParseUnexpectedArg   Msg = "parse.unexpectedarg"
	MsgParseUnknownFlag     Msg = "parse.unknownflag"
	MsgParseExpectedOneOf   Msg = "parse.expectedoneof"
	MsgParseExpected        Msg = "parse.expected"
	MsgParseMissingArgs     Msg = "parse.missingargs"
	MsgParseMissingFlags    Msg = "parse.missingflags"
	MsgParseEnum            Msg = "parse.enum"
	MsgParseDuration        Msg = "parse.duration"
	MsgParseNoValue         Msg = "parse.novalue"
	MsgParseFlagArg         Msg = "parse.flagarg"
	MsgParseRequired        Msg = "parse.required"
	MsgParseDidYouMean      Msg = "parse.didyoumean"
	MsgParseDidYouMeanOneOf Msg = "parse.didyoumeanoneof"

	// what went wrong with a hub
	MsgHubTimeout           Msg = "hub.timeout"
	MsgHubConnect           Msg = "hub.connect"
	MsgHubTLS               Msg = "hub.tls"
	MsgHubStatus            Msg = "hub.status"
	MsgHubTooLarge          Msg = "hub.toolarge"
	MsgHubInvalidJSON       Msg = "hub.invalidjson"
	MsgHubMissingField      Msg = "hub.missingfield"
	MsgHubNotAHub           Msg = "hub.notahub"
	MsgHubNoLoginService    Msg = "hub.nologin"
	MsgHubNoSessionID       Msg = "hub.nosessionid"
	MsgHubBadAccessKey      Msg = "hub.badaccesskey"
	MsgHubRedirectHost      Msg = "hub.redirecthost"
	MsgHubRedirectDowngrade Msg = "hub.redirectdowngrade"
	MsgHubTooManyRedirects  Msg = "hub.toomanyredirects"
	MsgHubRejected          Msg = "hub.rejected"
	MsgHubNoKey             Msg = "hub.nokey"
	MsgHubSessionExpired    Msg = "hub.sessionexpired"
	MsgHubNoReason          Msg = "hub.noreason"
	MsgCauseRefused         Msg = "cause.refused"
	MsgCauseReset           Msg = "cause.reset"
	MsgCauseUnreachable     Msg = "cause.unreachable"
	MsgCauseDNS             Msg = "cause.dns"
	MsgCauseUnknownCA       Msg = "cause.unknownca"
	MsgCauseCertName        Msg = "cause.certname"
	MsgCauseCertExpired     Msg = "cause.certexpired"
	MsgStateUnauthorizedWhy Msg = "state.unauthorizedwhy"
	MsgInfoUnreadable       Msg = "info.unreadable"
	MsgStateError           Msg = "state.error"
	MsgErrHubBroken         Msg = "err.hubbroken"
	MsgHintLogin            Msg = "hint.login"

	// issue 21, waiting and width: the spinner's titles, and the reasons in
	// a row of list --check, which leave out the hub the row names
	MsgWaitStatus      Msg = "wait.status"
	MsgWaitInfo        Msg = "wait.info"
	MsgWaitList        Msg = "wait.list"
	MsgRowTimeout      Msg = "row.timeout"
	MsgRowConnect      Msg = "row.connect"
	MsgRowDNS          Msg = "row.dns"
	MsgRowTLS          Msg = "row.tls"
	MsgRowTLSUnknownCA Msg = "row.tls.unknownca"
	MsgRowTLSName      Msg = "row.tls.name"
	MsgRowTLSExpired   Msg = "row.tls.expired"
	MsgRowStatus       Msg = "row.status"
	MsgRowTooLarge     Msg = "row.toolarge"
	MsgRowInvalidJSON  Msg = "row.invalidjson"
	MsgRowMissingField Msg = "row.missingfield"
	MsgRowNotAHub      Msg = "row.notahub"
	MsgRowRedirect     Msg = "row.redirect"
	MsgRowDowngrade    Msg = "row.downgrade"
	MsgRowRedirects    Msg = "row.redirects"
	MsgRowRejected     Msg = "row.rejected"
	MsgRowNoKey        Msg = "row.nokey"
	MsgRowInsecure     Msg = "row.insecure"
	MsgRowInvalid      Msg = "row.invalid"

	// prompts: key hints and the plain-line prompt
	MsgKeyCancel           Msg = "key.cancel"
	MsgKeyUp               Msg = "key.up"
	MsgKeyDown             Msg = "key.down"
	MsgKeyFilter           Msg = "key.filter"
	MsgKeyClearFilter      Msg = "key.clearfilter"
	MsgKeySelect           Msg = "key.select"
	MsgKeySubmit           Msg = "key.submit"
	MsgKeyBack             Msg = "key.back"
	MsgKeyHalfPageUp       Msg = "key.halfpageup"
	MsgKeyHalfPageDown     Msg = "key.halfpagedown"
	MsgKeyFirst            Msg = "key.first"
	MsgKeyLast             Msg = "key.last"
	MsgKeyComplete         Msg = "key.complete"
	MsgKeyNext             Msg = "key.next"
	MsgPromptNumber        Msg = "prompt.number"
	MsgPromptNumberDefault Msg = "prompt.numberdefault"
	MsgPromptNotANumber    Msg = "prompt.notanumber"

	// issue 21, prompts: `use` with the one saved hub, already active
	MsgUseAlready Msg = "use.already"

	MsgErrOwner        Msg = "err.owner"
	MsgWarnOpenFile    Msg = "warn.openfile"
	MsgWarnOpenFileACL Msg = "warn.openfileacl"

	// why a URL is not a hub's
	MsgURLEmpty        Msg = "url.empty"
	MsgURLInvisible    Msg = "url.invisible"
	MsgURLScheme       Msg = "url.scheme"
	MsgURLUserInfo     Msg = "url.userinfo"
	MsgURLNoHost       Msg = "url.nohost"
	MsgURLBadHost      Msg = "url.badhost"
	MsgURLEmptyPort    Msg = "url.emptyport"
	MsgURLBadPort      Msg = "url.badport"
	MsgURLNotAbsolute  Msg = "url.notabsolute"
	MsgURLSyntax       Msg = "url.syntax"
	MsgErrUnquotable   Msg = "err.unquotable"
	MsgWarnEnvOverride Msg = "warn.envoverride"

	// why the keychain could not be used
	MsgKcAbsent    Msg = "kc.absent"
	MsgKcTimeout   Msg = "kc.timeout"
	MsgKcLocked    Msg = "kc.locked"
	MsgKcDenied    Msg = "kc.denied"
	MsgKcNoBus     Msg = "kc.nobus"
	MsgKcTooLarge  Msg = "kc.toolarge"
	MsgKcFailed    Msg = "kc.failed"
	MsgKcNoDialog  Msg = "kc.nodialog"
	MsgKcDeniedMac Msg = "kc.denied.mac"
	MsgKcNoLogon   Msg = "kc.nologon"

	// completion scripts: Kong's own --help flag, described in the catalog
	MsgHelpHelp Msg = "help.help"

	// API keys, checked alike from a hub and from --with-token
	MsgErrTokenTooLong Msg = "err.tokentoolong"
	MsgHubBadKey       Msg = "hub.badkey"
	MsgKeyEmpty        Msg = "key.empty"
	MsgKeyTooLong      Msg = "key.toolong"
	MsgKeyBadChar      Msg = "key.badchar"

	// the Node CLI's commands, passed on to it
	MsgHelpPassedOn       Msg = "help.passedon"
	MsgErrNoNodeCLI       Msg = "err.nonodecli"
	MsgErrNodeCLIUnusable Msg = "err.nodecliunusable"
	MsgErrNodeCLIRun      Msg = "err.nodeclirun"

	// issue 21, JSON and info: where a key comes from, and a key from
	// AIGNE_HUB_API_KEY that the hub rejects
	MsgInfoKey           Msg = "info.key"
	MsgInfoKeyFile       Msg = "info.key.file"
	MsgInfoKeyKeyring    Msg = "info.key.keyring"
	MsgInfoKeyEnv        Msg = "info.key.env"
	MsgHintEnvKey        Msg = "hint.envkey"
	MsgErrEnvKeyRejected Msg = "err.envkeyrejected"
	// issue 21, advice and silent fallbacks: invalid file entries named
	// with their line, plain HTTP on a loopback hub, bad timeouts, an
	// unknown $SHELL, a moved key, a browser that did not open
	MsgEntryTwice            Msg = "entry.twice"
	MsgEntryNoURL            Msg = "entry.nourl"
	MsgEntryBadURL           Msg = "entry.badurl"
	MsgEntryMismatch         Msg = "entry.mismatch"
	MsgEntryFixName          Msg = "entry.fix.name"
	MsgEntryFixFile          Msg = "entry.fix.file"
	MsgEntryFixConnect       Msg = "entry.fix.connect"
	MsgEntryFixRemove        Msg = "entry.fix.remove"
	MsgHubPlainHTTP          Msg = "hub.plainhttp"
	MsgErrInterruptedUnsaved Msg = "err.interrupted.unsaved"
	MsgWarnEnvDuration       Msg = "warn.envduration"
	MsgWarnShellUnknown      Msg = "warn.shellunknown"
	MsgWarnEnvKey            Msg = "warn.envkey"
	MsgKeyMoved              Msg = "key.moved"
	MsgKeyReplacedMoved      Msg = "key.replacedmoved"
	MsgStoreFile             Msg = "store.file"
	MsgStoreKeyring          Msg = "store.keyring"
	MsgWarnBrowserRun        Msg = "warn.browser.run"
	MsgWarnBrowserExit       Msg = "warn.browser.exit"
	MsgWarnBrowserOpen       Msg = "warn.browser.open"
	// issue 21, help and man page: help asked about a command that is not one
	MsgErrHelpUnknown Msg = "err.helpunknown"
	// issue 21, removing an invalid file entry: the remove picker's mark
	MsgInvalidEntrySuffix Msg = "invalidentry.suffix"
	// issue 21, review of the environment's target: a key variable that
	// cannot be sent, what each variable gave, a URL without a scheme, a
	// hub named by a variable with no key
	MsgErrEnvKey      Msg = "err.envkey"
	MsgFromEnvHub     Msg = "status.fromenv.hub"
	MsgFromEnvKey     Msg = "status.fromenv.key"
	MsgFromEnvJoin    Msg = "status.fromenv.join"
	MsgURLNoScheme    Msg = "url.noscheme"
	MsgErrNoKeyEnvURL Msg = "err.nokey.envurl"
	MsgURLPlainHTTP   Msg = "url.plainhttp"
	// an invalid entry removed, the keychain's hub of the same name left
	MsgWarnKeychainHubLeft Msg = "warn.keychainhubleft"
	// a reason on a line of its own
	MsgSentence Msg = "sentence"
	// a URL variable that names no usable hub, said by list and use
	MsgWarnEnvURLBad Msg = "warn.envurlbad"
	// issue 21, review of the words: connect to the hub that is already
	// the active one
	MsgConnectAlreadyActive Msg = "connect.already.active"
	// a list of choices in a sentence (Printer.Or)
	MsgListSep Msg = "list.sep"
	MsgListOr  Msg = "list.or"
)

func init() { registerCatalog("en", language.English, messagesEN) }

// messagesEN builds the catalog, on first use (registerCatalog).
func messagesEN() map[Msg]string {
	return map[Msg]string{
		MsgHelpApp:          "Manage your connections to AIGNE Hub.",
		MsgHelpOutput:       "Output format: text or json.",
		MsgHelpVersion:      "Print the version and exit.",
		MsgHelpHub:          "Manage AIGNE Hub connections.",
		MsgHelpList:         "List connected hubs.",
		MsgHelpListCheck:    "Also check every hub's health, concurrently.",
		MsgHelpCheckTimeout: "How long each hub may take to answer --check.",
		MsgHelpConnect:      "Connect to an AIGNE Hub and save its API key.",
		MsgHelpConnectURL:   "Hub URL (any URL on the hub, or a bare host).",
		MsgHelpStore:        "Where to keep the API key: file or keyring (default: $AIGNE_HUB_CREDENTIAL_STORE, else file).",
		MsgHelpNoBrowser:    "Print the login URL instead of opening a browser.",
		MsgHelpWithToken:    "Read the API key from standard input instead of logging in.",
		MsgHelpTimeout:      "How long to wait for approval in the browser.",
		MsgHelpForce:        "Log in again even if the hub is already saved.",
		MsgHelpUse:          "Switch the active hub.",
		MsgHelpUseURL:       "Hub to make active.",
		MsgHelpStatus:       "Show the active hub and whether it is online.",
		MsgHelpRemove:       "Remove a saved hub and its API key.",
		MsgHelpRemoveURL:    "Hub to remove.",
		MsgHelpInfo:         "Show account details and credits for a hub.",
		MsgHelpInfoURL:      "Hub to show (default: the active hub).",
		MsgHelpToken:        "Print the API key the AIGNE runtime would use.",
		MsgHelpTokenURL:     "Hub whose key to print (default: the one the runtime would use).",
		MsgHelpEnv:          "Print shell assignments of the hub's URL and key.",
		MsgHelpEnvURL:       "Hub to print them for (default: the one the runtime would use).",
		MsgHelpEnvShell:     "Shell syntax: sh, fish, powershell or cmd (default: from $SHELL; PowerShell on Windows).",
		MsgHelpCompletion:   "Print a shell completion script.",
		MsgHelpCompletionSh: "Shell: bash, zsh, fish or powershell.",

		MsgListHeading:  "Connected AIGNE Hubs:",
		MsgColURL:       "URL",
		MsgColActive:    "ACTIVE",
		MsgColStatus:    "STATUS",
		MsgYes:          "YES",
		MsgNo:           "NO",
		MsgListFooter:   "Use 'aigne hub use' to switch to a different hub.",
		MsgListEmpty:    "No AIGNE Hub connected.",
		MsgListEmptyTip: "Use 'aigne hub connect' to connect to a hub.",

		MsgUseOK:             "✓ Switched active hub to %s",
		MsgUsePrompt:         "Choose a hub to switch to:",
		MsgRemoveOK:          "✓ Hub %s removed",
		MsgRemoveSwitched:    ", switched to %s",
		MsgRemovePrompt:      "Choose a hub to remove:",
		MsgConnectOK:         "✓ Hub %s connected successfully.",
		MsgConnectAlready:    "Hub %s is already connected, so there was no new login (use --force to log in again); it is now the active hub.",
		MsgConnectPrompt:     "Choose a hub to connect:",
		MsgConnectOfficial:   "Official Hub (%s)",
		MsgConnectCustom:     "Custom Hub URL",
		MsgConnectURLAsk:     "Enter the URL of your AIGNE Hub:",
		MsgConnectOpen:       "Opening your browser to approve this device…",
		MsgConnectVisit:      "If the browser does not open, visit:\n  %s",
		MsgConnectManual:     "Open this page in a browser to approve this device:\n  %s",
		MsgConnectWaiting:    "Waiting for approval in the browser",
		MsgConnectTokenCheck: "Checking the API key with %s…",
		MsgInfoPrompt:        "Choose a hub to view info:",
		MsgActiveSuffix:      " (active)",

		// issue 21, prompts
		MsgUseAlready: "✓ Hub %s is already active",

		MsgStatusLine:        "Active hub: %s - %s",
		MsgStateOnline:       "online",
		MsgStateOffline:      "offline: %s",
		MsgStateUnauthorized: "unauthorized",
		MsgStateUnavailable:  "unavailable: %s",
		MsgFromEnv:           "(%s)",

		MsgInfoTitle:     "AIGNE Hub Connection",
		MsgInfoHub:       "Hub:",
		MsgInfoStatus:    "Status:",
		MsgInfoConnected: "Connected ✅",
		MsgInfoNotUsed:   "Not used",
		MsgInfoUser:      "User:",
		MsgInfoName:      "Name:",
		MsgInfoDID:       "DID:",
		MsgInfoEmail:     "Email:",
		MsgInfoCredits:   "Credits:",
		MsgInfoUsed:      "Used:",
		MsgInfoTotal:     "Total:",
		MsgInfoAvailable: "Available:",
		MsgInfoLinks:     "Links:",
		MsgInfoPayment:   "Payment:",
		MsgInfoProfile:   "Profile:",

		MsgErrPrefix:            "Error: ",
		MsgErrNeedArg:           "%s needs a hub: pass it as an argument, e.g. 'aigne hub %s https://hub.aigne.io' (no terminal to ask on)",
		MsgErrUnknownHub:        "hub %s is not connected; 'aigne hub list' shows the saved hubs",
		MsgErrNoHubs:            "no AIGNE Hub connected; use 'aigne hub connect' to connect to a hub",
		MsgErrNoActive:          "no active hub; use 'aigne hub use' to choose one",
		MsgErrBadURL:            "invalid hub URL %q: %s",
		MsgErrStoreValue:        "--store (or AIGNE_HUB_CREDENTIAL_STORE) must be file or keyring, not %q",
		MsgErrTimeoutValue:      "--timeout must be positive, not %s",
		MsgErrCheckTimeoutValue: "--check-timeout must be positive, not %s",
		MsgErrInsecure:          "%s uses plain http: the API key would travel unencrypted; use https (plain http is only allowed to localhost)",
		MsgErrNoKey:             "no API key saved for %s; run 'aigne hub connect %s' to log in again",
		MsgErrRejected:          "%s rejected the API key; run 'aigne hub connect --force %s' to log in again",
		MsgErrTokenRejected:     "%s rejected the API key read from standard input; nothing was saved",
		MsgErrUnreachable:       "cannot reach the hub: %s",
		MsgErrStore:             "cannot use the hub list: %s",
		MsgErrInterrupted:       "interrupted",
		MsgErrTimeout:           "no approval within %s; nothing was saved (use --timeout to wait longer)",
		MsgErrEmptyToken:        "--with-token read no API key from standard input",
		MsgErrBadToken:          "--with-token: the API key read from standard input contains spaces, control or non-ASCII characters",
		MsgErrTokenTTY:          "--with-token reads the key from standard input; pipe it in, e.g. 'echo $KEY | aigne hub connect --with-token URL'",
		MsgErrUsage:             "%s",
		MsgErrKeyring:           "%s (use --store=file to keep the key in %s instead)",
		MsgWarn:                 "Warning: %s",
		MsgWarnLeftover:         "an old copy of the API key of %s may remain in the OS keychain (service %s, account %s): %s",
		MsgWarnDefaultLeft:      "the OS keychain still names another active hub than %s: %s",
		MsgWarnInvalidEntry:     "entry %q at line %d of %s is invalid: %s; it is listed, but no API key is ever sent for it",
		MsgWarnKeychainList:     "the OS keychain could not be read (%s); only the hubs in %s are shown",
		MsgErrLocked:            "another aigne process is changing %s; try again in a moment",
		MsgErrKeychain:          "cannot use the OS keychain: %s",
		MsgErrNoKeychain:        "there is no OS keychain on this machine (on Linux: no Secret Service on the D-Bus session bus); use --store=file",
		MsgWarnBadItem:          "the OS keychain item %s (account %q) is skipped: %s",
		MsgErrBadItem:           "the OS keychain item %s (account %q) cannot be used: %s; run 'aigne hub connect --force %s' to write it again, or remove it with 'aigne hub remove'",
		MsgItemUnreadable:       "it could not be read (%s)",
		MsgItemNotJSON:          "its value is not the JSON object that aigne and the Node CLI write",
		MsgItemMismatch:         "its AIGNE_HUB_API_URL names another host",
		MsgItemNoURL:            "it has no AIGNE_HUB_API_URL",
		MsgItemBadURL:           "its AIGNE_HUB_API_URL cannot be used: %s",
		MsgErrInvalidEntry:      "entry %q at line %d of %s is invalid: %s, so no API key is used for it; %s",

		MsgURLEmpty:             "empty URL",
		MsgURLInvisible:         "contains spaces, control or invisible characters (%s)",
		MsgURLScheme:            "unsupported scheme %q (use http or https)",
		MsgURLUserInfo:          "user names and passwords do not belong in a hub URL",
		MsgURLNoHost:            "no host",
		MsgURLBadHost:           "invalid host %q",
		MsgURLEmptyPort:         "empty port",
		MsgURLBadPort:           "invalid port %q",
		MsgURLNotAbsolute:       "it is not absolute; include the scheme, such as https://hub.example.com",
		MsgURLSyntax:            "invalid URL (%s)",
		MsgErrOwner:             "%s belongs to another user; aigne does not rewrite it",
		MsgWarnOpenFile:         "%s holds API keys but other users can read it (mode %04o); run 'chmod 600' on it, or any aigne command that saves",
		MsgWarnOpenFileACL:      "%s holds API keys but others can read it (its access list allows %s); any aigne command that saves leaves it to you, SYSTEM and Administrators only",
		MsgKeyCancel:            "cancel",
		MsgKeyUp:                "up",
		MsgKeyDown:              "down",
		MsgKeyFilter:            "filter",
		MsgKeyClearFilter:       "clear filter",
		MsgKeySelect:            "select",
		MsgKeySubmit:            "submit",
		MsgKeyBack:              "back",
		MsgKeyHalfPageUp:        "½ page up",
		MsgKeyHalfPageDown:      "½ page down",
		MsgKeyFirst:             "go to start",
		MsgKeyLast:              "go to end",
		MsgKeyComplete:          "complete",
		MsgKeyNext:              "next",
		MsgPromptNumber:         "Enter a number from 1 to %d (Ctrl-D to cancel):",
		MsgPromptNumberDefault:  "Enter a number from 1 to %d, or nothing for %d (Ctrl-D to cancel):",
		MsgPromptNotANumber:     "%q is not a number from 1 to %d.",
		MsgHubTimeout:           "%s did not answer within %s",
		MsgHubConnect:           "could not connect to %s: %s",
		MsgHubTLS:               "the TLS certificate of %s could not be verified: %s",
		MsgHubStatus:            "%s answered HTTP %d",
		MsgHubTooLarge:          "the answer of %s is larger than %s",
		MsgHubInvalidJSON:       "%s answered with something that is not JSON",
		MsgHubMissingField:      "%s answered without the %q field",
		MsgHubNotAHub:           "%s is not an AIGNE Hub",
		MsgHubNoLoginService:    "%s is not an AIGNE Hub: it has no login service",
		MsgHubNoSessionID:       "%s started a login session without an id",
		MsgHubBadAccessKey:      "%s sent an access key that cannot be decrypted",
		MsgHubRedirectHost:      "%s redirected to another host (%s); use that address directly if you trust it",
		MsgHubRedirectDowngrade: "%s redirected from https to plain http (%s)",
		MsgHubTooManyRedirects:  "%s redirected more than %d times",
		MsgHubRejected:          "%s rejected the API key (HTTP %d)",
		MsgHubNoKey:             "no API key for %s",
		MsgHubSessionExpired:    "the login session on %s expired or was closed; run 'aigne hub connect' again",
		MsgHubNoReason:          "the hub gave no reason",
		MsgCauseRefused:         "connection refused",
		MsgCauseReset:           "connection reset",
		MsgCauseUnreachable:     "the network is unreachable",
		MsgCauseDNS:             "the name %s could not be resolved",
		MsgCauseUnknownCA:       "it is signed by an unknown authority",
		MsgCauseCertName:        "it is for another name",
		MsgCauseCertExpired:     "it has expired or is not yet valid",
		MsgStateUnauthorizedWhy: "unauthorized: %s",
		MsgInfoUnreadable:       "(unreadable value from the hub)",
		MsgStateError:           "error: %s",

		// issue 21, waiting and width
		MsgWaitStatus:      "Checking the hub",
		MsgWaitInfo:        "Getting the account from the hub",
		MsgWaitList:        "Checking the hubs",
		MsgRowTimeout:      "no answer within %s",
		MsgRowConnect:      "could not connect: %s",
		MsgRowDNS:          "the name could not be resolved",
		MsgRowTLS:          "TLS certificate not verified: %s",
		MsgRowTLSUnknownCA: "TLS certificate of unknown issuer",
		MsgRowTLSName:      "TLS certificate for another name",
		MsgRowTLSExpired:   "TLS certificate not valid today",
		MsgRowStatus:       "answered HTTP %d",
		MsgRowTooLarge:     "answer larger than %s",
		MsgRowInvalidJSON:  "the answer is not JSON",
		MsgRowMissingField: "the answer lacks the %q field",
		MsgRowNotAHub:      "not an AIGNE Hub",
		MsgRowRedirect:     "redirected to another host (%s)",
		MsgRowDowngrade:    "redirected to plain http",
		MsgRowRedirects:    "more than %d redirects",
		MsgRowRejected:     "API key rejected (HTTP %d)",
		MsgRowNoKey:        "no API key saved",
		MsgRowInsecure:     "plain http; use https",
		MsgRowInvalid:      "the saved entry is invalid",

		MsgErrHubBroken:         "the hub did not answer as an AIGNE Hub should: %s",
		MsgHintLogin:            "Run 'aigne hub connect --force %s' to log in again.",
		MsgErrParseLine:         "cannot read the hub list %s: line %d: %q; fix or move the file (it is left as it is)",
		MsgErrParse:             "cannot read the hub list %s: %q; fix or move the file (it is left as it is)",
		MsgErrFile:              "cannot use %s: %s",
		MsgFilePermission:       "permission denied",
		MsgFileNotExist:         "it does not exist",
		MsgFileReadOnly:         "the file system is read-only",
		MsgFileNoSpace:          "no space left on the device",
		MsgFileNotDir:           "a part of the path is not a directory",
		MsgFileIsDir:            "it is a directory",
		MsgSeeHelp:              " (see '%s --help')",
		MsgHelpUsage:            "Usage: ",
		MsgHelpFlags:            "Flags:",
		MsgHelpCommands:         "Commands:",
		MsgHelpArguments:        "Arguments:",
		MsgHelpRunMore:          "Run \"%s\" for more information.",
		MsgHelpRunMoreCommand:   "Run \"%s\" for more information on a command.",
		MsgParseUnexpectedArg:   "unexpected argument %q",
		MsgParseUnknownFlag:     "unknown flag %s",
		MsgParseExpectedOneOf:   "expected one of %s",
		MsgParseExpected:        "expected %s",
		MsgParseMissingArgs:     "missing positional arguments %s",
		MsgParseMissingFlags:    "missing flags: %s",
		MsgParseEnum:            "%s must be %s, not %s",
		MsgParseDuration:        "%s: invalid duration %s: use a number with a unit, such as 90s or 5m",
		MsgParseNoValue:         "%s needs a value",
		MsgParseFlagArg:         "unexpected flag argument %s",
		MsgParseRequired:        "%s is required",
		MsgParseDidYouMean:      ", did you mean %s?",
		MsgParseDidYouMeanOneOf: ", did you mean one of %s?",
		MsgErrShellValue:        "--shell must be sh, fish, powershell or cmd, not %q",
		MsgErrUnquotable:        "%s cannot be written safely for %s (the character at byte %d); use --shell powershell, or 'aigne hub token'",
		MsgErrEnvURL:            "%s=%q is not a usable hub URL: %s",
		MsgWarnEnvOverride:      "%s is set, so the AIGNE runtime and 'aigne hub status', 'info', 'token' and 'env' use the hub it names, not the active hub",

		MsgKcAbsent:    "there is none on this machine",
		MsgKcTimeout:   "it did not answer in time; is it locked, waiting for a password?",
		MsgKcLocked:    "it is locked and could not be unlocked",
		MsgKcDenied:    "access was refused",
		MsgKcNoBus:     "the D-Bus session bus cannot be reached",
		MsgKcTooLarge:  "the API key is too large for it",
		MsgKcFailed:    "it failed: %s",
		MsgKcDeniedMac: "access was refused; in Keychain Access, open the item %s with this hub's host as its account and, under Access Control, add aigne (or delete the item there), or answer the next dialog with Always Allow",
		MsgKcNoDialog:  "it needed to ask for access, and no dialog could be shown here (an SSH session?); allow the item in Keychain Access, or run the command at the Mac",
		MsgKcNoLogon:   "this logon session cannot reach the Credential Manager (an SSH session?); run the command in a desktop session",

		MsgHelpHelp: "Show context-sensitive help.",

		MsgErrTokenTooLong: "--with-token: the API key read from standard input is longer than %d bytes",
		MsgHubBadKey:       "%s handed out an API key that aigne cannot use (%s); nothing was saved",
		MsgKeyEmpty:        "it is empty",
		MsgKeyTooLong:      "it is longer than %d bytes",
		MsgKeyBadChar:      "it contains spaces, control or non-ASCII characters",

		MsgHelpPassedOn:       "'aigne version' and 'aigne help [<command>]' are --version and --help.\nEvery other command (run, eval, test, create, serve-mcp, observe, deploy, …,\nand 'aigne' alone) is passed on to the Node.js CLI, @aigne/cli.",
		MsgErrNoNodeCLI:       "'%s' is a command of the Node.js CLI for AIGNE, which was not found; it comes with 'npm install -g @aigne/cli'",
		MsgErrNodeCLIUnusable: "%s=%s cannot be run: %s",
		MsgErrNodeCLIRun:      "cannot run the Node.js CLI %s: %s",

		// issue 21, JSON and info
		MsgInfoKey:           "Key:",
		MsgInfoKeyFile:       "saved in the hub list file",
		MsgInfoKeyKeyring:    "saved in the OS keychain",
		MsgInfoKeyEnv:        "from %s",
		MsgHintEnvKey:        "The key in %s was rejected; set it to a valid key, or unset it.",
		MsgErrEnvKeyRejected: "%s rejected the key in %s; set it to a valid key, or unset it",
		// issue 21, advice and silent fallbacks
		MsgEntryTwice:            "it has %s more than once",
		MsgEntryNoURL:            "it has no AIGNE_HUB_API_URL",
		MsgEntryBadURL:           "its AIGNE_HUB_API_URL cannot be used (%s)",
		MsgEntryMismatch:         "its name must equal the host of its AIGNE_HUB_API_URL (%s)",
		MsgEntryFixName:          "write its name as %s in the file, or remove it with 'aigne hub remove %s'",
		MsgEntryFixFile:          "correct it in the file",
		MsgEntryFixConnect:       "run 'aigne hub connect %s' to write it again, or remove it with 'aigne hub remove %s'",
		MsgEntryFixRemove:        "correct it in the file, or remove it with 'aigne hub remove %s'",
		MsgHubPlainHTTP:          "%s answered in plain HTTP, not HTTPS; use %s instead",
		MsgErrInterruptedUnsaved: "interrupted; nothing was saved",
		MsgWarnEnvDuration:       "%s=%q cannot be used: it must be a positive duration, such as 10s or 2m; using the default, %s",
		MsgWarnShellUnknown:      "'aigne hub env' does not know the syntax of SHELL=%s, so it printed sh syntax; choose another with --shell sh, fish, powershell or cmd",
		MsgWarnEnvKey:            "AIGNE_HUB_API_KEY is set, so the AIGNE runtime and 'aigne hub status', 'info', 'token' and 'env' use that key with the active hub instead of its saved key",
		MsgKeyMoved:              "Moved the API key of %s from %s to %s.",
		MsgKeyReplacedMoved:      "Saved the new API key of %s in %s and deleted the old one from %s.",
		MsgStoreFile:             "the file",
		MsgStoreKeyring:          "the keychain",
		MsgWarnBrowserRun:        "BROWSER=%q could not be started (%s); open the page below by hand",
		MsgWarnBrowserExit:       "BROWSER=%q failed (exit status %d); open the page below by hand",
		MsgWarnBrowserOpen:       "no browser could be opened (%s); open the page below by hand",
		// issue 21, help and man page
		MsgErrHelpUnknown: "unknown command %q for '%s'",
		// issue 21, removing an invalid file entry
		MsgInvalidEntrySuffix: " (invalid entry)",
		// issue 21, review of the environment's target
		MsgErrEnvKey:           "%s does not hold a usable API key: %s",
		MsgFromEnvHub:          "hub from %s",
		MsgFromEnvKey:          "key from %s",
		MsgFromEnvJoin:         ", ",
		MsgURLNoScheme:         "it has no scheme; set it to %s",
		MsgErrNoKeyEnvURL:      "no API key saved for %s; run 'aigne hub connect %s' to connect to it, or set %s",
		MsgURLPlainHTTP:        "plain http is allowed only to localhost, since the API key would travel unencrypted; use %s",
		MsgSentence:            "%s.",
		MsgWarnEnvURLBad:       "%s=%q is not a usable hub URL, so 'aigne hub status', 'info', 'token' and 'env' stop with an error until it is corrected or unset",
		MsgWarnKeychainHubLeft: "the keychain still holds the hub %s, which that entry hid; 'aigne hub remove %s' removes it too",
		// issue 21, review of the words
		MsgConnectAlreadyActive: "Hub %s is already connected and active, so there was no new login (use --force to log in again).",
		MsgListSep:              ", ",
		MsgListOr:               "%s or %s",
	}
}
