"""Smaller CJK PDFs: re-pack WeasyPrint's CFF font subsets compactly (a WeasyPrint finisher).

WeasyPrint subsets fonts *retaining glyph ids* (its text streams address glyphs by their id
in the original font). For a TrueType font that is cheap: unused glyphs are empty ``loca``
entries, which compress to nothing. For a CFF font (Noto Sans/Serif CJK, ~65,000 glyphs) every
retained slot costs a 3-byte CharStrings offset that barely compresses, so each Noto face in a
PDF weighs 80–240 KB whether it sets 15 characters or 500: a one-page sheet was 430 KB.

``compact_cff_fonts`` runs after WeasyPrint has built the PDF objects and, for each CFF font:

1. subsets the embedded program again with hb-subset, *without* retaining glyph ids, to the
   glyphs the document uses (plus .notdef), dropping the vertical-metrics tables;
2. rewrites the CFF ``charset`` to the identity (glyph n has CID n), so the program means the
   same whether a viewer maps CIDs through the charset (the PDF rule for CID-keyed CFF) or
   uses them as glyph ids;
3. renumbers the glyph codes in the text-showing operators (``TJ``) of every content stream,
   the ``ToUnicode`` map and the ``W`` widths to the new glyph ids. The font keeps the plain
   ``Identity-H`` encoding, the form every PDF reader handles (an embedded CMap would have
   been less work, but pypdf and other extractors then lose the text).

Anything unexpected (a font WeasyPrint encoded otherwise, a CIDSet for PDF/A-1, a text
operator in a form this code does not rewrite) leaves the PDF exactly as WeasyPrint made it.
The tests render pages with and without packing (poppler) and compare the pixels, compare each
packed glyph's outline with the original's, and extract the text back with pypdf.
"""
from __future__ import annotations

import logging
import re
import struct
from functools import lru_cache

logger = logging.getLogger("unionadmin.documents")

# Tables a PDF never reads from an embedded font for horizontal text.
DROP_TABLES = (b"vmtx", b"vhea", b"VORG", b"BASE", b"GSUB", b"GPOS", b"GDEF", b"JSTF", b"DSIG", b"SVG ")

_HB_SUBSET_FLAGS_NO_HINTING = 0x1
_HB_SUBSET_FLAGS_NOTDEF_OUTLINE = 0x40
_HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED = 0x20
_HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200
_HB_SUBSET_SETS_DROP_TABLE_TAG = 3
_HB_MEMORY_MODE_READONLY = 1


class PackingError(Exception):
    pass


@lru_cache(maxsize=1)
def _hb():
    import cffi

    ffi = cffi.FFI()
    ffi.cdef("""
        typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t;
        typedef struct hb_set_t hb_set_t; typedef struct hb_subset_input_t hb_subset_input_t;
        typedef uint32_t hb_codepoint_t; typedef uint32_t hb_tag_t;
        hb_blob_t *hb_blob_create(const char *data, unsigned int length, int mode, void *user_data, void *destroy);
        void hb_blob_destroy(hb_blob_t *blob);
        const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
        hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
        void hb_face_destroy(hb_face_t *face);
        unsigned int hb_face_get_glyph_count(const hb_face_t *face);
        hb_blob_t *hb_face_reference_blob(hb_face_t *face);
        void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
        hb_tag_t hb_tag_from_string(const char *str, int len);
        hb_subset_input_t *hb_subset_input_create_or_fail(void);
        void hb_subset_input_destroy(hb_subset_input_t *input);
        hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
        hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
        void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned value);
        hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
    """)
    return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")


