using System.Buffers.Binary;

namespace ImagingPipeline.Dicom.Imaging;

/// <summary>RLE Lossless decoding, PS3.5 Annex G.</summary>
internal static class RleDecoder
{
    private const int HeaderLength = 64;

    /// <summary>
    /// Decodes one frame into native little endian bytes with samples interleaved per pixel.
    /// G.4: the 64-byte header holds the number of segments and up to 15 segment offsets. G.2: there is
    /// one segment per byte of each sample, the most significant byte first, all of one sample's
    /// segments before the next sample's. G.3.2: each segment is a PackBits-style byte stream.
    /// </summary>
    public static byte[] DecodeFrame(ReadOnlySpan<byte> frame, int pixels, int samplesPerPixel, int bitsAllocated, int frameIndex)
    {
        if (bitsAllocated % 8 != 0)
        {
            ThrowHelper.Codec($"RLE Lossless frame {frameIndex}: Bits Allocated {bitsAllocated} is not a whole number of bytes");
        }

        var bytesPerSample = bitsAllocated / 8;
        var expectedSegments = samplesPerPixel * bytesPerSample;
        if (frame.Length < HeaderLength)
        {
            ThrowHelper.Codec($"RLE Lossless frame {frameIndex}: {frame.Length} bytes, shorter than the 64-byte RLE header");
        }

        var segments = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (segments != expectedSegments || segments > 15)
        {
            ThrowHelper.Codec($"RLE Lossless frame {frameIndex}: the header declares {segments} segments, expected {expectedSegments} "
                + $"({samplesPerPixel} samples of {bytesPerSample} bytes)");
        }

        // G.3.1: a two-byte replicate run gives at most 128 bytes, so no segment expands more than 64-fold;
        // a header that asks for more is refused before anything is allocated for it.
        if ((long)pixels * expectedSegments > 64L * frame.Length)
        {
            ThrowHelper.Codec($"RLE Lossless frame {frameIndex}: {frame.Length} bytes cannot hold {pixels} pixels of {expectedSegments} segments");
        }

        var output = new byte[pixels * expectedSegments];
        for (var segment = 0; segment < expectedSegments; segment++)
        {
            var start = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + segment * 4)..]);
            var end = segment + 1 < expectedSegments
                ? BinaryPrimitives.ReadUInt32LittleEndian(frame[(8 + segment * 4)..])
                : (uint)frame.Length;
            if (start < HeaderLength || end > frame.Length || end < start)
            {
                ThrowHelper.Codec($"RLE Lossless frame {frameIndex}: segment {segment} spans bytes {start}..{end} of a {frame.Length}-byte frame");
            }

            var sample = segment / bytesPerSample;

            // Segment 0 of a sample is its most significant byte: in little endian it goes last.
            var byteInSample = bytesPerSample - 1 - segment % bytesPerSample;
            var decoded = DecodeSegment(frame[(int)start..(int)end], output, sample * bytesPerSample + byteInSample, expectedSegments, pixels);
            if (decoded != pixels)
            {
                ThrowHelper.Codec($"RLE Lossless frame {frameIndex}: segment {segment} decodes to {decoded} bytes, expected {pixels}");
            }
        }

        return output;
    }

    /// <summary>G.3.2: a header byte n of 0..127 copies the next n + 1 bytes; −1..−127 repeats the next
    /// byte 1 − n times; −128 does nothing. Output bytes go to output[first + k × stride].
    /// Returns how many bytes were produced (at most <paramref name="count"/>).</summary>
    private static int DecodeSegment(ReadOnlySpan<byte> segment, Span<byte> output, int first, int stride, int count)
    {
        var produced = 0;
        var position = 0;
        while (produced < count && position < segment.Length)
        {
            var header = (sbyte)segment[position++];
            if (header >= 0)
            {
                var run = Math.Min(header + 1, Math.Min(count - produced, segment.Length - position));
                for (var k = 0; k < run; k++)
                {
                    output[first + (produced + k) * stride] = segment[position + k];
                }

                position += header + 1;
                produced += run;
            }
            else if (header != -128)
            {
                if (position >= segment.Length)
                {
                    break;
                }

                var value = segment[position++];
                var run = Math.Min(1 - header, count - produced);
                for (var k = 0; k < run; k++)
                {
                    output[first + (produced + k) * stride] = value;
                }

                produced += run;
            }
        }

        return produced;
    }
}
