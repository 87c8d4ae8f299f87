# PowerShell completion for aigne.
#
# Load it in the current session:
#     aigne completion powershell | Out-String | Invoke-Expression
# or for every session: add that line to your profile (notepad $PROFILE).
#
# For Windows PowerShell 5.1 and PowerShell 7. The script is ASCII only:
# descriptions in other scripts are spelled as [char] codes, so that the
# console's code page cannot garble them.

Register-ArgumentCompleter -Native -CommandName 'aigne', 'aigne.exe' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    # The descriptions' language: the locale's (LC_ALL, then LC_MESSAGES,
    # then LANG) at this completion, as aigne reads it; English otherwise.
    $__aigne_locale = [string](@($env:LC_ALL, $env:LC_MESSAGES, $env:LANG) | Where-Object { $_ } | Select-Object -First 1)
    $__aigne_lang = 'en'
{{- range Others}}
    if ($__aigne_locale -like '{{.}}*') { $__aigne_lang = '{{.}}' }
{{- end}}

    # The words before the cursor, and the part of the current word that
    # is before the cursor.
    $words = @()
    $cur = ''
    foreach ($e in $commandAst.CommandElements) {
        if ($e.Extent.StartOffset -ge $cursorPosition) { break }
        if ($e.Extent.EndOffset -ge $cursorPosition) {
            $cur = $e.Extent.Text.Substring(0, $cursorPosition - $e.Extent.StartOffset)
            break
        }
        # A word completed before went on the line in single quotes: its
        # value is the word.
        if ($e -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
            $words += $e.Value
        } else {
            $words += $e.Extent.Text
        }
    }
    if ($words.Count -eq 0) { return }

    # The command path typed so far (' hub use'), and the flag, if any,
    # whose value is being typed.
    $cmd = ''
    $want = ''
    for ($i = 1; $i -lt $words.Count; $i++) {
        $w = $words[$i]
        if (@('-o', '--output', '--store', '--shell', '--timeout', '--check-timeout') -ccontains $w) {
            if ($i -eq $words.Count - 1) { $want = $w }
            $i++
        } elseif (-not $w.StartsWith('-')) {
            $cmd += ' ' + $w
        }
    }

    $cands = [System.Collections.Generic.List[object]]::new()
    function __aigne_add([string]$text, [string]$tip) { $cands.Add(@($text, $tip)) }

    switch -CaseSensitive ($want) {
        { $_ -in '-o', '--output' } {
            __aigne_add 'text' ({{T "help.output"}})
            __aigne_add 'json' ({{T "help.output"}})
        }
        '--store' {
            __aigne_add 'file' ({{T "help.store"}})
            __aigne_add 'keyring' ({{T "help.store"}})
        }
        '--shell' {
            foreach ($s in 'sh', 'fish', 'powershell', 'cmd') {
                __aigne_add $s ({{T "help.env.shell"}})
            }
        }
        { $_ -in '--timeout', '--check-timeout' } {
            # A duration: nothing to suggest, and no file names either.
            return ''
        }
    }
    if ($want -eq '') {
        if ($cur.StartsWith('--output=')) {
            __aigne_add '--output=text' ({{T "help.output"}})
            __aigne_add '--output=json' ({{T "help.output"}})
        } elseif ($cur.StartsWith('--store=')) {
            __aigne_add '--store=file' ({{T "help.store"}})
            __aigne_add '--store=keyring' ({{T "help.store"}})
        } elseif ($cur.StartsWith('--shell=')) {
            foreach ($s in 'sh', 'fish', 'powershell', 'cmd') {
                __aigne_add ('--shell=' + $s) ({{T "help.env.shell"}})
            }
        } elseif ($cur.StartsWith('-')) {
            __aigne_add '-o' ({{T "help.output"}})
            __aigne_add '--output' ({{T "help.output"}})
            __aigne_add '-h' ({{T "help.help"}})
            __aigne_add '--help' ({{T "help.help"}})
            switch -Regex -CaseSensitive ($cmd) {
                '^$' {
                    __aigne_add '--version' ({{T "help.version"}})
                }
                '^ hub (list|ls)$' {
                    __aigne_add '--check' ({{T "help.list.check"}})
                    __aigne_add '--check-timeout' ({{T "help.list.checktimeout"}})
                }
                '^ hub env( |$)' {
                    __aigne_add '--shell' ({{T "help.env.shell"}})
                }
                '^ hub connect( |$)' {
                    __aigne_add '--store' ({{T "help.store"}})
                    __aigne_add '--no-browser' ({{T "help.nobrowser"}})
                    __aigne_add '--with-token' ({{T "help.withtoken"}})
                    __aigne_add '--timeout' ({{T "help.timeout"}})
                    __aigne_add '--force' ({{T "help.force"}})
                }
            }
        } else {
            $tip = $null
            switch -CaseSensitive ($cmd) {
                '' {
                    __aigne_add 'hub' ({{T "help.hub"}})
                    __aigne_add 'completion' ({{T "help.completion"}})
                }
                ' hub' {
                    __aigne_add 'list' ({{T "help.list"}})
                    __aigne_add 'ls' ({{T "help.list"}})
                    __aigne_add 'connect' ({{T "help.connect"}})
                    __aigne_add 'use' ({{T "help.use"}})
                    __aigne_add 'status' ({{T "help.status"}})
                    __aigne_add 'st' ({{T "help.status"}})
                    __aigne_add 'remove' ({{T "help.remove"}})
                    __aigne_add 'rm' ({{T "help.remove"}})
                    __aigne_add 'info' ({{T "help.info"}})
                    __aigne_add 'i' ({{T "help.info"}})
                    __aigne_add 'token' ({{T "help.token"}})
                    __aigne_add 'env' ({{T "help.env"}})
                }
                ' hub connect' { __aigne_add 'https://hub.aigne.io' ({{T "help.connect.url"}}) }
                ' hub use' { $tip = {{T "help.use.url"}} }
                { $_ -in ' hub remove', ' hub rm' } { $tip = {{T "help.remove.url"}} }
                { $_ -in ' hub info', ' hub i' } { $tip = {{T "help.info.url"}} }
                ' hub token' { $tip = {{T "help.token.url"}} }
                ' hub env' { $tip = {{T "help.env.url"}} }
                ' completion' {
                    foreach ($s in 'bash', 'zsh', 'fish', 'powershell') {
                        __aigne_add $s ({{T "help.completion.shell"}})
                    }
                }
            }
            if ($null -ne $tip) {
                # The saved hubs (the file, and the keychain's accounts without
                # reading any secret), asked of the aigne being completed.
                $first = $commandAst.CommandElements[0]
                $self = $first.Extent.Text
                if ($first -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                    $self = $first.Value
                }
                try {
                    foreach ($hub in @(& $self __complete hubs 2>$null)) {
                        if ($hub) { __aigne_add $hub $tip }
                    }
                } catch {
                    # aigne cannot be run: no hubs to offer.
                }
            }
        }
    }

    # Each candidate goes on the line as a single-quoted literal (a quote
    # in it doubled), which PowerShell takes as data: a saved hub's name
    # comes from a file or a keychain that other programs write, and a
    # bare word or a double-quoted string on the line can run $(...).
    function __aigne_literal([string]$s) { return '''' + $s.Replace('''', '''''') + '''' }

    # What was typed, without the opening quote of a literal being typed.
    $typed = $cur
    if ($typed.StartsWith('''')) { $typed = $typed.Substring(1).Replace('''''', '''') }
    $found = $false
    foreach ($c in $cands) {
        if ($c[0].StartsWith($typed, [System.StringComparison]::OrdinalIgnoreCase)) {
            $found = $true
            $type = 'ParameterValue'
            if ($c[0].StartsWith('-')) { $type = 'ParameterName' }
            [System.Management.Automation.CompletionResult]::new((__aigne_literal $c[0]), $c[0], $type, $c[1])
        }
    }
    # Nothing to offer: an empty string keeps PowerShell from offering
    # file names instead (a CompletionResult cannot be empty).
    if (-not $found) { '' }
}
