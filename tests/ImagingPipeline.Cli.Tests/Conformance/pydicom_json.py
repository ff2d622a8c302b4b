#!/usr/bin/env python3
"""Reads DICOM files with pydicom and prints one JSON object mapping each path to its data set in
the DICOM JSON model (PS3.18 F.2) without bulk data (what `imagingpipeline dump --json --no-bulk`
prints), or to {"error": "..."} when pydicom cannot read it. File meta elements are included.

Usage: pydicom_json.py [--digest] FILE...

--digest: bulk values get "Digest", the SHA-256 of the value in little endian byte order (OW, OF,
OL, OD and OV swapped per word, pixel data per sample of Bits Allocated, when the file is big
endian), so that values can be compared across transfer syntaxes without printing them.

Conventions shared with the C# side: tags as 8 upper-case hex digits; "vr"; "Value" absent when
the value is empty; IS/DS and binary numbers as JSON numbers (an IS/DS string that is not a number
stays a string); PN as {"Alphabetic", "Ideographic", "Phonetic"} with empty groups left out; AT as
8 hex digits; OB/OD/OF/OL/OV/OW/UN and pixel data have no value. Non-finite floats are strings.
"""
import hashlib
import json
import math
import sys
import warnings

import pydicom
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.sequence import Sequence

BULK = {"OB", "OD", "OF", "OL", "OV", "OW", "UN", "OB or OW", "US or OW"}
BINARY_NUMBERS = {"US", "SS", "UL", "SL", "FL", "FD", "SV", "UV", "US or SS", "US or SS or OW"}


def number(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return value
    return value


def text_number(value):
    """IS/DS: a number, or the text when it does not parse, None when empty."""
    if value is None or value == "":
        return None
    try:
        parsed = float(str(value))
    except ValueError:
        return str(value)
    if not math.isfinite(parsed):
        return str(value)
    return parsed


def person_name(value):
    if value is None or str(value) == "":
        return None
    groups = str(value).split("=")
    result = {}
    for key, group in zip(("Alphabetic", "Ideographic", "Phonetic"), groups):
        if group != "":
            result[key] = group
    return result or None


def values_of(elem):
    value = elem.value
    if isinstance(value, (list, MultiValue)):
        items = list(value)
    elif value is None or (isinstance(value, (str, bytes)) and len(value) == 0):
        items = []
    else:
        items = [value]
    vr = elem.VR
    if vr in ("IS", "DS"):
        return [text_number(v) for v in items]
    if vr in BINARY_NUMBERS:
        return [number(v) for v in items]
    if vr == "PN":
        return [person_name(v) for v in items]
    if vr == "AT":
        return ["%08X" % int(v) for v in items]
    return [None if v is None or str(v) == "" else str(v) for v in items]


DIGEST = False
SWAP = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}


def digest(elem, ds, little_endian):
    value = elem.value if isinstance(elem.value, bytes) else b""
    unit = SWAP.get(elem.VR, 1)
    if elem.tag == 0x7FE00010 and elem.VR == "OW":
        bits = ds.get("BitsAllocated", 16)
        unit = bits // 8 if bits in (32, 64) else 2
    if not little_endian and unit > 1:
        value = b"".join(value[i:i + unit][::-1] for i in range(0, len(value) - len(value) % unit, unit))
    return hashlib.sha256(value).hexdigest()


def dataset_json(ds, little_endian=True):
    result = {}
    for elem in ds:
        key = "%08X" % int(elem.tag)
        entry = {"vr": elem.VR}
        if elem.VR == "SQ":
            items = [dataset_json(item, little_endian) for item in (elem.value or [])]
            if items:
                entry["Value"] = items
        elif DIGEST and (elem.VR in BULK or elem.tag == 0x7FE00010) and not elem.is_undefined_length:
            entry["Digest"] = digest(elem, ds, little_endian)
        elif elem.VR not in BULK and elem.tag not in (0x7FE00010, 0x7FE00008, 0x7FE00009):
            values = values_of(elem)
            if any(v is not None for v in values):
                entry["Value"] = values
        result[key] = entry
    return result


def check_whole(ds):
    """pydicom keeps a value cut short by the end of the file; report it as the error it is."""
    for tag in list(ds.keys()):
        raw = ds.get_item(tag)
        length = getattr(raw, "length", None)
        value = getattr(raw, "value", None)
        if isinstance(value, bytes) and length not in (None, 0xFFFFFFFF) and len(value) < length:
            raise EOFError("%s declares %d bytes but only %d are in the file" % (tag, length, len(value)))


def read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(path)
        except pydicom.errors.InvalidDicomError:
            ds = pydicom.dcmread(path, force=True)
        check_whole(ds)
        body = dataset_json(ds, ds.is_little_endian)
        meta = dataset_json(ds.file_meta) if getattr(ds, "file_meta", None) is not None else {}
    meta.update(body)
    return dict(sorted(meta.items()))


def main(paths):
    global DIGEST
    if paths and paths[0] == "--digest":
        DIGEST = True
        paths = paths[1:]
    out = {}
    for path in paths:
        try:
            out[path] = read(path)
        except Exception as exc:  # pydicom raises many kinds; the test only needs to know it failed
            out[path] = {"error": "%s: %s" % (type(exc).__name__, exc)}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