def subset_compact(font: bytes, glyphs: list[int]) -> bytes:
    """``font`` reduced to ``glyphs`` (and whatever hb-subset's closure adds), renumbered."""
    ffi, hb, hbs = _hb()
    blob = ffi.gc(hb.hb_blob_create(font, len(font), _HB_MEMORY_MODE_READONLY, ffi.NULL, ffi.NULL),
                  hb.hb_blob_destroy)
    face = ffi.gc(hb.hb_face_create(blob, 0), hb.hb_face_destroy)
    subset_input = ffi.gc(hbs.hb_subset_input_create_or_fail(), hbs.hb_subset_input_destroy)
    if subset_input == ffi.NULL:
        raise PackingError("hb_subset_input_create_or_fail")
    glyph_set = hbs.hb_subset_input_glyph_set(subset_input)
    for glyph in glyphs:
        hb.hb_set_add(glyph_set, glyph)
    drop = hbs.hb_subset_input_set(subset_input, _HB_SUBSET_SETS_DROP_TABLE_TAG)
    for tag in DROP_TABLES:
        hb.hb_set_add(drop, hb.hb_tag_from_string(tag, -1))
    hbs.hb_subset_input_set_flags(
        subset_input,
        _HB_SUBSET_FLAGS_NO_HINTING | _HB_SUBSET_FLAGS_NOTDEF_OUTLINE
        | _HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED | _HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE,
    )
    result = hbs.hb_subset_or_fail(face, subset_input)
    if result == ffi.NULL:
        raise PackingError("hb_subset_or_fail")
    result = ffi.gc(result, hb.hb_face_destroy)
    out_blob = ffi.gc(hb.hb_face_reference_blob(result), hb.hb_blob_destroy)
    length = ffi.new("unsigned int *")
    pointer = hb.hb_blob_get_data(out_blob, length)
    return bytes(ffi.buffer(pointer, length[0]))


# --- CFF: make the charset the identity -------------------------------------------------


def _read_index(buf: bytes, pos: int) -> tuple[list[tuple[int, int]], int]:
    (count,) = struct.unpack_from(">H", buf, pos)
    if count == 0:
        return [], pos + 2
    off_size = buf[pos + 2]
    offsets_at = pos + 3
    offsets = [int.from_bytes(buf[offsets_at + i * off_size: offsets_at + (i + 1) * off_size], "big")
               for i in range(count + 1)]
    data_at = offsets_at + (count + 1) * off_size - 1
    items = [(data_at + offsets[i], data_at + offsets[i + 1]) for i in range(count)]
    return items, data_at + offsets[-1]


def _parse_dict(buf: bytes) -> dict:
    operators, operands, i = {}, [], 0
    while i < len(buf):
        b0 = buf[i]
        if b0 <= 21:
            if b0 == 12:
                op = 1200 + buf[i + 1]
                i += 2
            else:
                op = b0
                i += 1
            operators[op] = operands
            operands = []
        elif b0 == 28:
            operands.append(struct.unpack_from(">h", buf, i + 1)[0])
            i += 3
        elif b0 == 29:
            operands.append(struct.unpack_from(">i", buf, i + 1)[0])
            i += 5
        elif b0 == 30:  # real: skip nibbles up to the 0xf terminator
            i += 1
            while True:
                byte = buf[i]
                i += 1
                if (byte & 0x0F) == 0x0F or (byte >> 4) == 0x0F:
                    break
            operands.append(0.0)
        elif 32 <= b0 <= 246:
            operands.append(b0 - 139)
            i += 1
        elif 247 <= b0 <= 250:
            operands.append((b0 - 247) * 256 + buf[i + 1] + 108)
            i += 2
        elif 251 <= b0 <= 254:
            operands.append(-(b0 - 251) * 256 - buf[i + 1] - 108)
            i += 2
        else:
            raise PackingError(f"bad DICT byte {b0}")
    return operators


def _charset_length(cff: bytes, at: int, glyphs: int) -> int:
    fmt = cff[at]
    if fmt == 0:
        return 1 + 2 * (glyphs - 1)
    if fmt not in (1, 2):
        raise PackingError(f"charset format {fmt}")
    covered, pos = 1, at + 1
    while covered < glyphs:
        n_left = cff[pos + 2] if fmt == 1 else struct.unpack_from(">H", cff, pos + 2)[0]
        covered += n_left + 1
        pos += 3 if fmt == 1 else 4
    return pos - at


def _identity_charset(glyphs: int) -> bytes:
    if glyphs <= 1:
        return b"\x00"
    if glyphs - 2 <= 255:
        return bytes([1, 0, 1, glyphs - 2])
    return bytes([2, 0, 1]) + struct.pack(">H", glyphs - 2)


def _table_checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _read_charset(cff: bytes, at: int, glyphs: int) -> list[int]:
    """The CID (or SID) of each glyph, glyph 0 included."""
    fmt, cids, pos = cff[at], [0], at + 1
    if fmt == 0:
        cids += list(struct.unpack_from(f">{glyphs - 1}H", cff, pos))
    elif fmt in (1, 2):
        while len(cids) < glyphs:
            (first,) = struct.unpack_from(">H", cff, pos)
            n_left = cff[pos + 2] if fmt == 1 else struct.unpack_from(">H", cff, pos + 2)[0]
            cids.extend(range(first, first + n_left + 1))
            pos += 3 if fmt == 1 else 4
    else:
        raise PackingError(f"charset format {fmt}")
    return cids[:glyphs]


