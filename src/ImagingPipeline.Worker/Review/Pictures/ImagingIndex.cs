using System.Globalization;
using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>What the pictures read from the index: files of a series or instance, a patient's registrations, a stamp of the files used.</summary>
internal sealed class ImagingIndex(IndexDatabase db)
{
    /// <summary>Spatial Registration Storage (PS3.4 B.5).</summary>
    public const string SpatialRegistrationSopClass = "1.2.840.10008.5.1.4.1.1.66.1";

    /// <summary>Relative paths of the series' instances with their frame of reference.</summary>
    public async Task<IReadOnlyList<(string SopInstanceUid, string RelativePath)>> SeriesFilesAsync(string seriesUid, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT sop_instance_uid, path FROM instances WHERE series_uid = @s ORDER BY sop_instance_uid", ("@s", seriesUid));
        var list = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add((reader.GetString(0), reader.GetString(1)));
        }

        return list;
    }

    /// <summary>The relative path of one instance, or null when it is not in the index.</summary>
    public async Task<string?> InstancePathAsync(string sopInstanceUid, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            "SELECT path FROM instances WHERE sop_instance_uid = @s", ("@s", sopInstanceUid));
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>The patient's Spatial Registration files and the frame of reference of every image instance they may name.</summary>
    public async Task<(IReadOnlyList<string> Registrations, IReadOnlyDictionary<string, string> FrameOfInstance)> PatientFramesAsync(
        string patientId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null, """
            SELECT i.sop_instance_uid, i.sop_class_uid, i.path, i.frame_of_reference_uid FROM instances i
            JOIN studies s ON s.study_uid = i.study_uid WHERE s.patient_id = @p
            """, ("@p", patientId));
        var registrations = new List<string>();
        var frames = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetString(1) == SpatialRegistrationSopClass)
            {
                registrations.Add(reader.GetString(2));
            }
            else if (!reader.IsDBNull(3))
            {
                frames[reader.GetString(0)] = reader.GetString(3);
            }
        }

        return (registrations, frames);
    }

    /// <summary>
    /// A short text that changes whenever an instance of the given series (or the given instance)
    /// is added or replaced: count, highest instance version and last receive time.
    /// </summary>
    public async Task<string> StampAsync(IReadOnlyCollection<string> seriesUids, string? sopInstanceUid, CancellationToken ct)
    {
        var names = seriesUids.Select((_, i) => "@s" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var parameters = seriesUids.Select((s, i) => (names[i], (object?)s)).Append(("@sop", sopInstanceUid)).ToArray();
        var series = names.Count == 0 ? "1 = 0" : $"series_uid IN ({string.Join(", ", names)})";
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            $"SELECT COUNT(*), COALESCE(MAX(version), 0), COALESCE(MAX(received_ms), 0) FROM instances WHERE {series} OR sop_instance_uid = @sop",
            parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return string.Join('-', Enumerable.Range(0, 3).Select(i => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)));
    }
}
