namespace ImagingPipeline.Dicom.Tests.Support;

/// <summary>
/// Instances built from the toolkit's own API, shaped like what scanners and planning systems send: a
/// CT slice with the header a scanner writes (patient, study, series, frame of reference, equipment,
/// image plane and pixel modules, a few code sequences and private elements) and an RT Structure Set
/// with many contour points. Deterministic: the same arguments give the same bytes. Also compiled into
/// the benchmark project.
/// </summary>
public static class SyntheticInstances
{
    private const string StudyUid = "1.2.826.0.1.3680043.10.1003.1.1";
    private const string SeriesUid = "1.2.826.0.1.3680043.10.1003.1.2";
    private const string FrameOfReferenceUid = "1.2.826.0.1.3680043.10.1003.1.3";

    /// <summary>A CT slice of <paramref name="rows"/> × <paramref name="columns"/> 16-bit samples (12 stored).</summary>
    public static DicomFile CtSlice(int rows = 512, int columns = 512, int sliceIndex = 0, DicomTransferSyntax? syntax = null)
    {
        var sopInstanceUid = $"1.2.826.0.1.3680043.10.1003.2.{sliceIndex + 1}";
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 100");
        ds.AddOrUpdate(DicomTag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.AddOrUpdate(DicomTag.InstanceCreationDate, "20240131");
        ds.AddOrUpdate(DicomTag.InstanceCreationTime, "101502.123456");
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomSopClass.CTImageStorage);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, sopInstanceUid);
        ds.AddOrUpdate(DicomTag.StudyDate, "20240131");
        ds.AddOrUpdate(DicomTag.SeriesDate, "20240131");
        ds.AddOrUpdate(DicomTag.AcquisitionDate, "20240131");
        ds.AddOrUpdate(DicomTag.ContentDate, "20240131");
        ds.AddOrUpdate(DicomTag.StudyTime, "100512");
        ds.AddOrUpdate(DicomTag.SeriesTime, "101203");
        ds.AddOrUpdate(DicomTag.AcquisitionTime, "101455.250000");
        ds.AddOrUpdate(DicomTag.ContentTime, "101455.250000");
        ds.AddOrUpdate(DicomTag.AccessionNumber, "ACC20240131001");
        ds.AddOrUpdate(DicomTag.Modality, "CT");
        ds.AddOrUpdate(DicomTag.Manufacturer, "Synthetic Medical Systems");
        ds.AddOrUpdate(DicomTag.InstitutionName, "Universitätsklinikum Beispielstadt");
        ds.AddOrUpdate(DicomTag.ReferringPhysicianName, "Müller^Anna^^Dr.");
        ds.AddOrUpdate(DicomTag.StationName, "CTSIM01");
        ds.AddOrUpdate(DicomTag.StudyDescription, "PET^PETCT_WB_FDG (Adult)");
        ds.AddOrUpdate(DicomTag.ProcedureCodeSequence, [Code("CTCHABPEL", "SYNTH", "CT chest abdomen pelvis")]);
        ds.AddOrUpdate(DicomTag.SeriesDescription, "CT 3.0 B30f");
        ds.AddOrUpdate(DicomTag.ManufacturerModelName, "Synthetic CT 128");
        ds.AddOrUpdate(DicomTag.ReferencedImageSequence,
        [
            new DicomDataset()
                .AddOrUpdate(DicomTag.ReferencedSOPClassUID, DicomSopClass.CTImageStorage)
                .AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, "1.2.826.0.1.3680043.10.1003.9.1"),
        ]);
        ds.AddOrUpdate(DicomTag.DerivationDescription, "none");
        ds.AddOrUpdate(DicomTag.PatientName, "Beispiel^Hans^Peter");
        ds.AddOrUpdate(DicomTag.PatientID, "PID0001234");
        ds.AddOrUpdate(DicomTag.IssuerOfPatientID, "SYNTH");
        ds.AddOrUpdate(DicomTag.PatientBirthDate, "19580712");
        ds.AddOrUpdate(DicomTag.PatientSex, "M");
        ds.AddOrUpdate(DicomTag.PatientAge, "065Y");
        ds.AddOrUpdate(DicomTag.PatientSize, DicomVR.DS, 1.78);
        ds.AddOrUpdate(DicomTag.PatientWeight, DicomVR.DS, 81.5);
        ds.AddOrUpdate(DicomTag.BodyPartExamined, "CHEST");
        ds.AddOrUpdate(DicomTag.ScanOptions, "HELICAL MODE");
        ds.AddOrUpdate(DicomTag.SliceThickness, DicomVR.DS, 3.0);
        ds.AddOrUpdate(DicomTag.KVP, DicomVR.DS, 120.0);
        ds.AddOrUpdate(DicomTag.DataCollectionDiameter, DicomVR.DS, 500.0);
        ds.AddOrUpdate(DicomTag.DeviceSerialNumber, "123456");
        ds.AddOrUpdate(DicomTag.SoftwareVersions, "VA20A");
        ds.AddOrUpdate(DicomTag.ProtocolName, "PETCT_WB_FDG");
        ds.AddOrUpdate(DicomTag.ReconstructionDiameter, DicomVR.DS, 500.0);
        ds.AddOrUpdate(DicomTag.DistanceSourceToDetector, DicomVR.DS, 1085.6);
        ds.AddOrUpdate(DicomTag.DistanceSourceToPatient, DicomVR.DS, 595.0);
        ds.AddOrUpdate(DicomTag.GantryDetectorTilt, DicomVR.DS, 0.0);
        ds.AddOrUpdate(DicomTag.TableHeight, DicomVR.DS, 160.0);
        ds.AddOrUpdate(DicomTag.RotationDirection, "CW");
        ds.AddOrUpdate(DicomTag.ExposureTime, DicomVR.IS, 500);
        ds.AddOrUpdate(DicomTag.XRayTubeCurrent, DicomVR.IS, 90);
        ds.AddOrUpdate(DicomTag.Exposure, DicomVR.IS, 45);
        ds.AddOrUpdate(DicomTag.FilterType, "FLAT");
        ds.AddOrUpdate(DicomTag.GeneratorPower, DicomVR.IS, 11);
        ds.AddOrUpdate(DicomTag.FocalSpots, DicomVR.DS, 1.2);
        ds.AddOrUpdate(DicomTag.ConvolutionKernel, "B30f");
        ds.AddOrUpdate(DicomTag.PatientPosition, "HFS");
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, StudyUid);
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, SeriesUid);
        ds.AddOrUpdate(DicomTag.StudyID, "1");
        ds.AddOrUpdate(DicomTag.SeriesNumber, DicomVR.IS, 2);
        ds.AddOrUpdate(DicomTag.AcquisitionNumber, DicomVR.IS, 1);
        ds.AddOrUpdate(DicomTag.InstanceNumber, DicomVR.IS, sliceIndex + 1);
        var z = -3.0 * sliceIndex;
        ds.AddOrUpdate(DicomTag.ImagePositionPatient, DicomVR.DS, -249.51171875, -249.51171875, z);
        ds.AddOrUpdate(DicomTag.ImageOrientationPatient, DicomVR.DS, 1, 0, 0, 0, 1, 0);
        ds.AddOrUpdate(DicomTag.FrameOfReferenceUID, FrameOfReferenceUid);
        ds.AddOrUpdate(DicomTag.PositionReferenceIndicator, "");
        ds.AddOrUpdate(DicomTag.SliceLocation, DicomVR.DS, z);
        ds.AddOrUpdate(DicomTag.SamplesPerPixel, DicomVR.US, (ushort)1);
        ds.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        ds.AddOrUpdate(DicomTag.Rows, DicomVR.US, (ushort)rows);
        ds.AddOrUpdate(DicomTag.Columns, DicomVR.US, (ushort)columns);
        ds.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, 0.9765625, 0.9765625);
        ds.AddOrUpdate(DicomTag.BitsAllocated, DicomVR.US, (ushort)16);
        ds.AddOrUpdate(DicomTag.BitsStored, DicomVR.US, (ushort)12);
        ds.AddOrUpdate(DicomTag.HighBit, DicomVR.US, (ushort)11);
        ds.AddOrUpdate(DicomTag.PixelRepresentation, DicomVR.US, (ushort)0);
        ds.AddOrUpdate(DicomTag.WindowCenter, DicomVR.DS, 40.0, 300.0);
        ds.AddOrUpdate(DicomTag.WindowWidth, DicomVR.DS, 400.0, 1500.0);
        ds.AddOrUpdate(DicomTag.RescaleIntercept, DicomVR.DS, -1024.0);
        ds.AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, 1.0);
        ds.AddOrUpdate(DicomTag.RescaleType, "HU");
        ds.AddOrUpdate(DicomTag.WindowCenterWidthExplanation, "WINDOW1", "WINDOW2");
        ds.AddOrUpdate(new DicomTag(0x0019, 0x0010), DicomVR.LO, "SYNTHETIC CT HEADER");
        ds.AddOrUpdate(new DicomTag(0x0019, 0x1008), DicomVR.CS, "IMAGE NUM 4");
        ds.AddOrUpdate(new DicomTag(0x0019, 0x1009), DicomVR.LO, "1.0");
        ds.AddOrUpdate(new DicomTag(0x0019, 0x100B), DicomVR.DS, 1.5);
        ds.AddOrUpdate(new DicomTag(0x0029, 0x0010), DicomVR.LO, "SYNTHETIC CSA HEADER");
        ds.AddOrUpdateBytes(new DicomTag(0x0029, 0x1010), DicomVR.OB, PrivateBlob(2048));
        ds.AddOrUpdateBytes(DicomTag.PixelData, DicomVR.OW, Pixels(rows, columns, sliceIndex));
        var ts = syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian;
        return new DicomFile(DicomFile.CreateFileMetaInformation(DicomSopClass.CTImageStorage, sopInstanceUid, ts), ds);
    }

    /// <summary>An RT Structure Set of <paramref name="rois"/> ROIs with <paramref name="contoursPerRoi"/> closed
    /// planar contours of <paramref name="pointsPerContour"/> points each (10 × 50 × 100 = 50,000 points by default).</summary>
    public static DicomFile StructureSet(int rois = 10, int contoursPerRoi = 50, int pointsPerContour = 100)
    {
        const string sopInstanceUid = "1.2.826.0.1.3680043.10.1003.3.1";
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        ds.AddOrUpdate(DicomTag.InstanceCreationDate, "20240201");
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomSopClass.RTStructureSetStorage);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, sopInstanceUid);
        ds.AddOrUpdate(DicomTag.StudyDate, "20240131");
        ds.AddOrUpdate(DicomTag.Modality, "RTSTRUCT");
        ds.AddOrUpdate(DicomTag.Manufacturer, "Synthetic Planning");
        ds.AddOrUpdate(DicomTag.PatientName, "Beispiel^Hans^Peter");
        ds.AddOrUpdate(DicomTag.PatientID, "PID0001234");
        ds.AddOrUpdate(DicomTag.StudyInstanceUID, StudyUid);
        ds.AddOrUpdate(DicomTag.SeriesInstanceUID, "1.2.826.0.1.3680043.10.1003.3.2");
        ds.AddOrUpdate(DicomTag.StructureSetLabel, "PTV planning");
        ds.AddOrUpdate(DicomTag.StructureSetDate, "20240201");
        ds.AddOrUpdate(DicomTag.ReferencedFrameOfReferenceSequence,
            [new DicomDataset().AddOrUpdate(DicomTag.FrameOfReferenceUID, FrameOfReferenceUid)]);
        var structureSetRois = new List<DicomDataset>();
        var roiContours = new List<DicomDataset>();
        var observations = new List<DicomDataset>();
        for (var roi = 1; roi <= rois; roi++)
        {
            structureSetRois.Add(new DicomDataset()
                .AddOrUpdate(DicomTag.ROINumber, DicomVR.IS, roi)
                .AddOrUpdate(DicomTag.ReferencedFrameOfReferenceUID, FrameOfReferenceUid)
                .AddOrUpdate(DicomTag.ROIName, $"LN_{roi:D2}")
                .AddOrUpdate(DicomTag.ROIGenerationAlgorithm, "MANUAL"));
            var contours = new List<DicomDataset>();
            for (var c = 0; c < contoursPerRoi; c++)
            {
                var points = new double[pointsPerContour * 3];
                for (var p = 0; p < pointsPerContour; p++)
                {
                    var angle = 2 * Math.PI * p / pointsPerContour;
                    points[p * 3] = Math.Round(40 * roi + 15 * Math.Cos(angle), 2);
                    points[p * 3 + 1] = Math.Round(-60 + 12 * Math.Sin(angle), 2);
                    points[p * 3 + 2] = -3.0 * c;
                }

                contours.Add(new DicomDataset()
                    .AddOrUpdate(DicomTag.ContourImageSequence,
                    [
                        new DicomDataset()
                            .AddOrUpdate(DicomTag.ReferencedSOPClassUID, DicomSopClass.CTImageStorage)
                            .AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, $"1.2.826.0.1.3680043.10.1003.2.{c + 1}"),
                    ])
                    .AddOrUpdate(DicomTag.ContourGeometricType, "CLOSED_PLANAR")
                    .AddOrUpdate(DicomTag.NumberOfContourPoints, DicomVR.IS, pointsPerContour)
                    .AddOrUpdate(DicomTag.ContourNumber, DicomVR.IS, c + 1)
                    .AddOrUpdate(DicomTag.ContourData, DicomVR.DS, points));
            }

            roiContours.Add(new DicomDataset()
                .AddOrUpdate(DicomTag.ROIDisplayColor, DicomVR.IS, 255, 128, roi)
                .AddOrUpdate(DicomTag.ContourSequence, contours)
                .AddOrUpdate(DicomTag.ReferencedROINumber, DicomVR.IS, roi));
            observations.Add(new DicomDataset()
                .AddOrUpdate(DicomTag.ObservationNumber, DicomVR.IS, roi)
                .AddOrUpdate(DicomTag.ReferencedROINumber, DicomVR.IS, roi)
                .AddOrUpdate(DicomTag.RTROIInterpretedType, "GTV")
                .AddOrUpdate(DicomTag.ROIInterpreter, ""));
        }

        ds.AddOrUpdate(DicomTag.StructureSetROISequence, structureSetRois);
        ds.AddOrUpdate(DicomTag.ROIContourSequence, roiContours);
        ds.AddOrUpdate(DicomTag.RTROIObservationsSequence, observations);
        var ts = DicomTransferSyntax.ExplicitVRLittleEndian;
        return new DicomFile(DicomFile.CreateFileMetaInformation(DicomSopClass.RTStructureSetStorage, sopInstanceUid, ts), ds);
    }

    /// <summary>The file's Part 10 bytes.</summary>
    public static byte[] Encode(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var stream = new MemoryStream();
        file.Save(stream);
        return stream.ToArray();
    }

    private static DicomDataset Code(string value, string scheme, string meaning) => new DicomDataset()
        .AddOrUpdate(DicomTag.CodeValue, value)
        .AddOrUpdate(DicomTag.CodingSchemeDesignator, scheme)
        .AddOrUpdate(DicomTag.CodeMeaning, meaning);

    /// <summary>A body-shaped disc of soft tissue around air, 12-bit values, little endian.</summary>
    private static byte[] Pixels(int rows, int columns, int seed)
    {
        var bytes = new byte[rows * columns * 2];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                var dx = (x - columns / 2.0) / (columns / 2.2);
                var dy = (y - rows / 2.0) / (rows / 2.6);
                var inside = dx * dx + dy * dy < 1;
                var value = inside ? 1064 + ((x * 7 + y * 13 + seed) % 61) : (x + y + seed) % 17;
                bytes[(y * columns + x) * 2] = (byte)value;
                bytes[(y * columns + x) * 2 + 1] = (byte)(value >> 8);
            }
        }

        return bytes;
    }

    private static byte[] PrivateBlob(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 % 251);
        }

        return bytes;
    }
}