def _cff_layout(font: bytes):
    """(table records, CFF table offset, its length, Top DICT operators, glyph count)."""
    (num_tables,) = struct.unpack_from(">H", font, 4)
    records = {}
    for i in range(num_tables):
        at = 12 + 16 * i
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", font, at)
        records[tag] = (at, offset, length)
    if b"CFF " not in records:
        raise PackingError("no CFF table")
    _, cff_at, cff_length = records[b"CFF "]
    cff = bytes(font[cff_at: cff_at + cff_length])
    _, pos = _read_index(cff, cff[2])  # header size, then the Name INDEX
    top_dicts, _ = _read_index(cff, pos)
    top = _parse_dict(cff[top_dicts[0][0]: top_dicts[0][1]])
    if 1230 not in top:  # ROS: only CID-keyed fonts have a charset that maps to CIDs
        raise PackingError("not a CID-keyed CFF")
    (glyphs,) = struct.unpack_from(">H", cff, top[17][0])  # the CharStrings INDEX count
    return records, cff, cff_at, top, glyphs


def glyph_cids(font: bytes) -> list[int]:
    """The CID of each glyph of a CID-keyed CFF OpenType font."""
    _, cff, _, top, glyphs = _cff_layout(font)
    return _read_charset(cff, top[15][0], glyphs)


def identity_charset(font: bytes) -> bytes:
    """``font`` (an OpenType font with a CID-keyed CFF table) with CID n for glyph n."""
    records, cff, cff_at, top, glyphs = _cff_layout(font)
    font = bytearray(font)
    record_at, _, cff_length = records[b"CFF "]
    charset_at = top[15][0]
    new = _identity_charset(glyphs)
    if charset_at <= 2 or len(new) > _charset_length(cff, charset_at, glyphs):
        raise PackingError("no room for the identity charset")
    start = cff_at + charset_at
    font[start: start + len(new)] = new
    # Checksums: the CFF table's, then head.checkSumAdjustment over the whole font.
    struct.pack_into(">I", font, record_at + 4, _table_checksum(bytes(font[cff_at: cff_at + cff_length])))
    if b"head" in records:
        _, head_at, _ = records[b"head"]
        struct.pack_into(">I", font, head_at + 8, 0)
        struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _table_checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def pack(program: bytes, used: list[int]) -> tuple[bytes, dict[int, int]]:
    """The compact program for glyphs ``used`` of ``program`` and {old glyph: new glyph}."""
    old_cids = glyph_cids(program)
    compact = subset_compact(program, used)
    new_glyph_of = {cid: glyph for glyph, cid in enumerate(glyph_cids(compact))}
    try:
        mapping = {old: new_glyph_of[old_cids[old]] for old in used}
    except (KeyError, IndexError):
        raise PackingError("a used glyph is missing from the packed font") from None
    return identity_charset(compact), mapping


# --- the PDF side -----------------------------------------------------------------------


def _widths(w_array) -> dict[int, object]:
    widths, i = {}, 0
    items = list(w_array)
    while i < len(items):
        start, values = items[i], items[i + 1]
        if not isinstance(start, int) or not isinstance(values, list):
            raise PackingError("unexpected W array")
        for offset, value in enumerate(values):
            widths[start + offset] = value
        i += 2
    return widths


def _w_array(widths: dict[int, object]):
    import pydyf

    array, current, previous = pydyf.Array(), None, None
    for cid in sorted(widths):
        if previous is None or cid != previous + 1:
            current = pydyf.Array()
            array.extend([cid, current])
        current.append(widths[cid])
        previous = cid
    return array


_HEX = re.compile(rb"<([0-9a-fA-F]*)>")
_TO_UNICODE_LINE = re.compile(rb"^<([0-9a-fA-F]{4})> (<[0-9a-fA-F]+>)$")


def _recode_hex(match, mapping):
    digits = match.group(1)
    if len(digits) % 4:
        raise PackingError("a text string that is not 2-byte glyph codes")
    codes = [int(digits[i:i + 4], 16) for i in range(0, len(digits), 4)]
    try:
        return b"<" + b"".join(b"%04x" % mapping[code] for code in codes) + b">"
    except KeyError:
        raise PackingError("a glyph code missing from the font's widths") from None


