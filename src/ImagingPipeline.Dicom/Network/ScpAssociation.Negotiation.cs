using System.Net;

namespace ImagingPipeline.Dicom.Network;

/// <summary>A-ASSOCIATE-RQ checks and negotiation (PS3.8 9.3.2-9.3.4, PS3.7 D.3.3).</summary>
internal sealed partial class ScpAssociation
{
    private static readonly HashSet<string> Uncompressed = new(StringComparer.Ordinal)
    {
        Uids.ImplicitVRLittleEndian, Uids.ExplicitVRLittleEndian, Uids.DeflatedExplicitVRLittleEndian, Uids.ExplicitVRBigEndian,
    };

    private async Task<bool> NegotiateAsync(Memory<byte> body, bool overLimit, CancellationToken ct)
    {
        var rq = AssociatePdu.Parse(body.Span, isAccept: false);
        var identityOk = rq.UserIdentity is null || Options.UserIdentityValidator is not { } validate || validate(rq.UserIdentity);
        // PS3.8 Table 9-21 (result, source, reason); the checks run in the order a peer can act on.
        (byte Result, byte Source, byte Reason)? reject =
            (rq.ProtocolVersion & 1) == 0 ? (1, 2, 2)
            : rq.ApplicationContext != Uids.ApplicationContext ? (1, 1, 2)
            : !Options.AeTitles.Contains(rq.CalledAeTitle) ? (1, 1, 7)
            : Options.CallingAeAllowList.Count > 0 && !Options.CallingAeAllowList.Contains(rq.CallingAeTitle) ? (1, 1, 3)
            : Options.SourceAddressAllowList.Count > 0 && !Options.SourceAddressAllowList.Contains(Normalize(_remote.Address)) ? (1, 1, 1)
            : Options.RequireUserIdentity && rq.UserIdentity is null ? (1, 1, 1)
            : !identityOk ? (1, 1, 1) // PS3.7 D.3.3.7.3: identity not accepted, no reason given
            : rq.Contexts.Count == 0 ? (1, 1, 1)
            : overLimit ? (2, 3, 2) // transient, local limit exceeded
            : null;
        if (reject is { } r)
        {
            // The observer (audit) hears of the rejection before the peer does, so a record exists for every A-ASSOCIATE-RJ sent.
            _services.Observer?.AssociationRejected(new AssociationAttempt(_id, _startedAt, _remote, _stream is System.Net.Security.SslStream)
            {
                CallingAeTitle = rq.CallingAeTitle,
                CalledAeTitle = rq.CalledAeTitle,
                ImplementationClassUid = rq.ImplementationClassUid,
                ImplementationVersionName = rq.ImplementationVersionName,
                UserIdentity = rq.UserIdentity,
                BytesReceived = _connection.BytesRead,
            }, r.Result, r.Source, r.Reason);
            ReleaseSlot(); // a rejected attempt stops counting before the peer sees the rejection (it may retry at once)
            await _connection.WriteAsync(new AssociateRejectPdu(r.Result, r.Source, r.Reason).Encode(), ct).ConfigureAwait(false);
            await LingerAsync().ConfigureAwait(false);
            return false;
        }

        if (rq.MaxPduLength is > 0 and < 7)
        {
            // Not even one byte of fragment would fit a PDV (PS3.8 D.1): nothing could ever be answered.
            throw DicomNetworkException.Protocol($"maximum PDU length {rq.MaxPduLength} leaves no room for a PDV", 6);
        }

        var ac = new AssociatePdu
        {
            IsAccept = true,
            CalledAeTitle = rq.CalledAeTitle,
            CallingAeTitle = rq.CallingAeTitle,
            MaxPduLength = (uint)Options.MaxPduLength,
        };
        var seen = new HashSet<byte>();
        foreach (var pc in rq.Contexts)
        {
            var answer = new PresentationContext(pc.Id, pc.AbstractSyntax, pc.TransferSyntaxes);
            if ((pc.Id & 1) == 0 || !seen.Add(pc.Id))
            {
                // PS3.8 9.3.2.2: ids are odd and unique; a context that breaks this is refused by the provider.
                answer.Result = PresentationContextResult.NoReason;
            }
            else if (!AcceptsAbstractSyntax(pc.AbstractSyntax))
            {
                answer.Result = PresentationContextResult.AbstractSyntaxNotSupported;
            }
            else if (ChooseSyntax(pc.AbstractSyntax, pc.TransferSyntaxes) is { } ts)
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

        NegotiateRoles(rq, ac);
        if (rq.AsyncOperations is not null)
        {
            // PS3.7 D.3.3.3: we invoke and perform one operation at a time; 1/1 is always an acceptable answer.
            ac.AsyncOperations = (1, 1);
        }

        // PS3.7 D.3.3.5: no SOP class extended negotiation is supported, so none is answered (the peer assumes defaults).
        if (rq.UserIdentity is { PositiveResponseRequested: true } && Options.UserIdentityValidator is not null)
        {
            // PS3.7 D.3.3.7.2: the server response is empty for username (and passcode); we validate no tokens of our own.
            ac.UserIdentityResponse = [];
        }

        await _connection.WriteAsync(AssociatePduWriter.Encode(ac), ct).ConfigureAwait(false);
        _peerMaxPdv = rq.MaxPduLength == 0 ? Options.MaxPduLength - 6 : (int)Math.Min(rq.MaxPduLength - 6, 1u << 24);
        _info = new AssociationInfo(rq.CallingAeTitle, rq.CalledAeTitle, _remote,
            rq.ImplementationClassUid, rq.ImplementationVersionName, rq.MaxPduLength)
        {
            UserIdentity = identityOk ? rq.UserIdentity : null,
            IsTls = _stream is System.Net.Security.SslStream,
            Id = _id,
            StartedAt = _startedAt,
            AcceptedContexts = [.. _accepted.Values.OrderBy(c => c.Id)
                .Select(c => new AcceptedPresentationContext(c.Id, c.AbstractSyntax, c.AcceptedTransferSyntax!))],
        };
        return true;
    }

    private bool AcceptsAbstractSyntax(string uid) =>
        uid == Uids.StorageCommitmentPushModel
            ? _services.CommitmentHandler is not null || _services.ReportHandler is not null
            : Options.AcceptedSopClasses(uid);

    /// <summary>
    /// PS3.7 D.3.3.4: the requestor proposes the roles it wants to play. We accept the requestor as SCU of what we
    /// serve, and as SCP only of the Storage Commitment Push Model when we expect reports on a new association
    /// (PS3.4 J.3.3: the SCP of storage commitment then initiates the association).
    /// </summary>
    private void NegotiateRoles(AssociatePdu rq, AssociatePdu ac)
    {
        foreach (var role in rq.Roles)
        {
            if (!_accepted.Values.Any(c => c.AbstractSyntax == role.SopClassUid))
            {
                continue;
            }

            var scp = role.ScpRole && role.SopClassUid == Uids.StorageCommitmentPushModel && _services.ReportHandler is not null;
            ac.Roles.Add(new RoleSelection(role.SopClassUid, role.ScuRole, scp));
            if (scp)
            {
                _peerIsCommitmentScp = true;
            }
        }
    }

    private string? ChooseSyntax(string abstractSyntax, IReadOnlyList<string> offered)
    {
        var isStorage = Uids.IsStorage(abstractSyntax);
        foreach (var preferred in Options.TransferSyntaxPreference)
        {
            // Commands-only and commitment data sets are small: no deflate for them (PS3.5 A.5 is for data sets).
            if (offered.Contains(preferred) && (isStorage || preferred != Uids.DeflatedExplicitVRLittleEndian))
            {
                return preferred;
            }
        }

        if (isStorage && Options.AcceptCompressedSyntaxes)
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
