"""Walk the MIME tree once: readable text and HTML, attachments, report parts.

Rules (kept in one place so that the UI and the tests agree):
- multipart/alternative: the text comes from the first non-empty text/plain alternative, else
  from the HTML; the HTML from the last alternative that has some.
- multipart/mixed and the rest: the inline text and HTML parts are joined in order.
- multipart/related: the root part is the body; the other parts are attachments, inline when
  they have a Content-ID.
- message/rfc822 (and message/global, message/news): always an `.eml` attachment; when the part
  is not marked `Content-Disposition: attachment` (an inline forward) its text is also appended
  to the body under a short header block. The attachments inside it stay inside the `.eml`.
- multipart/report: the first part is the body; message/delivery-status, feedback-report and
  disposition-notification give `report_text`; the returned message is an attachment only.
- A part with `Content-Disposition: attachment`, a named text part that is not explicitly
  inline, and every non-text part are attachments; winmail.dat is unpacked (see tnef.py).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from email.message import Message

from sevai.mail.htmltext import html_to_text
from sevai.mail.parse import attachments as names
from sevai.mail.parse.charsets import decode_header, decode_text
from sevai.mail.parse.mime import (
    body_bytes_of,
    children_of,
    content_type_of,
    disposition_of,
    payload_of,
    raw_header,
    reparse_with_found_boundary,
    report_text_of,
    serialise,
)
from sevai.mail.parse.text import unflow
from sevai.mail.parse.uuencode import extract_uuencoded
from sevai.mail.parsed import ParsedAttachment

MAX_DEPTH = 40
ENCLOSED = {"message/rfc822", "message/global", "message/news"}
REPORT_PARTS = {
    "message/delivery-status",
    "message/global-delivery-status",
    "message/feedback-report",
    "message/disposition-notification",
    "message/global-disposition-notification",
}


@dataclass
class Content:
    text: str = ""
    html: str = ""
    from_plain: bool = False  # the text was written as text/plain, not made from HTML


@dataclass
class Walk:
    max_parts: int
    attachments: list[ParsedAttachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    report_type: str = ""
    report_text: str = ""
    visited: int = 0
    stopped: bool = False
    line_ending: str = "\n"  # of the raw mail, used when writing enclosed messages back
    header_charset: str | None = None  # for raw 8-bit headers of enclosed messages

    def count_part(self) -> bool:
        """Count a part; False once the limit is reached (the walk then stops)."""
        if self.stopped:
            return False
        self.visited += 1
        if self.visited > self.max_parts:
            self.stopped = True
            self.problems.append(f"too many parts: stopped after {self.max_parts} MIME parts")
            return False
        return True

    def add_attachment(self, attachment: ParsedAttachment) -> None:
        if names.is_tnef(attachment.content_type, attachment.filename):
            self.attachments.extend(names.expand_tnef(attachment, self.problems))
        else:
            self.attachments.append(attachment)


def walk_part(part: Message, walk: Walk, depth: int = 0, as_attachment: bool = False) -> Content:
    """The readable content of `part`; attachments and report parts go into `walk`."""
    if not walk.count_part():
        return Content()
    if depth > MAX_DEPTH:
        walk.problems.append(f"MIME parts nested deeper than {MAX_DEPTH} levels: not read")
        return Content()
    content_type = content_type_of(part)
    if part.is_multipart() and content_type.startswith("multipart/"):
        return walk_multipart(part, walk, depth, content_type, as_attachment)
    if content_type in ENCLOSED:
        return walk_enclosed(part, walk, depth, as_attachment)
    if content_type in REPORT_PARTS:
        walk.report_text = (walk.report_text + "\n\n" + report_text_of(part)).strip("\n")
        kind = content_type.split("/", 1)[1].removeprefix("global-")
        walk.attachments.append(
            ParsedAttachment(
                filename=names.filename_of(part)
                or names.name_from_description(part, ".txt")
                or f"{kind}.txt",
                content_type=content_type,
                payload=body_bytes_of(part, walk.line_ending),
            )
        )
        return Content()
    if content_type.startswith("message/"):  # message/partial, message/external-body, ...
        add_leaf_attachment(part, walk, content_type, "attachment", names.filename_of(part))
        return Content()
    if content_type.startswith("multipart/"):
        if content_type == "multipart/report":
            walk.report_type = names.param(part, "report-type").lower()
        repaired = reparse_with_found_boundary(part)
        if repaired is not None:
            walk.problems.append(f"{content_type}: declared boundary not found; used the one found")
            walk.visited -= 1
            return walk_part(repaired, walk, depth, as_attachment)
        walk.problems.append(f"{content_type} without readable parts: read as text")
        content_type = "text/plain"
    return walk_leaf(part, walk, content_type, as_attachment)


def walk_multipart(
    part: Message, walk: Walk, depth: int, content_type: str, as_attachment: bool
) -> Content:
    children = children_of(part)
    subtype = content_type.split("/", 1)[1]
    if subtype == "alternative" and not as_attachment:
        return choose_alternative([walk_part(child, walk, depth + 1) for child in children])
    if subtype == "related" and not as_attachment and children:
        root_index = related_root(part, children)
        body = Content()
        for index, child in enumerate(children):
            if index == root_index:
                body = walk_part(child, walk, depth + 1)
            else:
                walk_part(child, walk, depth + 1, as_attachment=True)
        return body
    if subtype == "report" and not as_attachment:
        walk.report_type = names.param(part, "report-type").lower()
        contents = []
        for index, child in enumerate(children):
            if index == 0:
                contents.append(walk_part(child, walk, depth + 1))
            else:
                walk_part(child, walk, depth + 1, as_attachment=True)
        return join_contents(contents)
    if subtype == "encrypted":
        walk.problems.append("encrypted message (multipart/encrypted): content not readable")
    return join_contents([walk_part(child, walk, depth + 1, as_attachment) for child in children])


def related_root(part: Message, children: list[Message]) -> int:
    start = names.param(part, "start").strip().strip("<>")
    if start:
        for index, child in enumerate(children):
            if raw_header(child, "content-id").strip().strip("<>") == start:
                return index
    return 0


def choose_alternative(contents: list[Content]) -> Content:
    plain = [c for c in contents if c.from_plain and c.text.strip()]
    rich = [c for c in contents if c.html.strip()]
    text = plain[0].text if plain else (rich[-1].text if rich else "")
    if not text:
        text = next((c.text for c in contents if c.text.strip()), "")
    return Content(text=text, html=rich[-1].html if rich else "", from_plain=bool(plain))


def join_contents(contents: list[Content]) -> Content:
    filled = [c for c in contents if c.text.strip() or c.html.strip()]
    if len(filled) == 1:
        return filled[0]
    text = "\n\n".join(c.text.strip("\n") for c in filled if c.text.strip())
    rich = ""
    if any(c.html.strip() for c in filled):
        rich = "\n".join(c.html if c.html.strip() else text_to_html(c.text) for c in filled)
    return Content(text=text, html=rich, from_plain=not rich and bool(filled))


def text_to_html(text: str) -> str:
    return "<div>" + html.escape(text).replace("\n", "<br>\n") + "</div>"


def walk_leaf(part: Message, walk: Walk, content_type: str, as_attachment: bool) -> Content:
    disposition = disposition_of(part)
    filename = names.filename_of(part)
    is_body_type = content_type in ("text/plain", "text/html")
    named_attachment = bool(filename) and disposition != "inline"
    if is_body_type and not as_attachment and disposition != "attachment" and not named_attachment:
        return read_body(part, walk, content_type)
    add_leaf_attachment(part, walk, content_type, disposition, filename)
    return Content()


def read_body(part: Message, walk: Walk, content_type: str) -> Content:
    text = read_text(part, walk, content_type)
    if content_type == "text/html":
        return Content(text=html_to_text(text), html=text)
    try:
        flowed = str(part.get_param("format", "")).lower() == "flowed"
        delsp = str(part.get_param("delsp", "")).lower() == "yes"
    except Exception:
        flowed = delsp = False
    if flowed:
        text = unflow(text, delsp=delsp)
    text, files = extract_uuencoded(text)
    for filename, data in files:
        walk.attachments.append(
            ParsedAttachment(names.clean_filename(filename), names.guess_type(filename), data)
        )
    return Content(text=text, from_plain=True)


def read_text(part: Message, walk: Walk, content_type: str) -> str:
    text, problem = decode_text(payload_of(part), names.part_charset(part))
    if problem:
        walk.problems.append(f"part {walk.visited} ({content_type}): {problem}")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def add_leaf_attachment(
    part: Message, walk: Walk, content_type: str, disposition: str, filename: str
) -> None:
    content_id = decode_header(raw_header(part, "content-id")).strip().strip("<>").strip()
    number = len(walk.attachments) + 1
    walk.add_attachment(
        ParsedAttachment(
            filename=filename
            or names.name_from_content_id(content_id)
            or names.generated_name(content_type, number),
            content_type=content_type,
            payload=payload_of(part),
            content_id=content_id,
            inline=bool(content_id) and disposition != "attachment",
        )
    )


def walk_enclosed(part: Message, walk: Walk, depth: int, as_attachment: bool) -> Content:
    """A forwarded or returned message: an .eml attachment, and its text when shown inline."""
    inner = children_of(part)
    disposition = disposition_of(part)
    if not inner:
        add_leaf_attachment(part, walk, "message/rfc822", disposition, names.filename_of(part))
        return Content()
    message = inner[0]
    subject = decode_header(raw_header(message, "subject"), walk.header_charset)
    number = len(walk.attachments) + 1
    walk.attachments.append(
        ParsedAttachment(
            filename=names.filename_of(part)
            or names.name_for_enclosed(subject, names.name_from_description(part, ""), number),
            content_type="message/rfc822",
            payload=serialise(message, walk.line_ending),
        )
    )
    if as_attachment or disposition == "attachment":
        return Content()
    inner_walk = Walk(
        walk.max_parts,
        visited=walk.visited,
        line_ending=walk.line_ending,
        header_charset=walk.header_charset,
    )
    body = walk_part(message, inner_walk, depth + 1)
    walk.visited = inner_walk.visited
    walk.problems.extend(inner_walk.problems)
    walk.stopped = walk.stopped or inner_walk.stopped
    return forwarded_content(message, body, walk.header_charset)


def forwarded_content(message: Message, body: Content, charset: str | None) -> Content:
    lines = ["---------- Forwarded message ----------"]
    for name in ("From", "Date", "Subject", "To"):
        value = " ".join(decode_header(raw_header(message, name), charset).split())
        if value:
            lines.append(f"{name}: {value}")
    header = "\n".join(lines)
    text = f"{header}\n\n{body.text}".strip("\n")
    rich = f"{text_to_html(header)}\n{body.html}" if body.html.strip() else ""
    return Content(text=text, html=rich, from_plain=body.from_plain)
