using System.Text.Json;
using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction;

namespace ImagingPipeline.Fuzz;

/// <summary>
/// The extraction entry point the worker and the CLI share, on the instances of the input: one or more Part 10
/// files joined by <see cref="Separator"/> (an RT structure set with the PET slices and registrations it
/// needs). Instances the reader refuses are left out, as the worker never passes them on. The extractor
/// promises never to throw for content, so any exception from it is a bug; so is an assessment the worker
/// could not publish (serialised as the worker and the CLI do, with the web defaults).
/// </summary>
internal static class ExtractionTarget
{
    /// <summary>Between two instances of one input.</summary>
    public static ReadOnlySpan<byte> Separator => "%%NEXT%%"u8;

    private static readonly DicomReadOptions Options = new() { MaxInflatedLength = 16 << 20 };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly StudyExtractor Extractor = new(new ExtractionOptions
    {
        AssessedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    });

    /// <summary>The extractor's result, or null when no part of the input was an instance.</summary>
    public static ExtractionResult? Run(byte[] input)
    {
        var inputs = new List<ExtractionInput>();
        foreach (var part in Split(input))
        {
            try
            {
                inputs.Add(ExtractionInput.FromDicomFile(DicomFile.Parse(part, Options), "instance " + (inputs.Count + 1)));
            }
            catch (DicomException)
            {
                // Not an instance the worker would ever hand over.
            }
        }

        if (inputs.Count == 0)
        {
            return null;
        }

        var result = Extractor.Extract(inputs);
        foreach (var assessment in result.Assessments)
        {
            _ = JsonSerializer.SerializeToUtf8Bytes(assessment, Json);
        }

        return result;
    }

    /// <summary>The parts between separators (one part when there is none).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> input)
    {
        while (true)
        {
            var at = input.Span.IndexOf(Separator);
            if (at < 0)
            {
                yield return input;
                yield break;
            }

            yield return input[..at];
            input = input[(at + Separator.Length)..];
        }
    }
}
