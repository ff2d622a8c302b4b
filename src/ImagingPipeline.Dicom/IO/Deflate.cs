using System.Buffers;
using System.IO.Compression;

namespace ImagingPipeline.Dicom.IO;

/// <summary>Deflated Explicit VR Little Endian (PS3.5 A.5): the data set after the file meta is a raw
/// deflate stream (RFC 1951, no zlib header).</summary>
internal static class Deflate
{
    /// <summary>Inflates the rest of <paramref name="compressed"/>, at most <see cref="DicomReadOptions.MaxInflatedLength"/> bytes.</summary>
    /// <exception cref="DicomParseException">Corrupt deflate data, or more than the limit.</exception>
    public static byte[] Inflate(Stream compressed, long offset, DicomReadOptions options)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var length = 0;
        try
        {
            using var deflate = new DeflateStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = deflate.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > options.MaxInflatedLength)
                {
                    throw new DicomParseException(default, offset,
                        $"the deflated data set inflates to more than {options.MaxInflatedLength} bytes (DicomReadOptions.MaxInflatedLength)");
                }
            }

            return buffer.AsSpan(0, length).ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new DicomParseException(default, offset, $"corrupt deflated data set: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
