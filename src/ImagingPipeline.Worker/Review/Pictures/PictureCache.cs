using System.Security.Cryptography;
using System.Text;
using ImagingPipeline.Worker.Configuration;
using ImagingPipeline.Worker.Storage;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Review.Pictures;

/// <summary>
/// Rendered pictures on disk: <c>{cache}/{anchor study UID}/{version}/{name}-{hash}.png</c>, where the
/// hash covers what else changes the picture (the files' stamp, the PET scale); the size is in the name. Written to a
/// temporary file and renamed, so a reader never sees half a picture.
/// </summary>
internal sealed class PictureCache(IOptions<ReviewOptions> review, IOptions<StorageOptions> storage)
{
    /// <summary>Bump when the drawing changes, so old pictures are not served.</summary>
    private const string RendererRevision = "r1";

    public string Root => review.Value.CacheFolder is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.Combine(storage.Value.FullRoot, ".review-cache");

    public string PathFor(string anchorStudyUid, int version, string name, string stamp)
    {
        if (!UidPolicy.IsValid(anchorStudyUid))
        {
            throw new ArgumentException("not a UID", nameof(anchorStudyUid));
        }

        var key = string.Join('|', RendererRevision, stamp, review.Value.PetSuvScaleMax);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        return Path.Combine(Root, anchorStudyUid, version.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{name}-{hash}.png");
    }

    public static async Task<byte[]?> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public static async Task WriteAsync(string path, byte[] png, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, png, ct);
        File.Move(temp, path, overwrite: true);
    }
}
