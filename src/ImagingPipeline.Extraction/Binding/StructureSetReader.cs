using System.Globalization;
using ImagingPipeline.Dicom;
using ImagingPipeline.Extraction.Geometry;

namespace ImagingPipeline.Extraction.Binding;

/// <summary>
/// Reads an RT Structure Set: Structure Set module (3006,0020 ROIs, 3006,0010 referenced frames and
/// series), ROI Contour module (3006,0039) and RT ROI Observations module (3006,0080), PS3.3 C.8.8.
/// Oddities become warnings; nothing in the object makes it throw.
/// </summary>
internal static class StructureSetReader
{
    /// <summary>Coordinates beyond 100 m are not a patient's: such contours are skipped with a warning.</summary>
    private const double MaxCoordinateMm = 1e5;

    public static StructureSetInfo Read(DicomDataset ds, InstanceIdentity id)
    {
        var warnings = new List<string>();
        var frames = new List<string>();
        var series = new List<string>();
        foreach (var frame in ds.GetSequence(DicomTag.ReferencedFrameOfReferenceSequence))
        {
            if (DatasetValues.Text(frame, DicomTag.FrameOfReferenceUID) is { } f)
            {
                frames.Add(f);
            }

            foreach (var study in frame.GetSequence(DicomTag.RTReferencedStudySequence))
            {
                series.AddRange(study.GetSequence(DicomTag.RTReferencedSeriesSequence)
                    .Select(s => DatasetValues.Text(s, DicomTag.SeriesInstanceUID)).OfType<string>());
            }
        }

        var roiItems = ds.GetSequence(DicomTag.StructureSetROISequence);
        var contourItems = ds.GetSequence(DicomTag.ROIContourSequence);
        var observationItems = ds.GetSequence(DicomTag.RTROIObservationsSequence);
        var contoursByRoi = ByRoiNumber(contourItems, roiItems, "ROI contour", warnings);
        var observationsByRoi = ByRoiNumber(observationItems, roiItems, "RT ROI observation", warnings);

        var rois = new List<RoiInfo>();
        for (var i = 0; i < roiItems.Count; i++)
        {
            var item = roiItems[i];
            if (DatasetValues.Integer(item, DicomTag.ROINumber) is not { } number)
            {
                warnings.Add(Invariant($"StructureSetROISequence item {i + 1} has no ROINumber: skipped"));
                continue;
            }

            var name = DatasetValues.Text(item, DicomTag.ROIName) ?? Invariant($"ROI {number}");
            contoursByRoi.TryGetValue(number, out var contourItem);
            observationsByRoi.TryGetValue(number, out var observation);
            rois.Add(new RoiInfo
            {
                Number = number,
                Name = name,
                FrameOfReferenceUid = DatasetValues.Text(item, DicomTag.ReferencedFrameOfReferenceUID),
                InterpretedType = observation is null ? null : DatasetValues.Text(observation, DicomTag.RTROIInterpretedType),
                AnatomicCodeMeaning = observation is null ? null : CodeMeaning(observation),
                Color = contourItem is null ? null : Color(contourItem),
                Contours = contourItem is null ? [] : Contours(contourItem, name, warnings),
            });
        }

        return new StructureSetInfo
        {
            Id = id,
            Label = DatasetValues.Text(ds, DicomTag.StructureSetLabel),
            DateTime = DatasetValues.DateTimeOf(ds, DicomTag.StructureSetDate, DicomTag.StructureSetTime) ?? id.SeriesDateTime ?? id.StudyDateTime,
            ReferencedFrames = frames,
            ReferencedSeries = series,
            Rois = rois,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// Items keyed by ReferencedROINumber (3006,0084). Items without one are paired with the ROI at
    /// the same position when both sequences have the same length (some exporters omit the number).
    /// </summary>
    private static Dictionary<int, DicomDataset> ByRoiNumber(IReadOnlyList<DicomDataset> items, IReadOnlyList<DicomDataset> rois, string what, List<string> warnings)
    {
        var result = new Dictionary<int, DicomDataset>();
        for (var i = 0; i < items.Count; i++)
        {
            if (DatasetValues.Integer(items[i], DicomTag.ReferencedROINumber) is { } n)
            {
                if (!result.TryAdd(n, items[i]))
                {
                    warnings.Add(Invariant($"two {what} items reference ROI {n}: the second is ignored"));
                }

                continue;
            }

            if (items.Count == rois.Count && DatasetValues.Integer(rois[i], DicomTag.ROINumber) is { } byPosition && result.TryAdd(byPosition, items[i]))
            {
                warnings.Add(Invariant($"{what} item {i + 1} has no ReferencedROINumber: paired with ROI {byPosition} by position"));
            }
            else
            {
                warnings.Add(Invariant($"{what} item {i + 1} has no ReferencedROINumber: ignored"));
            }
        }

        return result;
    }

    private static List<RoiContour> Contours(DicomDataset roiContour, string roiName, List<string> warnings)
    {
        var result = new List<RoiContour>();
        var items = roiContour.GetSequence(DicomTag.ContourSequence);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var type = (DatasetValues.Text(item, DicomTag.ContourGeometricType) ?? "").ToUpperInvariant();
            var images = item.GetSequence(DicomTag.ContourImageSequence)
                .Select(r => DatasetValues.Text(r, DicomTag.ReferencedSOPInstanceUID)).OfType<string>().ToList();
            var data = DatasetValues.Numbers(item, DicomTag.ContourData);
            if (data.Length == 0 || data.Length % 3 != 0)
            {
                warnings.Add(Invariant($"{roiName}: contour {i + 1} has {data.Length} ContourData values (not x/y/z triplets): skipped"));
                continue;
            }

            if (data.Any(v => !double.IsFinite(v) || Math.Abs(v) > MaxCoordinateMm))
            {
                warnings.Add(Invariant($"{roiName}: contour {i + 1} has a coordinate that is not a finite number within ±{MaxCoordinateMm} mm: skipped"));
                continue;
            }

            var closed = type is "CLOSED_PLANAR" or "CLOSEDPLANAR_XOR" ? PlanarContour.FromContourData(data) : null;
            if (closed is not null && closed.Points.Count < 3)
            {
                warnings.Add(Invariant($"{roiName}: closed contour {i + 1} has fewer than 3 distinct points: skipped"));
                closed = null;
            }

            if (type is not ("CLOSED_PLANAR" or "CLOSEDPLANAR_XOR" or "POINT" or "OPEN_PLANAR" or "OPEN_NONPLANAR"))
            {
                warnings.Add($"{roiName}: contour {(i + 1).ToString(CultureInfo.InvariantCulture)} has ContourGeometricType '{type}': treated as a marker");
            }

            result.Add(new RoiContour(type, closed, images, data.Length / 3));
        }

        return result;
    }

    private static int[]? Color(DicomDataset roiContour)
    {
        var rgb = DatasetValues.Numbers(roiContour, DicomTag.ROIDisplayColor);
        return rgb.Length == 3 && rgb.All(v => v is >= 0 and <= 255) ? [.. rgb.Select(v => (int)v)] : null;
    }

    private static string? CodeMeaning(DicomDataset observation)
    {
        foreach (var tag in new[] { DicomTag.RTROIIdentificationCodeSequence, DicomTag.AnatomicRegionSequence })
        {
            var codes = observation.GetSequence(tag);
            if (codes.Count > 0 && DatasetValues.Text(codes[0], DicomTag.CodeMeaning) is { } meaning)
            {
                return meaning;
            }
        }

        return null;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
