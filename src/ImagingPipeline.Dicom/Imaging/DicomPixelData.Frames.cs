using System.Buffers.Binary;

namespace ImagingPipeline.Dicom.Imaging;

/// <summary>Locating a frame: native frames by offset (PS3.5 8.1.1, 8.2), encapsulated frames by the
/// Basic or Extended Offset Table (PS3.5 A.4), and decoding RLE Lossless frames (PS3.5 Annex G).</summary>
public sealed partial class DicomPixelData
{
    /// <summary>The bytes of one frame in native layout with how to read them.</summary>
    private readonly record struct NativeFrame(ReadOnlyMemory<byte> Bytes, long BitOffset, int PlanarConfiguration, bool Subsampled422);

    private NativeFrame GetNativeFrame(int frame)
    {
        CheckFrame(frame);
        if (_pixelData is DicomFragmentSequence fragments)
        {
            if (TransferSyntax != DicomTransferSyntax.RLELossless)
            {
                ThrowHelper.Codec($"cannot decode pixel data in {TransferSyntax.Name} ({TransferSyntax.Uid}): the toolkit decodes "
                    + "native (uncompressed) and RLE Lossless pixel data only; the encoded data is kept and can be stored or forwarded as received");
            }

            var decoded = RleDecoder.DecodeFrame(FrameFragments(fragments, frame).Span, Rows * Columns, SamplesPerPixel, BitsAllocated, frame);
            return new NativeFrame(decoded, 0, 0, Subsampled422: false);
        }

        var data = _pixelData.Data;
        var subsampled = SamplesPerPixel == 3 && PhotometricInterpretation == "YBR_FULL_422" && !IsFloat;
        var samplesPerFrame = (long)Rows * Columns * (subsampled ? 2 : SamplesPerPixel);
        var frameBits = samplesPerFrame * BitsAllocated;
        var startBit = frameBits * frame;
        if ((long)data.Length * 8 < startBit + frameBits)
        {
            ThrowHelper.Data($"{_pixelData.Tag} holds {data.Length} bytes but frame {frame} of {NumberOfFrames} ends at byte "
                + $"{(startBit + frameBits + 7) / 8} ({Rows}×{Columns}×{SamplesPerPixel} samples of {BitsAllocated} bits)");
        }

        var bytes = data.Slice((int)(startBit / 8), (int)((startBit % 8 + frameBits + 7) / 8));
        return new NativeFrame(bytes, startBit % 8, PlanarConfiguration, subsampled);
    }

    /// <summary>The compressed bytes of a frame: its fragments, concatenated when there are several.</summary>
    private ReadOnlyMemory<byte> FrameFragments(DicomFragmentSequence sequence, int frame)
    {
        var fragments = sequence.Fragments;
        if (fragments.Count == 0)
        {
            ThrowHelper.Codec($"{_pixelData.Tag} has no fragments");
        }

        if (TryFrameByOffsets(sequence, frame, out var located))
        {
            return located;
        }

        if (NumberOfFrames == 1)
        {
            return Concatenate(fragments, 0, fragments.Count);
        }

        if (fragments.Count == NumberOfFrames)
        {
            return fragments[frame];
        }

        return ThrowHelper.Codec<ReadOnlyMemory<byte>>($"cannot tell where frame {frame} starts: {NumberOfFrames} frames in "
            + $"{fragments.Count} fragments and no Basic or Extended Offset Table");
    }

    /// <summary>Frame boundaries from the Extended Offset Table (7FE0,0001) or the Basic Offset Table
    /// (first item, PS3.5 A.4): offsets count from the first byte of the first fragment's item tag.</summary>
    private bool TryFrameByOffsets(DicomFragmentSequence sequence, int frame, out ReadOnlyMemory<byte> located)
    {
        located = default;
        ulong start;
        ulong end;
        var extended = _dataset.GetBytes(DicomTag.ExtendedOffsetTable);
        if (extended.Length >= 8 * NumberOfFrames && extended.Length % 8 == 0)
        {
            var table = extended.Span;
            start = BinaryPrimitives.ReadUInt64LittleEndian(table[(frame * 8)..]);
            end = frame + 1 < NumberOfFrames ? BinaryPrimitives.ReadUInt64LittleEndian(table[((frame + 1) * 8)..]) : ulong.MaxValue;
        }
        else
        {
            var table = sequence.OffsetTable.Span;
            if (table.Length < 4 * NumberOfFrames || table.Length % 4 != 0)
            {
                return false;
            }

            start = BinaryPrimitives.ReadUInt32LittleEndian(table[(frame * 4)..]);
            end = frame + 1 < NumberOfFrames ? BinaryPrimitives.ReadUInt32LittleEndian(table[((frame + 1) * 4)..]) : ulong.MaxValue;
        }

        if (end <= start)
        {
            ThrowHelper.Codec($"offset table entries for frame {frame} are not increasing ({start}, {end})");
        }

        ulong position = 0;
        var first = -1;
        var last = -1;
        var fragments = sequence.Fragments;
        for (var i = 0; i < fragments.Count && position < end; i++)
        {
            if (position == start)
            {
                first = i;
            }

            if (first >= 0)
            {
                last = i;
            }

            position += 8 + (ulong)fragments[i].Length;
        }

        if (first < 0)
        {
            ThrowHelper.Codec($"the offset table puts frame {frame} at byte {start}, which is not the start of a fragment");
        }

        located = first == last ? fragments[first] : Concatenate(fragments, first, last - first + 1);
        return true;
    }

