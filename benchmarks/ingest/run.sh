#!/usr/bin/env bash
# DICOM ingest benchmark, whole process, both servers in one go:
#   DCMTK storescu (TCP_NODELAY=1) sends 300 CT 512x512 + 300 PET 192x192 slices
#   (a) to `imagingpipeline store-scp` (our SCP, each instance written to disk)
#   (b) to DCMTK storescp (each instance written to disk)
#   (c) to the worker on its embedded default (each instance fsynced, renamed into place and indexed
#       in SQLite before the C-STORE response), and (d) the worker on PostgreSQL (a throwaway cluster
#       started by this script, default durability settings)
# over one association, then over 4 concurrent associations (storescp with --fork there, since it
# serves one association at a time otherwise), each server after the same warm-up pushes. Reports files/s,
# MB/s, the server's CPU seconds during the timed push (/proc) and its peak RSS (/usr/bin/time -v) as
# medians of RUNS runs, and our/DCMTK ratios.
#
# Usage: benchmarks/ingest/run.sh   (env: RUNS=5 COUNT=300 WORK=dir DATA=dir SERVERS="ours dcmtk worker worker-pg" WARMUP_PUSHES=2;
#        worker-nofsync, the worker with Storage:Fsync=false, shows what durability costs)
# Needs: dotnet, dcmtk (storescu, storescp), python3-pydicom, GNU time (/usr/bin/time), and for
# worker-pg PostgreSQL 15 (/usr/lib/postgresql/15/bin; run as root it uses the postgres user).
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-5}
SERVERS=${SERVERS:-ours dcmtk worker worker-pg}
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

# Both are measured as deployed: published for linux-x64, ReadyToRun (precompiled), not the `dotnet build`
# output that the JIT compiles method by method while the first instances arrive.
echo "publishing the CLI and the worker (Release, ReadyToRun)" >&2
publish() {
  dotnet publish "src/$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$WORK/bin/$2" -nologo -v quiet >&2
}
publish ImagingPipeline.Cli cli
publish ImagingPipeline.Worker worker
CLI=$WORK/bin/cli/imagingpipeline
WORKER=$WORK/bin/worker/ImagingPipeline.Worker

if [ "$(find "$DATA" -name '*.dcm' 2>/dev/null | wc -l)" -ne $((2 * COUNT)) ]; then
  echo "generating $COUNT CT + $COUNT PET slices in $DATA" >&2
  rm -rf "$DATA"
  "$PY" benchmarks/ingest/generate.py "$DATA" "$COUNT"
fi
# Every server is a long-running service: before each timed push it gets WARMUP_PUSHES pushes of the same shape
# (COUNT CT + COUNT PET slices of other UIDs, over the same number of associations), each followed by WARMUP_REST
# seconds of rest, so the figure is its steady state: the runtime recompiles a method once it has been called 30
# times (and again with profile data), so the concurrent path, per-association and per-study code take more than a
# few small pushes to settle. storescp gets the same pushes (native code: they only warm its page cache and files).
WARMUP_PUSHES=${WARMUP_PUSHES:-2}
WARMUP_REST=${WARMUP_REST:-2}
for ((w = 0; w < WARMUP_PUSHES; w++)); do
  dir="$WORK/warmup-full/$w"
  if [ "$(find "$dir" -name '*.dcm' 2>/dev/null | wc -l)" -ne $((2 * COUNT)) ]; then
    echo "generating warm-up push $w in $dir" >&2
    rm -rf "$dir"
    "$PY" benchmarks/ingest/generate.py "$dir" "$COUNT" "$((50 + w))"
  fi
done
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

PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR="" PG_PORT=""
# pg_run TOOL ARGS... : a PostgreSQL tool as the postgres user when we are root (initdb refuses root).
pg_run() {
  local tool=$1
  shift
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$PG_BIN/$tool" "$@"; else "$PG_BIN/$tool" "$@"; fi
}

