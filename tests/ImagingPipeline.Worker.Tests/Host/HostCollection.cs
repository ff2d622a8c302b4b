using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Host;

/// <summary>Whole-host tests: run alone (Hangfire keeps process-wide state) with their own PostgreSQL.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Host";
}
