using ImagingPipeline.Extraction.Geometry;
using ImagingPipeline.Extraction.Pet;

namespace ImagingPipeline.Extraction.Tests.Geometry;

public sealed class MaskRasterizerTests
{
    public static TheoryData<string, double[], double[]> Orientations => new()
    {
        { "HFS", [1, 0, 0], [0, 1, 0] },
        { "FFS", [-1, 0, 0], [0, 1, 0] },
        { "HFP", [-1, 0, 0], [0, -1, 0] },
        { "FFP", [1, 0, 0], [0, -1, 0] },
    };

    private static ImageGrid Grid(Vector3Mm row, Vector3Mm col, double spacing, int size, double sliceSpacing, int slices, double z0)
    {
        // First voxel placed so that the grid is centred on the patient origin in-plane.
        var half = (size - 1) * spacing / 2;
        var positions = Enumerable.Range(0, slices)
            .Select(k => (row * -half) + (col * -half) + new Vector3Mm(0, 0, z0 + (k * sliceSpacing)))
            .ToList();
        return new ImageGrid { RowDirection = row, ColumnDirection = col, SlicePositions = positions, RowSpacingMm = spacing, ColumnSpacingMm = spacing, Rows = size, Columns = size };
    }

    private static PlanarContour Rect(double x0, double x1, double y0, double y1, double z)
        => new([new(x0, y0, z), new(x1, y0, z), new(x1, y1, z), new(x0, y1, z)]);

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Voxel_centres_inside_a_frame_with_a_hole_are_counted_exactly(string position, double[] r, double[] c)
    {
        var grid = Grid(new Vector3Mm(r[0], r[1], r[2]), new Vector3Mm(c[0], c[1], c[2]), 2.0, 40, 3, 3, -6);
        var contours = new List<PlanarContour>();
        foreach (var z in new[] { -6.0, -3.0, 0.0 })
        {
            contours.Add(Rect(-15.3, 17.1, -9.1, 12.6, z));
            contours.Add(Rect(-5.5, 4.5, -3.3, 5.3, z));
        }

        var mask = MaskRasterizer.Rasterize(contours, grid);

        // Independent truth: test every voxel centre against the rectangles.
        long expected = 0;
        for (var k = 0; k < grid.SlicePositions.Count; k++)
        {
            for (var row = 0; row < grid.Rows; row++)
            {
                for (var col = 0; col < grid.Columns; col++)
                {
                    var p = grid.VoxelCentre(k, row, col);
                    var outer = p.X > -15.3 && p.X < 17.1 && p.Y > -9.1 && p.Y < 12.6;
                    var hole = p.X > -5.5 && p.X < 4.5 && p.Y > -3.3 && p.Y < 5.3;
                    var inside = outer && !hole && Math.Abs(p.Z - (-6 + (3 * Math.Round((p.Z + 6) / 3)))) < 1.5 + 1e-9;
                    if (inside)
                    {
                        expected++;
                        Assert.True(mask.Contains(k, row, col), $"{position}: voxel {k},{row},{col} missing");
                    }
                }
            }
        }

        Assert.True(expected > 0);
        Assert.Equal(expected, mask.VoxelCount);
    }

    [Fact]
    public void Slices_farther_than_half_the_plane_spacing_take_no_contour()
    {
        var grid = Grid(new Vector3Mm(1, 0, 0), new Vector3Mm(0, 1, 0), 1, 20, 1, 1, -10);
        var contours = new[] { Rect(-5, 5, -5, 5, 0), Rect(-5, 5, -5, 5, 2) };
        var mask = MaskRasterizer.Rasterize(contours, grid);
        Assert.Equal(0, mask.VoxelCount);
    }

    [Fact]
    public void Sagittal_grid_masks_sagittal_contours()
    {
        var grid = new ImageGrid
        {
            RowDirection = new Vector3Mm(0, 1, 0),
            ColumnDirection = new Vector3Mm(0, 0, -1),
            SlicePositions = [new Vector3Mm(4, -20, 20), new Vector3Mm(6, -20, 20)],
            RowSpacingMm = 1,
            ColumnSpacingMm = 1,
            Rows = 41,
            Columns = 41,
        };
        var contours = new[] { 4.0, 6.0 }.Select(x => new PlanarContour([new(x, -3.5, -2.5), new(x, 3.5, -2.5), new(x, 3.5, 2.5), new(x, -3.5, 2.5)])).ToList();
        var mask = MaskRasterizer.Rasterize(contours, grid);
        Assert.Equal(2 * 7 * 5, mask.VoxelCount); // y −3..3 (7), z −2..2 (5), two slices
        Assert.Equal(2 * 7 * 5 * 2 / 1000.0, mask.VolumeCc, 9);
    }

    [Fact]
    public void Pet_metrics_take_max_mean_and_a_local_peak_sphere()
    {
        var grid = Grid(new Vector3Mm(1, 0, 0), new Vector3Mm(0, 1, 0), 2, 21, 2, 5, -4);
        var slices = Enumerable.Range(0, 5).Select(_ => Enumerable.Repeat(1f, 21 * 21).ToArray()).ToList();
        // Hot voxel at slice 2, row 10, col 10 (patient origin) and a warm neighbour outside the lesion.
        slices[2][(10 * 21) + 10] = 10f;
        slices[2][(10 * 21) + 12] = 5f;
        var contours = new[] { -2.0, 0.0, 2.0 }.Select(z => Rect(-3, 3, -3, 3, z)).ToList();
        var mask = MaskRasterizer.Rasterize(contours, grid);
        Assert.Equal(27, mask.VoxelCount);
        var m = LesionPetMetrics.Compute(new PetVolume(grid, slices), mask)!;
        Assert.Equal(10, m.SuvMax);
        Assert.Equal((26 + 10) / 27.0, m.SuvMean, 9);

        // Independent count of voxel centres within 6.2 mm of the origin on a 2 mm grid.
        var n = 0;
        for (var i = -3; i <= 3; i++)
        {
            for (var j = -3; j <= 3; j++)
            {
                for (var k = -2; k <= 2; k++)
                {
                    if (4.0 * ((i * i) + (j * j) + (k * k)) <= 6.2 * 6.2)
                    {
                        n++;
                    }
                }
            }
        }

        Assert.Equal((n - 2 + 10 + 5) / (double)n, m.SuvPeak, 9);
        Assert.Equal(m.SuvMean * m.MtvCc, m.Tlg, 12);
        Assert.Null(LesionPetMetrics.Compute(new PetVolume(grid, slices), new VoxelMask(grid)));
    }
}