def _content_streams(pdf, skip: set[int]):
    """The streams that may show text: page contents, form XObjects, tiling patterns."""
    import pydyf

    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Stream) or obj.number in skip:
            continue
        extra = obj.extra or {}
        if "Filter" in extra or "Length1" in extra or "N" in extra:
            continue  # pre-encoded data, a TrueType program, an ICC profile
        if extra.get("Subtype", "/Form") != "/Form" or extra.get("Type") in ("/CMap", "/Metadata", "/EmbeddedFile"):
            continue
        yield obj


def compact_cff_fonts(document, pdf) -> None:
    """WeasyPrint finisher: re-pack every CFF font of ``pdf`` (see the module docstring).

    All changes are planned first and applied only if the whole document could be planned, so
    a stream this code does not understand leaves the PDF exactly as WeasyPrint made it.
    """
    import pydyf

    objects = pdf.objects

    def deref(value):
        if isinstance(value, bytes) and value.endswith(b" R"):
            return objects[int(value.split()[0])]
        return value

    def is_type0(obj):
        return isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Font" and obj.get("Subtype") == "/Type0"

    # Resource names of the fonts (WeasyPrint shares one font resource dictionary).
    names: dict[bytes, int] = {}
    for obj in objects:
        if isinstance(obj, pydyf.Dictionary) and not is_type0(obj):
            for key, value in obj.items():
                if isinstance(value, bytes) and value.endswith(b" R") and is_type0(deref(value)):
                    names[key.encode() if isinstance(key, str) else key] = deref(value).number

    groups: dict[int, tuple[object, list]] = {}
    for obj in objects:
        if not is_type0(obj) or obj.get("Encoding") != "/Identity-H":
            continue  # WeasyPrint's own CMap (missing glyphs): leave it alone
        descendant = deref(obj["DescendantFonts"][0])
        if descendant.get("Subtype") != "/CIDFontType0":
            continue  # TrueType: retained ids cost nothing after compression
        descriptor = deref(descendant["FontDescriptor"])
        if "CIDSet" in descriptor or "FontFile3" not in descriptor:
            continue
        stream = deref(descriptor["FontFile3"])
        groups.setdefault(stream.number, (stream, []))[1].append((obj, descendant))
    if not groups:
        return

    try:
        plan_programs, plan_items, mapping_of_font = [], [], {}
        not_content = set()
        for stream, fonts in groups.values():
            widths = [_widths(descendant["W"]) for _, descendant in fonts]
            used = sorted({0}.union(*[w.keys() for w in widths]))
            program = b"".join(part if isinstance(part, bytes) else bytes(part) for part in stream.stream)
            packed, mapping = pack(program, used)
            plan_programs.append((stream, packed))
            not_content.add(stream.number)
            for (font, descendant), font_widths in zip(fonts, widths):
                mapping_of_font[font.number] = mapping
                plan_items.append((descendant, "W", _w_array({mapping[g]: w for g, w in font_widths.items()})))
                to_unicode = deref(font["ToUnicode"])
                not_content.add(to_unicode.number)
                lines = []
                for line in to_unicode.stream:
                    found = _TO_UNICODE_LINE.match(line) if isinstance(line, bytes) else None
                    if found:
                        line = b"<%04x> %s" % (mapping[int(found.group(1), 16)], found.group(2))
                    lines.append(line)
                plan_items.append((to_unicode, "stream", lines))

        for stream in _content_streams(pdf, not_content):
            current, lines, changed = None, [], False
            for item in stream.stream:
                raw = item if isinstance(item, bytes) else str(item).encode()
                if raw.endswith(b" Tf"):
                    current = mapping_of_font.get(names.get(raw.split()[0].lstrip(b"/")))
                elif current is not None and raw.endswith(b" TJ") and raw.startswith(b"["):
                    item = _HEX.sub(lambda m, font=current: _recode_hex(m, font), raw)
                    changed = True
                elif current is not None and (b"Tj" in raw or b"TJ" in raw or raw.endswith((b"'", b'"'))):
                    raise PackingError("text shown in a form this code does not rewrite")
                lines.append(item)
            if changed:
                plan_items.append((stream, "stream", lines))
    except Exception as exc:  # noqa: BLE001 - keep WeasyPrint's PDF rather than fail the document
        logger.warning("CFF fonts left as WeasyPrint embedded them: %s", exc)
        return

    for stream, packed in plan_programs:
        stream.stream = [packed]
    for target, attribute, value in plan_items:
        if attribute == "stream":
            target.stream = value
        else:
            target[attribute] = value
