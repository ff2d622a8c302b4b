namespace ImagingPipeline.Dicom.Network;

/// <summary>Presentation context results in an A-ASSOCIATE-AC (PS3.8 Table 9-18).</summary>
public enum PresentationContextResult : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}

/// <summary>A presentation context as proposed (abstract syntax and transfer syntaxes) and answered.</summary>
public sealed record PresentationContext(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)
{
    public PresentationContextResult Result { get; set; } = PresentationContextResult.NoReason;

    /// <summary>The transfer syntax chosen by the acceptor, when accepted.</summary>
    public string? AcceptedTransferSyntax { get; set; }
}

/// <summary>SCP/SCU role selection sub-item (PS3.7 D.3.3.4).</summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
