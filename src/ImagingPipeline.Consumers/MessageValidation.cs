using ImagingPipeline.Contracts;
using MassTransit;

namespace ImagingPipeline.Consumers;

/// <summary>Rejects messages a consumer cannot act on; the exception sends them through retry to the _error queue.</summary>
internal static class MessageValidation
{
    public static void Validate(ConsumeContext context)
    {
        if (context.TryGetMessage<OligoProgressionAssessed>(out var a))
        {
            Check(a.Message);
            if (a.Message.Sites.Select(s => s.SiteId).Distinct(StringComparer.Ordinal).Count() != a.Message.Sites.Count)
            {
                throw new ArgumentException("assessment lists a siteId twice");
            }
        }
        else if (context.TryGetMessage<SiteReviewCompleted>(out var r))
        {
            Check(r.Message);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(r.Message.AssessmentVersion, "assessmentVersion");
            if (r.Message.Decisions.Select(d => d.SiteId).Distinct(StringComparer.Ordinal).Count() != r.Message.Decisions.Count)
            {
                throw new ArgumentException("review decides a siteId twice");
            }
        }
    }

    private static void Check(IVersionedMessage m)
    {
        if (string.IsNullOrWhiteSpace(m.StudyInstanceUid) || string.IsNullOrWhiteSpace(m.PatientId))
        {
            throw new ArgumentException("studyInstanceUid and patientId are required");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m.Version, "version");
    }
}
