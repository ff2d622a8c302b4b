using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>Cuts a structure with the axial planes of its structure set's CT (frame coordinates).</summary>
internal static class ContourBuilder
{
    /// <summary>Cross-sections thinner than this (semi-minor axis, mm) are not drawn, as a planner would not.</summary>
    public const double MinimumSemiAxisMm = 0.3;

    public static IReadOnlyList<ContourPlane> Build(PhantomStructure structure, RigidTransform worldToFrame, IEnumerable<double> planeZs)
    {
        var planes = new List<ContourPlane>();
        foreach (var z in planeZs.Order())
        {
            var solids = Cut(structure.Solids, worldToFrame, z);
            if (solids.Count == 0)
            {
                continue;
            }

            planes.Add(new ContourPlane(z, solids, Cut(structure.Holes, worldToFrame, z)));
        }

        return planes;
    }

    private static List<PlaneEllipse> Cut(IReadOnlyList<Ellipsoid> parts, RigidTransform worldToFrame, double z)
        => [.. parts.Select(p => p.Slice(worldToFrame, z)).OfType<PlaneEllipse>().Where(e => e.SemiMinorMm >= MinimumSemiAxisMm)];
}
