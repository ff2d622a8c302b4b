#!/usr/bin/env bash
# Runs every test in the solution. Installs the Debian packages the tests need first; the test
# fixtures start their own PostgreSQL, RabbitMQ and Orthanc on loopback. Ends with one line:
#   N passed, N failed, N skipped
# counted from the test results (TRX files), not from dotnet's console summary.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Local tools (.config/dotnet-tools.json): SharpFuzz instruments the harnesses for the fuzz smoke.
if ! dotnet tool restore >/dev/null; then
  echo "dotnet tool restore failed"
  echo "0 passed, 1 failed"
  exit 1
fi
if ! dotnet build ImagingPipeline.sln -c Release -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

mapfile -t projects < <(find tests -name '*.Tests.csproj' | sort)
rc=0
# Three test projects at a time: most of their time is spent waiting on servers, quiet periods and
# child processes, and the longest (end-to-end, faults, fuzz smoke) then overlap.
dotnet test ImagingPipeline.sln -c Release --no-build -m:3 --logger "trx" --results-directory "$results" \
  -- RunConfiguration.TestSessionTimeout=3000000 || rc=$?

passed=0 failed=0 skipped=0
shopt -s nullglob
trx=("$results"/*.trx)
for f in "${trx[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
# A test host that crashed leaves no TRX: count each missing one as a failure.
if [ ${#trx[@]} -lt ${#projects[@]} ]; then
  echo "test-results: ${#projects[@]} test projects but ${#trx[@]} result files" >&2
  failed=$((failed + ${#projects[@]} - ${#trx[@]}))
fi
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
