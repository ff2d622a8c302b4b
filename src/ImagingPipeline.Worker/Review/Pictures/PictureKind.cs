namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>The two pictures of a lesion.</summary>
internal enum PictureKind
{
    /// <summary>The CT slice (display window by organ) with the contour.</summary>
    Ct,

    /// <summary>The PET (SUVbw, hot iron) fused over the CT, with the contour.</summary>
    Pet,
}
