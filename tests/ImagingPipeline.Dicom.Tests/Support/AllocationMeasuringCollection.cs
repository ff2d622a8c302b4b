using Xunit;

namespace ImagingPipeline.Dicom.Tests.Support;

/// <summary>Tests that measure allocation or time run apart from the others (xunit runs collections in parallel).</summary>
[CollectionDefinition(nameof(AllocationMeasuringCollection), DisableParallelization = true)]
public sealed class AllocationMeasuringCollection;
