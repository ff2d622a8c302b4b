namespace ImagingPipeline.Extraction.Tests.Acceptance;

/// <summary>Where a phantom's structure set lives relative to its PET.</summary>
public enum PlanningSetup
{
    /// <summary>Structure set on the PET/CT's own CT: one frame.</summary>
    SameFrame,

    /// <summary>Planning CT in its own frame; its REG maps the PET/CT frame into the planning frame.</summary>
    RegistrationIntoPlanning,

    /// <summary>Planning CT in its own frame; its REG maps the planning frame into the PET/CT frame.</summary>
    RegistrationIntoPet,

    /// <summary>Planning → intermediate frame → PET/CT frame, through two REG objects.</summary>
    TwoHops,
}
