# fish completion for aigne.
#
# Load it in the current shell:   aigne completion fish | source
# or for every shell: save it as  ~/.config/fish/completions/aigne.fish

# Prints the command path typed so far ("hub use"), without flags and
# flag values.
function __aigne_cmd
    set -l tokens (commandline -opc)
    set -l cmd
    set -l skip 0
    for t in $tokens[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case {{join .ValueFlags " "}}
                set skip 1
            case '-*'
            case '*'
                set -a cmd $t
        end
    end
    echo $cmd
end

# True when the command path is one of the arguments.
function __aigne_at
    contains -- (__aigne_cmd) $argv
end

# True when the command path is one of the arguments, or one of them
# followed by the command's argument.
function __aigne_in
    set -l cmd (__aigne_cmd)
    for p in $argv
        if test "$cmd" = "$p"; or string match -q -- "$p *" "$cmd"
            return 0
        end
    end
    return 1
end

# The saved hubs, one a line: fish escapes each as it goes on the line, so a
# saved name, written by whatever program wrote the file or the keychain,
# stays data.
function __aigne_hubs
    set -l self (commandline -opc)[1]
    $self __complete hubs </dev/null 2>/dev/null
end

# True when the locale (LC_ALL, then LC_MESSAGES, then LANG) is the
# language given, as aigne reads it; "en" for any other.
function __aigne_lang
    set -l l $LC_ALL
    test -n "$l"; or set l $LC_MESSAGES
    test -n "$l"; or set l $LANG
    set -l want $argv[1]
    if test $want = en
        for other in {{join .Others " "}}
            string match -q -- "$other*" "$l"; and return 1
        end
        return 0
    end
    string match -q -- "$want*" "$l"
end

complete -c aigne -f
{{- range .Langs}}
{{- range .}}
{{range .}}
{{.}}
{{- end}}
{{- end}}
{{- end}}
