using System.Buffers.Binary;
using System.Diagnostics;
using ImagingPipeline.Dicom.Imaging;
using ImagingPipeline.Dicom.Json;
using ImagingPipeline.Dicom.Tests.Support;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.IO;

/// <summary>
/// Deterministic mutation fuzzing: corpus and generated files with bits flipped, cut short, length
/// fields set to huge values, bytes inserted, removed or overwritten. Every parse either succeeds or
/// throws a <see cref="DicomException"/>; none takes long; none allocates more than a small multiple
/// of its input. What parses is then used — every value read, written as JSON and re-encoded, pixel
/// data decoded — and that too fails only with toolkit exceptions.
/// </summary>
[Collection(nameof(AllocationMeasuringCollection))]
public sealed class FuzzTests
{
    private const int Iterations = 5000;
    private const int AllocationFactor = 16;
    private const int AllocationAllowance = 96 * 1024;
    private static readonly TimeSpan SlowParse = TimeSpan.FromSeconds(2);

    [Fact]
    public void Mutated_files_fail_cleanly_in_bounded_time_and_memory()
    {
        var seeds = Seeds();
        var random = new Random(20240131);
        var failures = new List<string>();
        var parsed = 0;
        var maxRatio = 0.0;
        foreach (var seed in seeds)
        {
            try
            {
                Use(Parse(seed.Bytes, Options(seed.Bytes)), seed.Name, failures);
            }
            catch (DicomException)
            {
                // Some seeds are damaged on purpose; the loop below only needs the code warmed up.
            }
        }

        for (var iteration = 0; iteration < Iterations && failures.Count < 20; iteration++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            var (mutated, mutation) = Mutate(seed, random);
            var options = Options(mutated);
            var context = $"#{iteration} {seed.Name} {mutation}";
            var stopwatch = Stopwatch.StartNew();
            var before = GC.GetAllocatedBytesForCurrentThread();
            DicomFile? file;
            try
            {
                file = iteration % 8 == 0 ? ParseStream(mutated, options) : Parse(mutated, options);
            }
            catch (DicomException)
            {
                file = null;
            }
            catch (Exception ex)
            {
                failures.Add($"{context}: parse threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
                continue;
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var inflatable = IsDeflated(mutated) ? options.MaxInflatedLength : 0;
            var budget = (long)AllocationFactor * (mutated.Length + inflatable) + AllocationAllowance;
            maxRatio = Math.Max(maxRatio, (double)(allocated - AllocationAllowance) / mutated.Length);
            if (allocated > budget)
            {
                failures.Add($"{context}: allocated {allocated} bytes for {mutated.Length} bytes of input");
            }

            if (stopwatch.Elapsed > SlowParse)
            {
                failures.Add($"{context}: parse took {stopwatch.Elapsed}");
            }

            if (file is not null)
            {
                parsed++;
                Use(file, context, failures);
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Iterations} mutations of {seeds.Count} seeds: {parsed} parsed, the rest refused; largest allocation beyond the allowance {maxRatio:F1} × input");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Deflate expands up to about 1000-fold; the limit keeps a mutated deflated input's allocation a multiple of its size.</summary>
    private static DicomReadOptions Options(byte[] input) => new() { MaxInflatedLength = 64 * input.Length + 65536 };

    private static bool IsDeflated(byte[] bytes) => bytes.AsSpan().IndexOf("1.2.840.10008.1.2.1.99"u8) is >= 0 and < 1024;

    private static DicomFile Parse(byte[] bytes, DicomReadOptions options) => DicomFile.Parse(bytes, options);

    private static DicomFile ParseStream(byte[] bytes, DicomReadOptions options)
    {
        using var stream = new CountingStream(new MemoryStream(bytes), seekable: false);
        return DicomFile.Read(stream, options);
    }

    /// <summary>Reads every value every way, writes JSON and every syntax, decodes pixel data.</summary>
    private static void Use(DicomFile file, string context, List<string> failures)
    {
        try
        {
            Walk(file.FileMetaInformation);
            Walk(file.Dataset);
            DicomJsonWriter.Write(Stream.Null, file);
            foreach (var syntax in new[] { DicomTransferSyntax.ExplicitVRBigEndian, DicomTransferSyntax.ImplicitVRLittleEndian })
            {
                DicomDatasetWriter.Write(Stream.Null, file.Dataset, syntax);
            }

            if (file.Dataset.Contains(DicomTag.PixelData))
            {
                var pixels = DicomPixelData.Create(file);
                if (pixels.CanDecode)
                {
                    pixels.GetModalityValuesAsSingle(0);
                }
            }
        }
        catch (DicomException)
        {
            // Damaged values refused with the toolkit's own errors are what is expected.
        }
        catch (Exception ex)
        {
            failures.Add($"{context}: using the parsed file threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }
    }

    private static void Walk(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            if (element is DicomSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    Walk(item);
                }

                continue;
            }

            dataset.GetString(element.Tag);
            dataset.GetStrings(element.Tag);
            dataset.TryGetDouble(element.Tag, out _);
            if (element.VR is DicomVR.DA)
            {
                dataset.GetDate(element.Tag);
            }
            else if (element.VR is DicomVR.TM)
            {
                dataset.GetTime(element.Tag);
            }
            else if (element.VR is DicomVR.DT)
            {
                dataset.GetDateTime(element.Tag);
            }
            else if (element.VR is DicomVR.PN)
            {
                dataset.GetPersonName(element.Tag);
            }
        }
    }

    private sealed record Seed(string Name, byte[] Bytes, int[] LengthFields);

    /// <summary>Small corpus files of every kind, and generated ones in every uncompressed syntax.</summary>
    private static List<Seed> Seeds()
    {
        var files = new List<(string, byte[])>();
        foreach (var name in new[]
        {
            "CT_small.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm", "MR_small_RLE.dcm", "rtplan.dcm", "rtstruct.dcm",
            "image_dfl.dcm", "JPEG2000.dcm", "UN_sequence.dcm", "nested_priv_SQ.dcm", "SC_rgb_rle_2frame.dcm", "liver_1frame.dcm",
            "rtdose_expb.dcm", "reportsi.dcm", "no_meta_group_length.dcm", "ExplVR_BigEndNoMeta.dcm", "dicomdirtests/DICOMDIR",
        })
        {
            files.Add((name, File.ReadAllBytes(Corpus.Pydicom(name))));
        }

        var charsets = ImagingPipeline.TestSupport.Environment.RepositoryPaths.PydicomCharsetFiles;
        files.Add(("chrH32.dcm", File.ReadAllBytes(ImagingPipeline.TestSupport.Environment.Requirements.Path(Path.Combine(charsets, "chrH32.dcm"), "pydicom charset file"))));
        var rtstruct = SyntheticInstances.StructureSet(rois: 2, contoursPerRoi: 3, pointsPerContour: 5);
        foreach (var syntax in new[] { DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRBigEndian, DicomTransferSyntax.DeflatedExplicitVRLittleEndian })
        {
            files.Add(($"synthetic CT ({syntax.Name})", SyntheticInstances.Encode(SyntheticInstances.CtSlice(16, 16).WithTransferSyntax(syntax))));
            files.Add(($"synthetic RTSTRUCT ({syntax.Name})", SyntheticInstances.Encode(rtstruct.WithTransferSyntax(syntax))));
        }

        return files.Select(f => new Seed(f.Item1, f.Item2, LengthFields(f.Item2))).ToList();
    }

    /// <summary>Offsets of what look like length fields: after an explicit VR of a known tag (16 or 32-bit),
    /// after an implicit known tag, and after item tags.</summary>
    private static int[] LengthFields(byte[] bytes)
    {
        var fields = new List<int>();
        for (var i = 0; i + 12 <= bytes.Length; i += 2)
        {
            var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 2)));
            var bigTag = new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i)), BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i + 2)));
            if (tag == DicomTag.ItemTag || bigTag == DicomTag.ItemTag)
            {
                fields.Add(i + 4);
            }
            else if (DicomDictionary.Lookup(tag) is not null || DicomDictionary.Lookup(bigTag) is not null)
            {
                fields.Add(DicomVRInfo.TryParse(bytes[i + 4], bytes[i + 5], out var vr) ? (DicomVRInfo.HasLongLength(vr) ? i + 8 : -(i + 6)) : i + 4);
            }
        }

        return [.. fields];
    }

    private static (byte[] Bytes, string Mutation) Mutate(Seed seed, Random random)
    {
        var bytes = (byte[])seed.Bytes.Clone();
        switch (random.Next(6))
        {
            case 0:
                var flips = random.Next(1, 9);
                for (var i = 0; i < flips; i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return (bytes, $"{flips} bit flips");
            case 1:
                var cut = random.Next(bytes.Length);
                return (bytes[..cut], $"cut to {cut} bytes");
            case 2 when seed.LengthFields.Length > 0:
                var field = seed.LengthFields[random.Next(seed.LengthFields.Length)];
                var value = random.Next(4) switch { 0 => 0xFFFFFFFFu, 1 => 0xFFFFFFF0u, 2 => 0x7FFFFFFFu, _ => (uint)random.Next() };
                if (field < 0)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(-field), (ushort)(value | 0x8000));
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(field), value);
                }

                return (bytes, $"length at {Math.Abs(field)} set to 0x{value:X}");
            case 3:
                var at = random.Next(bytes.Length);
                var inserted = new byte[random.Next(1, 16)];
                random.NextBytes(inserted);
                return ([.. bytes[..at], .. inserted, .. bytes[at..]], $"{inserted.Length} bytes inserted at {at}");
            case 4:
                var from = random.Next(bytes.Length);
                var count = Math.Min(random.Next(1, 64), bytes.Length - from);
                return ([.. bytes[..from], .. bytes[(from + count)..]], $"{count} bytes removed at {from}");
            default:
                var start = random.Next(bytes.Length);
                var noise = bytes.AsSpan(start, Math.Min(random.Next(1, 32), bytes.Length - start));
                random.NextBytes(noise);
                return (bytes, $"{noise.Length} random bytes at {start}");
        }
    }
}
