#!/usr/bin/python3
"""Writes the ingest benchmark's study: N CT slices 512x512 and N PET slices 192x192 (16-bit, explicit VR LE).

Usage: generate.py FOLDER [COUNT]   (COUNT per modality, default 300)
Deterministic: the same UIDs and pixel values every run, so runs compare like for like.
"""
import os
import sys

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

ROOT = "2.25.1234567890123456789"  # UUID-derived root (PS3.5 B.2), fixed for reproducibility
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
PET_IMAGE = "1.2.840.10008.5.1.4.1.1.128"


def slice_dataset(modality, sop_class, study, series, frame_of_ref, index, size):
    ds = Dataset()
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = f"{series}.{index + 1}"
    ds.StudyInstanceUID = study
    ds.SeriesInstanceUID = series
    ds.FrameOfReferenceUID = frame_of_ref
    ds.Modality = modality
    ds.PatientName = "BENCH^INGEST"
    ds.PatientID = "BENCH0001"
    ds.PatientBirthDate = "19600101"
    ds.PatientSex = "O"
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = "20240102"
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = "101500"
    ds.AccessionNumber = "ACC0001"
    ds.StudyID = "1"
    ds.SeriesNumber = 1 if modality == "CT" else 2
    ds.InstanceNumber = index + 1
    ds.ImagePositionPatient = [-250.0, -250.0, -float(index) * 3.0]
    ds.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    ds.SliceThickness = 3.0
    ds.PixelSpacing = [0.9765625, 0.9765625] if modality == "CT" else [4.0, 4.0]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = ds.Columns = size
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = -1024.0 if modality == "CT" else 0.0
    ds.RescaleSlope = 1.0
    if modality == "PT":
        ds.Units = "BQML"
        ds.DecayCorrection = "START"
        ds.CorrectedImage = ["DECY", "ATTN"]
    # Varied 16-bit values: a ramp that shifts per slice (no long runs of equal bytes).
    row = bytes(((x * 7 + index * 13) & 0xFF) for x in range(size * 2))
    ds.PixelData = row * size
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    return ds


def main():
    folder = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    # A third argument makes another study (UIDs under ROOT.{it}), e.g. the warm-up set.
    root = f"{ROOT}.{sys.argv[3]}" if len(sys.argv) > 3 else ROOT
    os.makedirs(folder, exist_ok=True)
    study = f"{root}.1"
    for modality, sop_class, size, number in (("CT", CT_IMAGE, 512, 2), ("PT", PET_IMAGE, 192, 3)):
        series = f"{root}.{number}"
        for i in range(count):
            ds = slice_dataset(modality, sop_class, study, series, f"{root}.9", i, size)
            path = os.path.join(folder, f"{modality}{i + 1:04d}.dcm")
            try:
                ds.save_as(path, enforce_file_format=True)
            except TypeError:  # pydicom < 3
                ds.is_little_endian = True
                ds.is_implicit_VR = False
                ds.save_as(path, write_like_original=False)


if __name__ == "__main__":
    main()
