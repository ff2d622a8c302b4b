#!/usr/bin/env bash
# The review page's study view for a 300-slice PET/CT with 10 lesions: first view (pictures drawn
# from DICOM) and the views after it (pictures from the cache), over HTTP and in headless Chromium.
# Usage: benchmarks/review-page/run.sh [--slices 300] [--ct-matrix 512] [--views 20] [--trace]
# (--trace draws the first view's pictures one by one and prints each one's time).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project benchmarks/review-page/ReviewPageBenchmark.csproj -- "$@"
