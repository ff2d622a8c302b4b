using System.Text.Json;
using RabbitMQ.Client;

namespace ImagingPipeline.TestSupport.Servers;

/// <summary>
/// A plain AMQP consumer, as a non-.NET system would bind one: a durable queue of its own bound
/// to the fanout exchanges MassTransit publishes to ("ImagingPipeline.Contracts:{Type}", or any
/// exchange name), read with basic.get; the envelope's messageId and messageType are read from the
/// JSON body. It can also read (and consume) another queue, such as an endpoint's _error queue.
/// </summary>
public sealed class AmqpProbe : IAsyncDisposable
{
    /// <summary>The namespace MassTransit names the contract exchanges after.</summary>
    public const string ContractsNamespace = "ImagingPipeline.Contracts";

    private readonly Uri _uri;
    private readonly string _queue = "probe-" + Guid.NewGuid().ToString("N")[..12];
    private IConnection? _connection;
    private IChannel? _channel;

    private AmqpProbe(Uri uri) => _uri = uri;

    /// <summary>The exchange MassTransit publishes a contract type to.</summary>
    public static string ExchangeOf(string messageType) => $"{ContractsNamespace}:{messageType}";

    /// <summary>The exchange MassTransit publishes Fault&lt;T&gt; of a contract type to.</summary>
    public static string FaultExchangeOf(string messageType) => $"MassTransit:Fault--{ContractsNamespace}:{messageType}--";

    /// <summary>A probe queue bound to the exchanges of <paramref name="messageTypes"/> (contract type names).</summary>
    public static Task<AmqpProbe> BindAsync(Uri uri, CancellationToken ct, params string[] messageTypes) =>
        BindExchangesAsync(uri, ct, [.. messageTypes.Select(ExchangeOf)]);

    /// <summary>A probe queue bound to the fanout <paramref name="exchanges"/> (declared when absent, durable, as MassTransit declares them).</summary>
    public static async Task<AmqpProbe> BindExchangesAsync(Uri uri, CancellationToken ct, params string[] exchanges)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        var probe = new AmqpProbe(uri);
        await probe.ConnectAsync(ct).ConfigureAwait(false);
        foreach (var exchange in exchanges)
        {
            await probe._channel!.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
            await probe._channel.QueueBindAsync(probe._queue, exchange, "", cancellationToken: ct).ConfigureAwait(false);
        }

        return probe;
    }

    /// <summary>Reconnects after a broker restart (the durable queue and its messages survive).</summary>
    public async Task ConnectAsync(CancellationToken ct)
    {
        await CloseAsync().ConfigureAwait(false);
        _connection = await new ConnectionFactory { Uri = _uri }.CreateConnectionAsync(ct).ConfigureAwait(false);
        _channel = await _connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
        await _channel.QueueDeclareAsync(_queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>Every message now in the probe's queue.</summary>
    public Task<List<AmqpMessage>> DrainAsync(CancellationToken ct) => DrainQueueAsync(_queue, ct);

    /// <summary>Every message now in <paramref name="queue"/> (consumed), e.g. "eligibility_error"; none while the
    /// queue does not exist yet (MassTransit declares an error queue when it first moves a message there).</summary>
    public async Task<List<AmqpMessage>> DrainQueueAsync(string queue, CancellationToken ct)
    {
        var list = new List<AmqpMessage>();
        try
        {
            while (await _channel!.BasicGetAsync(queue, autoAck: true, ct).ConfigureAwait(false) is { } result)
            {
                list.Add(AmqpMessage.Parse(result.Body, result.BasicProperties.Headers));
            }
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // The broker closed the channel (NOT_FOUND): open another; the probe's own queue is durable.
            await _channel!.DisposeAsync().ConfigureAwait(false);
            _channel = await _connection!.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
        }

        return list;
    }

    /// <summary>
    /// Drains the probe's queue into <paramref name="received"/> until <paramref name="done"/> holds
    /// for what was received, or the deadline passes; returns whether it held.
    /// </summary>
    public async Task<bool> CollectUntilAsync(List<AmqpMessage> received, Func<IReadOnlyList<AmqpMessage>, bool> done, TimeSpan within, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            received.AddRange(await DrainAsync(ct).ConfigureAwait(false));
            if (done(received))
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether an exchange exists: a passive declare on a connection of its own (a failed passive
    /// declare closes its channel, and reusing the probe's connection right after races with that close).
    /// </summary>
    public async Task<bool> ExchangeExistsAsync(string exchange, CancellationToken ct)
    {
        await using var connection = await new ConnectionFactory { Uri = _uri }.CreateConnectionAsync(ct).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
        try
        {
            await channel.ExchangeDeclarePassiveAsync(exchange, ct).ConfigureAwait(false);
            return true;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return false;
        }
    }

    /// <summary>The number of ready messages in a queue, or null when it does not exist (on a connection of its own, as above).</summary>
    public async Task<uint?> QueueDepthAsync(string queue, CancellationToken ct)
    {
        await using var connection = await new ConnectionFactory { Uri = _uri }.CreateConnectionAsync(ct).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct).ConfigureAwait(false);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, ct).ConfigureAwait(false)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    private async Task CloseAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync().ConfigureAwait(false);
            _channel = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_channel is { IsOpen: true })
            {
                await _channel.QueueDeleteAsync(_queue).ConfigureAwait(false);
            }
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>
/// One message read with basic.get: the MassTransit envelope's messageId, its first messageType
/// without "urn:message:" (and without "ImagingPipeline.Contracts:" for a contract, so
/// "OligoProgressionAssessed"; a fault reads "MassTransit:Fault[[ImagingPipeline.Contracts:…]]"),
/// the message body, the whole envelope and the AMQP headers.
/// </summary>
public sealed record AmqpMessage(Guid MessageId, string Type, JsonElement Message, JsonElement Envelope, IReadOnlyDictionary<string, object?> Headers)
{
    /// <summary>Parses a MassTransit JSON envelope.</summary>
    public static AmqpMessage Parse(ReadOnlyMemory<byte> body, IDictionary<string, object?>? headers)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var type = root.GetProperty("messageType")[0].GetString()!.Replace("urn:message:", "", StringComparison.Ordinal);
        if (type.StartsWith(AmqpProbe.ContractsNamespace + ":", StringComparison.Ordinal))
        {
            type = type[(AmqpProbe.ContractsNamespace.Length + 1)..];
        }

        return new AmqpMessage(root.GetProperty("messageId").GetGuid(), type,
            root.GetProperty("message").Clone(), root.Clone(), new Dictionary<string, object?>(headers ?? new Dictionary<string, object?>(), StringComparer.Ordinal));
    }

    /// <summary>A header as text (RabbitMQ delivers string headers as UTF-8 bytes).</summary>
    public string? HeaderText(string name) => Headers.GetValueOrDefault(name) switch
    {
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        null => null,
        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
    };
}
