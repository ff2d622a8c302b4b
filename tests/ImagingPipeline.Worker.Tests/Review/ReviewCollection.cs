using Xunit;

namespace ImagingPipeline.Worker.Tests.Review;

/// <summary>Review tests host whole workers (Hangfire keeps process-wide state): they run alone, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReviewCollection
{
    public const string Name = "Review";
}
