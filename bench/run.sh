#!/usr/bin/env bash
# Speed and peak memory of piani's whole extraction beside poppler's
# `pdftotext -layout` over the same PDFs, in the same run, as ratios.
#
#   bench/run.sh [RUNS] [PDF_FOLDER]     (defaults: 7 runs, fixtures/corpus)
#
# Needs poppler-utils (pdftotext, pdfinfo) and GNU time; installs neither.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
dir=${2:-fixtures/corpus}
command -v pdftotext >/dev/null || { echo "bench: needs pdftotext (apt-get install poppler-utils)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release -q
bin=target/release/piani
shopt -s nullglob
files=("$dir"/*.pdf)
pages=0
for f in "${files[@]}"; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One timed run: wall time (s, from bash's microsecond clock: GNU time rounds to
# 10 ms) and peak RSS (KiB), appended to $out/NAME.
timed() {
    local name=$1 t0 t m
    shift
    t0=$EPOCHREALTIME
    /usr/bin/time -f "%M" -o "$out/time" "$@" >/dev/null 2>&1
    t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')
    read -r m < "$out/time"
    echo "$t $m" >> "$out/$name"
}
# poppler over the same files, one process per file as a user would run it.
printf 'for f in "$@"; do pdftotext -layout "$f" /dev/null; done\n' > "$out/poppler.sh"

# Rounds run the four commands in turn, so that a change in the machine's load
# falls on all of them alike; ratios are taken within each round.
for _ in $(seq "$runs"); do
    timed pop bash "$out/poppler.sh" "${files[@]}"
    timed iso "$bin" extract "${files[@]}" -o "$out/a" --force --jobs 1 -q
    timed one "$bin" extract "${files[@]}" -o "$out/b" --force --jobs 1 --no-isolation -q
    timed all "$bin" extract "${files[@]}" -o "$out/c" --force -q
done

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
row() {
    local t m r
    t=$(cut -d' ' -f1 "$out/$2" | median)
    m=$(cut -d' ' -f2 "$out/$2" | sort -g | tail -1)
    r=$(paste -d' ' "$out/pop" "$out/$2" | awk '{print $1 / $3}' | median)
    awk -v n="$1" -v t="$t" -v m="$m" -v p="$pages" -v r="$r" \
        'BEGIN { printf "%-44s %7.3f s %8.0f pages/s %7.1f MiB   %5.2fx pdftotext\n", n, t, p / t, m / 1024, r }'
}
echo "$(nproc) cores; ${#files[@]} files, $pages pages; medians of $runs rounds"
row "pdftotext -layout (poppler), one by one" pop
row "piani, --jobs 1 (each document isolated)" iso
row "piani, --jobs 1 --no-isolation" one
row "piani, all cores (each document isolated)" all
