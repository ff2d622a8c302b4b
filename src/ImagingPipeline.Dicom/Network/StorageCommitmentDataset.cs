using System.Text;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// The data sets of the Storage Commitment Push Model (PS3.4 J.3.2.1.1 N-ACTION, J.3.3.1.1 N-EVENT-REPORT),
/// encoded in the presentation context's (uncompressed, not deflated) transfer syntax.
/// </summary>
internal static class StorageCommitmentDataset
{
    /// <summary>Storage Commitment Push Model SOP Instance UID, the well-known instance (PS3.4 J.3.1).</summary>
    public const string WellKnownInstance = "1.2.840.10008.1.20.1.1";

    public static byte[] EncodeRequest(string transactionUid, IReadOnlyList<DicomSopReference> references, string transferSyntax)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.TransactionUID, DicomVR.UI, transactionUid);
        ds.AddOrUpdate(DicomTag.ReferencedSOPSequence, references.Select(Item));
        return DicomDatasetWriter.Write(ds, DicomTransferSyntax.Lookup(transferSyntax));
    }

    public static byte[] EncodeReport(StorageCommitmentReport report, string transferSyntax)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.TransactionUID, DicomVR.UI, report.TransactionUid);
        if (report.Committed.Count > 0)
        {
            ds.AddOrUpdate(DicomTag.ReferencedSOPSequence, report.Committed.Select(Item));
        }

        if (report.Failed.Count > 0)
        {
            ds.AddOrUpdate(DicomTag.FailedSOPSequence, report.Failed.Select(f =>
                Item(f.Reference).AddOrUpdate(DicomTag.FailureReason, DicomVR.US, f.FailureReason)));
        }

        return DicomDatasetWriter.Write(ds, DicomTransferSyntax.Lookup(transferSyntax));
    }

    /// <summary>Reads an N-ACTION data set; a missing Transaction UID or an empty/incomplete sequence is an error
    /// (the status to answer and a comment).</summary>
    public static (string TransactionUid, List<DicomSopReference> References)? DecodeRequest(
        ReadOnlyMemory<byte> bytes, string transferSyntax, out ushort errorStatus, out string? errorComment)
    {
        errorStatus = 0;
        errorComment = null;
        DicomDataset ds;
        try
        {
            ds = DicomDatasetReader.Read(bytes, DicomTransferSyntax.Lookup(transferSyntax));
        }
        catch (DicomException ex)
        {
            (errorStatus, errorComment) = ((ushort)0x0110, "data set could not be parsed: " + ex.Message);
            return null;
        }

        var transaction = ds.GetString(DicomTag.TransactionUID);
        var references = References(ds.GetSequence(DicomTag.ReferencedSOPSequence));
        if (string.IsNullOrEmpty(transaction) || references is null || references.Count == 0)
        {
            // PS3.7 C.4.1.1: 0x0120 missing attribute, 0x0121 missing attribute value.
            (errorStatus, errorComment) = string.IsNullOrEmpty(transaction) || references is not null
                ? ((ushort)0x0120, "Transaction UID or Referenced SOP Sequence missing")
                : ((ushort)0x0121, "Referenced SOP Sequence item without class or instance UID");
            return null;
        }

        if (!Ascii.IsValid(transaction) || references.Any(r => !Ascii.IsValid(r.SopClassUid) || !Ascii.IsValid(r.SopInstanceUid)))
        {
            // The report repeats these UIDs, and UI is limited to the default repertoire (PS3.5 6.1.2.3): a report
            // could not be written. PS3.7 10.1.4.1.10: 0x0115 invalid argument value.
            (errorStatus, errorComment) = ((ushort)0x0115, "Transaction UID or a referenced UID has a character outside the default repertoire (ASCII)");
            return null;
        }

        return (transaction, references);
    }

    /// <summary>Reads an N-EVENT-REPORT data set; null when it is not a well-formed report.</summary>
    public static StorageCommitmentReport? DecodeReport(ReadOnlyMemory<byte> bytes, string transferSyntax)
    {
        DicomDataset ds;
        try
        {
            ds = DicomDatasetReader.Read(bytes, DicomTransferSyntax.Lookup(transferSyntax));
        }
        catch (DicomException)
        {
            return null;
        }

        var transaction = ds.GetString(DicomTag.TransactionUID);
        var committed = References(ds.GetSequence(DicomTag.ReferencedSOPSequence));
        var failed = new List<StorageCommitmentFailure>();
        foreach (var item in ds.GetSequence(DicomTag.FailedSOPSequence))
        {
            var reference = Reference(item);
            if (reference is null || !item.TryGetInt32(DicomTag.FailureReason, out var reason))
            {
                return null;
            }

            failed.Add(new StorageCommitmentFailure(reference.Value, (ushort)reason));
        }

        return string.IsNullOrEmpty(transaction) || committed is null ? null : new StorageCommitmentReport(transaction, committed, failed);
    }

    private static DicomDataset Item(DicomSopReference reference) => new DicomDataset()
        .AddOrUpdate(DicomTag.ReferencedSOPClassUID, DicomVR.UI, reference.SopClassUid)
        .AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, DicomVR.UI, reference.SopInstanceUid);

    private static List<DicomSopReference>? References(IReadOnlyList<DicomDataset> items)
    {
        var list = new List<DicomSopReference>(items.Count);
        foreach (var item in items)
        {
            if (Reference(item) is not { } reference)
            {
                return null;
            }

            list.Add(reference);
        }

        return list;
    }

    private static DicomSopReference? Reference(DicomDataset item)
    {
        var sopClass = item.GetString(DicomTag.ReferencedSOPClassUID);
        var sopInstance = item.GetString(DicomTag.ReferencedSOPInstanceUID);
        return string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance) ? null : new DicomSopReference(sopClass, sopInstance);
    }
}
