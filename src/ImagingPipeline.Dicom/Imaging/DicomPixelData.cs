namespace ImagingPipeline.Dicom.Imaging;

/// <summary>
/// The pixel data of an image instance with its Image Pixel module (PS3.3 C.7.6.3): per frame, the
/// stored values and the modality values (stored × Rescale Slope + Rescale Intercept).
/// Native (uncompressed) data of 1, 8, 16 and 32 bits allocated, signed or unsigned, in either byte
/// order, single or multi-frame, and RLE Lossless (PS3.5 Annex G) are decoded. Other encapsulated
/// syntaxes (JPEG family, JPEG-LS, JPEG 2000, MPEG, HEVC …) report <see cref="CanDecode"/> false and
/// throw <see cref="DicomCodecException"/> naming the syntax when a frame is asked for; the data
/// itself stays in the data set untouched, so the instance can still be stored and forwarded.
/// </summary>
/// <remarks>
/// Values of a frame come pixel by pixel, row by row, and within a pixel sample by sample
/// (R, G, B, R, G, B …) whatever the Planar Configuration; YBR_FULL_422 data is expanded to three
/// samples per pixel. Bits outside Bits Stored / High Bit are masked off and signed values are
/// sign-extended from Bits Stored (PS3.5 8.1.1). Samples are read as little endian: the reader holds
/// native pixel data that way whatever the transfer syntax (big endian data is swapped per sample on input).
/// </remarks>
public sealed partial class DicomPixelData
{
    private readonly DicomDataset _dataset;
    private readonly DicomElement _pixelData;

    private DicomPixelData(DicomDataset dataset, DicomTransferSyntax syntax, DicomElement pixelData)
    {
        _dataset = dataset;
        _pixelData = pixelData;
        TransferSyntax = syntax;
        Rows = RequiredPositive(dataset, DicomTag.Rows);
        Columns = RequiredPositive(dataset, DicomTag.Columns);
        SamplesPerPixel = OptionalPositive(dataset, DicomTag.SamplesPerPixel, 1);
        NumberOfFrames = OptionalPositive(dataset, DicomTag.NumberOfFrames, 1);
        PhotometricInterpretation = dataset.GetString(DicomTag.PhotometricInterpretation) ?? "";
        PlanarConfiguration = SamplesPerPixel > 1 ? OptionalInt(dataset, DicomTag.PlanarConfiguration, 0) : 0;
        IsFloat = pixelData.Tag != DicomTag.PixelData;
        if (IsFloat)
        {
            BitsAllocated = pixelData.Tag == DicomTag.DoubleFloatPixelData ? 64 : 32;
            BitsStored = BitsAllocated;
            HighBit = BitsAllocated - 1;
            IsSigned = true;
        }
        else
        {
            BitsAllocated = RequiredPositive(dataset, DicomTag.BitsAllocated);
            BitsStored = OptionalPositive(dataset, DicomTag.BitsStored, BitsAllocated);
            HighBit = OptionalInt(dataset, DicomTag.HighBit, BitsStored - 1);
            IsSigned = OptionalInt(dataset, DicomTag.PixelRepresentation, 0) == 1;
        }

        Validate();
    }

    /// <summary>The transfer syntax the pixel data is encoded in.</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Number of Frames (0028,0008); 1 when absent.</summary>
    public int NumberOfFrames { get; }

    public int SamplesPerPixel { get; }

    public int BitsAllocated { get; }

    public int BitsStored { get; }

    public int HighBit { get; }

    /// <summary>Pixel Representation (0028,0103) is 1: two's complement samples.</summary>
    public bool IsSigned { get; }

    /// <summary>0: samples interleaved per pixel; 1: one plane per sample (PS3.3 C.7.6.3.1.3).</summary>
    public int PlanarConfiguration { get; }

    public string PhotometricInterpretation { get; }

    /// <summary>The values are Float (7FE0,0008) or Double Float (7FE0,0009) Pixel Data rather than integers.</summary>
    public bool IsFloat { get; }

    /// <summary>Pixel data is held as encapsulated fragments (PS3.5 A.4).</summary>
    public bool IsEncapsulated => _pixelData is DicomFragmentSequence;

    /// <summary>Values per frame: Rows × Columns × Samples per Pixel.</summary>
    public int ValuesPerFrame => Rows * Columns * SamplesPerPixel;

