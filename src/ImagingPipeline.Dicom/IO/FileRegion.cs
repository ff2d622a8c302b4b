namespace ImagingPipeline.Dicom.IO;

/// <summary>Bytes of a file identified by its path, with the file's length and last write time when it
/// was parsed so that a changed file is detected rather than read as if it were the same.</summary>
internal sealed record FileRegion(string Path, long Offset, int Length, long FileLength, DateTime LastWriteUtc)
{
    /// <summary>Reads the region.</summary>
    /// <exception cref="DicomException">The file is gone, shorter, or was written since it was parsed.</exception>
    public byte[] Read()
    {
        try
        {
            using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (RandomAccess.GetLength(handle) != FileLength || File.GetLastWriteTimeUtc(Path) != LastWriteUtc)
            {
                throw new DicomException($"{Path} changed since it was parsed: a value left on disk at byte offset {Offset} cannot be read");
            }

            var bytes = GC.AllocateUninitializedArray<byte>(Length);
            var filled = 0;
            while (filled < Length)
            {
                var read = RandomAccess.Read(handle, bytes.AsSpan(filled), Offset + filled);
                if (read <= 0)
                {
                    throw new DicomException($"{Path} ended before byte offset {Offset + Length}");
                }

                filled += read;
            }

            return bytes;
        }
        catch (IOException ex)
        {
            throw new DicomException($"a value left on disk in {Path} at byte offset {Offset} cannot be read: {ex.Message}", ex);
        }
    }
}
