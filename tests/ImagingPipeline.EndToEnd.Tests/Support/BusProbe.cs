using System.Collections.Concurrent;
using ImagingPipeline.Contracts;
using MassTransit;

namespace ImagingPipeline.EndToEnd.Tests.Support;

/// <summary>
/// A receive endpoint of its own on a running bus that records every message of the contract
/// types with its MessageId, as a consumer would see them (in-memory bus of the embedded worker).
/// </summary>
internal sealed class BusProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<(Guid MessageId, object Message)> _received = new();
    private HostReceiveEndpointHandle? _handle;

    public IReadOnlyList<(Guid MessageId, object Message)> Received => [.. _received];

    public IReadOnlyList<(Guid MessageId, T Message)> Of<T>() =>
        [.. _received.Where(r => r.Message is T).Select(r => (r.MessageId, (T)r.Message))];

    public static async Task<BusProbe> ConnectAsync(IReceiveEndpointConnector connector, CancellationToken ct)
    {
        var probe = new BusProbe();
        probe._handle = connector.ConnectReceiveEndpoint("e2e-probe-" + Guid.NewGuid().ToString("N")[..8], (_, e) =>
        {
            e.Handler<StudyReceived>(probe.Record);
            e.Handler<ProgressiveSiteIdentified>(probe.Record);
            e.Handler<OligoProgressionAssessed>(probe.Record);
            e.Handler<SiteReviewCompleted>(probe.Record);
            e.Handler<ImagingEligibilityAssessed>(probe.Record);
        });
        await probe._handle.Ready.WaitAsync(ct);
        return probe;
    }

    private Task Record<T>(ConsumeContext<T> context)
        where T : class
    {
        _received.Enqueue((context.MessageId ?? Guid.Empty, context.Message));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.StopAsync();
        }
    }
}
