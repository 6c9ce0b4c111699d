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

# Scale (BENCH_SCALE=0 skips it): what must not grow with the batch or the
# document. Peak memory is the whole process tree's (bench/peak.py sums every
# worker's with the parent's); GNU time's is the largest single process.
[ "${BENCH_SCALE:-1}" = 0 ] && exit 0
command -v qpdf >/dev/null || { echo "bench: the scale runs need qpdf (apt-get install qpdf)" >&2; exit 2; }
s="$out/scale"
mkdir -p "$s/in1000" "$s/in100"
# 1000 distinct documents: the sample files again and again, each with a
# comment line of its own after its end (another SHA-256, the same plan).
for n in $(seq 0 999); do
    f=${files[$((n % ${#files[@]}))]}
    name=$(printf 'doc%04d.pdf' "$n")
    { cat "$f"; printf '%%piani-bench %d\n' "$n"; } > "$s/in1000/$name"
    [ "$n" -lt 100 ] && cp "$s/in1000/$name" "$s/in100/"
done
# One 5,000-page document: the sample files' pages over and over.
pages_in=()
for _ in $(seq $((5000 / pages + 1))); do pages_in+=("${files[@]}"); done
qpdf --empty --pages "${pages_in[@]}" -- "$s/long.pdf"
qpdf --empty --pages "$s/long.pdf" 1-5000 -- "$s/big.pdf"

# Wall time and peak memory with the sampler beside the run; wall time alone
# (the sampler takes a core's share) where times are compared.
peak() { bench/peak.py "$@" 2>&1 >/dev/null | tail -1; }
seconds() {
    local t0=$EPOCHREALTIME
    "$@" >/dev/null
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }'
}
: > "$s/jobs"; : > "$s/rerun"
for _ in $(seq 3); do
    rm -rf "$s/o1" "$s/o2"
    t1=$(seconds "$bin" extract "$s/in100" -o "$s/o1" --jobs 1 -q)
    t2=$(seconds "$bin" extract "$s/in100" -o "$s/o2" --jobs 2 -q)
    echo "$t1 $t2" >> "$s/jobs"
done
read -r t_first m_first < <(peak "$bin" extract "$s/in1000" -o "$s/o" -q)
for _ in $(seq 5); do
    t_sha=$(seconds sha256sum "$s"/in1000/*.pdf)
    t_re=$(seconds "$bin" extract "$s/in1000" -o "$s/o" -q)
    echo "$t_re $t_sha" >> "$s/rerun"
done
read -r _ m_re < <(peak "$bin" extract "$s/in1000" -o "$s/o" -q)
read -r t_big m_big < <(peak "$bin" extract "$s/big.pdf" -o "$s/ob" --jobs 1 -q)

echo
echo "scale ($(nproc) cores)"
awk -v t="$t_first" -v m="$m_first" \
    'BEGIN { printf "%-44s %7.1f s %7.1f MiB at peak (process tree)\n", "1000 documents, all cores", t, m / 1024 }'
awk '{print $1 / $2}' "$s/jobs" | median |
    awk '{ printf "%-44s %7.2fx --jobs 1 (median of 3)\n", "100 documents, --jobs 2", $1 }'
r=$(awk '{print $1 / $2}' "$s/rerun" | median)
awk -v r="$r" -v m="$m_re" \
    'BEGIN { printf "%-44s %7.2fx the time of sha256sum (median of 5), %.1f MiB\n", "re-run over 1000 unchanged documents", r, m / 1024 }'
awk -v t="$t_big" -v m="$m_big" \
    'BEGIN { printf "%-44s %7.1f s %7.1f MiB at peak (process tree)\n", "one 5,000-page document, --jobs 1", t, m / 1024 }'