    private static ReadOnlyMemory<byte> Concatenate(IReadOnlyList<ReadOnlyMemory<byte>> fragments, int first, int count)
    {
        if (count == 1)
        {
            return fragments[first];
        }

        long total = 0;
        for (var i = first; i < first + count; i++)
        {
            total += fragments[i].Length;
        }

        var joined = new byte[checked((int)total)];
        var offset = 0;
        for (var i = first; i < first + count; i++)
        {
            fragments[i].Span.CopyTo(joined.AsSpan(offset));
            offset += fragments[i].Length;
        }

        return joined;
    }

    /// <summary>Reads samples of a native frame in output order: pixel by pixel, sample by sample.</summary>
    private readonly ref struct SampleUnpacker
    {
        private readonly ReadOnlySpan<byte> _bytes;
        private readonly long _bitOffset;
        private readonly int _bitsAllocated;
        private readonly int _samples;
        private readonly int _pixels;
        private readonly int _planar;
        private readonly bool _subsampled;
        private readonly bool _float;
        private readonly bool _signed;
        private readonly int _shift;
        private readonly ulong _mask;
        private readonly int _bitsStored;

        public SampleUnpacker(DicomPixelData pixels, NativeFrame frame)
        {
            _bytes = frame.Bytes.Span;
            _bitOffset = frame.BitOffset;
            _bitsAllocated = pixels.BitsAllocated;
            _samples = pixels.SamplesPerPixel;
            _pixels = pixels.Rows * pixels.Columns;
            _planar = frame.PlanarConfiguration;
            _subsampled = frame.Subsampled422;
            _float = pixels.IsFloat;
            _signed = pixels.IsSigned;
            _bitsStored = pixels.BitsStored;
            _shift = pixels.HighBit + 1 - pixels.BitsStored;
            _mask = pixels.BitsStored >= 64 ? ulong.MaxValue : (1UL << pixels.BitsStored) - 1;
        }

        /// <summary>Index of output value <paramref name="i"/> among the frame's encoded samples.</summary>
        private int SourceIndex(int i)
        {
            if (_samples == 1)
            {
                return i;
            }

            var pixel = i / _samples;
            var sample = i - pixel * _samples;
            if (_subsampled)
            {
                // PS3.3 C.7.6.3.1.2: Y1 Y2 CB CR for each horizontal pair of pixels.
                return (pixel >> 1) * 4 + (sample == 0 ? pixel & 1 : 1 + sample);
            }

            return _planar == 1 ? sample * _pixels + pixel : i;
        }

        private ulong Raw(int index) => _bitsAllocated switch
        {
            1 => (ulong)((_bytes[(int)((_bitOffset + index) >> 3)] >> (int)((_bitOffset + index) & 7)) & 1),
            8 => _bytes[index],
            16 => BinaryPrimitives.ReadUInt16LittleEndian(_bytes[(index * 2)..]),
            32 => BinaryPrimitives.ReadUInt32LittleEndian(_bytes[(index * 4)..]),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(_bytes[(index * 8)..]),
        };

        /// <summary>The stored value: bits High Bit − Bits Stored + 1 … High Bit, sign-extended when signed.</summary>
        public long Stored(int i)
        {
            var value = (Raw(SourceIndex(i)) >> _shift) & _mask;
            if (_signed && _bitsStored < 64 && (value >> (_bitsStored - 1)) != 0)
            {
                return (long)value - (1L << _bitsStored);
            }

            return (long)value;
        }

        /// <summary>The stored value as a double, or the float itself for float pixel data.</summary>
        public double Value(int i)
        {
            if (!_float)
            {
                return Stored(i);
            }

            var raw = Raw(SourceIndex(i));
            return _bitsAllocated == 32 ? BitConverter.Int32BitsToSingle((int)raw) : BitConverter.Int64BitsToDouble((long)raw);
        }
    }
}
