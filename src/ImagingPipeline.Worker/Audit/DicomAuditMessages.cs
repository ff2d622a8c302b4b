using System.Globalization;
using System.Text;
using System.Xml;

namespace ImagingPipeline.Worker.Audit;

/// <summary>Who sends the audit messages: our AE title, the audit source id and the machine's name.</summary>
internal sealed record AuditSource(string AeTitle, string SourceId, string HostName, int ProcessId);

/// <summary>
/// DICOM audit messages in the XML format of PS3.15 A.5.1 (coded values as csd-code / codeSystemName /
/// originalText), for the events of PS3.15 A.5.3: 110104 DICOM Instances Transferred, 110100 Application
/// Activity and 110114 User Authentication. Patient identity goes into these messages only, never into logs.
/// </summary>
internal static class DicomAuditMessages
{
    /// <summary>EventOutcomeIndicator: success.</summary>
    public const int Success = 0;

    /// <summary>EventOutcomeIndicator: minor failure (part of the action failed).</summary>
    public const int MinorFailure = 4;

    /// <summary>EventOutcomeIndicator: serious failure (the action was refused).</summary>
    public const int SeriousFailure = 8;

    private static readonly XmlWriterSettings Settings = new()
    {
        OmitXmlDeclaration = true,
        Encoding = new UTF8Encoding(false),
        Indent = false,
    };

    /// <summary>
    /// 110104 (EventActionCode C): the instances of one study that one association stored here. Source: the calling
    /// AE at its address (requestor); destination: us; objects: the study (with instances per SOP class) and its patient.
    /// </summary>
    public static string InstancesTransferred(AuditSource source, AssociationAuditRecord association, StudyTransfer study, int outcome,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(association);
        ArgumentNullException.ThrowIfNull(study);
        return Write(w =>
        {
            Event(w, "C", at, outcome, ("110104", "DCM", "DICOM Instances Transferred"), null);
            var calling = Safe(association.CallingAe);
            Participant(w, calling, "AETITLES=" + calling, requestor: true, association.RemoteAddress, addressIsIp: true,
                ("110153", "DCM", "Source Role ID"));
            Participant(w, source.AeTitle, "AETITLES=" + source.AeTitle, requestor: false, source.HostName, addressIsIp: false,
                ("110152", "DCM", "Destination Role ID"));
            Source(w, source);

            // Study: a system object (2) in the role of a report (3), named by its Study Instance UID (110180).
            w.WriteStartElement("ParticipantObjectIdentification");
            w.WriteAttributeString("ParticipantObjectID", study.StudyInstanceUid);
            w.WriteAttributeString("ParticipantObjectTypeCode", "2");
            w.WriteAttributeString("ParticipantObjectTypeCodeRole", "3");
            Code(w, "ParticipantObjectIDTypeCode", ("110180", "DCM", "Study Instance UID"));
            foreach (var (sopClass, count) in study.SopClasses.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteStartElement("SOPClass");
                w.WriteAttributeString("UID", sopClass);
                w.WriteAttributeString("NumberOfInstances", count.ToString(CultureInfo.InvariantCulture));
                w.WriteEndElement();
            }

            if (!string.IsNullOrEmpty(study.AccessionNumber))
            {
                w.WriteStartElement("Accession");
                w.WriteAttributeString("Number", Safe(study.AccessionNumber));
                w.WriteEndElement();
            }

            w.WriteEndElement();

            // Patient: a person (1) in the role of patient (1), named by the patient number (RFC 3881 code 2).
            w.WriteStartElement("ParticipantObjectIdentification");
            w.WriteAttributeString("ParticipantObjectID", Safe(study.PatientId));
            w.WriteAttributeString("ParticipantObjectTypeCode", "1");
            w.WriteAttributeString("ParticipantObjectTypeCodeRole", "1");
            Code(w, "ParticipantObjectIDTypeCode", ("2", "RFC-3881", "Patient Number"));
            if (!string.IsNullOrEmpty(study.PatientName))
            {
                w.WriteElementString("ParticipantObjectName", Safe(study.PatientName));
            }

            w.WriteEndElement();
        });
    }

