using System.Text.Json;
using RabbitMQ.Client;

namespace ImagingPipeline.Worker.Tests.Outbox;

/// <summary>
/// A plain AMQP consumer, as a non-.NET system would bind one: a durable queue bound to the
/// fanout exchanges MassTransit publishes to ("ImagingPipeline.Contracts:{Type}"), read with
/// basic.get; the envelope's messageId and messageType are read from the JSON body.
/// </summary>
internal sealed class AmqpProbe : IAsyncDisposable
{
    private readonly Uri _uri;
    private readonly string _queue = "probe-" + Guid.NewGuid().ToString("N")[..12];
    private IConnection? _connection;
    private IChannel? _channel;

    private AmqpProbe(Uri uri) => _uri = uri;

    public static async Task<AmqpProbe> BindAsync(Uri uri, CancellationToken ct, params string[] messageTypes)
    {
        var probe = new AmqpProbe(uri);
        await probe.ConnectAsync(ct);
        foreach (var type in messageTypes)
        {
            var exchange = $"ImagingPipeline.Contracts:{type}";
            await probe._channel!.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            await probe._channel.QueueBindAsync(probe._queue, exchange, "", cancellationToken: ct);
        }

        return probe;
    }

    /// <summary>Reconnects after a broker restart (the durable queue and its messages survive).</summary>
    public async Task ConnectAsync(CancellationToken ct)
    {
        await CloseAsync();
        _connection = await new ConnectionFactory { Uri = _uri }.CreateConnectionAsync(ct);
        _channel = await _connection.CreateChannelAsync(cancellationToken: ct);
        await _channel.QueueDeclareAsync(_queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
    }

    /// <summary>Every message now in the queue: (messageId, last segment of messageType, body).</summary>
    public async Task<List<(Guid MessageId, string Type, JsonElement Message)>> DrainAsync(CancellationToken ct)
    {
        var list = new List<(Guid, string, JsonElement)>();
        while (await _channel!.BasicGetAsync(_queue, autoAck: true, ct) is { } result)
        {
            using var doc = JsonDocument.Parse(result.Body);
            var root = doc.RootElement;
            var type = root.GetProperty("messageType")[0].GetString()!; // "urn:message:ImagingPipeline.Contracts:OligoProgressionAssessed"
            list.Add((root.GetProperty("messageId").GetGuid(), type[(type.LastIndexOf(':') + 1)..], root.GetProperty("message").Clone()));
        }

        return list;
    }

    private async Task CloseAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
            _channel = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_channel is { IsOpen: true })
            {
                await _channel.QueueDeleteAsync(_queue);
            }
        }
        finally
        {
            await CloseAsync();
        }
    }
}