start_postgres() {
  [ -x "$PG_BIN/pg_ctl" ] || { echo "missing $PG_BIN/pg_ctl (scripts/install-deps.sh installs PostgreSQL 15)" >&2; exit 1; }
  PG_DIR="$WORK/pg"
  PG_PORT=$(free_port)
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
  pg_run initdb -D "$PG_DIR/data" -U postgres -A trust -E UTF8 >"$WORK/pg-initdb.log"
  printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n" "$PG_PORT" "$PG_DIR" >>"$PG_DIR/data/postgresql.conf"
  pg_run pg_ctl -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null
}

stop_postgres() {
  [ -n "$PG_DIR" ] && pg_run pg_ctl -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
}
trap stop_postgres EXIT

# new_database NAME : an empty database for one worker run.
new_database() {
  pg_run psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
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

# push PORT AET ASSOCIATIONS FILE... : storescu processes in parallel, files dealt round-robin; fails if one failed.
push() {
  local port=$1 aet=$2 n=$3 i
  shift 3
  local -a files=("$@") pids=()
  for ((i = 0; i < n; i++)); do
    local -a part=()
    for ((j = i; j < ${#files[@]}; j += n)); do part+=("${files[j]}"); done
    storescu -aec "$aet" 127.0.0.1 "$port" "${part[@]}" >"$WORK/storescu.$i.log" 2>&1 &
    pids+=($!)
  done
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [ "$failed" -eq 0 ] || { echo "storescu failed, see $WORK/storescu.*.log" >&2; return 1; }
}

# send PORT AET ASSOCIATIONS : the timed push of FILES; prints wall seconds.
send() {
  local start end
  start=$(date +%s.%N)
  push "$1" "$2" "$3" "${FILES[@]}" || return 1
  end=$(date +%s.%N)
  "$PY" -c "print(f'{$end - $start:.4f}')"
}

# cpu_ticks PID : user + system clock ticks of one process so far, with those of its children it has reaped
# (/proc/PID/stat fields 14-17; storescp --fork serves each association in a child).
cpu_ticks() {
  awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"
}

# settle PID : waits (up to 2 s) until the server has no child left, so its children's CPU is in its own figures.
settle() {
  for _ in $(seq 1 40); do
    [ -z "$(pgrep -P "$1" || true)" ] && return 0
    sleep 0.05
  done
}

# measure KIND ASSOCIATIONS RUN : one run, appends "kind assoc seconds cpu_seconds max_rss_kb" to results.
measure() {
  local kind=$1 n=$2 out="$WORK/out-$1" port seconds timefile="$WORK/time-$1.txt"
  rm -rf "$out"
  mkdir -p "$out"
  port=$(free_port)
  case "$kind" in
    ours)
      start_server "$timefile" "$CLI" store-scp --port "$port" --aet IMAGINGPIPE --output "$out"
      aet=IMAGINGPIPE
      ;;
    worker | worker-pg | worker-nofsync)
      # The quiet period is longer than the run: this measures ingest (store + index), not extraction.
      local -a env=(Storage__Root="$out" Storage__MinimumFreeSpace=0 Dicom__Port="$port" Dicom__MaxAssociations=8
        Urls="http://127.0.0.1:$(free_port)" Studies__QuietPeriod=01:00:00 Studies__GracePeriod=00:30:00 Logging__LogLevel__Default=Warning)
      [ "$kind" = worker-nofsync ] && env+=(Storage__Fsync=false)
      if [ "$kind" = worker-pg ]; then
        new_database ingest
        env+=(ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=ingest")
      fi
      start_server "$timefile" env "${env[@]}" "$WORKER"
      aet=IMAGINGPIPE
      ;;
    *)
      local fork=()
      [ "$n" -gt 1 ] && fork=(--fork)
      # --max-pdu 131072: storescp's largest receive PDU (its default is 16384; ours is 256 KiB), so it is not
      # held back by four times as many PDUs and reads.
      start_server "$timefile" storescp "${fork[@]}" --max-pdu 131072 -od "$out" -aet STORESCP "$port"
      aet=STORESCP
      ;;
  esac
  wait_port "$port"
  local expected=${#FILES[@]}
  local server_pid ticks0
  server_pid=$(pgrep -P "$SERVER_PID" | head -n 1)
  for ((w = 0; w < WARMUP_PUSHES; w++)); do
    mapfile -t WARMFILES < <(find "$WORK/warmup-full/$w" -name '*.dcm' | sort)
    push "$port" "$aet" "$n" "${WARMFILES[@]}" || { echo "warm-up push $w failed" >&2; return 1; }
    expected=$((expected + ${#WARMFILES[@]}))
    sleep "$WARMUP_REST"
  done
  settle "$server_pid"
  ticks0=$(cpu_ticks "$server_pid")
  seconds=$(send "$port" "$aet" "$n")
  settle "$server_pid"
  local push_cpu
  push_cpu=$("$PY" -c "print(($(cpu_ticks "$server_pid") - $ticks0) / $(getconf CLK_TCK))")
  stop_server
  local stored
  case "$kind" in
    worker | worker-pg | worker-nofsync) stored=$(find "$out" -mindepth 3 -type f -name '*.dcm' | wc -l) ;; # {study}/{series}/{sop}.dcm
    *) stored=$(find "$out" -maxdepth 1 -type f -name '*.dcm' -o -maxdepth 1 -type f -name '*.*.*' | wc -l) ;;
  esac
  if [ "$stored" -ne "$expected" ]; then
    echo "$kind stored $stored of $expected files" >&2
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
  # The CPU column is that of the timed push alone (start-up and warm-up excluded); the whole process's is in the log.
  echo "  ($kind whole process: CPU ${cpu}s)" >&2
  cpu=$push_cpu
  echo "$kind $n $seconds $cpu $rss" >>"$WORK/results.txt"
  echo "  $kind, $n association(s): ${seconds}s, CPU ${cpu}s, peak RSS ${rss} kB" >&2
}

case " $SERVERS " in *" worker-pg "*) start_postgres ;; esac
rm -f "$WORK/results.txt"
for ((run = 1; run <= RUNS; run++)); do
  echo "run $run/$RUNS" >&2
  for n in 1 4; do
    for kind in $SERVERS; do measure "$kind" "$n"; done
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

NAMES = {
    "ours": "ImagingPipeline store-scp",
    "dcmtk": "DCMTK storescp",
    "worker": "worker, embedded (fsync + SQLite index)",
    "worker-pg": "worker, PostgreSQL (fsync + index)",
    "worker-nofsync": "worker, embedded, Storage:Fsync=false (not durable; for comparison)",
}

def med(values):
    return statistics.median(values)

print(f"{files} files, {total / 1e6:.1f} MB, medians of {runs} runs")
print()
print("| server | associations | files/s | MB/s | server CPU s (timed push) | peak RSS MB |")
print("|---|---|---|---|---|---|")
summary = {}
order = list(NAMES)
for (kind, n), samples in sorted(rows.items(), key=lambda kv: (kv[0][1], order.index(kv[0][0]))):
    seconds = med([s for s, _, _ in samples])
    cpu = med([c for _, c, _ in samples])
    rss = med([r for _, _, r in samples]) / 1024
    summary[(kind, n)] = (files / seconds, cpu, rss)
    name = NAMES[kind]
    print(f"| {name} | {n} | {files / seconds:.0f} | {total / 1e6 / seconds:.0f} | {cpu:.2f} | {rss:.1f} |")
print()
for n in sorted({n for _, n in summary}):
    theirs = summary.get(("dcmtk", n))
    for kind in ("ours", "worker", "worker-pg", "worker-nofsync"):
        ours = summary.get((kind, n))
        if ours and theirs:
            # Also the median of the run-by-run ratios: in each run the servers take turns, so this one holds when the
            # machine's speed drifts between runs.
            pairs = [d[0] / o[0] for o, d in zip(rows[(kind, n)], rows[("dcmtk", n)])]
            print(f"ratio {NAMES[kind]}/DCMTK, {n} association(s): files/s {ours[0] / theirs[0]:.2f} "
                  f"(run by run: median {med(pairs):.2f}, {min(pairs):.2f}-{max(pairs):.2f}), CPU {ours[1] / theirs[1]:.2f}")
PYEOF
