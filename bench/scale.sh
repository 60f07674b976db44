#!/usr/bin/env bash
# What readers download and what brief needs at scale, on a generated site:
#
#   bench/scale.sh             # 100,000 briefings
#   bench/scale.sh 10000       # another size
#
# Prints: the cold build's wall time and peak RSS; the number of files and
# the total size of the output; the heaviest HTML page and search file; the
# bytes a two-word query transfers in headless Chromium (TestSearchAtScale
# run on this very output, so the measure is the test's); and the dev
# server's startup, edit time and peak RSS (bench/editlatency).
#
# Needs: Go, GNU time (/usr/bin/time), Chromium (for the query). Works in
# BENCH_DIR (default /dev/shm/brief-scale), which it empties first.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-100000}
work=${BENCH_DIR:-/dev/shm/brief-scale}
rm -rf "$work"
mkdir -p "$work"
[ -x /usr/bin/time ] || { echo "scale: GNU time is not installed (apt-get install time)" >&2; exit 1; }

go build -o "$work/brief" .
go build -o "$work/corpus" ./bench/corpus
go build -o "$work/editlatency" ./bench/editlatency
"$work/corpus" -n "$n" -out "$work/site"

/usr/bin/time -f "%e %M" -o "$work/build.time" "$work/brief" build -src "$work/site" -out "$work/public" >/dev/null
read -r wall rss <<<"$(cat "$work/build.time")"
printf "briefings            %d\n" "$n"
printf "cold build           %.1f s, peak RSS %d MiB\n" "$wall" "$((rss / 1024))"
printf "output               %d files, %d MiB\n" "$(find "$work/public" -type f | wc -l)" "$(($(du -sb "$work/public" | cut -f1) / 1048576))"
find "$work/public" -name '*.html' -printf '%s %P\n' | sort -n | tail -1 | awk '{printf "heaviest page        %s, %d bytes\n", $2, $1}'
find "$work/public/search" -type f -printf '%s %P\n' | sort -n | tail -1 | awk '{printf "heaviest search file search/%s, %d bytes\n", $2, $1}'
printf "search files         %d, manifest %d bytes\n" "$(find "$work/public/search" -type f | wc -l)" "$(stat -c %s "$work/public/search/manifest.json")"

BRIEF_SEARCH_SITE="$work/site" BRIEF_SEARCH_OUT="$work/public" \
  go test -count=1 -run '^TestSearchAtScale$' -v . 2>&1 | grep -E "titles hold both|bytes transferred|FAIL|--- " | sed 's/^ *//' || true

rm -rf "$work/public"
echo "brief serve at $n briefings:"
/usr/bin/time -f "%M" -o "$work/serve.time" "$work/editlatency" -brief "$work/brief" -site "$work/site" -edits 10
printf "serve peak RSS       %d MiB (the largest of editlatency and the server it runs)\n" "$(($(cat "$work/serve.time") / 1024))"
