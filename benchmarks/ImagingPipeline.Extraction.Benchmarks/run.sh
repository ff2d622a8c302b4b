#!/usr/bin/env bash
# Extraction performance goal: 300 CT 512×512 + 300 PET 192×192 + RT structure set with 10 lesions
# × 40 contours extracts in < 2 s on one core and < 300 MB. Usage: run.sh [DATA_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:-${TMPDIR:-/tmp}/imagingpipeline-extraction-benchmark}"
dotnet build "$root/benchmarks/ImagingPipeline.Extraction.Benchmarks" -c Release -v quiet -nologo >/dev/null
dotnet build "$root/src/ImagingPipeline.Cli" -c Release -v quiet -nologo >/dev/null
bench="$root/benchmarks/ImagingPipeline.Extraction.Benchmarks/bin/Release/net10.0/ImagingPipeline.Extraction.Benchmarks"
cli="$root/src/ImagingPipeline.Cli/bin/Release/net10.0/imagingpipeline"
"$bench" generate "$data"
cat "$data"/petct/*/*.dcm > /dev/null   # warm the page cache: the goal is CPU and memory, not the disk
echo "== whole process, one core: imagingpipeline extract --json"
for i in 1 2 3; do
  DOTNET_PROCESSOR_COUNT=1 taskset -c 0 /usr/bin/time -f "%e s elapsed, %U s user, %M KB max RSS" "$cli" extract "$data" --json > /dev/null
done
echo "== in process, one core: cold and warm runs"
DOTNET_PROCESSOR_COUNT=1 taskset -c 0 "$bench" run "$data" --runs 6
