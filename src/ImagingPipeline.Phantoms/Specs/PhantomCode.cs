namespace ImagingPipeline.Phantoms.Specs;

/// <summary>A coded concept (CodeValue, CodingSchemeDesignator, CodeMeaning).</summary>
public sealed record PhantomCode(string Value, string Scheme, string Meaning);
