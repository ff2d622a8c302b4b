namespace ImagingPipeline.Worker.Storage;

/// <summary>
/// PS3.5 9.1 UID syntax, checked before a UID becomes part of a path: 1-64 characters, digits and
/// dots only, no empty component, no leading zero in a component of more than one digit.
/// </summary>
internal static class UidPolicy
{
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64)
        {
            return false;
        }

        var componentStart = 0;
        for (var i = 0; i <= uid.Length; i++)
        {
            if (i == uid.Length || uid[i] == '.')
            {
                var length = i - componentStart;
                if (length == 0 || (length > 1 && uid[componentStart] == '0'))
                {
                    return false;
                }

                componentStart = i + 1;
            }
            else if (uid[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
