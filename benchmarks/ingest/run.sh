#!/usr/bin/env bash
# DICOM ingest benchmark, whole process, both servers in one go:
#   DCMTK storescu (TCP_NODELAY=1) sends 300 CT 512x512 + 300 PET 192x192 slices
#   (a) to `imagingpipeline store-scp` (our SCP, each instance written to disk)
#   (b) to DCMTK storescp (each instance written to disk)
# over one association, then over 4 concurrent associations (storescp with --fork there, since it
# serves one association at a time otherwise). Reports files/s, MB/s, server CPU seconds and peak
# RSS (/usr/bin/time -v) as medians of RUNS runs, and our/DCMTK ratios.
#
# Usage: benchmarks/ingest/run.sh            (env: RUNS=5 COUNT=300 WORK=dir DATA=dir)
# Needs: dotnet, dcmtk (storescu, storescp), python3-pydicom, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-5}
COUNT=${COUNT:-300}
WORK=${WORK:-artifacts/ingest-bench}
DATA=${DATA:-$WORK/data}
PY=/usr/bin/python3
# DCMTK 3.6.7 reads TCP_NODELAY from the environment; without it each message waits ~45 ms for Nagle's
# algorithm (our server sets TCP_NODELAY itself). Exported for storescu and storescp alike.
export TCP_NODELAY=1
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

for tool in storescu storescp /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

echo "building the CLI (Release)" >&2
dotnet build src/ImagingPipeline.Cli -c Release -nologo -v quiet >&2
CLI=$(pwd)/src/ImagingPipeline.Cli/bin/Release/net10.0/imagingpipeline

if [ "$(find "$DATA" -name '*.dcm' 2>/dev/null | wc -l)" -ne $((2 * COUNT)) ]; then
  echo "generating $COUNT CT + $COUNT PET slices in $DATA" >&2
  rm -rf "$DATA"
  "$PY" benchmarks/ingest/generate.py "$DATA" "$COUNT"
fi
mapfile -t FILES < <(find "$DATA" -name '*.dcm' | sort)
TOTAL_BYTES=$(cat "${FILES[@]}" | wc -c)

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "server did not listen on port $1" >&2
  return 1
}

SERVER_PID=""
# start_server TIMEFILE CMD... : runs the server under GNU time in the background.
start_server() {
  local timefile=$1
  shift
  /usr/bin/time -v -o "$timefile" "$@" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
}

# stop_server: SIGTERM to the server itself (a background job ignores SIGINT), then wait for time to write its report.
stop_server() {
  local child
  child=$(pgrep -P "$SERVER_PID" | head -n 1 || true)
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null || true
  wait "$SERVER_PID" || true
}

# send PORT AET ASSOCIATIONS : storescu processes in parallel, files dealt round-robin; prints wall seconds.
send() {
  local port=$1 aet=$2 n=$3 start end i
  local -a pids=()
  start=$(date +%s.%N)
  for ((i = 0; i < n; i++)); do
    local -a part=()
    for ((j = i; j < ${#FILES[@]}; j += n)); do part+=("${FILES[j]}"); done
    storescu -aec "$aet" 127.0.0.1 "$port" "${part[@]}" >"$WORK/storescu.$i.log" 2>&1 &
    pids+=($!)
  done
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  end=$(date +%s.%N)
  [ "$failed" -eq 0 ] || { echo "storescu failed, see $WORK/storescu.*.log" >&2; return 1; }
  "$PY" -c "print(f'{$end - $start:.4f}')"
}

# measure KIND ASSOCIATIONS RUN : one run, appends "kind assoc seconds cpu_seconds max_rss_kb" to results.
measure() {
  local kind=$1 n=$2 out="$WORK/out-$1" port seconds timefile="$WORK/time-$1.txt"
  rm -rf "$out"
  mkdir -p "$out"
  port=$(free_port)
  if [ "$kind" = ours ]; then
    start_server "$timefile" "$CLI" store-scp --port "$port" --aet IMAGINGPIPE --output "$out"
    aet=IMAGINGPIPE
  else
    local fork=()
    [ "$n" -gt 1 ] && fork=(--fork)
    start_server "$timefile" storescp "${fork[@]}" -od "$out" -aet STORESCP "$port"
    aet=STORESCP
  fi
  wait_port "$port"
  seconds=$(send "$port" "$aet" "$n")
  stop_server
  local stored
  stored=$(find "$out" -maxdepth 1 -type f -name '*.dcm' -o -maxdepth 1 -type f -name '*.*.*' | wc -l)
  if [ "$stored" -ne "${#FILES[@]}" ]; then
    echo "$kind stored $stored of ${#FILES[@]} files" >&2
    return 1
  fi
  local cpu rss
  cpu=$("$PY" - "$timefile" <<'PYEOF'
import sys
t = {}
for line in open(sys.argv[1]):
    k, _, v = line.strip().rpartition(": ")
    t[k] = v
print(float(t["User time (seconds)"]) + float(t["System time (seconds)"]))
PYEOF
)
  rss=$(grep 'Maximum resident set size' "$timefile" | awk '{print $NF}')
  echo "$kind $n $seconds $cpu $rss" >>"$WORK/results.txt"
  echo "  $kind, $n association(s): ${seconds}s, CPU ${cpu}s, peak RSS ${rss} kB" >&2
}

rm -f "$WORK/results.txt"
for ((run = 1; run <= RUNS; run++)); do
  echo "run $run/$RUNS" >&2
  for n in 1 4; do
    measure ours "$n"
    measure dcmtk "$n"
  done
done

"$PY" - "$WORK/results.txt" "${#FILES[@]}" "$TOTAL_BYTES" "$RUNS" <<'PYEOF' | tee "$WORK/results.md"
import statistics
import sys

path, files, total, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rows = {}
for line in open(path):
    kind, n, seconds, cpu, rss = line.split()
    rows.setdefault((kind, int(n)), []).append((float(seconds), float(cpu), int(rss)))

def med(values):
    return statistics.median(values)

print(f"{files} files, {total / 1e6:.1f} MB, medians of {runs} runs")
print()
print("| server | associations | files/s | MB/s | server CPU s | peak RSS MB |")
print("|---|---|---|---|---|---|")
summary = {}
for (kind, n), samples in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0] != "ours")):
    seconds = med([s for s, _, _ in samples])
    cpu = med([c for _, c, _ in samples])
    rss = med([r for _, _, r in samples]) / 1024
    summary[(kind, n)] = (files / seconds, cpu, rss)
    name = "ImagingPipeline store-scp" if kind == "ours" else "DCMTK storescp"
    print(f"| {name} | {n} | {files / seconds:.0f} | {total / 1e6 / seconds:.0f} | {cpu:.2f} | {rss:.1f} |")
print()
for n in sorted({n for _, n in summary}):
    ours, theirs = summary.get(("ours", n)), summary.get(("dcmtk", n))
    if ours and theirs:
        print(f"ratio ours/DCMTK, {n} association(s): files/s {ours[0] / theirs[0]:.2f}, CPU {ours[1] / theirs[1]:.2f}")
PYEOF
