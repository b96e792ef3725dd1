#!/usr/bin/env bash
# Cold start of the built CLI as a user runs it (`node bin/shepherd`, i.e. the esbuild bundle in
# dist/bundle/), measured with hyperfine (apt-get install hyperfine):
#   `shepherd --version`, and `shepherd chat` (short answer, --no-log) against an already
#   running local simulator with zero latency, beside a bare `node -e 0` (the floor: Node's own
#   start on this machine); the load average before and after; then bench/no-ink.mjs checks
#   that chat, health and cost never load ink or react. Run after `npm run build`.
# HOME is a fresh temp directory; the warm-up runs make the caches a user's second run has
# (model list, undici's code cache under $HOME/.cache).
# NODE_EXTRA_CA_CERTS, when set, makes Node 20 read that CA file at every start (~35 ms on a
# full system bundle): it is reported, and kept, since users run with their environment.
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(mktemp -d)
trap 'kill $sim 2>/dev/null || true; rm -rf "$home"' EXIT
# The simulator as a background job, its stdin a FIFO this shell holds open on fd 3 (it
# exits when the script does; no stray `sleep` is left behind holding the terminal).
mkfifo "$home/sim.in"
node dist/simulator/main.js --port 0 --profile zero < "$home/sim.in" > "$home/sim.out" &
sim=$!
exec 3> "$home/sim.in"
for _ in $(seq 50); do grep -q listening "$home/sim.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$home/sim.out")
export HOME="$home" XDG_STATE_HOME="$home/state" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config"
echo "node $(node --version); NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS:-(unset)}"
echo "before: $(uptime)"
hyperfine --warmup 3 --runs "${RUNS:-30}" -N \
  'node -e 0' \
  'node bin/shepherd --version' \
  "node bin/shepherd chat --base-url $url -m gpt-4.1 --no-log --max-tokens 8 hi" \
  ${EXPORT:+--export-markdown "$EXPORT"} --export-json "${EXPORT_JSON:=$home/cold-start.json}"
echo "after: $(uptime)"
# The goals are medians (hyperfine prints means): median, min and CPU per command.
node -e '
  for (const r of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results) {
    const ms = (s) => (s * 1000).toFixed(1).padStart(6);
    console.log(`median ${ms(r.median)} ms  min ${ms(r.min)}  user ${ms(r.user)}  system ${ms(r.system)}  ${r.command}`);
  }' "$EXPORT_JSON"
# ink and react are never loaded by chat, health or cost (pipes and a pseudo-terminal).
node bench/no-ink.mjs
