namespace ImagingPipeline.Contracts;

/// <summary>
/// What every ImagingPipeline message carries. A higher <see cref="Version"/> for the same
/// <see cref="StudyInstanceUid"/> supersedes every lower one; the transport message id is derived
/// from (kind, study, version[, site]) by <see cref="MessageIds"/>, so a redelivered or republished
/// message can be dropped by id.
/// </summary>
public interface IVersionedMessage
{
    /// <summary>Study Instance UID (0020,000D) the message is about.</summary>
    string StudyInstanceUid { get; }

    /// <summary>Patient ID (0010,0020) as received from the PACS.</summary>
    string PatientId { get; }

    /// <summary>Version of this kind of message for the study, starting at 1.</summary>
    int Version { get; }
}
