using System.Globalization;
using ImagingPipeline.TestSupport.Phantoms;

namespace ImagingPipeline.EndToEnd.Tests.Support;

/// <summary>Looks for patient identifiers in a log: the ID, each name component, the birth date as DICOM and ISO write it.</summary>
internal static class LogScan
{
    public static void AssertNoPatientIdentifiers(string log, IEnumerable<SmallPatient.Identity> patients)
    {
        Assert.False(string.IsNullOrWhiteSpace(log), "no log output to scan");
        var found = new List<string>();
        foreach (var patient in patients)
        {
            var needles = new List<string>
            {
                patient.PatientId,
                patient.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                patient.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            needles.AddRange(patient.PatientName.Split('^', StringSplitOptions.RemoveEmptyEntries));
            foreach (var needle in needles)
            {
                var at = log.IndexOf(needle, StringComparison.OrdinalIgnoreCase);
                if (at >= 0)
                {
                    var start = log.LastIndexOf('\n', at) + 1;
                    var end = log.IndexOf('\n', at);
                    found.Add($"'{needle}' in: {log[start..(end < 0 ? log.Length : end)]}");
                }
            }
        }

        Assert.True(found.Count == 0, $"patient identifiers in the log:\n{string.Join('\n', found.Take(20))}");
    }
}
