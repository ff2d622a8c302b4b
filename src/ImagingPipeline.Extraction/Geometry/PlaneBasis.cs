namespace ImagingPipeline.Extraction.Geometry;

/// <summary>An orthonormal basis (U, V, Normal) used to measure contours in their own plane, whatever the orientation.</summary>
internal readonly record struct PlaneBasis(Vector3Mm U, Vector3Mm V, Vector3Mm Normal)
{
    public static PlaneBasis FromNormal(Vector3Mm normal)
    {
        var n = normal.Normalized();
        if (n.Length == 0)
        {
            n = new Vector3Mm(0, 0, 1);
        }

        // Pick the patient axis least aligned with the normal to start the in-plane basis.
        var seed = Math.Abs(n.X) <= Math.Abs(n.Y) && Math.Abs(n.X) <= Math.Abs(n.Z) ? new Vector3Mm(1, 0, 0)
            : Math.Abs(n.Y) <= Math.Abs(n.Z) ? new Vector3Mm(0, 1, 0) : new Vector3Mm(0, 0, 1);
        var u = (seed - (n * seed.Dot(n))).Normalized();
        var v = n.Cross(u);
        return new PlaneBasis(u, v, n);
    }

    public (double U, double V) Project(Vector3Mm p) => (p.Dot(U), p.Dot(V));

    public double Offset(Vector3Mm p) => p.Dot(Normal);

    public Vector3Mm Unproject(double u, double v, double offset) => (U * u) + (V * v) + (Normal * offset);
}
