using System.Text.Json;
using ImagingPipeline.Worker.Index;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Outbox;

/// <summary>
/// Publishes pending outbox rows with their deterministic MessageId, waits for the broker's
/// confirm (RabbitMQ publisher confirms: Publish completes when the broker has the message), then
/// marks them sent. Rows are claimed with a lease (on PostgreSQL with FOR UPDATE SKIP LOCKED), so
/// several worker replicas publish each row once; a relay that dies after publishing and before
/// marking leaves the row to be published again after the lease — with the same MessageId.
/// While the broker is down it backs off (doubling up to <see cref="OutboxOptions.MaxBackoff"/>).
/// Marking the last pending row of a study version sent also moves that study Extracted →
/// Published, in the same transaction.
/// </summary>
internal sealed partial class OutboxRelay(
    IndexDatabase database, StudyIndex index, IBus bus, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxRelay> logger)
{
    private readonly string _relayId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private int _consecutiveFailures;

    /// <summary>Test seam: runs after a row is confirmed and before it is marked sent (a crash there is simulated by throwing).</summary>
    internal Func<Guid, CancellationToken, Task>? AfterPublish { get; set; }

    /// <summary>The last publish failure, or null after a success.</summary>
    public string? LastError { get; private set; }

    public int ConsecutiveFailures => _consecutiveFailures;

    /// <summary>The delay before the next round: the poll interval, doubled per consecutive failure up to the maximum.</summary>
    public TimeSpan NextDelay
    {
        get
        {
            var o = options.Value;
            if (_consecutiveFailures == 0)
            {
                return o.PollInterval;
            }

            var factor = Math.Pow(2, Math.Min(_consecutiveFailures, 16));
            return TimeSpan.FromTicks((long)Math.Min(o.PollInterval.Ticks * factor, o.MaxBackoff.Ticks));
        }
    }

    /// <summary>Claims and publishes one batch; returns how many rows were published and marked sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var rows = await ClaimAsync(ct);
        var published = 0;
        foreach (var row in rows)
        {
            try
            {
                await PublishAsync(row, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _consecutiveFailures++;
                LastError = e.Message;
                LogPublishFailed(logger, row.MessageId, _consecutiveFailures, e);
                await ReleaseAsync(rows.Where(r => r.Seq >= row.Seq), e.Message, ct);
                return published;
            }

            if (AfterPublish is { } hook)
            {
                await hook(row.MessageId, ct);
            }

            await MarkSentAsync(row, ct);
            published++;
            _consecutiveFailures = 0;
            LastError = null;
        }

        return published;
    }

    /// <summary>Rows not yet sent (the backlog).</summary>
    public async Task<long> PendingAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null, "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task PublishAsync(OutboxRow row, CancellationToken ct)
    {
        var type = OutboxMessageTypes.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Body, type, OutboxWriter.Json)
            ?? throw new InvalidOperationException($"outbox row {row.Seq} has an empty body");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(c => c.MessageId = row.MessageId), timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no broker confirm within {options.Value.PublishTimeout}");
        }

        LogPublished(logger, row.MessageType, row.MessageId);
    }

    private async Task<List<OutboxRow>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var lockClause = database.Provider == IndexProvider.PostgreSql ? " FOR UPDATE SKIP LOCKED" : "";
        await using var connection = await database.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            "UPDATE outbox_messages SET claimed_by = @me, claimed_until = @until, attempts = attempts + 1 WHERE seq IN (" +
            "SELECT seq FROM outbox_messages WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < @now) " +
            "ORDER BY seq LIMIT @n" + lockClause + ") RETURNING seq, message_id, message_type, body, origin_study_uid, origin_version",
            ("@me", _relayId), ("@until", now + options.Value.ClaimLease.Ticks), ("@now", now), ("@n", options.Value.BatchSize));
        var rows = new List<OutboxRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new OutboxRow(reader.GetInt64(0), Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture)));
        }

        rows.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return rows;
    }

    private Task MarkSentAsync(OutboxRow row, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, tx) =>
        {
            await using (var command = IndexDatabase.Command(connection, tx,
                "UPDATE outbox_messages SET sent_at = @now, claimed_by = NULL, claimed_until = NULL, last_error = NULL WHERE seq = @seq",
                ("@now", clock.GetUtcNow().UtcTicks), ("@seq", row.Seq)))
            {
                await command.ExecuteNonQueryAsync(ct);
            }

            if (row.OriginStudyUid is { } study && row.OriginVersion is { } version
                && await index.TryMarkPublishedAsync(connection, tx, study, version, ct) is not null)
            {
                LogStudyPublished(logger, study, version);
            }

            return true;
        }, ct);

    private async Task ReleaseAsync(IEnumerable<OutboxRow> rows, string error, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        foreach (var row in rows)
        {
            await using var command = IndexDatabase.Command(connection, null,
                "UPDATE outbox_messages SET claimed_by = NULL, claimed_until = NULL, last_error = @error WHERE seq = @seq AND claimed_by = @me",
                ("@error", error), ("@seq", row.Seq), ("@me", _relayId));
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed record OutboxRow(long Seq, Guid MessageId, string MessageType, string Body, string? OriginStudyUid, int? OriginVersion);

    [LoggerMessage(6100, LogLevel.Debug, "Published {MessageType} {MessageId}")]
    private static partial void LogPublished(ILogger logger, string messageType, Guid messageId);

    [LoggerMessage(6103, LogLevel.Information, "Study {StudyInstanceUid} version {Version} published: every message confirmed")]
    private static partial void LogStudyPublished(ILogger logger, string studyInstanceUid, int version);

    [LoggerMessage(6101, LogLevel.Warning, "Publishing outbox message {MessageId} failed ({Failures} in a row); backing off")]
    private static partial void LogPublishFailed(ILogger logger, Guid messageId, int failures, Exception exception);
}
