using BenchmarkDotNet.Running;

// DICOM parsing benchmarks (README "Benchmarks — DICOM parsing"); BenchmarkDotNet's arguments pass through.
BenchmarkSwitcher.FromAssembly(typeof(ImagingPipeline.Benchmarks.DicomParsingBenchmarks).Assembly).Run(args, new ImagingPipeline.Benchmarks.BenchmarkConfig());
