namespace ImagingPipeline.Fuzz;

/// <summary>
/// A temp folder for the life of the process (the harness keeps its files there between inputs), deleted when
/// the process exits, so replaying the corpus in a test process leaves nothing behind in the temp directory.
/// </summary>
internal static class ProcessTempFolder
{
    public static string Create(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file still open at exit: the system's temp cleaning takes it later.
            }
        };
        return folder;
    }
}
