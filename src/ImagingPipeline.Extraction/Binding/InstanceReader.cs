using ImagingPipeline.Dicom;

namespace ImagingPipeline.Extraction.Binding;

/// <summary>
/// Reads Part 10 files with as little I/O as the caller needs. <see cref="Open"/> reads a prefix and
/// parses it header-only; a PET image is then read to its end (its pixel data is needed) in the same
/// pass, so every byte of a file is read at most once.
/// </summary>
internal static class InstanceReader
{
    private const int FirstPrefixBytes = 16 * 1024;
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };

    /// <summary>
    /// Opens a file. Returns null when it is not a DICOM file; throws <see cref="DicomException"/> for
    /// a Part 10 file that cannot be parsed. <paramref name="wantsPixels"/> decides, from the header,
    /// whether the rest of the file is read too.
    /// </summary>
    public static DicomFile? Open(string path, Func<DicomDataset, bool> wantsPixels)
    {
        ArgumentNullException.ThrowIfNull(wantsPixels);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var length = stream.Length;
        if (length < 8)
        {
            return null;
        }

        if (length > Array.MaxLength)
        {
            throw new IOException($"{path}: {length} bytes is more than one buffer can hold");
        }

        var buffer = new byte[(int)Math.Min(length, FirstPrefixBytes)];
        stream.ReadExactly(buffer);
        var isPart10 = buffer.Length >= 132 && buffer.AsSpan(128, 4).SequenceEqual("DICM"u8);
        DicomFile? header;
        while (true)
        {
            if (buffer.Length == length)
            {
                header = TryParse(buffer, buffer.Length, HeaderOnly);
                break;
            }

            header = HeaderComplete(buffer);
            if (header is not null || !isPart10)
            {
                break;
            }

            buffer = Grow(stream, buffer, (int)Math.Min(length, (long)buffer.Length * 4));
        }

        if (header is null && isPart10)
        {
            throw new DicomParseException($"{path}: a Part 10 file whose data set cannot be parsed");
        }

        if (header is null || InstanceIdentity.Read(header.Dataset, path) is null)
        {
            return null;
        }

        if (!wantsPixels(header.Dataset))
        {
            return header;
        }

        if (buffer.Length < length)
        {
            buffer = Grow(stream, buffer, (int)length);
        }

        return DicomFile.Parse(buffer);
    }

    /// <summary>
    /// A header-only parse of a prefix that is known to be complete: the parse of the prefix must
    /// succeed, and so must the parse of the prefix less one byte. A prefix that happens to end on an
    /// element boundary (not at Pixel Data) parses, but then its last element is cut one byte
    /// shorter and the second parse fails; a prefix that reaches Pixel Data parses both times.
    /// </summary>
    private static DicomFile? HeaderComplete(byte[] prefix)
    {
        var full = TryParse(prefix, prefix.Length, HeaderOnly);
        return full is not null && TryParse(prefix, prefix.Length - 1, HeaderOnly) is not null ? full : null;
    }

    private static DicomFile? TryParse(byte[] buffer, int length, DicomReadOptions options)
    {
        try
        {
            return DicomFile.Parse(buffer.AsMemory(0, length), options);
        }
        catch (Exception ex) when (ex is DicomException or ArgumentException or IndexOutOfRangeException or InvalidDataException or OverflowException or FormatException)
        {
            return null;
        }
    }

    private static byte[] Grow(FileStream stream, byte[] buffer, int size)
    {
        var bigger = new byte[size];
        buffer.CopyTo(bigger, 0);
        stream.ReadExactly(bigger.AsSpan(buffer.Length));
        return bigger;
    }
}
