# bash completion for aigne.
#
# Load it in the current shell:   source <(aigne completion bash)
# or for every shell: save it as  ~/.local/share/bash-completion/completions/aigne
#
# Works with bash 3.2 (macOS) and later, without the bash-completion package.

_aigne() {
	# Read the line up to the cursor ourselves rather than COMP_WORDS: bash
	# splits COMP_WORDS at ':' and '=', which cuts URLs and --flag=value apart.
	local line=${COMP_LINE:0:COMP_POINT}
	local -a words
	read -r -a words <<<"$line"
	local cur=""
	if [[ $line != *[[:space:]] && ${#words[@]} -gt 0 ]]; then
		cur=${words[${#words[@]}-1]}
		unset "words[${#words[@]}-1]"
	fi

	# The command path typed so far (" hub use"), and the flag, if any, whose
	# value is being typed.
	local cmd="" want="" w
	local -i i
	for ((i = 1; i < ${#words[@]}; i++)); do
		w=${words[i]}
		case $w in
		-o | --output | --store | --shell | --timeout | --check-timeout)
			if ((i == ${#words[@]} - 1)); then
				want=$w
			fi
			((i++))
			;;
		-*) ;;
		*) cmd+=" $w" ;;
		esac
	done

	local -a cands=()
	case $want in
	-o | --output) cands=(text json) ;;
	--store) cands=(file keyring) ;;
	--shell) cands=(sh fish powershell cmd) ;;
	--timeout | --check-timeout) return 0 ;; # a duration: nothing to suggest
	*)
		case $cur in
		--output=*) cands=(--output=text --output=json) ;;
		--store=*) cands=(--store=file --store=keyring) ;;
		--shell=*) cands=(--shell=sh --shell=fish --shell=powershell --shell=cmd) ;;
		-*)
			cands=(-o --output -h --help)
			case $cmd in
			"") cands+=(--version) ;;
			" hub list" | " hub ls") cands+=(--check --check-timeout) ;;
			" hub connect"*) cands+=(--store --no-browser --with-token --timeout --force) ;;
			" hub env"*) cands+=(--shell) ;;
			esac
			;;
		*)
			case $cmd in
			"") cands=(hub completion) ;;
			" hub") cands=(list ls connect use status st remove rm info i token env) ;;
			" hub use" | " hub remove" | " hub rm" | " hub info" | " hub i" | " hub token" | " hub env")
				local self=${words[0]/#\~/$HOME} hub
				while IFS= read -r hub; do
					cands+=("$hub")
				done < <("$self" __complete hubs </dev/null 2>/dev/null)
				;;
			" hub connect") cands=(https://hub.aigne.io) ;;
			" completion") cands=(bash zsh fish powershell) ;;
			esac
			;;
		esac
		;;
	esac

	COMPREPLY=()
	local c
	for c in "${cands[@]}"; do
		if [[ $c == "$cur"* ]]; then
			COMPREPLY+=("$c")
		fi
	done

	# Bash replaces only the part of the word after the last ':' or '=' it
	# breaks words at, so drop what comes before from the candidates.
	local breaks=${COMP_WORDBREAKS//[^:=]/}
	if [[ -n $breaks && $cur == *["$breaks"]* ]]; then
		local head=${cur%"${cur##*["$breaks"]}"}
		COMPREPLY=("${COMPREPLY[@]#"$head"}")
	fi
	return 0
}

complete -F _aigne aigne
