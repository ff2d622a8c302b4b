using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Frames;
using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Tests.Frames;

public sealed class FrameGraphTests
{
    private static readonly Matrix4 Shift = new([1, 0, 0, 10, 0, 1, 0, -5, 0, 0, 1, 30, 0, 0, 0, 1]);
    private static readonly Matrix4 Rotate = new([0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

    private static RegistrationInfo Registration(string uid, string registeredFrame, params RegistrationItem[] items) => new()
    {
        Id = new InstanceIdentity
        {
            Source = uid, SopClassUid = "1.2.840.10008.5.1.4.1.1.66.1", SopInstanceUid = uid, PatientId = "P", StudyInstanceUid = "S", SeriesInstanceUid = "R",
            FrameOfReferenceUid = registeredFrame,
        },
        RegisteredFrameUid = registeredFrame,
        Items = items,
    };

    [Fact]
    public void Frames_are_reached_in_either_direction_and_over_several_registrations()
    {
        var graph = new FrameGraph();
        var warnings = new List<string>();
        graph.Add(Registration("reg1", "B", new RegistrationItem("B", [], Matrix4.Identity, "RIGID"), new RegistrationItem("A", [], Shift, "RIGID")), _ => null, warnings);
        graph.Add(Registration("reg2", "C", new RegistrationItem("B", [], Rotate, "RIGID")), _ => null, warnings);
        Assert.Empty(warnings);

        var p = new Vector3Mm(1, 2, 3);
        var (aToC, used) = graph.Find("A", "C")!.Value;
        Assert.Equal(Rotate.Transform(Shift.Transform(p)), aToC.Transform(p));
        Assert.Equal(["reg1", "reg2"], used);
        var back = graph.Transform("C", "A")!.Transform(aToC.Transform(p));
        Assert.True((back - p).Length < 1e-9);
        Assert.Same(Matrix4.Identity, graph.Transform("A", "A"));
        Assert.Null(graph.Find("A", "D"));
        Assert.Null(graph.Find(null, "A"));
    }

    [Fact]
    public void Items_naming_images_take_the_images_frame_and_singular_matrices_are_refused()
    {
        var graph = new FrameGraph();
        var warnings = new List<string>();
        var singular = new Matrix4([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
        graph.Add(Registration("reg", "B", new RegistrationItem(null, ["img1"], Shift, "RIGID"), new RegistrationItem("X", [], singular, "AFFINE"),
            new RegistrationItem(null, ["missing"], Shift, "RIGID")), uid => uid == "img1" ? "A" : null, warnings);

        Assert.NotNull(graph.Find("B", "A"));
        Assert.Null(graph.Find("B", "X"));
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("singular", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("not received", StringComparison.Ordinal));
    }
}