    /// <summary>110100 (EventActionCode E) with EventTypeCode 110120 Application Start or 110121 Application Stop.</summary>
    public static string ApplicationActivity(AuditSource source, bool start, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Write(w =>
        {
            Event(w, "E", at, Success, ("110100", "DCM", "Application Activity"),
                start ? ("110120", "DCM", "Application Start") : ("110121", "DCM", "Application Stop"));
            Participant(w, source.AeTitle, "AETITLES=" + source.AeTitle + ";PID=" + source.ProcessId.ToString(CultureInfo.InvariantCulture),
                requestor: false, source.HostName, addressIsIp: false, ("110150", "DCM", "Application"));
            Source(w, source);
        });
    }

    /// <summary>110114 (EventActionCode E) with EventTypeCode 110122 Login or 110123 Logout: the person (requestor) at
    /// <paramref name="remoteAddress"/> and us as the authenticating application; failure is outcome 4.</summary>
    public static string UserAuthentication(AuditSource source, string userName, bool login, bool succeeded, string? remoteAddress,
        DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Write(w =>
        {
            Event(w, "E", at, succeeded ? Success : MinorFailure, ("110114", "DCM", "User Authentication"),
                login ? ("110122", "DCM", "Login") : ("110123", "DCM", "Logout"));
            Participant(w, Safe(userName), null, requestor: true, remoteAddress, addressIsIp: true, null);
            Participant(w, source.AeTitle, "AETITLES=" + source.AeTitle, requestor: false, source.HostName, addressIsIp: false,
                ("110150", "DCM", "Application"));
            Source(w, source);
        });
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters of a malformed header, say).</summary>
    private static string Safe(string? value) =>
        value is null ? "" : value.All(XmlConvert.IsXmlChar) ? value : new string([.. value.Where(XmlConvert.IsXmlChar)]);

    private static string Write(Action<XmlWriter> body)
    {
        var text = new StringBuilder();
        using (var w = XmlWriter.Create(text, Settings))
        {
            w.WriteStartElement("AuditMessage");
            body(w);
            w.WriteEndElement();
        }

        return text.ToString();
    }

    private static void Event(XmlWriter w, string action, DateTimeOffset at, int outcome, (string, string, string) id,
        (string, string, string)? type)
    {
        w.WriteStartElement("EventIdentification");
        w.WriteAttributeString("EventActionCode", action);
        w.WriteAttributeString("EventDateTime", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteAttributeString("EventOutcomeIndicator", outcome.ToString(CultureInfo.InvariantCulture));
        Code(w, "EventID", id);
        if (type is { } t)
        {
            Code(w, "EventTypeCode", t);
        }

        w.WriteEndElement();
    }

    private static void Participant(XmlWriter w, string userId, string? alternative, bool requestor, string? accessPoint, bool addressIsIp,
        (string, string, string)? role)
    {
        w.WriteStartElement("ActiveParticipant");
        w.WriteAttributeString("UserID", userId);
        if (alternative is not null)
        {
            w.WriteAttributeString("AlternativeUserID", alternative);
        }

        w.WriteAttributeString("UserIsRequestor", requestor ? "true" : "false");
        if (!string.IsNullOrEmpty(accessPoint))
        {
            w.WriteAttributeString("NetworkAccessPointID", accessPoint);
            // PS3.15 A.5.1 / RFC 3881: 1 machine name, 2 IP address.
            w.WriteAttributeString("NetworkAccessPointTypeCode", addressIsIp ? "2" : "1");
        }

        if (role is { } r)
        {
            Code(w, "RoleIDCode", r);
        }

        w.WriteEndElement();
    }

    private static void Source(XmlWriter w, AuditSource source)
    {
        w.WriteStartElement("AuditSourceIdentification");
        w.WriteAttributeString("AuditSourceID", source.SourceId);
        // RFC 3881 audit source type 4: application server process.
        Code(w, "AuditSourceTypeCode", ("4", "DCM", "Application Server Process"));
        w.WriteEndElement();
    }

    private static void Code(XmlWriter w, string element, (string Code, string System, string Text) code)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("csd-code", code.Code);
        w.WriteAttributeString("codeSystemName", code.System);
        w.WriteAttributeString("originalText", code.Text);
        w.WriteEndElement();
    }
}
