using ImagingPipeline.Extraction.Binding;
using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Frames;

/// <summary>
/// Frames of reference joined by Spatial Registration objects (DOMAIN §4). Each item of a REG gives
/// an edge item frame → REG frame and, inverted, the way back, so a frame is reached from another in
/// either direction and over several objects: the shortest chain of matrices, composed in order.
/// </summary>
internal sealed class FrameGraph
{
    private readonly Dictionary<string, List<Edge>> _edges = new(StringComparer.Ordinal);

    private sealed record Edge(string To, Matrix4 Matrix, string RegistrationUid);

    /// <summary>Adds the items of a registration; <paramref name="frameOfImage"/> resolves items that name images instead of a frame.</summary>
    public void Add(RegistrationInfo registration, Func<string, string?> frameOfImage, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(frameOfImage);
        ArgumentNullException.ThrowIfNull(warnings);
        var target = registration.RegisteredFrameUid;
        if (target is null)
        {
            warnings.Add($"registration {registration.Id.SopInstanceUid} has no FrameOfReferenceUID: not used");
            return;
        }

        foreach (var item in registration.Items)
        {
            var moving = item.FrameOfReferenceUid ?? item.ReferencedImageUids.Select(frameOfImage).FirstOrDefault(f => f is not null);
            if (moving is null)
            {
                warnings.Add($"registration {registration.Id.SopInstanceUid}: an item references images that were not received, so its frame is unknown: not used");
                continue;
            }

            if (moving == target)
            {
                continue;
            }

            Matrix4 inverse;
            try
            {
                inverse = item.MovingToRegistered.Inverse();
            }
            catch (InvalidOperationException)
            {
                warnings.Add($"registration {registration.Id.SopInstanceUid}: the matrix for frame {moving} is singular: not used");
                continue;
            }

            AddEdge(moving, new Edge(target, item.MovingToRegistered, registration.Id.SopInstanceUid));
            AddEdge(target, new Edge(moving, inverse, registration.Id.SopInstanceUid));
        }
    }

    /// <summary>The matrix mapping points of <paramref name="from"/> into <paramref name="to"/> and the registrations used; identity for one frame; null when they are not joined.</summary>
    public (Matrix4 Matrix, IReadOnlyList<string> Registrations)? Find(string? from, string? to)
    {
        if (from is null || to is null)
        {
            return null;
        }

        if (from == to)
        {
            return (Matrix4.Identity, []);
        }

        var previous = new Dictionary<string, (string From, Edge Edge)>(StringComparer.Ordinal);
        var queue = new Queue<string>([from]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        while (queue.Count > 0)
        {
            var frame = queue.Dequeue();
            if (frame == to)
            {
                break;
            }

            foreach (var edge in _edges.GetValueOrDefault(frame) ?? [])
            {
                if (seen.Add(edge.To))
                {
                    previous[edge.To] = (frame, edge);
                    queue.Enqueue(edge.To);
                }
            }
        }

        if (!previous.ContainsKey(to))
        {
            return null;
        }

        var chain = new List<Edge>();
        for (var at = to; at != from; at = previous[at].From)
        {
            chain.Add(previous[at].Edge);
        }

        chain.Reverse();
        var matrix = Matrix4.Identity;
        foreach (var edge in chain)
        {
            matrix = edge.Matrix.Multiply(matrix);
        }

        return (matrix, [.. chain.Select(e => e.RegistrationUid).Distinct(StringComparer.Ordinal)]);
    }

    public Matrix4? Transform(string? from, string? to) => Find(from, to)?.Matrix;

    private void AddEdge(string from, Edge edge)
    {
        if (!_edges.TryGetValue(from, out var list))
        {
            _edges[from] = list = [];
        }

        list.Add(edge);
    }
}
