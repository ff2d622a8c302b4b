namespace ImagingPipeline.Worker.Review;

/// <summary>The review page (configuration section <c>Review</c>).</summary>
internal sealed class ReviewOptions
{
    public const string Section = "Review";

    /// <summary>Width and height of a lesion picture in pixels (default 256; 128-1024).</summary>
    public int PictureSize { get; set; } = 256;

    /// <summary>Top of the PET SUV colour scale (SUVbw; default 8), raised to the lesion's SUVmax when that is higher: 0 is transparent, the top white.</summary>
    public double PetSuvScaleMax { get; set; } = 8;

    /// <summary>Folder of the picture cache; default <c>{Storage:Root}/.review-cache</c>.</summary>
    public string? CacheFolder { get; set; }

    /// <summary>Most timepoints listed on the worklist (default 200).</summary>
    public int ListLimit { get; set; } = 200;

    /// <summary>
    /// Run the reference eligibility consumer inside the worker (its state in
    /// <c>{Storage:Root}/consumers.db</c>) so that its answer shows on the page. Default: only on the
    /// in-memory bus (the embedded default); with RabbitMQ the consumers run as their own process.
    /// </summary>
    public bool? HostEligibility { get; set; }
}
