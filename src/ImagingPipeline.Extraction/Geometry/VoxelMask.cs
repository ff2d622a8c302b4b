namespace ImagingPipeline.Extraction.Geometry;

/// <summary>A lesion mask on an <see cref="ImageGrid"/> as runs of voxels: (slice, row, first column, last column).</summary>
internal sealed class VoxelMask
{
    private readonly List<(int Slice, int Row, int First, int Last)> _runs = [];

    public VoxelMask(ImageGrid grid) => Grid = grid;

    public ImageGrid Grid { get; }

    public IReadOnlyList<(int Slice, int Row, int First, int Last)> Runs => _runs;

    public long VoxelCount { get; private set; }

    public double VolumeCc => VoxelCount * Grid.VoxelVolumeMm3 / 1000.0;

    internal void Add(int slice, int row, int first, int last)
    {
        _runs.Add((slice, row, first, last));
        VoxelCount += last - first + 1;
    }

    public bool Contains(int slice, int row, int column)
        => _runs.Exists(r => r.Slice == slice && r.Row == row && column >= r.First && column <= r.Last);
}
