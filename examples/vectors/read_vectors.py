"""Read an mxconf vector file with nothing but the Python standard library (docs/vectors.md)."""
import bisect


def read_vectors(path):
    """Returns (header, rows): header maps '@key' names to strings; rows are lists of field strings."""
    header, rows = {}, []
    with open(path, encoding="utf-8") as f:
        if f.readline().rstrip("\n") != "mxconf-vectors 1":
            raise ValueError(f"{path}:1: not an mxconf vector file")
        for number, line in enumerate(f, start=2):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@"):
                key, _, value = line[1:].partition(" ")
                header[key] = value
            else:
                rows.append(line.split())
    return header, rows


def lookup(rows, pattern):
    """The output code of `pattern` in an interval table (rows: first last code classes), or None for '-'."""
    i = bisect.bisect_right([int(r[0], 16) for r in rows], pattern) - 1
    return None if rows[i][2] == "-" else int(rows[i][2], 16)


if __name__ == "__main__":
    import sys
    header, rows = read_vectors(sys.argv[1])
    print(header["operation"], header.get("from"), header.get("to"), len(rows), "rows")
    if len(sys.argv) > 2:
        print(hex(lookup(rows, int(sys.argv[2], 16))))
