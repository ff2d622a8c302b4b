using ImagingPipeline.Dicom;
using ImagingPipeline.Dicom.Imaging;
using ImagingPipeline.Dicom.Json;

namespace ImagingPipeline.Fuzz;

/// <summary>
/// The Part 10 reader: the input as a file, parsed in memory, forward-only from a stream (header only) and
/// from disk with positional reads (values of 256 bytes or more left on disk until used); every value read
/// through the typed getters (sequences included), the first frames of the pixel data decoded, and the
/// data set written back as Part 10 and as DICOM JSON.
/// </summary>
internal static class Part10Target
{
    /// <summary>Caps inflation of Deflated Explicit VR Little Endian: a small input may not claim gigabytes.</summary>
    private static readonly DicomReadOptions Options = new() { MaxInflatedLength = 16 << 20 };

    private static readonly DicomReadOptions HeaderOnly = new() { MaxInflatedLength = 16 << 20, StopBeforePixelData = true };

    /// <summary>A low threshold so that small inputs too have values read lazily from the file.</summary>
    private static readonly DicomReadOptions OnDisk = new() { MaxInflatedLength = 16 << 20, LargeValueThreshold = 256 };

    /// <summary>One file per process, rewritten for every input.</summary>
    private static readonly string InputPath = Path.Combine(
        ProcessTempFolder.Create("imagingpipeline-fuzz-part10-"), "input.dcm");

    /// <summary>Frames decoded per input: enough to reach every decoding path, few enough to stay fast.</summary>
    private const int MaxFrames = 2;

    public static void Run(byte[] input)
    {
        try
        {
            Touch(DicomFile.Parse(input, Options));
        }
        catch (DicomException)
        {
            // Malformed data refused with the toolkit's own error: handled.
        }

        try
        {
            using var stream = new MemoryStream(input, writable: false);
            DicomFile.Read(stream, HeaderOnly);
        }
        catch (DicomException)
        {
        }

        File.WriteAllBytes(InputPath, input);
        _ = DicomFile.HasPart10Signature(InputPath);
        try
        {
            Touch(DicomFile.Open(InputPath, OnDisk));
        }
        catch (DicomException)
        {
        }
    }

    /// <summary>Everything a consumer of a parsed file may do with it.</summary>
    internal static void Touch(DicomFile file)
    {
        TouchDataset(file.FileMetaInformation);
        TouchDataset(file.Dataset);
        _ = file.TransferSyntax;
        TouchPixels(file);
        TryDicom(() => DicomJsonWriter.Write(Stream.Null, file));
        TryDicom(() =>
        {
            using var written = new MemoryStream();
            file.Save(written);
        });
    }

    private static void TouchDataset(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            var tag = element.Tag;
            if (element is DicomSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    TouchDataset(item);
                }

                continue;
            }

            TryDicom(() => dataset.GetString(tag));
            TryDicom(() => dataset.GetStrings(tag));
            TryDicom(() => dataset.GetBytes(tag));
            switch (element.VR)
            {
                case DicomVR.DA:
                    TryDicom(() => dataset.GetDate(tag));
                    break;
                case DicomVR.TM:
                    TryDicom(() => dataset.GetTime(tag));
                    break;
                case DicomVR.DT:
                    TryDicom(() => dataset.GetDateTime(tag));
                    break;
                case DicomVR.PN:
                    TryDicom(() => dataset.GetPersonName(tag)?.ToString());
                    break;
                case DicomVR.AT:
                    TryDicom(() => dataset.GetAttributeTags(tag));
                    break;
                case DicomVR.DS or DicomVR.IS or DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.UV
                    or DicomVR.SV or DicomVR.FL or DicomVR.FD:
                    TryDicom(() => dataset.GetDoubles(tag));
                    TryDicom(() => dataset.TryGetInt32(tag, out _));
                    break;
            }
        }
    }

    private static void TouchPixels(DicomFile file)
    {
        DicomPixelData pixels;
        try
        {
            pixels = DicomPixelData.Create(file);
        }
        catch (DicomException)
        {
            return;
        }

        for (var frame = 0; frame < Math.Min(pixels.NumberOfFrames, MaxFrames); frame++)
        {
            TryDicom(() => pixels.GetModalityValues(frame));
            TryDicom(() => pixels.GetRescale(frame));
        }
    }

    private static void TryDicom(Action action)
    {
        try
        {
            action();
        }
        catch (DicomException)
        {
        }
    }

    private static void TryDicom<T>(Func<T> function) => TryDicom(() => { _ = function(); });
}
