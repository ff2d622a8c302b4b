using System.Globalization;
using ImagingPipeline.Worker.Index;

namespace ImagingPipeline.Worker.Review;

/// <summary>Patient names from the index for display (DICOM PN "FAMILY^GIVEN" shown as "FAMILY, GIVEN"); always HTML-encoded by the pages.</summary>
internal sealed class PatientNames(IndexDatabase db)
{
    public async Task<IReadOnlyDictionary<string, string>> ForAsync(IReadOnlyCollection<string> patientIds, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (patientIds.Count == 0)
        {
            return result;
        }

        var ids = patientIds.Distinct(StringComparer.Ordinal).ToList();
        var names = ids.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        await using var connection = await db.OpenAsync(ct);
        await using var command = IndexDatabase.Command(connection, null,
            $"SELECT patient_id, patient_name FROM patients WHERE patient_id IN ({string.Join(", ", names)})",
            [.. ids.Select((id, i) => (names[i], (object?)id))]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!reader.IsDBNull(1))
            {
                result[reader.GetString(0)] = Display(reader.GetString(1));
            }
        }

        return result;
    }

    /// <summary>"DOE^JANE^^DR" → "DOE, JANE DR"; the alphabetic group only.</summary>
    public static string Display(string personName)
    {
        ArgumentNullException.ThrowIfNull(personName);
        var alphabetic = personName.Split('=')[0];
        var parts = alphabetic.Split('^').Select(p => p.Trim()).ToList();
        var rest = string.Join(' ', parts.Skip(1).Where(p => p.Length > 0));
        return rest.Length == 0 ? parts[0] : $"{parts[0]}, {rest}";
    }
}
