#!/usr/bin/env bash
# Performance comparison of brief with Hugo and with goldmark alone, on the
# same generated briefings, side by side in one run. Output goes to tmpfs.
#
#   bench/run.sh                 # 1,000, 10,000 and 30,000 briefings
#   bench/run.sh 1000 10000      # chosen sizes
#
# Needs: Go, Hugo (apt-get install hugo), GNU time (/usr/bin/time).
# Prints one table row per tool and size: wall time, CPU time, peak RSS, and
# brief's ratios to Hugo and to goldmark alone; then the dev server's
# edit-to-visible time at 10,000 briefings (or the largest size given).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 30000)
work=${BENCH_DIR:-/dev/shm/brief-bench}
rm -rf "$work"
mkdir -p "$work"

command -v hugo >/dev/null || { echo "bench: hugo is not installed (apt-get install hugo)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is not installed (apt-get install time)" >&2; exit 1; }

go build -o "$work/brief" .
go build -o "$work/goldmark" ./bench/goldmark
go build -o "$work/editlatency" ./bench/editlatency
go build -o "$work/corpus" ./bench/corpus

# measure NAME CMD...: runs CMD under GNU time, prints "wall cpu rss_mib".
measure() {
  local log="$work/time-$1.log"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$log" "$@" >/dev/null 2>&1
  awk '{printf "%.2f %.2f %.0f\n", $1, $2+$3, $4/1024}' "$log"
}

printf "%-8s %-16s %8s %8s %9s %10s %12s\n" "N" "tool" "wall s" "cpu s" "RSS MiB" "vs Hugo" "vs goldmark"
for n in "${sizes[@]}"; do
  site="$work/corpus-$n"
  "$work/corpus" -n "$n" -out "$site"
  hugo_site="$work/hugo-$n"
  mkdir -p "$hugo_site"
  cp -r bench/hugo/. "$hugo_site/"
  cp -r "$site/content" "$hugo_site/"

  read -r bw bc br <<<"$(measure "brief-$n" "$work/brief" build -src "$site" -out "$work/out-brief-$n")"
  read -r hw hc hr <<<"$(measure "hugo-$n" hugo --quiet --source "$hugo_site" --destination "$work/out-hugo-$n")"
  read -r gw gc gr <<<"$(measure "goldmark-$n" "$work/goldmark" "$site")"
  printf "%-8s %-16s %8s %8s %9s\n" "$n" "hugo 0.111" "$hw" "$hc" "$hr"
  printf "%-8s %-16s %8s %8s %9s\n" "$n" "goldmark alone" "$gw" "$gc" "$gr"
  printf "%-8s %-16s %8s %8s %9s %10s %12s\n" "$n" "brief" "$bw" "$bc" "$br" \
    "$(awk -v a="$bw" -v b="$hw" 'BEGIN{printf "%.2f×", a/b}')" \
    "$(awk -v a="$bw" -v b="$gw" 'BEGIN{printf "%.2f×", a/b}')"
  echo "$n $bw" >> "$work/brief-times"
done

if [ ${#sizes[@]} -gt 1 ]; then
  awk 'NR==1{n0=$1;t0=$2} {n=$1;t=$2} END{if (NR>1) printf "growth: %d → %d briefings (%.1f×) took %.2f× the time\n", n0, n, n/n0, t/t0}' \
    <(grep -E "^(10000|30000) " "$work/brief-times" || true)
fi

largest=${sizes[-1]}
for n in "${sizes[@]}"; do [ "$n" = 10000 ] && largest=10000; done
cp -r "$work/corpus-$largest" "$work/serve-$largest"
echo "brief serve at $largest briefings:"
"$work/editlatency" -brief "$work/brief" -site "$work/serve-$largest" -edits 10
rm -rf "$work/serve-$largest"
