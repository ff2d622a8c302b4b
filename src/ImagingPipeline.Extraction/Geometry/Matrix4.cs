namespace ImagingPipeline.Extraction.Geometry;

/// <summary>
/// A 4×4 homogeneous transform, row-major as FrameOfReferenceTransformationMatrix (3006,00C6)
/// stores it (PS3.3 C.20.2.1.1): p' = M · [x y z 1]ᵀ.
/// </summary>
internal sealed class Matrix4
{
    private readonly double[] _m;

    public Matrix4(IReadOnlyList<double> rowMajor)
    {
        ArgumentNullException.ThrowIfNull(rowMajor);
        if (rowMajor.Count != 16)
        {
            throw new ArgumentException("A transformation matrix has 16 values.", nameof(rowMajor));
        }

        _m = [.. rowMajor];
    }

    public static Matrix4 Identity { get; } = new([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

    public double this[int row, int column] => _m[(row * 4) + column];

    public Vector3Mm Transform(Vector3Mm p)
    {
        var w = (this[3, 0] * p.X) + (this[3, 1] * p.Y) + (this[3, 2] * p.Z) + this[3, 3];
        return new Vector3Mm(
            ((this[0, 0] * p.X) + (this[0, 1] * p.Y) + (this[0, 2] * p.Z) + this[0, 3]) / w,
            ((this[1, 0] * p.X) + (this[1, 1] * p.Y) + (this[1, 2] * p.Z) + this[1, 3]) / w,
            ((this[2, 0] * p.X) + (this[2, 1] * p.Y) + (this[2, 2] * p.Z) + this[2, 3]) / w);
    }

    /// <summary>this · other (apply <paramref name="other"/> first).</summary>
    public Matrix4 Multiply(Matrix4 other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var r = new double[16];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                double s = 0;
                for (var k = 0; k < 4; k++)
                {
                    s += this[i, k] * other[k, j];
                }

                r[(i * 4) + j] = s;
            }
        }

        return new Matrix4(r);
    }

    /// <summary>Inverse by Gauss-Jordan elimination with partial pivoting; throws for a singular matrix.</summary>
    public Matrix4 Inverse()
    {
        var a = new double[4, 8];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                a[i, j] = this[i, j];
            }

            a[i, 4 + i] = 1;
        }

        for (var col = 0; col < 4; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 4; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[pivot, col]) < 1e-12)
            {
                throw new InvalidOperationException("The registration matrix is singular.");
            }

            for (var j = 0; j < 8; j++)
            {
                (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
            }

            var d = a[col, col];
            for (var j = 0; j < 8; j++)
            {
                a[col, j] /= d;
            }

            for (var r = 0; r < 4; r++)
            {
                if (r != col && a[r, col] != 0)
                {
                    var f = a[r, col];
                    for (var j = 0; j < 8; j++)
                    {
                        a[r, j] -= f * a[col, j];
                    }
                }
            }
        }

        var result = new double[16];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                result[(i * 4) + j] = a[i, 4 + j];
            }
        }

        return new Matrix4(result);
    }

    /// <summary>
    /// The transform from frame B to frame C when both are registered into a common frame
    /// (M_B: B → common, M_C: C → common): M_C⁻¹ · M_B (DOMAIN §4).
    /// </summary>
    public static Matrix4 Between(Matrix4 fromBToCommon, Matrix4 fromCToCommon)
    {
        ArgumentNullException.ThrowIfNull(fromCToCommon);
        return fromCToCommon.Inverse().Multiply(fromBToCommon);
    }
}
