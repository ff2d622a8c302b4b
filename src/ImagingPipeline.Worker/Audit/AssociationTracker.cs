using System.Collections.Concurrent;
using ImagingPipeline.Dicom.Network;
using ImagingPipeline.Worker.Storage;

namespace ImagingPipeline.Worker.Audit;

/// <summary>
/// Counts per open association, keyed by the toolkit's association id, so concurrent associations never share a
/// counter: instances received, stored and rejected, and per study what was stored (for the 110104 audit message).
/// Opened by the observer when the association is established and taken out when it closes.
/// </summary>
internal sealed class AssociationTracker
{
    private readonly ConcurrentDictionary<Guid, AssociationTally> _open = new();

    public void Opened(Guid associationId) => _open[associationId] = new AssociationTally();

    /// <summary>A C-STORE was answered with <paramref name="status"/>.</summary>
    public void InstanceAnswered(Guid associationId, ushort status)
    {
        if (_open.TryGetValue(associationId, out var tally))
        {
            tally.Count(IsStored(status));
        }
    }

    /// <summary>The store accepted an instance: remembered under its study for the audit message.</summary>
    public void InstanceStored(Guid associationId, InstanceHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (_open.TryGetValue(associationId, out var tally))
        {
            tally.AddToStudy(header);
        }
    }

    /// <summary>Removes and returns the association's tally (an empty one when it was never opened here).</summary>
    public AssociationTally Closed(Guid associationId) =>
        _open.TryRemove(associationId, out var tally) ? tally : new AssociationTally();

    /// <summary>Success (0000) and warnings (B000-BFFF, 0107, 0116) store the instance (PS3.4 B.2.3, PS3.7 C).</summary>
    public static bool IsStored(ushort status) => status == 0 || (status & 0xF000) == 0xB000 || status is 0x0107 or 0x0116;

    /// <summary>One association's counts; updated under a lock (the handler and the observer may run on different threads).</summary>
    internal sealed class AssociationTally
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, StudyTransfer> _studies = new(StringComparer.Ordinal);
        private int _received;
        private int _stored;
        private int _rejected;

        public int Received { get { lock (_lock) { return _received; } } }

        public int Stored { get { lock (_lock) { return _stored; } } }

        public int Rejected { get { lock (_lock) { return _rejected; } } }

        public void Count(bool stored)
        {
            lock (_lock)
            {
                _received++;
                if (stored)
                {
                    _stored++;
                }
                else
                {
                    _rejected++;
                }
            }
        }

        public void AddToStudy(InstanceHeader header)
        {
            lock (_lock)
            {
                if (!_studies.TryGetValue(header.StudyInstanceUid, out var study))
                {
                    study = new StudyTransfer(header.StudyInstanceUid, header.PatientId, header.PatientName, header.AccessionNumber);
                    _studies.Add(header.StudyInstanceUid, study);
                }

                study.SopClasses[header.SopClassUid] = study.SopClasses.GetValueOrDefault(header.SopClassUid) + 1;
            }
        }

        /// <summary>The studies stored on this association.</summary>
        public IReadOnlyList<StudyTransfer> Studies
        {
            get
            {
                lock (_lock)
                {
                    return [.. _studies.Values];
                }
            }
        }
    }
}

/// <summary>What one association stored of one study: patient, and instances per SOP class.</summary>
internal sealed record StudyTransfer(string StudyInstanceUid, string? PatientId, string? PatientName, string? AccessionNumber)
{
    public Dictionary<string, int> SopClasses { get; } = new(StringComparer.Ordinal);

    public int InstanceCount => SopClasses.Values.Sum();
}
