"""A small reader for TNEF (`application/ms-tnef`, `winmail.dat`): attachments and body.

Only what a help desk needs: each attachment's name and bytes, the RTF body (`body.rtf`,
decompressed), the HTML body (`body.html`) and the plain body, named as MimeKit names them.
A damaged stream yields what could be read before the damage plus a problem; it never raises.
Format: [MS-OXTNEF] (attributes) and [MS-OXRTFCP] (compressed RTF).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SIGNATURE = 0x223E9F78
LEVEL_MESSAGE, LEVEL_ATTACHMENT = 1, 2
# Attribute ids (type in the high word, id in the low word).
ATT_BODY = 0x0002800C
ATT_ATTACH_DATA = 0x0006800F
ATT_ATTACH_TITLE = 0x00018010
ATT_ATTACH_RENDDATA = 0x00069002
ATT_MSG_PROPS = 0x00069003
ATT_ATTACHMENT = 0x00069005
ATT_OEM_CODEPAGE = 0x00069007
# MAPI property ids.
PR_BODY = 0x1000
PR_RTF_COMPRESSED = 0x1009
PR_BODY_HTML = 0x1013
PR_DISPLAY_NAME = 0x3001
PR_ATTACH_DATA = 0x3701
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_LONG_FILENAME = 0x3707
PR_ATTACH_MIME_TAG = 0x370E
PR_ATTACH_CONTENT_ID = 0x3712
# MAPI property types: fixed sizes, and the variable-length ones.
FIXED_SIZES = {0x0002: 2, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000A: 4,
               0x000B: 2, 0x0014: 8, 0x0040: 8, 0x0048: 16, 0x0001: 0, 0x0000: 0}  # fmt: skip
PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x001E, 0x001F, 0x0102, 0x000D
MULTI_VALUE = 0x1000
MAX_PROPERTIES = 10_000
RTF_PREBUF = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    b"\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    b"\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)


class TnefError(Exception):
    pass


@dataclass
class TnefFile:
    filename: str = ""
    data: bytes = b""
    content_type: str = ""
    content_id: str = ""
    title: str = ""  # the 8.3 or display title from attAttachTitle
    data_is_object: bool = False  # read from PR_ATTACH_DATA_OBJ/BIN, which wins over attAttachData


@dataclass
class TnefContent:
    attachments: list[TnefFile] = field(default_factory=list)  # body.rtf / body.html included
    body_text: str = ""
    problems: list[str] = field(default_factory=list)


def read_tnef(data: bytes) -> TnefContent:
    """Attachments and body of a TNEF stream. Never raises."""
    content = TnefContent()
    message_props: dict[int, object] = {}
    codepage = "cp1252"
    try:
        if len(data) < 6 or struct.unpack_from("<I", data, 0)[0] != SIGNATURE:
            raise TnefError("not a TNEF stream (bad signature)")
        offset = 6
        current: TnefFile | None = None
        while offset < len(data):
            if len(data) - offset < 9:
                raise TnefError(f"{len(data) - offset} stray bytes at the end")
            level, attribute, length = struct.unpack_from("<BII", data, offset)
            offset += 9
            if level not in (LEVEL_MESSAGE, LEVEL_ATTACHMENT) or offset + length + 2 > len(data):
                raise TnefError(f"damaged attribute at byte {offset - 9}")
            value = data[offset : offset + length]
            offset += length + 2  # the checksum is not verified: a bad one changes nothing here
            if attribute == ATT_OEM_CODEPAGE and length >= 4:
                codepage = f"cp{struct.unpack_from('<I', value)[0]}"
            elif attribute == ATT_ATTACH_RENDDATA:
                current = TnefFile()
                content.attachments.append(current)
            elif level == LEVEL_ATTACHMENT:
                if current is None:
                    current = TnefFile()
                    content.attachments.append(current)
                read_attachment_attribute(current, attribute, value, codepage)
            elif attribute == ATT_MSG_PROPS:
                message_props = read_properties(value, codepage)
            elif attribute == ATT_BODY:
                content.body_text = decode_string(value, codepage)
    except (TnefError, struct.error, ValueError) as error:
        content.problems.append(f"TNEF stream damaged: {error}")
    add_body_files(content, message_props)
    return content


def read_attachment_attribute(attachment: TnefFile, attribute: int, value: bytes, cp: str) -> None:
    if attribute == ATT_ATTACH_DATA and not attachment.data_is_object:
        attachment.data = value
    elif attribute == ATT_ATTACH_TITLE:
        attachment.title = decode_string(value, cp)
    elif attribute == ATT_ATTACHMENT:
        props = read_properties(value, cp)
        for prop_id in (PR_ATTACH_LONG_FILENAME, PR_ATTACH_FILENAME):
            if isinstance(props.get(prop_id), str) and props[prop_id]:
                attachment.filename = str(props[prop_id])
                break
        data = props.get(PR_ATTACH_DATA)
        if isinstance(data, bytes) and data:
            attachment.data, attachment.data_is_object = data, True
        display_name = props.get(PR_DISPLAY_NAME)
        if isinstance(display_name, str) and display_name and not attachment.title:
            attachment.title = display_name
        if isinstance(props.get(PR_ATTACH_MIME_TAG), str):
            attachment.content_type = str(props[PR_ATTACH_MIME_TAG]).strip().lower()
        if isinstance(props.get(PR_ATTACH_CONTENT_ID), str):
            attachment.content_id = str(props[PR_ATTACH_CONTENT_ID]).strip().strip("<>")
    if not attachment.filename and attachment.title:
        attachment.filename = attachment.title


def add_body_files(content: TnefContent, props: dict[int, object]) -> None:
    """The message's own bodies, as MimeKit names them: body.rtf and body.html."""
    rtf = props.get(PR_RTF_COMPRESSED)
    if isinstance(rtf, bytes):
        try:
            content.attachments.append(TnefFile("body.rtf", decompress_rtf(rtf), "application/rtf"))
        except (TnefError, struct.error, IndexError) as error:
            content.problems.append(f"TNEF RTF body unreadable: {error}")
    html = props.get(PR_BODY_HTML)
    if isinstance(html, str):
        html = html.encode("utf-8")
    if isinstance(html, bytes) and html:
        content.attachments.append(TnefFile("body.html", html, "text/html"))
    if not content.body_text and isinstance(props.get(PR_BODY), str):
        content.body_text = str(props[PR_BODY])


