# bash completion for physgan: installed as
# share/bash-completion/completions/physgan. Commands, kinds and options
# are read from physgan's own --help text when completing, so they follow
# the binary they complete.

# The first words of the rows of the table after the line matching $2 in
# the help text $1 (two spaces, a name, a description).
_physgan_table()
{
    awk -v head="$2" '$0 ~ head { on = 1; next }
        on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' <<< "$1"
}

_physgan()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prog=${COMP_WORDS[0]} help words
    if [ "$COMP_CWORD" -eq 1 ]; then
        words=$(_physgan_table "$("$prog" --help 2>/dev/null)" '^commands:')
        COMPREPLY=($(compgen -W "$words --help --version" -- "$cur"))
        return
    fi
    local cmd=${COMP_WORDS[1]}
    help=$("$prog" "$cmd" --help 2>&1)
    words=$(_physgan_table "$help" 'Kinds:$')
    if [ -n "$words" ] && [ "$COMP_CWORD" -eq 2 ]; then
        COMPREPLY=($(compgen -W "$words --help" -- "$cur"))
        return
    fi
    if [ -n "$words" ]; then
        help=$("$prog" "$cmd" "${COMP_WORDS[2]}" --help 2>&1)
    fi
    if [[ $cur == -* ]]; then
        words=$(grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z0-9-]*' <<< "$help" |
                tr -d ' ,' | sort -u)
        COMPREPLY=($(compgen -W "$words" -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _physgan physgan
