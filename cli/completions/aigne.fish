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
            case -o --output --store --shell --timeout --check-timeout
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

# The saved hubs, one a line: fish escapes each as it goes on the line, so a
# saved name, written by whatever program wrote the file or the keychain,
# stays data.
function __aigne_hubs
    set -l self (commandline -opc)[1]
    $self __complete hubs </dev/null 2>/dev/null
end

complete -c aigne -f
complete -c aigne -s o -l output -x -a 'text json' -d '{{T "help.output"}}'
complete -c aigne -s h -l help -d '{{T "help.help"}}'
complete -c aigne -n '__aigne_at ""' -l version -d '{{T "help.version"}}'

complete -c aigne -n '__aigne_at ""' -a hub -d '{{T "help.hub"}}'
complete -c aigne -n '__aigne_at ""' -a completion -d '{{T "help.completion"}}'
complete -c aigne -n '__aigne_at completion' -a 'bash zsh fish powershell' -d '{{T "help.completion.shell"}}'

complete -c aigne -n '__aigne_at hub' -a 'list ls' -d '{{T "help.list"}}'
complete -c aigne -n '__aigne_at hub' -a connect -d '{{T "help.connect"}}'
complete -c aigne -n '__aigne_at hub' -a use -d '{{T "help.use"}}'
complete -c aigne -n '__aigne_at hub' -a 'status st' -d '{{T "help.status"}}'
complete -c aigne -n '__aigne_at hub' -a 'remove rm' -d '{{T "help.remove"}}'
complete -c aigne -n '__aigne_at hub' -a 'info i' -d '{{T "help.info"}}'
complete -c aigne -n '__aigne_at hub' -a token -d '{{T "help.token"}}'
complete -c aigne -n '__aigne_at hub' -a env -d '{{T "help.env"}}'

complete -c aigne -n '__aigne_at "hub list" "hub ls"' -l check -d '{{T "help.list.check"}}'
complete -c aigne -n '__aigne_at "hub list" "hub ls"' -l check-timeout -x -d '{{T "help.list.checktimeout"}}'

complete -c aigne -n '__aigne_at "hub connect"' -a https://hub.aigne.io -d '{{T "help.connect.url"}}'
complete -c aigne -n 'string match -q "hub connect*" -- (__aigne_cmd)' -l store -x -a 'file keyring' -d '{{T "help.store"}}'
complete -c aigne -n 'string match -q "hub connect*" -- (__aigne_cmd)' -l no-browser -d '{{T "help.nobrowser"}}'
complete -c aigne -n 'string match -q "hub connect*" -- (__aigne_cmd)' -l with-token -d '{{T "help.withtoken"}}'
complete -c aigne -n 'string match -q "hub connect*" -- (__aigne_cmd)' -l timeout -x -d '{{T "help.timeout"}}'
complete -c aigne -n 'string match -q "hub connect*" -- (__aigne_cmd)' -l force -d '{{T "help.force"}}'

complete -c aigne -n '__aigne_at "hub use"' -a '(__aigne_hubs)' -d '{{T "help.use.url"}}'
complete -c aigne -n '__aigne_at "hub remove" "hub rm"' -a '(__aigne_hubs)' -d '{{T "help.remove.url"}}'
complete -c aigne -n '__aigne_at "hub info" "hub i"' -a '(__aigne_hubs)' -d '{{T "help.info.url"}}'
complete -c aigne -n '__aigne_at "hub token"' -a '(__aigne_hubs)' -d '{{T "help.token.url"}}'
complete -c aigne -n '__aigne_at "hub env"' -a '(__aigne_hubs)' -d '{{T "help.env.url"}}'
complete -c aigne -n 'string match -q "hub env*" -- (__aigne_cmd)' -l shell -x -a 'sh fish powershell cmd' -d '{{T "help.env.shell"}}'
