#!/usr/bin/env bash
# Client CPU per request (µs, user+sys of the whole process), marginal: the difference between
# a short and a long run over the difference in requests, so start-up does not count. CPU time
# is far less sensitive to other load on the machine than req/s, so this is the figure to
# iterate on; compare.sh (req/s, alternated) is the one the targets are judged by.
# Usage (after npm run build): bash bench/cpu-per-request.sh [stream]
set -u
HERE=$(cd "$(dirname "$0")" && pwd); Y="$HERE/../../shared/yardsticks"
MODE=${1:-json}; C=16
TMP=$(mktemp -d)
node "$Y/zero-server.cjs" 0 64 > "$TMP/srv" & SP=$!
trap 'kill $SP 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 1 50); do URL=$(head -1 "$TMP/srv" 2>/dev/null); [ -n "$URL" ] && break; sleep 0.1; done
cpu() { /usr/bin/time -f '%U %S' -o "$TMP/t" "$@" > "$TMP/out" 2>/dev/null; awk '{print $1+$2}' "$TMP/t"; }
raw() { # seconds → "cpu requests"
  local c; c=$(cpu node "$Y/raw-undici-dispatch.mjs" "$URL/v1/chat/completions" $C "$1" $([ "$MODE" = stream ] && echo stream))
  echo "$c $(( $(cat "$TMP/out") * $1 ))"; }
sh() { # requests → "cpu requests"
  local c; c=$(SHEPHERD_API_KEY=sk-yardstick cpu node bin/shepherd bench --base-url "$URL/v1" -m m -c $C -n "$1" \
    $([ "$MODE" = stream ] || echo --no-stream) --no-tui --quiet --json)
  echo "$c $1"; }
per() { awk -v a="$1" -v b="$2" 'BEGIN{split(a,x," ");split(b,y," ");printf "%.1f", (y[1]-x[1])/(y[2]-x[2])*1e6}'; }
if [ "$MODE" = stream ]; then N1=5000; N2=25000; S1=1; S2=3; else N1=20000; N2=100000; S1=1; S2=3; fi
r=$(per "$(raw $S1)" "$(raw $S2)"); s=$(per "$(sh $N1)" "$(sh $N2)")
awk -v r=$r -v s=$s -v m=$MODE 'BEGIN{printf "%s: raw dispatch %.1f µs/request, shepherd CLI %.1f µs/request, shepherd/raw CPU %.2f\n", m, r, s, s/r}'
