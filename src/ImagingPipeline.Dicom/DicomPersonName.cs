namespace ImagingPipeline.Dicom;

/// <summary>A PN value (PS3.5 6.2.1): alphabetic, ideographic and phonetic component groups, each
/// with family^given^middle^prefix^suffix.</summary>
public sealed record DicomPersonName(string Alphabetic, string Ideographic, string Phonetic)
{
    public static DicomPersonName Parse(string value)
    {
        var groups = value.Split('=');
        return new DicomPersonName(groups[0], groups.Length > 1 ? groups[1] : "", groups.Length > 2 ? groups[2] : "");
    }

    public string FamilyName => Component(0);

    public string GivenName => Component(1);

    public string MiddleName => Component(2);

    public string NamePrefix => Component(3);

    public string NameSuffix => Component(4);

    private string Component(int index)
    {
        var parts = Alphabetic.Split('^');
        return index < parts.Length ? parts[index] : "";
    }

    public override string ToString()
    {
        if (Phonetic.Length > 0)
        {
            return $"{Alphabetic}={Ideographic}={Phonetic}";
        }

        return Ideographic.Length > 0 ? $"{Alphabetic}={Ideographic}" : Alphabetic;
    }
}
