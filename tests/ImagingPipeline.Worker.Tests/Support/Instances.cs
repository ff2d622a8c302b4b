using System.Security.Cryptography;
using ImagingPipeline.Worker.Storage;

namespace ImagingPipeline.Worker.Tests.Support;

/// <summary>Builds instance headers and content for a generated study.</summary>
internal static class Instances
{
    public const string Ct = "1.2.840.10008.5.1.4.1.1.2";
    public const string Pet = "1.2.840.10008.5.1.4.1.1.128";
    public const string RtStruct = "1.2.840.10008.5.1.4.1.1.481.3";

    public static string NewUid() => "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);

    public static InstanceHeader Header(string study, string series, string sop, string modality = "CT", string sopClass = Ct,
        int? numberOfSlices = null, IReadOnlyList<string>? references = null) => new()
        {
            SopClassUid = sopClass,
            SopInstanceUid = sop,
            StudyInstanceUid = study,
            SeriesInstanceUid = series,
            TransferSyntaxUid = "1.2.840.10008.1.2.1",
            PatientId = "PAT-001",
            PatientName = "Test^Patient",
            StudyDate = "20260105",
            Modality = modality,
            NumberOfSlices = numberOfSlices,
            ReferencedSopInstanceUids = references ?? [],
        };

    public static byte[] Content(int size = 4096)
    {
        var bytes = new byte[size];
        RandomNumberGenerator.Fill(bytes);
        return bytes;
    }

    /// <summary>Every file under <paramref name="root"/> except the index and the incoming folder.</summary>
    public static string[] StoredFiles(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("index.db", StringComparison.Ordinal))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + ".incoming" + Path.DirectorySeparatorChar, StringComparison.Ordinal))];
}
