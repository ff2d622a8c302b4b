namespace ImagingPipeline.Dicom;

/// <summary>
/// Text set through the API for a VR that uses the Specific Character Set (PS3.5 6.1.2.3). It is
/// encoded when its bytes are needed, with the character set in force in its data set at that time —
/// an item built before it is put in a sequence, or a value set before (0008,0005), still gets the
/// right encoding. A character the character set cannot hold surfaces as a <see cref="DicomDataException"/>.
/// </summary>
internal sealed class PendingTextElement : DicomElement
{
    private DicomCharacterSet? _encodedWith;
    private ReadOnlyMemory<byte> _bytes;

    public PendingTextElement(DicomTag tag, DicomVR vr, string text, DicomDataset owner) : base(tag, vr)
    {
        Text = text;
        Owner = owner;
    }

    public string Text { get; }

    /// <summary>The data set whose character set applies (the last one the element was put in).</summary>
    public DicomDataset Owner { get; set; }

    public override ReadOnlyMemory<byte> Data
    {
        get
        {
            var characterSet = Owner.CharacterSet;
            if (!ReferenceEquals(characterSet, _encodedWith))
            {
                var bytes = characterSet.Encode(Text, VR);
                if ((bytes.Length & 1) == 1)
                {
                    Array.Resize(ref bytes, bytes.Length + 1);
                    bytes[^1] = (byte)' ';
                }

                _bytes = bytes;
                _encodedWith = characterSet;
            }

            return _bytes;
        }
    }

    public override long Length => Data.Length;
}
