#!/usr/bin/env bash
# Performance comparison of brief with Hugo and with two floors, on the same
# generated briefings, side by side in one run. Output goes to tmpfs.
# The floors are bench/floor: "goldmark alone" reads, decodes the front
# matter of and converts every briefing, the HTML thrown away; "floor -page"
# also executes and writes one html/template page per briefing.
#
#   bench/run.sh                 # 1,000, 10,000 and 30,000 briefings
#   bench/run.sh 1000 10000      # chosen sizes
#   RUNS=5 bench/run.sh          # median of 5 runs of each tool (default 3)
#
# Needs: Go, Hugo (apt-get install hugo), GNU time (/usr/bin/time).
# Prints one table row per tool and size: wall time, CPU time, peak RSS, and
# brief's ratios to Hugo, to goldmark alone and to floor -page; then the dev
# server's startup and edit-to-visible times at 10,000 briefings (or the
# largest size given).
# Times are the median of RUNS runs, because a shared machine's speed
# drifts by 10-20 % from minute to minute; RSS is the highest of the runs.
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
go build -o "$work/floor" ./bench/floor
go build -o "$work/editlatency" ./bench/editlatency
go build -o "$work/corpus" ./bench/corpus

runs=${RUNS:-3}

# measure NAME CMD...: runs CMD under GNU time, appends "wall cpu rss_mib"
# to $work/NAME.times.
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.log" "$@" >/dev/null 2>&1
  awk '{printf "%.2f %.2f %.0f\n", $1, $2+$3, $4/1024}' "$work/time.log" >> "$work/$name.times"
}

# median NAME: wall and CPU time of the run with the median wall time, and
# the highest peak RSS of all runs, as "wall cpu rss".
median() {
  sort -n "$work/$1.times" | awk '{l[NR]=$1" "$2; if ($3>rss) rss=$3} END{print l[int((NR+1)/2)], rss}'
}

for n in "${sizes[@]}"; do
  "$work/corpus" -n "$n" -out "$work/corpus-$n"
  mkdir -p "$work/hugosite-$n"
  cp -r bench/hugo/. "$work/hugosite-$n/"
  cp -r "$work/corpus-$n/content" "$work/hugosite-$n/"
done

# Each round builds every size with every tool, so that a drift of the
# machine's speed touches all figures alike, ratios and growth included.
# The tools take turns in a rotating order, so that none always runs just
# after Hugo has freed gigabytes; every build starts from nothing: no
# output, no build cache.
order=(brief hugo goldmark floorpage)
for round in $(seq "$runs"); do
  for n in "${sizes[@]}"; do
    site="$work/corpus-$n"
    for k in "${!order[@]}"; do
      tool=${order[$(( (k + round - 1) % ${#order[@]} ))]}
      rm -rf "$work/out-brief-$n" "$work/.brief-cache" "$work/out-hugo-$n" "$work/out-floor-$n"
      sync
      case $tool in
      brief) measure "brief-$n" "$work/brief" build -src "$site" -out "$work/out-brief-$n" ;;
      hugo) measure "hugo-$n" hugo --quiet --source "$work/hugosite-$n" --destination "$work/out-hugo-$n" ;;
      goldmark) measure "goldmark-$n" "$work/floor" "$site" ;;
      floorpage) measure "floorpage-$n" "$work/floor" -page -out "$work/out-floor-$n" "$site" ;;
      esac
    done
  done
done
rm -rf "$work/out-brief-"* "$work/.brief-cache" "$work/out-hugo-"* "$work/out-floor-"* "$work/hugosite-"*

# ratio A B: A ÷ B to two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f×", a/b}'; }

printf "%-8s %-16s %8s %8s %9s %10s %12s %15s\n" "N" "tool" "wall s" "cpu s" "RSS MiB" "vs Hugo" "vs goldmark" "vs floor -page"
for n in "${sizes[@]}"; do
  read -r bw bc br <<<"$(median "brief-$n")"
  read -r hw hc hr <<<"$(median "hugo-$n")"
  read -r gw gc gr <<<"$(median "goldmark-$n")"
  read -r fw fc fr <<<"$(median "floorpage-$n")"
  printf "%-8s %-16s %8s %8s %9s\n" "$n" "hugo 0.111" "$hw" "$hc" "$hr"
  printf "%-8s %-16s %8s %8s %9s\n" "$n" "goldmark alone" "$gw" "$gc" "$gr"
  printf "%-8s %-16s %8s %8s %9s\n" "$n" "floor -page" "$fw" "$fc" "$fr"
  printf "%-8s %-16s %8s %8s %9s %10s %12s %15s\n" "$n" "brief" "$bw" "$bc" "$br" \
    "$(ratio "$bw" "$hw")" "$(ratio "$bw" "$gw")" "$(ratio "$bw" "$fw")"
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
