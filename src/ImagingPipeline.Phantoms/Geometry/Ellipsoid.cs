namespace ImagingPipeline.Phantoms.Geometry;

/// <summary>
/// An ellipsoid with axes along the anatomy (world) axes: ((x−cx)/a)² + ((y−cy)/b)² + ((z−cz)/c)² ≤ 1.
/// A sphere when the three semi-axes are equal.
/// </summary>
public readonly record struct Ellipsoid(PointMm Centre, double SemiAxisXMm, double SemiAxisYMm, double SemiAxisZMm)
{
    public static Ellipsoid Sphere(PointMm centre, double diameterMm) => new(centre, diameterMm / 2, diameterMm / 2, diameterMm / 2);

    public bool Contains(PointMm world) => NormalisedRadiusSquared(world) <= 1;

    /// <summary>((x−cx)/a)² + ((y−cy)/b)² + ((z−cz)/c)²: 0 at the centre, 1 on the surface.</summary>
    public double NormalisedRadiusSquared(PointMm world)
    {
        var dx = (world.X - Centre.X) / SemiAxisXMm;
        var dy = (world.Y - Centre.Y) / SemiAxisYMm;
        var dz = (world.Z - Centre.Z) / SemiAxisZMm;
        return (dx * dx) + (dy * dy) + (dz * dz);
    }

    /// <summary>The same ellipsoid grown by <paramref name="marginMm"/> along each axis.</summary>
    public Ellipsoid Grow(double marginMm) => new(Centre, SemiAxisXMm + marginMm, SemiAxisYMm + marginMm, SemiAxisZMm + marginMm);

    /// <summary>
    /// The cross-section with the plane z = <paramref name="planeZ"/> of a frame whose coordinates are
    /// <paramref name="worldToFrame"/> applied to world points, or null when the plane misses it.
    /// In the frame the ellipsoid is (f − c')ᵀ Q (f − c') ≤ 1 with c' = R·c + t and Q = R·D·Rᵀ; on the
    /// plane, with h = z − c'z and p the in-plane offset from c', completing the square gives
    /// (p − s)ᵀ A (p − s) ≤ k, s = −h·A⁻¹q, k = 1 + h²·qᵀA⁻¹q − h²·Q₃₃ (A the in-plane block of Q, q its third column).
    /// </summary>
    public PlaneEllipse? Slice(RigidTransform worldToFrame, double planeZ)
    {
        ArgumentNullException.ThrowIfNull(worldToFrame);
        double[] d = [1 / (SemiAxisXMm * SemiAxisXMm), 1 / (SemiAxisYMm * SemiAxisYMm), 1 / (SemiAxisZMm * SemiAxisZMm)];
        var q = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                double sum = 0;
                for (var k = 0; k < 3; k++)
                {
                    sum += worldToFrame[i, k] * d[k] * worldToFrame[j, k];
                }

                q[i, j] = sum;
            }
        }

        var centre = worldToFrame.Apply(Centre);
        var h = planeZ - centre.Z;
        var (a, b, e) = (q[0, 0], q[0, 1], q[1, 1]);
        var det = (a * e) - (b * b);
        // A⁻¹ = [e −b; −b a] / det
        var invQ0 = ((e * q[0, 2]) - (b * q[1, 2])) / det;
        var invQ1 = ((a * q[1, 2]) - (b * q[0, 2])) / det;
        var sx = -h * invQ0;
        var sy = -h * invQ1;
        var level = 1 + (h * h * ((q[0, 2] * invQ0) + (q[1, 2] * invQ1))) - (h * h * q[2, 2]);
        if (level <= 1e-9)
        {
            return null;
        }

        // Eigen-decomposition of the symmetric 2×2 block: the smaller eigenvalue is the major axis.
        var mean = (a + e) / 2;
        var spread = Math.Sqrt((((a - e) / 2) * ((a - e) / 2)) + (b * b));
        var small = mean - spread;
        var large = mean + spread;
        double ux, uy;
        if (Math.Abs(b) > 1e-15)
        {
            (ux, uy) = (small - e, b);
        }
        else
        {
            (ux, uy) = a <= e ? (1.0, 0.0) : (0.0, 1.0);
        }

        var norm = Math.Sqrt((ux * ux) + (uy * uy));
        return new PlaneEllipse(
            new PointMm(centre.X + sx, centre.Y + sy, planeZ),
            ux / norm,
            uy / norm,
            Math.Sqrt(level / small),
            Math.Sqrt(level / large));
    }
}
