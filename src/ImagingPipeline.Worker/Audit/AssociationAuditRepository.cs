using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Audit;

/// <summary>Inserts and lists <c>association_audit</c> rows (see <see cref="AuditSchema"/>).</summary>
internal sealed class AssociationAuditRepository(IndexDatabase db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns =
        "id, started_ms, ended_ms, calling_ae, called_ae, remote_address, remote_port, tls, user_identity, implementation_class_uid, " +
        "implementation_version, accepted_contexts, instances_received, instances_stored, instances_rejected, bytes_received, outcome, " +
        "reject_result, reject_source, reject_reason, detail";

    /// <summary>Inserts <paramref name="record"/>; a second insert of the same id is ignored.</summary>
    public async Task InsertAsync(AssociationAuditRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null, $"""
            INSERT INTO association_audit ({Columns})
            VALUES (@id, @started, @ended, @calling, @called, @address, @port, @tls, @user, @impl, @version, @contexts, @received,
                @stored, @rejected, @bytes, @outcome, @result, @source, @reason, @detail)
            ON CONFLICT (id) DO NOTHING
            """,
            ("@id", record.Id.ToString("D")), ("@started", record.StartedAt.ToUnixTimeMilliseconds()),
            ("@ended", record.EndedAt.ToUnixTimeMilliseconds()), ("@calling", record.CallingAe), ("@called", record.CalledAe),
            ("@address", record.RemoteAddress), ("@port", record.RemotePort), ("@tls", record.Tls ? 1 : 0), ("@user", record.UserIdentity),
            ("@impl", record.ImplementationClassUid), ("@version", record.ImplementationVersion),
            ("@contexts", JsonSerializer.Serialize(record.AcceptedContexts, Json)), ("@received", record.InstancesReceived),
            ("@stored", record.InstancesStored), ("@rejected", record.InstancesRejected), ("@bytes", record.BytesReceived),
            ("@outcome", record.Outcome), ("@result", record.RejectResult), ("@source", record.RejectSource),
            ("@reason", record.RejectReason), ("@detail", record.Detail));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Rows matching <paramref name="query"/>, newest (by start) first.</summary>
    public async Task<IReadOnlyList<AssociationAuditRecord>> ListAsync(AssociationAuditQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {Columns} FROM association_audit WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (query.From is { } from)
        {
            sql.Append(" AND started_ms >= @from");
            parameters.Add(("@from", from.ToUnixTimeMilliseconds()));
        }

        if (query.To is { } to)
        {
            sql.Append(" AND started_ms <= @to");
            parameters.Add(("@to", to.ToUnixTimeMilliseconds()));
        }

        if (!string.IsNullOrEmpty(query.CallingAe))
        {
            sql.Append(" AND calling_ae = @calling");
            parameters.Add(("@calling", query.CallingAe));
        }

        sql.Append(" ORDER BY started_ms DESC, id DESC LIMIT @limit");
        parameters.Add(("@limit", query.Limit));
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<AssociationAuditRecord>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    private static AssociationAuditRecord Read(DbDataReader r) => new()
    {
        Id = Guid.Parse(r.GetString(0)),
        StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
        EndedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
        CallingAe = Text(r, 3),
        CalledAe = Text(r, 4),
        RemoteAddress = r.GetString(5),
        RemotePort = Int(r, 6),
        Tls = Int(r, 7) == 1,
        UserIdentity = Text(r, 8),
        ImplementationClassUid = Text(r, 9),
        ImplementationVersion = Text(r, 10),
        AcceptedContexts = JsonSerializer.Deserialize<List<AuditedContext>>(r.GetString(11), Json) ?? [],
        InstancesReceived = Int(r, 12),
        InstancesStored = Int(r, 13),
        InstancesRejected = Int(r, 14),
        BytesReceived = r.GetInt64(15),
        Outcome = r.GetString(16),
        RejectResult = r.IsDBNull(17) ? null : Int(r, 17),
        RejectSource = r.IsDBNull(18) ? null : Int(r, 18),
        RejectReason = r.IsDBNull(19) ? null : Int(r, 19),
        Detail = Text(r, 20),
    };

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static int Int(DbDataReader r, int i) => Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);
}
