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

# Median wall time (s, from bash's microsecond clock: GNU time rounds to 10 ms)
# and largest peak RSS (KiB) of a command over $runs runs.
measure() {
    local times=() peak=0 t m
    for _ in $(seq "$runs"); do
        local t0=$EPOCHREALTIME
        /usr/bin/time -f "%M" -o "$out/time" "$@" >/dev/null 2>&1
        t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')
        read -r m < "$out/time"
        times+=("$t")
        [ "$m" -gt "$peak" ] && peak=$m
    done
    echo "$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') $peak"
}
# poppler over the same files, one process per file as a user would run it.
printf 'for f in "$@"; do pdftotext -layout "$f" /dev/null; done\n' > "$out/poppler.sh"

read -r t_pop m_pop < <(measure bash "$out/poppler.sh" "${files[@]}")
read -r t_iso m_iso < <(measure "$bin" extract "${files[@]}" -o "$out/a" --force --jobs 1 -q)
read -r t_one m_one < <(measure "$bin" extract "${files[@]}" -o "$out/b" --force --jobs 1 --no-isolation -q)
read -r t_all m_all < <(measure "$bin" extract "${files[@]}" -o "$out/c" --force -q)

row() { awk -v n="$1" -v t="$2" -v m="$3" -v p="$pages" -v ref="$t_pop" \
    'BEGIN { printf "%-44s %7.3f s %8.0f pages/s %7.1f MiB   %5.2fx pdftotext\n", n, t, (t > 0 ? p / t : 0), m / 1024, (t > 0 ? ref / t : 0) }'; }
echo "$(nproc) cores; ${#files[@]} files, $pages pages; median of $runs runs"
row "pdftotext -layout (poppler), one by one" "$t_pop" "$m_pop"
row "piani, --jobs 1 (each document isolated)" "$t_iso" "$m_iso"
row "piani, --jobs 1 --no-isolation" "$t_one" "$m_one"
row "piani, all cores (each document isolated)" "$t_all" "$m_all"
