namespace ImagingPipeline.Contracts;

/// <summary>The methods an assessment's numbers were computed with, named so a reader can reproduce them.</summary>
public sealed record ExtractionMethods
{
    public string Suv { get; init; } = "SUVbw = stored × slope + intercept × weight[g] / decay-corrected dose";

    public string SuvPeak { get; init; } = "mean of voxels within 6.2 mm of the hottest lesion voxel (local peak, inside or outside the lesion)";

    public string Volume { get; init; } = "Σ even-odd polygon area × slab thickness, end planes in full";

    public string Mtv { get; init; } = "whole lesion mask on the PET grid";

    public string Diameter { get; init; } = "longest in-plane distance between contour points; short axis = longest perpendicular chord";

    public string Progression { get; init; } = "RECIST 1.1 with PET new avidity and PERCIST 1.0 SULpeak";
}
