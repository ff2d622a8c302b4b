using System.Globalization;
using System.Net;
using System.Text.Json;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Worker.Tests.Support;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Audit;

/// <summary>Association audit rows through a running worker, run on SQLite and on PostgreSQL.</summary>
internal static class AssociationAuditScenarios
{
    /// <summary>
    /// A push of 3 good instances and one the worker refuses (released), an association to an unknown called AE
    /// (rejected) and one the requestor aborts: one row each, counted, newest first, filtered by calling AE and time.
    /// </summary>
    public static async Task EveryConnectionGetsOneCountedRow(AuditWorld world, CancellationToken ct)
    {
        using var http = world.Factory.CreateClient();
        var port = world.Port;
        var (study, files) = world.CtStudy(3);
        var refused = world.MismatchedFile();
        var results = await AuditWorld.Client(port, "AUDITSCU").StoreAsync([.. files.Select(f => f.Path), refused], ct);
        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.Equal((ushort)0xA900, Assert.Single(results, r => !r.Succeeded).Status);
        Assert.Equal(files.Select(f => f.Sop + ".dcm").Order(StringComparer.Ordinal),
            Instances.StoredFiles(Path.Combine(world.StoreRoot, study)).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        await Task.Delay(30, ct); // distinct start times, so "newest first" has one answer
        var rejection = await Assert.ThrowsAsync<DicomNetworkException>(() => AuditWorld.Client(port, "AUDITSCU", "NOTUS").EchoAsync(ct));
        Assert.Equal(((byte)1, (byte)1, (byte)7), rejection.Rejection);
        await Task.Delay(30, ct);
        await world.AbortedAssociationAsync("ABORTER", ct);

        var rows = await AuditWorld.WaitForAsync(http, "/api/audit/associations?limit=50", 3, ct);
        Assert.Equal(3, rows.Length);
        Assert.Equal(["aborted", "rejected", "released"], rows.Select(r => r.GetProperty("outcome").GetString()));

        var released = rows[2];
        Assert.Equal("AUDITSCU", released.GetProperty("callingAe").GetString());
        Assert.Equal(AuditWorld.OurAe, released.GetProperty("calledAe").GetString());
        Assert.Equal("127.0.0.1", released.GetProperty("remoteAddress").GetString());
        Assert.True(released.GetProperty("remotePort").GetInt32() > 0);
        Assert.False(released.GetProperty("tls").GetBoolean());
        Assert.Equal(4, released.GetProperty("instancesReceived").GetInt32());
        Assert.Equal(3, released.GetProperty("instancesStored").GetInt32());
        Assert.Equal(1, released.GetProperty("instancesRejected").GetInt32());
        // Every data set crossed the wire, so at least the files' bytes (less their 132-byte preamble and prefix) were read.
        Assert.True(released.GetProperty("bytesReceived").GetInt64() > files.Sum(f => f.Size - 132),
            $"bytes {released.GetProperty("bytesReceived").GetInt64()}");
        Assert.False(string.IsNullOrEmpty(released.GetProperty("implementationClassUid").GetString()));
        var contexts = released.GetProperty("acceptedContexts").EnumerateArray().ToList();
        Assert.Contains(contexts, c => c.GetProperty("abstractSyntax").GetString() == Instances.Ct
            && c.GetProperty("transferSyntax").GetString()!.StartsWith("1.2.840.10008.1.2", StringComparison.Ordinal));
        Assert.All(contexts, c => Assert.Equal(1, c.GetProperty("id").GetInt32() % 2));
        Assert.True(Time(released, "endedAt") >= Time(released, "startedAt"));
        Assert.Equal(JsonValueKind.Null, released.GetProperty("rejectResult").ValueKind);

        var rejected = rows[1];
        Assert.Equal("NOTUS", rejected.GetProperty("calledAe").GetString());
        Assert.Equal("AUDITSCU", rejected.GetProperty("callingAe").GetString());
        Assert.Equal((1, 1, 7), (rejected.GetProperty("rejectResult").GetInt32(), rejected.GetProperty("rejectSource").GetInt32(),
            rejected.GetProperty("rejectReason").GetInt32()));
        Assert.Equal(0, rejected.GetProperty("instancesReceived").GetInt32());
        Assert.Empty(rejected.GetProperty("acceptedContexts").EnumerateArray());
        Assert.True(rejected.GetProperty("bytesReceived").GetInt64() > 0);

        var aborted = rows[0];
        Assert.Equal("ABORTER", aborted.GetProperty("callingAe").GetString());
        Assert.Equal(0, aborted.GetProperty("instancesReceived").GetInt32());
        Assert.Equal("1.2.840.10008.1.1", Assert.Single(aborted.GetProperty("acceptedContexts").EnumerateArray()).GetProperty("abstractSyntax").GetString());

        var mine = await AuditWorld.WaitForAsync(http, "/api/audit/associations?callingAe=ABORTER", 1, ct);
        Assert.Equal(aborted.GetProperty("id").GetString(), Assert.Single(mine).GetProperty("id").GetString());
        var newest = await AuditWorld.WaitForAsync(http, "/api/audit/associations?limit=1", 1, ct);
        Assert.Equal(aborted.GetProperty("id").GetString(), Assert.Single(newest).GetProperty("id").GetString());
        var since = Uri.EscapeDataString(Time(rejected, "startedAt").ToString("O", CultureInfo.InvariantCulture));
        var later = await AuditWorld.WaitForAsync(http, $"/api/audit/associations?from={since}", 2, ct);
        Assert.Equal(2, later.Length);
        var until = Uri.EscapeDataString(Time(released, "startedAt").ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(released.GetProperty("id").GetString(),
            Assert.Single(await AuditWorld.WaitForAsync(http, $"/api/audit/associations?to={until}", 1, ct)).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/audit/associations?limit=0", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/audit/associations?limit=100000", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/audit/associations?from=yesterday-ish", ct)).StatusCode);
    }

    /// <summary>Concurrent associations from different calling AEs, each storing a different number of instances: every row has its own counts.</summary>
    public static async Task ConcurrentAssociationsAreCountedApart(AuditWorld world, CancellationToken ct)
    {
        using var http = world.Factory.CreateClient();
        var port = world.Port;
        var pushes = Enumerable.Range(1, 4).Select(i => (Calling: $"PARALLEL{i}", Study: world.CtStudy(i + 1))).ToList();
        await Task.WhenAll(pushes.Select(async p =>
        {
            var sent = await AuditWorld.Client(port, p.Calling).StoreAsync(p.Study.Files.Select(f => f.Path), ct);
            Assert.All(sent, r => Assert.True(r.Succeeded, r.Error));
        }));

        var rows = await AuditWorld.WaitForAsync(http, "/api/audit/associations", pushes.Count, ct);
        foreach (var (calling, (_, files)) in pushes)
        {
            var row = Assert.Single(rows, r => r.GetProperty("callingAe").GetString() == calling);
            Assert.Equal(files.Count, row.GetProperty("instancesReceived").GetInt32());
            Assert.Equal(files.Count, row.GetProperty("instancesStored").GetInt32());
            Assert.Equal(0, row.GetProperty("instancesRejected").GetInt32());
            Assert.Equal("released", row.GetProperty("outcome").GetString());
        }
    }

    private static DateTimeOffset Time(JsonElement row, string name) =>
        DateTimeOffset.Parse(row.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
