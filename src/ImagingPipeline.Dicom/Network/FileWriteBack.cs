using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ImagingPipeline.Dicom.Network;

/// <summary>
/// Starts the kernel writing a range of a file to its disk without waiting for it (Linux sync_file_range(2) with
/// SYNC_FILE_RANGE_WRITE). A later fsync then finds most of the file already written. Advisory: it makes nothing
/// durable, and where it is not available or fails nothing changes (the fsync does all the work).
/// </summary>
internal static partial class FileWriteBack
{
    private const uint SyncFileRangeWrite = 2;
    private static bool _unavailable = !OperatingSystem.IsLinux();
    private static long _bytesStarted;

    /// <summary>Bytes whose write-back was started, since the process began (for tests).</summary>
    internal static long BytesStarted => Interlocked.Read(ref _bytesStarted);

    public static void Start(SafeFileHandle file, long offset, long length)
    {
        if (_unavailable || length <= 0)
        {
            return;
        }

        try
        {
            // Errors (EIO, ESPIPE...) are left to the fsync that follows, which reports them for certain.
            if (SyncFileRange(file, offset, length, SyncFileRangeWrite) == 0)
            {
                Interlocked.Add(ref _bytesStarted, length);
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    private static partial int SyncFileRange(SafeFileHandle fd, long offset, long nbytes, uint flags);
}
