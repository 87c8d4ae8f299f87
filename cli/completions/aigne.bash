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
		{{join .ValueFlags " | "}})
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
{{- range .Values}}
	{{.Pattern}}) cands=({{join .Cands " "}}) ;;
{{- end}}
{{- if .NoValues}}
	{{join .NoValues " | "}}) return 0 ;; # nothing to suggest
{{- end}}
	*)
		case $cur in
{{- range .Assigned}}
		{{.Pattern}}) cands=({{join .Cands " "}}) ;;
{{- end}}
		-*)
			cands=({{join .CommonFlags " "}})
			case $cmd in
{{- range .Flags}}
			{{.Pattern}}) cands+=({{join .Cands " "}}) ;;
{{- end}}
			esac
			;;
		*)
			case $cmd in
{{- range .Words}}
			{{.Pattern}}) cands=({{join .Cands " "}}) ;;
{{- end}}
{{- if .Hubs}}
			{{join .Hubs " | "}})
				local self=${words[0]/#\~/$HOME} hub
				while IFS= read -r hub; do
					cands+=("$hub")
				done < <("$self" __complete hubs </dev/null 2>/dev/null)
				;;
{{- end}}
			esac
			;;
		esac
		;;
	esac

	# Bash replaces only the part of the word after the last ':' or '=' it
	# breaks words at, so what comes before is left out of the answers.
	local breaks=${COMP_WORDBREAKS//[^:=]/} head=""
	if [[ -n $breaks && $cur == *["$breaks"]* ]]; then
		head=${cur%"${cur##*["$breaks"]}"}
	fi

	# Readline puts an answer on the line as it is, to be parsed when the
	# line is run; and a saved hub's name comes from a file or a keychain
	# that other programs write. So every candidate goes on the line quoted
	# (printf %q), and no character of it can run anything.
	COMPREPLY=()
	local c q
	for c in "${cands[@]}"; do
		printf -v q %q "$c"
		if [[ $q == "$cur"* ]]; then
			COMPREPLY+=("${q#"$head"}")
		elif [[ $c == "$cur"* && $cur != *[!]A-Za-z0-9._:/=+[-]* ]]; then
			# Typed as is, in characters that open no quote and no
			# substitution (an IPv6 hub's "[::1"): the rest goes quoted.
			q=""
			if [[ $c != "$cur" ]]; then
				printf -v q %q "${c#"$cur"}"
			fi
			COMPREPLY+=("${cur#"$head"}$q")
		fi
	done
	return 0
}

complete -F _aigne aigne
