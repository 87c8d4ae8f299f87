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
{{- range .Others}}
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
        if (@({{.ValueFlags}}) -ccontains $w) {
            if ($i -eq $words.Count - 1) { $want = $w }
            $i++
        } elseif (-not $w.StartsWith('-')) {
            $cmd += ' ' + $w
        }
    }

    $cands = [System.Collections.Generic.List[object]]::new()
    function __aigne_add([string]$text, [string]$tip) { $cands.Add(@($text, $tip)) }

    switch -CaseSensitive ($want) {
{{- range .Values}}
        {{.Pattern}} {
{{- range .Body}}
            {{.}}
{{- end}}
        }
{{- end}}
{{- if .NoValues}}
        {{.NoValues}} {
            # Nothing to suggest, and no file names either.
            return ''
        }
{{- end}}
    }
    if ($want -eq '') {
        {{range .Assigned}}if ($cur.StartsWith({{.Pattern}})) {
{{- range .Body}}
            {{.}}
{{- end}}
        } else{{end}}if ($cur.StartsWith('-')) {
{{- range .CommonAdds}}
            {{.}}
{{- end}}
            switch -Regex -CaseSensitive ($cmd) {
{{- range .Flags}}
                {{.Pattern}} {
{{- range .Body}}
                    {{.}}
{{- end}}
                }
{{- end}}
            }
        } else {
            $tip = $null
            switch -CaseSensitive ($cmd) {
{{- range .Words}}
{{- if eq (len .Body) 1}}
                {{.Pattern}} { {{index .Body 0}} }
{{- else}}
                {{.Pattern}} {
{{- range .Body}}
                    {{.}}
{{- end}}
                }
{{- end}}
{{- end}}
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
