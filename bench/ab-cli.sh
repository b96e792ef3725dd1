#!/usr/bin/env bash
# A/B of two builds of the CLI, alternated in one run against one zero-latency server: the
# client's CPU per request (µs, user+sys of the whole process, marginal: a 10k run subtracted
# from a long one, so start-up does not count) for this checkout and another one, round by
# round, and the medians. On a shared machine whose speed drifts by 20 % within an hour, only
# alternated figures say whether a change helped; compare.sh judges the targets.
# Usage (both checkouts built): bash bench/ab-cli.sh OTHER_CHECKOUT [ROUNDS=5] [json|stream] [N=110000]
#   e.g. git worktree add /tmp/base main~3 && (cd /tmp/base && ln -s "$PWD/node_modules" . && npm run build)
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd); Y="$HERE/../shared/yardsticks"
OTHER=$(cd "${1:?usage: bench/ab-cli.sh OTHER_CHECKOUT [ROUNDS] [json|stream] [N]}" && pwd)
ROUNDS=${2:-5}; MODE=${3:-json}; N=${4:-110000}; C=16; SHORT=10000
[ "$MODE" = stream ] && N=${4:-30000} && SHORT=5000
TMP=$(mktemp -d)
node "$Y/zero-server.cjs" 0 64 > "$TMP/srv" & SP=$!
trap 'kill $SP 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 50); do URL=$(head -1 "$TMP/srv" 2>/dev/null); [ -n "$URL" ] && break; sleep 0.1; done
cpu() { # checkout requests → CPU seconds
  (cd "$1" && SHEPHERD_API_KEY=sk-yardstick /usr/bin/time -f '%U %S' -o "$TMP/t" node bin/shepherd bench \
    --base-url "$URL/v1" -m m -c $C -n "$2" $([ "$MODE" = stream ] || echo --no-stream) --no-tui --quiet --json \
    > /dev/null 2>&1)
  awk '{print $1+$2}' "$TMP/t"; }
per() { awk -v a="$1" -v b="$2" -v n=$((N - SHORT)) 'BEGIN{printf "%.2f", (b-a)*1e6/n}'; }
: > "$TMP/this"; : > "$TMP/other"
for r in $(seq 1 "$ROUNDS"); do
  t=$(per "$(cpu "$HERE" $SHORT)" "$(cpu "$HERE" "$N")")
  o=$(per "$(cpu "$OTHER" $SHORT)" "$(cpu "$OTHER" "$N")")
  echo "$t" >> "$TMP/this"; echo "$o" >> "$TMP/other"
  echo "round $r ($MODE): this $t µs/request, other $o µs/request"
done
med() { sort -n "$1" | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "median ($MODE, $ROUNDS rounds): this $(med "$TMP/this"), other $(med "$TMP/other") µs/request"
