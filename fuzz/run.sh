#!/usr/bin/env bash
# Runs one harness under afl-fuzz for a number of seconds:
#   fuzz/run.sh part10|pdu|extraction SECONDS
# Builds the harness (Release), copies its output to fuzz/instrumented/HARNESS, instruments the copies of
# ImagingPipeline.Dicom.dll and ImagingPipeline.Extraction.dll with SharpFuzz (the local dotnet tool of
# .config/dotnet-tools.json), and fuzzes from fuzz/corpus/HARNESS into fuzz/out/HARNESS (a new run each
# time; the previous output is moved to fuzz/out/HARNESS.previous), with the tokens of
# fuzz/dictionaries/HARNESS.dict. Needs afl-fuzz (Debian afl++, scripts/install-deps.sh installs it).
# Ends with the run's figures; exits 1 when it saved a crash or a hang.
# FUZZ_NICE (default 10) is the nice level; FUZZ_TIMEOUT_MS (default 5000) afl-fuzz's per-input limit.
set -euo pipefail
cd "$(dirname "$0")/.."

harness=${1:-}
seconds=${2:-}
case "$harness" in part10|pdu|extraction) ;; *) echo "usage: fuzz/run.sh part10|pdu|extraction SECONDS" >&2; exit 2 ;; esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: fuzz/run.sh part10|pdu|extraction SECONDS" >&2; exit 2; }
command -v afl-fuzz >/dev/null || { echo "run.sh: afl-fuzz not found (apt-get install afl++)" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet build fuzz/ImagingPipeline.Fuzz/ImagingPipeline.Fuzz.csproj -c Release -nologo -v quiet

bin=fuzz/instrumented/$harness
rm -rf "$bin"
mkdir -p "$bin"
cp -r fuzz/ImagingPipeline.Fuzz/bin/Release/net10.0/. "$bin"
for dll in ImagingPipeline.Dicom.dll ImagingPipeline.Extraction.dll; do
  dotnet sharpfuzz "$bin/$dll" >/dev/null
done

out=fuzz/out/$harness
if [ -d "$out" ]; then rm -rf "$out.previous"; mv "$out" "$out.previous"; fi
mkdir -p fuzz/out
# The harness's temp files (PDU data sets, the part10 input file) stay under fuzz/out, one folder per run.
export TMPDIR="$PWD/$out.tmp"
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
# dotnet is not an afl-instrumented binary (SharpFuzz reports coverage itself): skip afl's binary check. No CPU
# binding (other jobs share the cores); a generous fork server start-up limit (the runtime starts and JITs first).
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
  AFL_FORKSRV_INIT_TMOUT=60000 \
  nice -n "${FUZZ_NICE:-10}" afl-fuzz -i "fuzz/corpus/$harness" -o "$out" -x "fuzz/dictionaries/$harness.dict" \
  -t "${FUZZ_TIMEOUT_MS:-5000}" -m none \
  -V "$seconds" -- dotnet "$bin/ImagingPipeline.Fuzz.dll" "$harness" >"$out.log" 2>&1 || {
    echo "run.sh: afl-fuzz failed, see $out.log" >&2; tail -n 20 "$out.log" >&2; exit 1; }

stats=$out/default/fuzzer_stats
get() { sed -n "s/^$1 *: *//p" "$stats"; }
echo "$harness: $(get run_time) s, $(get execs_done) execs ($(get execs_per_sec)/s), corpus $(get corpus_count)" \
  "(found $(get corpus_found)), bitmap $(get bitmap_cvg), edges $(get edges_found), crashes $(get saved_crashes), hangs $(get saved_hangs)"
shopt -s nullglob
findings=("$out"/default/crashes/id:* "$out"/default/hangs/id:*)
for f in "${findings[@]:0:10}"; do echo "  $f"; done
[ ${#findings[@]} -le 10 ] || echo "  … and $((${#findings[@]} - 10)) more"
[ ${#findings[@]} -eq 0 ]
