using ImagingPipeline.Phantoms.Geometry;
using ImagingPipeline.Phantoms.Specs;

namespace ImagingPipeline.Phantoms.Writers;

/// <summary>
/// The image content at a world point: the first structure (lesions before organs) that holds it,
/// else the body background, else air. Structures that only exist as contours are skipped.
/// </summary>
internal sealed class AnatomySampler
{
    private readonly BodyOutline _body;
    private readonly (PhantomStructure Structure, PointMm Min, PointMm Max)[] _structures;

    public AnatomySampler(BodyOutline body, IReadOnlyList<PhantomStructure> anatomy)
    {
        _body = body;
        _structures = [.. anatomy
            .Where(s => s.AffectsImages)
            .OrderBy(s => s.Site is null ? 1 : 0)
            .Select(s => (s, Min(s), Max(s)))];
    }

    public double Suv(PointMm world)
    {
        foreach (var (s, min, max) in _structures)
        {
            if (Inside(world, min, max) && s.UptakeAt(world) is { } suv)
            {
                return suv;
            }
        }

        return _body.Contains(world.X, world.Y) ? _body.BackgroundSuv : 0;
    }

    public double Hu(PointMm world)
    {
        foreach (var (s, min, max) in _structures)
        {
            if (Inside(world, min, max))
            {
                if (s.ContainsInHole(world))
                {
                    return 10;
                }

                if (s.Contains(world))
                {
                    return s.Hu;
                }
            }
        }

        return _body.Contains(world.X, world.Y) ? _body.BackgroundHu : -1000;
    }

    private static bool Inside(PointMm p, PointMm min, PointMm max)
        => p.X >= min.X && p.X <= max.X && p.Y >= min.Y && p.Y <= max.Y && p.Z >= min.Z && p.Z <= max.Z;

    private static PointMm Min(PhantomStructure s) => new(
        s.Solids.Min(e => e.Centre.X - e.SemiAxisXMm), s.Solids.Min(e => e.Centre.Y - e.SemiAxisYMm), s.Solids.Min(e => e.Centre.Z - e.SemiAxisZMm));

    private static PointMm Max(PhantomStructure s) => new(
        s.Solids.Max(e => e.Centre.X + e.SemiAxisXMm), s.Solids.Max(e => e.Centre.Y + e.SemiAxisYMm), s.Solids.Max(e => e.Centre.Z + e.SemiAxisZMm));
}