    /// <summary>False for encapsulated syntaxes other than RLE Lossless: frames cannot be decoded here.</summary>
    public bool CanDecode => !IsEncapsulated || TransferSyntax == DicomTransferSyntax.RLELossless;

    /// <summary>The pixel data of a file, in the file's transfer syntax.</summary>
    /// <exception cref="DicomDataException">No pixel data, or an Image Pixel attribute is missing or invalid.</exception>
    public static DicomPixelData Create(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Create(file.Dataset, file.TransferSyntax);
    }

    /// <summary>The pixel data of a data set whose values were read in <paramref name="syntax"/>.</summary>
    /// <exception cref="DicomDataException">No pixel data, or an Image Pixel attribute is missing or invalid.</exception>
    public static DicomPixelData Create(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        if (dataset.TryGetElement(DicomTag.PixelData, out var element)
            || dataset.TryGetElement(DicomTag.FloatPixelData, out element)
            || dataset.TryGetElement(DicomTag.DoubleFloatPixelData, out element))
        {
            return new DicomPixelData(dataset, syntax, element);
        }

        return ThrowHelper.Data<DicomPixelData>("the data set has no Pixel Data (7FE0,0010), Float Pixel Data or Double Float Pixel Data");
    }

    /// <summary>The stored values of a frame (see the type's remarks for the order).</summary>
    /// <exception cref="DicomCodecException">The syntax cannot be decoded here, or the compressed data is corrupt.</exception>
    /// <exception cref="DicomDataException">The pixel data is shorter than the frame needs, or holds floats.</exception>
    public long[] GetStoredValues(int frame)
    {
        var native = GetStoredFrame(frame);
        var values = new long[ValuesPerFrame];
        CopyStored(native, values);
        return values;
    }

    /// <summary>Writes the stored values of a frame into <paramref name="destination"/> (at least <see cref="ValuesPerFrame"/> long).</summary>
    public void CopyStoredValues(int frame, Span<long> destination)
    {
        CheckDestination(destination.Length);
        CopyStored(GetStoredFrame(frame), destination);
    }

    /// <summary>The modality values of a frame: stored × slope + intercept (PS3.3 C.11.1), as doubles.</summary>
    public double[] GetModalityValues(int frame)
    {
        var native = GetNativeFrame(frame);
        var values = new double[ValuesPerFrame];
        CopyModality(frame, native, values);
        return values;
    }

    /// <summary>The modality values of a frame as single precision floats.</summary>
    public float[] GetModalityValuesAsSingle(int frame)
    {
        var native = GetNativeFrame(frame);
        var values = new float[ValuesPerFrame];
        CopyModality(frame, native, values);
        return values;
    }

    /// <summary>Writes the modality values of a frame into <paramref name="destination"/>.</summary>
    public void CopyModalityValues(int frame, Span<double> destination)
    {
        CheckDestination(destination.Length);
        CopyModality(frame, GetNativeFrame(frame), destination);
    }

    /// <summary>Writes the modality values of a frame into <paramref name="destination"/> as floats.</summary>
    public void CopyModalityValues(int frame, Span<float> destination)
    {
        CheckDestination(destination.Length);
        CopyModality(frame, GetNativeFrame(frame), destination);
    }

    private NativeFrame GetStoredFrame(int frame)
    {
        if (IsFloat)
        {
            ThrowHelper.Data($"{_pixelData.Tag} holds floating point values, not stored integers: use the modality values");
        }

        return GetNativeFrame(frame);
    }

    private void CopyStored(NativeFrame native, Span<long> destination)
    {
        if (TryCopySimple(native, destination, DicomRescale.Identity))
        {
            return;
        }

        var unpacker = new SampleUnpacker(this, native);
        for (var i = 0; i < ValuesPerFrame; i++)
        {
            destination[i] = unpacker.Stored(i);
        }
    }

    private void CopyModality(int frame, NativeFrame native, Span<double> destination)
    {
        var rescale = GetRescale(frame);
        if (TryCopySimple(native, destination, rescale))
        {
            return;
        }

        var unpacker = new SampleUnpacker(this, native);
        for (var i = 0; i < ValuesPerFrame; i++)
        {
            destination[i] = unpacker.Value(i) * rescale.Slope + rescale.Intercept;
        }
    }

    private void CopyModality(int frame, NativeFrame native, Span<float> destination)
    {
        var rescale = GetRescale(frame);
        if (TryCopySimple(native, destination, rescale))
        {
            return;
        }

        var unpacker = new SampleUnpacker(this, native);
        for (var i = 0; i < ValuesPerFrame; i++)
        {
            destination[i] = (float)(unpacker.Value(i) * rescale.Slope + rescale.Intercept);
        }
    }

