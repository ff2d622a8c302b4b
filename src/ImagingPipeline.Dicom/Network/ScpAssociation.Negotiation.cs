using System.Net;

namespace ImagingPipeline.Dicom.Network;

/// <summary>A-ASSOCIATE-RQ checks and presentation context negotiation (PS3.8 9.3.4, PS3.7 D.3.2).</summary>
internal sealed partial class ScpAssociation
{
    private static readonly HashSet<string> Uncompressed = new(StringComparer.Ordinal)
    {
        Uids.ImplicitVRLittleEndian, Uids.ExplicitVRLittleEndian, Uids.DeflatedExplicitVRLittleEndian, Uids.ExplicitVRBigEndian,
    };

    private async Task<bool> NegotiateAsync(Memory<byte> body, bool overLimit, CancellationToken ct)
    {
        var rq = AssociatePdu.Parse(body.Span, isAccept: false);
        var protocolVersionOk = (body.Span[1] & 1) == 1;
        (byte Result, byte Source, byte Reason)? reject =
            !protocolVersionOk ? (1, 2, 2)
            : rq.ApplicationContext != Uids.ApplicationContext ? (1, 1, 2)
            : !_options.AeTitles.Contains(rq.CalledAeTitle) ? (1, 1, 7)
            : _options.CallingAeAllowList.Count > 0 && !_options.CallingAeAllowList.Contains(rq.CallingAeTitle) ? (1, 1, 3)
            : _options.SourceAddressAllowList.Count > 0 && !_options.SourceAddressAllowList.Contains(Normalize(_remote.Address)) ? (1, 1, 1)
            : rq.Contexts.Count == 0 ? (1, 1, 1)
            : overLimit ? (2, 3, 2)
            : null;
        if (reject is { } r)
        {
            await _connection.WriteShortAsync(PduType.AssociateReject, r.Result, r.Source, r.Reason, ct).ConfigureAwait(false);
            _observer?.AssociationRejected(_remote, r.Result, r.Source, r.Reason);
            await LingerAsync().ConfigureAwait(false);
            return false;
        }

        var ac = new AssociatePdu
        {
            IsAccept = true,
            CalledAeTitle = rq.CalledAeTitle,
            CallingAeTitle = rq.CallingAeTitle,
            MaxPduLength = (uint)_options.MaxPduLength,
        };
        foreach (var pc in rq.Contexts)
        {
            var answer = new PresentationContext(pc.Id, pc.AbstractSyntax, pc.TransferSyntaxes);
            if (!_options.AcceptedSopClasses(pc.AbstractSyntax))
            {
                answer.Result = PresentationContextResult.AbstractSyntaxNotSupported;
            }
            else if (ChooseSyntax(pc.TransferSyntaxes) is { } ts)
            {
                answer.Result = PresentationContextResult.Acceptance;
                answer.AcceptedTransferSyntax = ts;
                _accepted[pc.Id] = answer;
            }
            else
            {
                answer.Result = PresentationContextResult.TransferSyntaxesNotSupported;
            }

            ac.Contexts.Add(answer);
        }

        // Role selection (PS3.7 D.3.3.4): we act as SCP only; echo the proposal limited to that.
        foreach (var role in rq.Roles)
        {
            ac.Roles.Add(role with { ScpRole = false });
        }

        if (rq.AsyncOperations is not null)
        {
            ac.AsyncOperations = (1, 1);
        }

        await _connection.WriteAsync(AssociatePduWriter.Encode(ac), ct).ConfigureAwait(false);
        _peerMaxPdv = rq.MaxPduLength is 0 or > (1 << 22) ? 1 << 20 : (int)rq.MaxPduLength - 6;
        _info = new AssociationInfo(rq.CallingAeTitle, rq.CalledAeTitle, _remote,
            rq.ImplementationClassUid, rq.ImplementationVersionName, rq.MaxPduLength);
        return true;
    }

    private string? ChooseSyntax(IReadOnlyList<string> offered)
    {
        foreach (var preferred in _options.TransferSyntaxPreference)
        {
            if (offered.Contains(preferred))
            {
                return preferred;
            }
        }

        if (_options.AcceptCompressedSyntaxes)
        {
            foreach (var ts in offered)
            {
                if (!Uncompressed.Contains(ts) && ts.StartsWith("1.2.840.10008.1.2.", StringComparison.Ordinal))
                {
                    return ts;
                }
            }
        }

        return null;
    }

    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
