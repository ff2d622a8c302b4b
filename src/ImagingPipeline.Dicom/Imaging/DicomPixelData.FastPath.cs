using System.Numerics;
using System.Runtime.InteropServices;

namespace ImagingPipeline.Dicom.Imaging;

/// <summary>The common case in one tight loop per sample size: one sample per pixel, 8, 16 or 32 bits
/// allocated, frames starting on a byte (PS3.5 8.1.1), on a little endian machine.</summary>
public sealed partial class DicomPixelData
{
    private bool IsSimple(NativeFrame frame) =>
        SamplesPerPixel == 1 && !IsFloat && !frame.Subsampled422 && frame.BitOffset == 0
        && BitsAllocated is 8 or 16 or 32 && BitConverter.IsLittleEndian;

    /// <summary>Values × slope + intercept when <see cref="IsSimple"/> (stored values: slope 1, intercept 0); false otherwise.</summary>
    private bool TryCopySimple<TOut>(NativeFrame frame, Span<TOut> destination, DicomRescale rescale)
        where TOut : INumberBase<TOut>
    {
        if (!IsSimple(frame))
        {
            return false;
        }

        var bytes = frame.Bytes.Span;
        var count = ValuesPerFrame;
        switch (BitsAllocated)
        {
            case 8:
                Transform(bytes[..count], destination[..count], new Sample(this), rescale.Slope, rescale.Intercept);
                break;
            case 16:
                Transform(MemoryMarshal.Cast<byte, ushort>(bytes)[..count], destination[..count], new Sample(this), rescale.Slope, rescale.Intercept);
                break;
            default:
                Transform(MemoryMarshal.Cast<byte, uint>(bytes)[..count], destination[..count], new Sample(this), rescale.Slope, rescale.Intercept);
                break;
        }

        return true;
    }

    private static void Transform<TRaw, TOut>(ReadOnlySpan<TRaw> raw, Span<TOut> destination, Sample sample, double slope, double intercept)
        where TRaw : unmanaged, IBinaryInteger<TRaw>
        where TOut : INumberBase<TOut>
    {
        if (slope == 1 && intercept == 0)
        {
            for (var i = 0; i < raw.Length; i++)
            {
                destination[i] = TOut.CreateTruncating(sample.Stored(ulong.CreateTruncating(raw[i])));
            }

            return;
        }

        for (var i = 0; i < raw.Length; i++)
        {
            destination[i] = TOut.CreateTruncating(sample.Stored(ulong.CreateTruncating(raw[i])) * slope + intercept);
        }
    }

    /// <summary>Bits Stored below High Bit, sign-extended when signed (PS3.5 8.1.1).</summary>
    private readonly struct Sample(DicomPixelData pixels)
    {
        private readonly int _shift = pixels.HighBit + 1 - pixels.BitsStored;
        private readonly ulong _mask = (1UL << pixels.BitsStored) - 1;
        private readonly ulong _sign = pixels.IsSigned ? 1UL << (pixels.BitsStored - 1) : 0;
        private readonly long _range = 1L << pixels.BitsStored;

        public long Stored(ulong raw)
        {
            var value = (raw >> _shift) & _mask;
            return (value & _sign) != 0 ? (long)value - _range : (long)value;
        }
    }
}
