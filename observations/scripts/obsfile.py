"""Write observation files: mxconf vector files (docs/vectors.md) with the provenance keys of docs/observations.md.

Standard library only (numpy optional for run-length encoding), so every observation script, on any machine, writes
the same layout: first line, a comment, the provenance keys, the operation keys, @columns, @cases, rows.
"""
import os

MAGIC = "mxconf-vectors 1"
PROVENANCE = ("library", "version", "device", "date", "command")


def write_observation(path, provenance, keys, columns, rows, comment=None):
    """provenance: dict with every PROVENANCE key (plus optional extras); keys: operation keys in order (list of
    (key, value)); rows: lists of string fields. Writes atomically-ish (temp file, rename)."""
    missing = [k for k in PROVENANCE if not provenance.get(k)]
    if missing:
        raise ValueError(f"{path}: observation lacks {', '.join(missing)}")
    lines = [MAGIC]
    lines.append("# " + (comment or f"What {provenance['library']} {provenance['version']} returned, recorded "
                         "by the command below: observed, not computed. docs/observations.md says how to regenerate."))
    for k in PROVENANCE:
        lines.append(f"@{k} {provenance[k]}")
    for k, v in provenance.items():
        if k not in PROVENANCE:
            lines.append(f"@{k} {v}")
    for k, v in keys:
        lines.append(f"@{k} {v}")
    lines.append("@columns " + " ".join(columns))
    lines.append(f"@cases {len(rows)}")
    for r in rows:
        if len(r) != len(columns):
            raise ValueError(f"{path}: row {r[:3]} has {len(r)} fields, @columns names {len(columns)}")
        lines.append(" ".join(r))
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def hexcode(v):
    return "0x%x" % v


def hexfloat32(bits):
    """The exact value of an fp32 bit pattern as a C99 hex float (Python's float.hex is exact for fp32 values)."""
    import struct
    sign = "-" if bits >> 31 else ""
    if (bits & 0x7F800000) == 0x7F800000:
        return sign + ("inf" if bits & 0x7FFFFF == 0 else "nan")
    return struct.unpack("<f", struct.pack("<I", bits))[0].hex()


def runs(codes_first_last):
    """Merge (first, last, code) pieces, in input order and gap-free, into maximal runs."""
    out = []
    for first, last, code in codes_first_last:
        if out and out[-1][2] == code and out[-1][1] + 1 == first:
            out[-1][1] = last
        else:
            out.append([first, last, code])
    return out


def interval_rows(table):
    return [[f"0x{a:0{8}x}", f"0x{b:0{8}x}", "-" if c is None else hexcode(c), "-"] for a, b, c in table]


def interval_rows_width(table, digits):
    return [[f"0x{a:0{digits}x}", f"0x{b:0{digits}x}", "-" if c is None else hexcode(c), "-"] for a, b, c in table]
