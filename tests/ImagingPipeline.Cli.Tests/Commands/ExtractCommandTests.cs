using System.Text.Json;
using ImagingPipeline.Cli.Commands;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Cli.Tests.Commands;

/// <summary>`extract` on the checked-in sample: the OligoProgressionAssessed shape in camelCase, and the table.</summary>
public sealed class ExtractCommandTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ExtractCommand.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Json_has_the_message_shape_with_the_sample_truth()
    {
        var folder = Requirements.Path(RepositoryPaths.SampleDicom, "the checked-in sample-dicom folder");
        var (code, output, errors) = await RunAsync(folder, "--json");

        Assert.Equal(0, code);
        Assert.Equal("", errors);
        using var json = JsonDocument.Parse(output);
        var assessments = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, assessments.Count);
        var planning = assessments[1];
        foreach (var field in new[] { "studyInstanceUid", "patientId", "version", "extractorVersion", "methods", "studiesUsed", "extracranialSiteCount", "intracranialLesionCount", "sites", "warnings" })
        {
            Assert.True(planning.TryGetProperty(field, out _), field);
        }

        Assert.Equal("SAMPLE-0001", planning.GetProperty("patientId").GetString());
        Assert.Equal(5, planning.GetProperty("extracranialSiteCount").GetInt32());
        Assert.Equal(1, planning.GetProperty("intracranialLesionCount").GetInt32());
        var sites = planning.GetProperty("sites").EnumerateArray().ToList();
        Assert.Equal(7, sites.Count);
        foreach (var field in new[] { "roiName", "volumeCc", "longestDiameterMm", "shortAxisMm", "centroidMm", "suvMax", "suvPeak", "suvMean", "isIntracranial", "organ", "lymphNodeStation", "nodalRegion", "progression", "warnings" })
        {
            Assert.True(sites[0].TryGetProperty(field, out _), field);
        }

        var brain = sites.Single(s => s.GetProperty("roiName").GetString() == "GTV5");
        Assert.True(brain.GetProperty("isIntracranial").GetBoolean());
        Assert.Equal("New", brain.GetProperty("progression").GetProperty("status").GetString());
        Assert.Equal(2, sites.Count(s => s.GetProperty("nodalRegion").GetString() == "upper mediastinal R"));
    }

    [Fact]
    public async Task The_table_lists_sites_and_forced_rois_are_measured()
    {
        var folder = Requirements.Path(RepositoryPaths.SampleDicom, "the checked-in sample-dicom folder");
        var (code, output, _) = await RunAsync(folder, "--roi", "PTV_Lung_R");

        Assert.Equal(0, code);
        Assert.Contains("GTVn2_2R", output, StringComparison.Ordinal);
        Assert.Contains("2R → upper mediastinal R", output, StringComparison.Ordinal);
        Assert.Contains("PTV_Lung_R", output, StringComparison.Ordinal);
        Assert.Contains("extracranial sites 6 (nodal regions 1), intracranial lesions 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_without_structure_sets_or_a_missing_folder_fails()
    {
        var folder = Requirements.Path(RepositoryPaths.SampleDicom, "the checked-in sample-dicom folder");
        var (code, output, errors) = await RunAsync(Path.Combine(folder, "followup"), "--json");
        Assert.Equal(1, code);
        Assert.Equal("[]", output.Trim());
        Assert.Contains("no RT structure set", errors, StringComparison.Ordinal);

        Assert.Equal(1, (await RunAsync(Path.Combine(folder, "no-such-folder"))).Code);
        Assert.Equal(2, (await RunAsync()).Code);
        Assert.Equal(2, (await RunAsync(folder, "--bogus")).Code);
    }
}
