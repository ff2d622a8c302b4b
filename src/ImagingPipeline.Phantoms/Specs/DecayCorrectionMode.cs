namespace ImagingPipeline.Phantoms.Specs;

/// <summary>DecayCorrection (0054,1102) of a PET series.</summary>
public enum DecayCorrectionMode
{
    /// <summary>Decay corrected to the series start (SeriesDate/SeriesTime).</summary>
    Start,

    /// <summary>Decay corrected to the administration (injection) time.</summary>
    Admin,

    /// <summary>Not decay corrected: values are the activity during each frame.</summary>
    None,
}
