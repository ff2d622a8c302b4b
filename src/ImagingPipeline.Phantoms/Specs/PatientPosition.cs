namespace ImagingPipeline.Phantoms.Specs;

/// <summary>Patient Position (0018,5100) of an image series; it fixes ImageOrientationPatient and the slice order.</summary>
public enum PatientPosition
{
    /// <summary>HFS: rows run to the patient's left, columns to posterior.</summary>
    HeadFirstSupine,

    /// <summary>FFS: rows run to the patient's right, columns to posterior.</summary>
    FeetFirstSupine,

    /// <summary>HFP: rows run to the patient's right, columns to anterior.</summary>
    HeadFirstProne,

    /// <summary>FFP: rows run to the patient's left, columns to anterior.</summary>
    FeetFirstProne,
}
