using ImagingPipeline.Phantoms.Geometry;

namespace ImagingPipeline.Phantoms.Specs;

/// <summary>
/// One structure of a phantom: the union of <see cref="Solids"/> (islands when apart) minus
/// <see cref="Holes"/> (each inside a solid), in anatomy (world) coordinates. Contoured on every
/// axial plane of the structure set's CT it meets; drawn into the CT and PET when it
/// <see cref="AffectsImages"/>.
/// </summary>
public sealed record PhantomStructure
{
    public required string Name { get; init; }

    /// <summary>RTROIInterpretedType (3006,00A4); empty is allowed.</summary>
    public string InterpretedType { get; init; } = "GTV";

    public required IReadOnlyList<Ellipsoid> Solids { get; init; }

    public IReadOnlyList<Ellipsoid> Holes { get; init; } = [];

    /// <summary>
    /// SUVbw at the centre of the solids. Solid structures without holes fall off towards the edge,
    /// SUV·(1 − ρ²/4) with ρ the normalised ellipsoid radius, so the hottest voxel is the one nearest
    /// the centre; structures with holes are uniform.
    /// </summary>
    public double Suv { get; init; } = 1;

    /// <summary>SUVbw inside the holes (necrosis).</summary>
    public double HoleSuv { get; init; } = 0.5;

    public double Hu { get; init; }

    /// <summary>Vertices per contour (a multiple of 4, so the inscribed polygon keeps both axes).</summary>
    public int Vertices { get; init; } = 64;

    /// <summary>False for structures that only exist as contours (a PTV margin).</summary>
    public bool AffectsImages { get; init; } = true;

    public (int Red, int Green, int Blue) Color { get; init; } = (255, 0, 0);

    /// <summary>RTROIIdentificationCodeSequence content, when the structure set codes the anatomy.</summary>
    public PhantomCode? AnatomicCode { get; init; }

    /// <summary>For lesions: the site the extractor should report; null for everything else.</summary>
    public SiteExpectation? Site { get; init; }

    /// <summary>Whether a world point is inside the structure (in a solid and not in a hole).</summary>
    public bool Contains(PointMm world) => Solids.Any(s => s.Contains(world)) && !Holes.Any(h => h.Contains(world));

    public bool ContainsInHole(PointMm world) => Holes.Any(h => h.Contains(world));

    /// <summary>The SUVbw the PET shows at a world point inside the structure, or null outside it.</summary>
    public double? UptakeAt(PointMm world)
    {
        if (Holes.Count > 0)
        {
            return ContainsInHole(world) ? HoleSuv : Contains(world) ? Suv : null;
        }

        double? best = null;
        foreach (var solid in Solids)
        {
            var rho2 = solid.NormalisedRadiusSquared(world);
            if (rho2 <= 1)
            {
                var value = Suv * (1 - (rho2 / 4));
                best = best is null ? value : Math.Max(best.Value, value);
            }
        }

        return best;
    }
}
