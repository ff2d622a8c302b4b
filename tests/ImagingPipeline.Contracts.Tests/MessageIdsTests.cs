using System.Text.Json;
using ImagingPipeline.Contracts;
using Xunit;

namespace ImagingPipeline.Contracts.Tests;

public sealed class MessageIdsTests
{
    // Expected values computed independently with Python's uuid.uuid5 over the same namespace and names.
    [Theory]
    [InlineData("OligoProgressionAssessed", "1.2.3", 2, null, "a847ef9f-4f8f-5308-aa67-0e50a70d5d17")]
    [InlineData("ProgressiveSiteIdentified", "1.2.3", 1, "1.2.4/7", "a3241383-3d26-50b9-aa2a-5bf3518dc4a3")]
    [InlineData("OligoProgressionAssessed", "1.2.826.0.1.3680043.8.498.10", 2, null, "17331d04-e4d7-5018-91f7-46d6c7576ee0")] // the README's example
    [InlineData("ProgressiveSiteIdentified", "1.2.826.0.1.3680043.8.498.10", 2, "1.2.826.0.1.3680043.8.498.13/3", "6999493b-529e-5072-9fec-839a9f45a87f")]
    public void Ids_are_RFC_version_5_name_based_uuids(string kind, string study, int version, string? site, string expected)
        => Assert.Equal(Guid.Parse(expected), MessageIds.For(kind, study, version, site));

    [Fact]
    public void Ids_differ_by_kind_version_and_site_and_repeat_for_the_same_inputs()
    {
        var ids = new[]
        {
            MessageIds.For("StudyReceived", "1.2.3", 1),
            MessageIds.For("StudyReceived", "1.2.3", 2),
            MessageIds.For("OligoProgressionAssessed", "1.2.3", 1),
            MessageIds.For("ProgressiveSiteIdentified", "1.2.3", 1, "a/1"),
            MessageIds.For("ProgressiveSiteIdentified", "1.2.3", 1, "a/2"),
        };
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(ids[0], MessageIds.For("StudyReceived", "1.2.3", 1));
    }

    [Fact]
    public void Typed_overload_uses_the_record_type_name()
    {
        var message = new StudyReceived { StudyInstanceUid = "1.2.3", PatientId = "P1", Version = 3 };
        Assert.Equal(MessageIds.For("StudyReceived", "1.2.3", 3), MessageIds.For(message));
    }

    [Fact]
    public void Version_must_be_positive()
        => Assert.Throws<ArgumentOutOfRangeException>(() => MessageIds.For("StudyReceived", "1.2.3", 0));

    [Fact]
    public void Enums_serialize_as_names_in_camel_case_json()
    {
        var site = new SiteRecord
        {
            SiteId = "s/1",
            RoiNumber = 1,
            RoiName = "GTVn1",
            Progression = new Progression { Status = ProgressionStatus.Progressing },
        };
        var json = JsonSerializer.Serialize(site, JsonSerializerOptions.Web);
        Assert.Contains("\"status\":\"Progressing\"", json, StringComparison.Ordinal);
        Assert.Contains("\"roiName\":\"GTVn1\"", json, StringComparison.Ordinal);
    }
}
