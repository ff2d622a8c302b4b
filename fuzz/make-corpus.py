#!/usr/bin/python3
"""Writes the seed corpus of the three harnesses into fuzz/corpus/{part10,pdu,extraction}.

Seeds are small (a few KB, the largest well under 100 KB) so afl-fuzz mutates them quickly:
- part10: small files of pydicom's test corpus (Debian python3-pydicom) and of the sample patient
  (sample-dicom/), with images shrunk and structure sets cut to a few ROIs and contours;
- pdu: byte streams a peer sends to the SCP, written here from PS3.8 (associate, echo, store,
  storage commitment, release, abort, rejected association, protocol errors);
- extraction: sample-patient instances joined by the harness's separator (a structure set with the
  PET slices, CT headers and registration it needs; two timepoints for progression).
Debian's python3-pydicom (2.3): run with /usr/bin/python3. Deterministic: running it again writes
the same bytes.
"""
import copy
import io
import os
import shutil
import struct
import sys

import pydicom
from pydicom.dataset import Dataset
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_dataset
from pydicom.sequence import Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYDICOM_FILES = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
SAMPLE = os.path.join(ROOT, "sample-dicom")
OUT = os.path.join(ROOT, "fuzz", "corpus")
SEPARATOR = b"%%NEXT%%"  # ExtractionTarget.Separator

PYDICOM_SEEDS = [
    "empty_charset_LEI.dcm", "meta_missing_tsyntax.dcm", "nested_priv_SQ.dcm", "no_meta_group_length.dcm",
    "ExplVR_LitEndNoMeta.dcm", "ExplVR_BigEndNoMeta.dcm", "priv_SQ.dcm", "UN_sequence.dcm",
    "SC_rgb_small_odd.dcm", "rtdose_1frame.dcm", "SC_rgb_rle.dcm", "rtdose_expb_1frame.dcm",
    "rtdose_rle_1frame.dcm", "rtplan_truncated.dcm", "rtstruct.dcm", "SC_rgb_rle_16bit.dcm",
    "SC_rgb_rle_2frame.dcm", "reportsi_with_empty_number_tags.dcm", "SC_rgb_rle_32bit.dcm",
    "SC_rgb_small_odd_jpeg.dcm", "image_dfl.dcm", "test-SR.dcm", "badVR.dcm", "MR_small_RLE.dcm",
    "MR_truncated.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm", "JPEG2000-embedded-sequence-delimiter.dcm",
]


def to_bytes(ds):
    buffer = io.BytesIO()
    ds.save_as(buffer, write_like_original=False)
    return buffer.getvalue()


def shrink_image(ds, step):
    """Keeps every step-th row and column: pixel centres stay where they were, the spacing grows."""
    rows, cols = ds.Rows, ds.Columns
    bytes_per = ds.BitsAllocated // 8
    data = ds.PixelData
    kept = bytearray()
    for r in range(0, rows, step):
        for c in range(0, cols, step):
            at = (r * cols + c) * bytes_per
            kept += data[at:at + bytes_per]
    ds.Rows, ds.Columns = len(range(0, rows, step)), len(range(0, cols, step))
    ds.PixelSpacing = [float(v) * step for v in ds.PixelSpacing]
    ds.PixelData = bytes(kept)
    return ds


def header_only(ds):
    del ds.PixelData
    return ds


