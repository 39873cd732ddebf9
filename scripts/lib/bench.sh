# Shared by the benchmark scripts (sourced, not run).

# time_cmd CMD…: wall time of a command in seconds (4 decimals); its output is discarded and it must succeed.
# Timed with bash's $EPOCHREALTIME, so no `date` process is timed along with a command that may itself take only a
# few dozen milliseconds.
time_cmd() {
    local start end
    start=$EPOCHREALTIME
    "$@" > /dev/null 2>&1 || { echo "bench: failed: $*" >&2; exit 1; }
    end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" 'BEGIN {printf "%.4f", e - s}'
}

# median X…: the middle value (the lower middle for an even count).
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# vouch_binary: $VOUCH when scripts/bench passes one, else a release build with the Swift runtime linked statically
# (how Vouch ships), in its own scratch folder.
vouch_binary() {
    if [[ -n "${VOUCH:-}" ]]; then
        echo "$VOUCH"
        return
    fi
    echo "== release build (static Swift runtime, as shipped)" >&2
    swift build -c release --product vouch --static-swift-stdlib --scratch-path .build-static >&2
    echo "$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)/vouch"
}