def read_properties(data: bytes, codepage: str) -> dict[int, object]:
    """A MAPI property list; the first value of each property, by property id."""
    props: dict[int, object] = {}
    (count,) = struct.unpack_from("<I", data, 0)
    offset = 4
    for _ in range(min(count, MAX_PROPERTIES)):
        prop_type, prop_id = struct.unpack_from("<HH", data, offset)
        offset += 4
        if prop_id >= 0x8000:  # named property: GUID, kind, then an id or a name
            (kind,) = struct.unpack_from("<I", data, offset + 16)
            offset += 20
            if kind == 0:
                offset += 4
            else:
                (name_length,) = struct.unpack_from("<I", data, offset)
                offset += 4 + padded(name_length)
        values, offset = read_values(data, offset, prop_type, codepage)
        if values and prop_id not in props:
            props[prop_id] = values[0]
    return props


def read_values(
    data: bytes, offset: int, prop_type: int, codepage: str
) -> tuple[list[object], int]:
    base_type = prop_type & ~MULTI_VALUE
    variable = base_type in (PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT)
    count = 1
    if prop_type & MULTI_VALUE or variable:
        (count,) = struct.unpack_from("<I", data, offset)
        offset += 4
    if count > len(data):
        raise TnefError("impossible value count")
    values: list[object] = []
    for _ in range(count):
        if variable:
            (length,) = struct.unpack_from("<I", data, offset)
            raw = data[offset + 4 : offset + 4 + length]
            if len(raw) != length:
                raise TnefError("property value runs past the end")
            offset += 4 + padded(length)
            if base_type == PT_STRING8:
                values.append(decode_string(raw, codepage))
            elif base_type == PT_UNICODE:
                values.append(raw.decode("utf-16-le", errors="replace").split("\x00", 1)[0])
            else:
                values.append(raw[16:] if base_type == PT_OBJECT else raw)  # object: skip IID
        elif base_type in FIXED_SIZES:
            size = FIXED_SIZES[base_type]
            values.append(data[offset : offset + size])
            offset += padded(size)
        else:
            raise TnefError(f"unknown MAPI property type 0x{base_type:04x}")
    return values, offset


def padded(length: int) -> int:
    return (length + 3) & ~3


def decode_string(raw: bytes, codepage: str) -> str:
    raw = raw.split(b"\x00", 1)[0]
    try:
        return raw.decode(codepage)
    except (UnicodeDecodeError, LookupError):
        return raw.decode("cp1252", errors="replace")


def decompress_rtf(data: bytes) -> bytes:
    """[MS-OXRTFCP] compressed RTF ("LZFu"), or stored RTF ("MELA")."""
    compressed_size, raw_size, kind = struct.unpack_from("<III", data, 0)
    body = data[16 : 4 + compressed_size]
    if kind == 0x414C454D:  # "MELA": not compressed
        return body[:raw_size]
    if kind != 0x75465A4C:  # "LZFu"
        raise TnefError("unknown compressed-RTF type")
    window = bytearray(4096)
    window[: len(RTF_PREBUF)] = RTF_PREBUF
    write = len(RTF_PREBUF)
    out = bytearray()
    position = 0
    while position < len(body) and len(out) < raw_size:
        control = body[position]
        position += 1
        for bit in range(8):
            if position >= len(body):
                break
            if control & (1 << bit):
                reference = (body[position] << 8) | body[position + 1]
                position += 2
                start, length = reference >> 4, (reference & 0xF) + 2
                if start == write:
                    return bytes(out[:raw_size])
                for index in range(length):
                    byte = window[(start + index) % 4096]
                    out.append(byte)
                    window[write] = byte
                    write = (write + 1) % 4096
            else:
                byte = body[position]
                position += 1
                out.append(byte)
                window[write] = byte
                write = (write + 1) % 4096
    return bytes(out[:raw_size])