    /// <summary>
    /// Rescale Slope/Intercept for a frame: from the frame's Pixel Value Transformation Sequence in the
    /// Per-frame or Shared Functional Groups (enhanced multi-frame, PS3.3 C.7.6.16.2.9) when present,
    /// else the instance's (0028,1053)/(0028,1052); identity when there is none.
    /// </summary>
    public DicomRescale GetRescale(int frame)
    {
        CheckFrame(frame);
        var perFrame = _dataset.GetSequence(DicomTag.PerFrameFunctionalGroupsSequence);
        if (frame < perFrame.Count && RescaleIn(perFrame[frame]) is { } fromFrame)
        {
            return fromFrame;
        }

        var shared = _dataset.GetSequence(DicomTag.SharedFunctionalGroupsSequence);
        if (shared.Count > 0 && RescaleIn(shared[0]) is { } fromShared)
        {
            return fromShared;
        }

        return RescaleOf(_dataset) ?? DicomRescale.Identity;
    }

    private static DicomRescale? RescaleIn(DicomDataset functionalGroup)
    {
        var transformation = functionalGroup.GetSequence(DicomTag.PixelValueTransformationSequence);
        return transformation.Count > 0 ? RescaleOf(transformation[0]) : null;
    }

    private static DicomRescale? RescaleOf(DicomDataset dataset)
    {
        var hasSlope = dataset.TryGetDouble(DicomTag.RescaleSlope, out var slope);
        var hasIntercept = dataset.TryGetDouble(DicomTag.RescaleIntercept, out var intercept);
        if (!hasSlope && !hasIntercept)
        {
            return null;
        }

        return new DicomRescale(hasSlope ? slope : 1, hasIntercept ? intercept : 0, dataset.GetString(DicomTag.RescaleType));
    }

    private void CheckDestination(int length)
    {
        if (length < ValuesPerFrame)
        {
            throw new ArgumentException($"the destination holds {length} values but a frame has {ValuesPerFrame}", nameof(length));
        }
    }

    private void CheckFrame(int frame) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)frame, (uint)NumberOfFrames, nameof(frame));

    private void Validate()
    {
        if ((long)Rows * Columns * SamplesPerPixel > Array.MaxLength / 8)
        {
            ThrowHelper.Data($"{Rows} rows × {Columns} columns × {SamplesPerPixel} samples is more than a frame can hold");
        }

        if (IsFloat)
        {
            if (_pixelData is DicomFragmentSequence)
            {
                ThrowHelper.Data($"{_pixelData.Tag} cannot be encapsulated");
            }

            return;
        }

        if (BitsAllocated is not (1 or 8 or 16 or 32))
        {
            ThrowHelper.Data($"Bits Allocated {BitsAllocated} is not supported (1, 8, 16 or 32)");
        }

        if (BitsStored > BitsAllocated || HighBit >= BitsAllocated || HighBit + 1 < BitsStored)
        {
            ThrowHelper.Data($"inconsistent Bits Allocated {BitsAllocated} / Bits Stored {BitsStored} / High Bit {HighBit}");
        }

        if (PlanarConfiguration is not (0 or 1))
        {
            ThrowHelper.Data($"Planar Configuration {PlanarConfiguration} is neither 0 nor 1");
        }
    }

    private static int RequiredPositive(DicomDataset dataset, DicomTag tag)
    {
        if (!dataset.TryGetInt32(tag, out var value) || value <= 0)
        {
            ThrowHelper.Data($"{tag} {DicomDictionary.Lookup(tag)?.Keyword} is missing or not a positive integer");
        }

        return value;
    }

    private static int OptionalPositive(DicomDataset dataset, DicomTag tag, int fallback)
    {
        if (!dataset.Contains(tag) || dataset.GetString(tag) is "")
        {
            return fallback;
        }

        return RequiredPositive(dataset, tag);
    }

    private static int OptionalInt(DicomDataset dataset, DicomTag tag, int fallback)
    {
        if (!dataset.Contains(tag) || dataset.GetString(tag) is "")
        {
            return fallback;
        }

        return dataset.TryGetInt32(tag, out var value)
            ? value
            : ThrowHelper.Data<int>($"{tag} {DicomDictionary.Lookup(tag)?.Keyword} is not an integer");
    }
}
