using System.Net;
using System.Text;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Dicom.Tests.Network;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Bugs;

/// <summary>
/// Found by afl-fuzz with the PDU harness (fuzz/ImagingPipeline.Fuzz, 740 saved inputs in a 10-minute run): an
/// N-ACTION storage commitment request whose Transaction UID or referenced UIDs held bytes outside ASCII was
/// accepted (status 0), but the report repeats those UIDs and UI is limited to the default repertoire, so
/// encoding the report threw a DicomDataException in the background task: no report was ever sent and the
/// requester waited in vain. Now such a request is refused at once with 0x0115 (invalid argument value) and
/// the association goes on.
/// </summary>
public sealed class NonAsciiCommitmentUidsLostTheReport
{
    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";

    private sealed class CommitEverything : IStorageCommitmentHandler
    {
        public ValueTask<StorageCommitmentReport> CommitAsync(StorageCommitmentRequest request, CancellationToken ct) =>
            ValueTask.FromResult(StorageCommitmentReport.FromDecisions(request, _ => null));
    }

    public static TheoryData<string> Fields() => ["transaction", "class", "instance"];

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task A_request_with_a_non_ascii_uid_is_refused_and_the_association_goes_on(string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scp = await new ScpFixture(commitment: new CommitEverything()).StartAsync();
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, scp.Port, ct);
        var stream = client.GetStream();
        var rq = new AssociatePdu { CalledAeTitle = "IMAGINGPIPE", CallingAeTitle = "REQUESTER", MaxPduLength = 16384 };
        rq.Contexts.Add(new PresentationContext(1, Uids.StorageCommitmentPushModel, [Uids.ExplicitVRLittleEndian]));
        await stream.WriteAsync(AssociatePduWriter.Encode(rq), ct);
        Assert.Equal((byte)PduType.AssociateAccept, (await RawPdus.ReadAsync(stream, ct)).Type);

        var refused = await ActionAsync(stream, 1, Request(field), ct);
        Assert.Equal((ushort)0x0115, refused.GetUInt16(CommandSet.Status));

        var accepted = await ActionAsync(stream, 2, StorageCommitmentDataset.EncodeRequest("2.25.2",
            [new DicomSopReference(CtImage, "2.25.99")], Uids.ExplicitVRLittleEndian), ct);
        Assert.Equal((ushort)0, accepted.GetUInt16(CommandSet.Status));
        var (_, report) = await RawPdus.ReadAsync(stream, ct);
        var reportCommand = CommandSet.Parse(report.AsSpan(6));
        Assert.Equal((ushort)DimseCommand.NEventReportRequest, reportCommand.GetUInt16(CommandSet.CommandField));
    }

    [Fact]
    public void The_decoder_names_the_reason()
    {
        var parsed = StorageCommitmentDataset.DecodeRequest(Request("instance"), Uids.ExplicitVRLittleEndian, out var status, out var comment);

        Assert.Null(parsed);
        Assert.Equal((ushort)0x0115, status);
        Assert.Contains("default repertoire", comment, StringComparison.Ordinal);
    }

    /// <summary>An N-ACTION data set with one UID whose bytes are Latin-1 'ÿ' (0xFF), as the fuzzer wrote them.</summary>
    private static byte[] Request(string field)
    {
        static ReadOnlyMemory<byte> Uid(string uid, bool broken) =>
            Encoding.ASCII.GetBytes(uid).Select((b, i) => broken && i == 8 ? (byte)0xFF : b).ToArray();

        var item = new DicomDataset()
            .AddOrUpdateBytes(DicomTag.ReferencedSOPClassUID, DicomVR.UI, Uid(CtImage, field == "class"))
            .AddOrUpdateBytes(DicomTag.ReferencedSOPInstanceUID, DicomVR.UI, Uid("2.25.123456", field == "instance"));
        var ds = new DicomDataset()
            .AddOrUpdateBytes(DicomTag.TransactionUID, DicomVR.UI, Uid("2.25.777777", field == "transaction"))
            .AddOrUpdate(DicomTag.ReferencedSOPSequence, [item]);
        return DicomDatasetWriter.Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    private static async Task<CommandSet> ActionAsync(System.Net.Sockets.NetworkStream stream, ushort messageId, byte[] dataset, CancellationToken ct)
    {
        var action = new CommandSet()
            .Set(CommandSet.RequestedSopClassUid, Uids.StorageCommitmentPushModel)
            .Set(CommandSet.CommandField, (ushort)DimseCommand.NActionRequest)
            .Set(CommandSet.MessageId, messageId)
            .Set(CommandSet.CommandDataSetType, CommandSet.DataSetPresent)
            .Set(CommandSet.RequestedSopInstanceUid, StorageCommitmentDataset.WellKnownInstance)
            .Set(CommandSet.ActionTypeId, 1);
        await stream.WriteAsync(RawPdus.Command(action.Encode()), ct);
        await stream.WriteAsync(RawPdus.DataSet(dataset), ct);
        var (_, body) = await RawPdus.ReadAsync(stream, ct);
        var response = CommandSet.Parse(body.AsSpan(6));
        Assert.Equal((ushort)0x8130, response.GetUInt16(CommandSet.CommandField));
        Assert.Equal(messageId, response.GetUInt16(CommandSet.MessageIdBeingRespondedTo));
        return response;
    }
}