def trim_structure_set(ds, roi_names, max_contours=4):
    """Keeps the named ROIs, at most max_contours contours each, and only the images they reference."""
    numbers = {r.ROINumber for r in ds.StructureSetROISequence if r.ROIName in roi_names}
    ds.StructureSetROISequence = Sequence([r for r in ds.StructureSetROISequence if r.ROINumber in numbers])
    ds.RTROIObservationsSequence = Sequence([o for o in ds.RTROIObservationsSequence if o.ReferencedROINumber in numbers])
    kept_images = set()
    contours = []
    for item in ds.ROIContourSequence:
        if item.ReferencedROINumber not in numbers:
            continue
        middle = len(item.ContourSequence) // 2
        start = max(0, middle - max_contours // 2)
        item.ContourSequence = Sequence(item.ContourSequence[start:start + max_contours])
        for contour in item.ContourSequence:
            for image in contour.get("ContourImageSequence", []):
                kept_images.add(image.ReferencedSOPInstanceUID)
        contours.append(item)
    ds.ROIContourSequence = Sequence(contours)
    for frame in ds.get("ReferencedFrameOfReferenceSequence", []):
        for study in frame.get("RTReferencedStudySequence", []):
            for series in study.get("RTReferencedSeriesSequence", []):
                series.ContourImageSequence = Sequence(
                    [i for i in series.ContourImageSequence if i.ReferencedSOPInstanceUID in kept_images])
    return ds, kept_images


def folder(*parts):
    path = os.path.join(SAMPLE, *parts)
    return [os.path.join(path, f) for f in sorted(os.listdir(path))]


def z_of(ds):
    return float(ds.ImagePositionPatient[2])


def contour_z_range(ds):
    zs = [float(c.ContourData[2]) for item in ds.ROIContourSequence for c in item.ContourSequence]
    return min(zs), max(zs)


def pet_slices(study, z_range, step=2, limit=4):
    """PET slices of a study around the structure set's contours, shrunk to a coarser grid."""
    lo, hi = z_range
    chosen = [ds for ds in (pydicom.dcmread(p) for p in folder(study, "PT")) if lo - 6 <= z_of(ds) <= hi + 6]
    chosen.sort(key=z_of)
    return [to_bytes(shrink_image(ds, step)) for ds in chosen[:limit]]


def ct_headers(study, uids, limit=3):
    headers = [ds for ds in (pydicom.dcmread(p, stop_before_pixels=False) for p in folder(study, "CT"))
               if ds.SOPInstanceUID in uids]
    headers.sort(key=z_of)
    return [to_bytes(header_only(ds)) for ds in headers[:limit]]


def write(kind, name, data):
    path = os.path.join(OUT, kind, name)
    with open(path, "wb") as f:
        f.write(data)


def part10_seeds():
    for name in PYDICOM_SEEDS:
        with open(os.path.join(PYDICOM_FILES, name), "rb") as f:
            write("part10", "pydicom-" + name, f.read())
    write("part10", "sample-reg.dcm", open(folder("planning", "REG1")[0], "rb").read())
    write("part10", "sample-pet.dcm", to_bytes(shrink_image(pydicom.dcmread(folder("baseline", "PT")[30]), 4)))
    write("part10", "sample-ct.dcm", to_bytes(shrink_image(pydicom.dcmread(folder("baseline", "CT")[40]), 8)))
    rt, _ = trim_structure_set(pydicom.dcmread(folder("baseline", "RTSTRUCT")[0]), {"GTV3_Rib_L"}, max_contours=2)
    write("part10", "sample-rtstruct.dcm", to_bytes(rt))


def extraction_seeds():
    baseline_rt = pydicom.dcmread(folder("baseline", "RTSTRUCT")[0])
    planning_rt = pydicom.dcmread(folder("planning", "RTSTRUCT")[0])
    reg = open(folder("planning", "REG1")[0], "rb").read()

    rib, rib_images = trim_structure_set(copy.deepcopy(baseline_rt), {"GTV3_Rib_L"})
    write("extraction", "rtstruct-alone", to_bytes(rib))
    write("extraction", "rtstruct-pet-same-frame",
          SEPARATOR.join([to_bytes(rib)] + ct_headers("baseline", rib_images) + pet_slices("baseline", contour_z_range(rib))))

    node, node_images = trim_structure_set(copy.deepcopy(baseline_rt), {"GTVn1_4R", "Liver"}, max_contours=3)
    write("extraction", "rtstruct-node-organ-pet",
          SEPARATOR.join([to_bytes(node)] + ct_headers("baseline", node_images, 2) + pet_slices("baseline", contour_z_range(node), 4, 3)))

    # Planning structure set: its PET is the follow-up's, reached through the registration.
    plan, plan_images = trim_structure_set(copy.deepcopy(planning_rt), {"GTV3_Rib_L"})
    # The registration maps the follow-up frame to the planning frame with a z shift of +80 mm.
    followup_z = tuple(z - 80.0 for z in contour_z_range(plan))
    write("extraction", "rtstruct-registration-pet",
          SEPARATOR.join([to_bytes(plan), reg] + ct_headers("planning", plan_images, 2) + pet_slices("followup", followup_z, 4, 3)))

    # Two timepoints: progression of the planning structure set against the baseline one.
    plan_brain, _ = trim_structure_set(copy.deepcopy(planning_rt), {"GTV3_Rib_L", "GTV5"}, max_contours=2)
    write("extraction", "two-timepoints", SEPARATOR.join([to_bytes(rib), to_bytes(plan_brain)]))

    # Inputs of fixed bugs (tests/ImagingPipeline.Extraction.Tests/Bugs/InfiniteSuvStoppedTheAssessmentJson.cs):
    # each attribute a valid decimal string, together an SUV of infinity.
    def pet_with(change):
        slices = []
        for data in pet_slices("baseline", contour_z_range(rib), 2, 2):
            ds = pydicom.dcmread(io.BytesIO(data))
            change(ds)
            slices.append(to_bytes(ds))
        return slices

    def tiny_dose(ds):
        ds.RadiopharmaceuticalInformationSequence[0].RadionuclideTotalDose = "1e-300"

    def huge_slope(ds):
        ds.RescaleSlope = "1e300"

    write("extraction", "bug-infinite-suv-dose", SEPARATOR.join([to_bytes(rib)] + pet_with(tiny_dose)))
    write("extraction", "bug-infinite-suv-slope", SEPARATOR.join([to_bytes(rib)] + pet_with(huge_slope)))

    write("extraction", "registration-alone", reg)
    write("extraction", "pet-alone", pet_slices("baseline", (0.0, 0.0), 4, 1)[0])
    with open(os.path.join(PYDICOM_FILES, "rtstruct.dcm"), "rb") as f:
        write("extraction", "pydicom-rtstruct", f.read())


# ---- PDUs (PS3.8 9.3) -------------------------------------------------------------------------

IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
DEFLATED = "1.2.840.10008.1.2.1.99"
VERIFICATION = "1.2.840.10008.1.1"
CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
RTSTRUCT_STORAGE = "1.2.840.10008.5.1.4.1.1.481.3"
COMMITMENT = "1.2.840.10008.1.20.1"
COMMITMENT_INSTANCE = "1.2.840.10008.1.20.1.1"
FIND = "1.2.840.10008.5.1.4.1.2.2.1"


def uid(value):
    data = value.encode("ascii")
    return data + (b"\0" if len(data) % 2 else b"")


def item(kind, body):
    return struct.pack(">BBH", kind, 0, len(body)) + body


def pdu(kind, body):
    return struct.pack(">BBI", kind, 0, len(body)) + body


def associate_rq(contexts, called="IMAGINGPIPE", calling="FUZZSCU", identity=None, extra_user=b"", max_pdu=16384):
    body = struct.pack(">HH", 1, 0) + called.ljust(16).encode() + calling.ljust(16).encode() + bytes(32)
    body += item(0x10, b"1.2.840.10008.3.1.1.1")
    for context_id, abstract, syntaxes in contexts:
        sub = item(0x30, uid(abstract)) + b"".join(item(0x40, uid(s)) for s in syntaxes)
        body += item(0x20, bytes([context_id, 0, 0, 0]) + sub)
    user = item(0x51, struct.pack(">I", max_pdu)) + item(0x52, uid("1.2.826.0.1.3680043.9.7433.1")) + item(0x55, b"FUZZ_SCU")
    user += extra_user
    if identity is not None:
        user += item(0x58, identity)
    body += item(0x50, user)
    return pdu(0x01, body)


def element(group, number, value):
    return struct.pack("<HHI", group, number, len(value)) + value


def command(fields):
    """An implicit VR little endian command set with its group length (PS3.7 E)."""
    body = b"".join(element(0, number, value) for number, value in sorted(fields.items()))
    return element(0, 0x0000, struct.pack("<I", len(body))) + body


def us(value):
    return struct.pack("<H", value)


def pdata(context_id, fragments):
    """One P-DATA-TF; each fragment is (is_command, is_last, bytes)."""
    body = b""
    for is_command, is_last, data in fragments:
        control = (1 if is_command else 0) | (2 if is_last else 0)
        body += struct.pack(">I", len(data) + 2) + bytes([context_id, control]) + data
    return pdu(0x04, body)


RELEASE_RQ = pdu(0x05, bytes(4))
ABORT = pdu(0x07, bytes([0, 0, 0, 0]))


def echo(message_id):
    return command({0x0002: uid(VERIFICATION), 0x0100: us(0x0030), 0x0110: us(message_id), 0x0800: us(0x0101)})


def store_command(message_id, sop_class, sop_instance):
    return command({0x0002: uid(sop_class), 0x0100: us(0x0001), 0x0110: us(message_id), 0x0700: us(0),
                    0x0800: us(0x0000), 0x1000: uid(sop_instance)})


def dataset_bytes(ds, implicit):
    buffer = DicomBytesIO()
    buffer.is_little_endian, buffer.is_implicit_VR = True, implicit
    ds.is_little_endian, ds.is_implicit_VR = True, implicit
    write_dataset(buffer, ds)
    return buffer.getvalue()


def pdu_seeds():
    verification = [(1, VERIFICATION, [IMPLICIT_LE])]
    write("pdu", "echo-release", associate_rq(verification) + pdata(1, [(True, True, echo(1))]) + RELEASE_RQ)
    write("pdu", "echo-abort", associate_rq(verification) + pdata(1, [(True, True, echo(1))]) + ABORT)
    write("pdu", "abort-in-sta2", ABORT)
    write("pdu", "release-before-associate", RELEASE_RQ)
    write("pdu", "reject-called-ae", associate_rq(verification, called="SOMEONEELSE"))
    username = struct.pack(">BBH", 1, 1, 4) + b"fuzz" + struct.pack(">H", 0)
    write("pdu", "user-identity-echo", associate_rq(verification, identity=username) + pdata(1, [(True, True, echo(7))]) + RELEASE_RQ)
    # Role selection (PS3.7 D.3.3.4) and asynchronous operations window (D.3.3.3).
    roles = item(0x54, struct.pack(">H", len(CT_STORAGE)) + CT_STORAGE.encode() + bytes([1, 1]))
    window = item(0x53, struct.pack(">HH", 1, 1))
    write("pdu", "roles-window-echo", associate_rq([(1, VERIFICATION, [EXPLICIT_LE]), (3, CT_STORAGE, [EXPLICIT_LE])],
                                                   extra_user=window + roles) + pdata(1, [(True, True, echo(2))]) + RELEASE_RQ)

    # C-STORE of a small structure set, command and data set in several PDVs and PDUs.
    rt = pydicom.dcmread(os.path.join(PYDICOM_FILES, "rtstruct.dcm"), force=True)
    for implicit, syntax, name in [(True, IMPLICIT_LE, "store-implicit"), (False, EXPLICIT_LE, "store-explicit")]:
        data = dataset_bytes(copy.deepcopy(rt), implicit)
        half = len(data) // 2
        stream = associate_rq([(1, VERIFICATION, [IMPLICIT_LE]), (3, RTSTRUCT_STORAGE, [syntax])])
        stream += pdata(3, [(True, True, store_command(1, RTSTRUCT_STORAGE, rt.SOPInstanceUID))])
        stream += pdata(3, [(False, False, data[:half])]) + pdata(3, [(False, True, data[half:])])
        stream += RELEASE_RQ
        write("pdu", name, stream)
    # Two contexts, the store's command split over two fragments, and an echo between instances.
    data = dataset_bytes(copy.deepcopy(rt), True)
    cmd = store_command(2, RTSTRUCT_STORAGE, rt.SOPInstanceUID)
    stream = associate_rq([(1, VERIFICATION, [IMPLICIT_LE]), (5, RTSTRUCT_STORAGE, [DEFLATED, IMPLICIT_LE]), (7, CT_STORAGE, [IMPLICIT_LE])])
    stream += pdata(5, [(True, False, cmd[:20]), (True, True, cmd[20:])])
    stream += pdata(5, [(False, True, data)]) + pdata(1, [(True, True, echo(3))]) + RELEASE_RQ
    write("pdu", "store-split-command", stream)

    # Storage commitment N-ACTION-RQ (PS3.4 J.3.2) with two references.
    request = Dataset()
    request.TransactionUID = "1.2.826.0.1.3680043.9.7433.2.1"
    refs = []
    for n in (1, 2):
        ref = Dataset()
        ref.ReferencedSOPClassUID = CT_STORAGE
        ref.ReferencedSOPInstanceUID = f"1.2.826.0.1.3680043.9.7433.3.{n}"
        refs.append(ref)
    request.ReferencedSOPSequence = Sequence(refs)
    action = command({0x0003: uid(COMMITMENT), 0x0100: us(0x0130), 0x0110: us(4), 0x0800: us(0x0000),
                      0x1001: uid(COMMITMENT_INSTANCE), 0x1008: us(1)})
    stream = associate_rq([(1, COMMITMENT, [IMPLICIT_LE])]) + pdata(1, [(True, True, action)])
    stream += pdata(1, [(False, True, dataset_bytes(request, True))]) + RELEASE_RQ
    write("pdu", "commitment-action", stream)

    # Input of a fixed bug (tests/ImagingPipeline.Dicom.Tests/Bugs/NonAsciiCommitmentUidsLostTheReport.cs): a
    # referenced UID with a byte outside ASCII, which the report could not repeat.
    broken = dataset_bytes(request, True).replace(b"7433.3.1", b"7433.3\xff1")
    stream = associate_rq([(1, COMMITMENT, [IMPLICIT_LE])]) + pdata(1, [(True, True, action)])
    stream += pdata(1, [(False, True, broken)]) + RELEASE_RQ
    write("pdu", "bug-commitment-non-ascii-uid", stream)

    # A request the SCP does not perform (C-FIND) is answered "unrecognized operation".
    find = command({0x0002: uid(FIND), 0x0100: us(0x0020), 0x0110: us(5), 0x0700: us(0), 0x0800: us(0x0000)})
    query = Dataset()
    query.QueryRetrieveLevel = "STUDY"
    query.PatientID = ""
    stream = associate_rq([(1, FIND, [IMPLICIT_LE])]) + pdata(1, [(True, True, find)])
    stream += pdata(1, [(False, True, dataset_bytes(query, True))]) + RELEASE_RQ
    write("pdu", "unsupported-find", stream)

    # Protocol errors after the association is established.
    write("pdu", "pdata-unknown-context", associate_rq(verification) + pdata(9, [(True, True, echo(1))]))
    write("pdu", "associate-twice", associate_rq(verification) + associate_rq(verification))
    write("pdu", "release-then-data", associate_rq(verification) + RELEASE_RQ + pdata(1, [(True, True, echo(1))]))


def main():
    for kind in ("part10", "pdu", "extraction"):
        shutil.rmtree(os.path.join(OUT, kind), ignore_errors=True)
        os.makedirs(os.path.join(OUT, kind))
    part10_seeds()
    pdu_seeds()
    extraction_seeds()
    for kind in ("part10", "pdu", "extraction"):
        files = sorted(os.listdir(os.path.join(OUT, kind)))
        sizes = [os.path.getsize(os.path.join(OUT, kind, f)) for f in files]
        print(f"{kind}: {len(files)} seeds, largest {max(sizes)} bytes, total {sum(sizes)} bytes")


if __name__ == "__main__":
    sys.exit(main())
