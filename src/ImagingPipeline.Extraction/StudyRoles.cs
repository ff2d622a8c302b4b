namespace ImagingPipeline.Extraction;

/// <summary>The roles a study plays in an assessment (<see cref="Contracts.StudyReference.Role"/>).</summary>
public static class StudyRoles
{
    /// <summary>Holds the RT structure set the sites come from.</summary>
    public const string StructureSet = "structure-set";

    /// <summary>Holds the images the contours were drawn on (the planning CT).</summary>
    public const string PlanningCt = "planning-ct";

    /// <summary>Holds the PET series the SUV comes from.</summary>
    public const string PetCt = "pet-ct";

    /// <summary>Holds a Spatial Registration object used to reach the PET.</summary>
    public const string Registration = "registration";

    /// <summary>The prior timepoint progression is judged against.</summary>
    public const string Baseline = "baseline";
}
