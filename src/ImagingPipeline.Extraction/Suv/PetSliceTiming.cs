namespace ImagingPipeline.Extraction.Suv;

/// <summary>Per-slice timing (DOMAIN §1, START rule 3 and NONE).</summary>
/// <param name="Acquisition">AcquisitionDate/Time (0008,0022/0032) of the slice.</param>
/// <param name="FrameReferenceTimeMs">FrameReferenceTime (0054,1300), ms.</param>
/// <param name="FrameDurationMs">ActualFrameDuration (0018,1242), ms.</param>
internal readonly record struct PetSliceTiming(DateTime? Acquisition, double? FrameReferenceTimeMs, double? FrameDurationMs);
