namespace ImagingPipeline.Worker.Storage;

/// <summary>C-STORE response statuses the store returns (PS3.4 Table B.2-1, PS3.7 Annex C).</summary>
internal static class StoreStatus
{
    public const ushort Success = 0x0000;

    /// <summary>Processing failure: the index or the file system failed.</summary>
    public const ushort ProcessingFailure = 0x0110;

    /// <summary>Refused: out of resources (free-space reserve reached).</summary>
    public const ushort OutOfResources = 0xA700;

    /// <summary>Error: data set does not match SOP class (invalid or inconsistent UIDs).</summary>
    public const ushort DataSetDoesNotMatchSopClass = 0xA900;

    /// <summary>Error: cannot understand (the file could not be parsed).</summary>
    public const ushort CannotUnderstand = 0xC000;
}

/// <summary>The store's answer for one instance.</summary>
internal readonly record struct StoreOutcome(ushort Status, string? ErrorComment = null)
{
    public bool IsSuccess => Status == StoreStatus.Success;
}
