"""Address headers: split the list first, then decode display names (never the other way round:
an encoded word may hide a comma or a fake address, as in `=?utf-8?q?boss@example.com?= <x@evil>`).

The standard library's address parsers are not used on whole headers: `policy.default` raises on
some groups (`To: unlisted-recipients:;`) and takes half a second on a 135 KB `To:` header, and
`email.utils.getaddresses` overflows the stack on that same header. The splitter below is linear;
each single address is read by `scan_address`, which `parseaddr` cannot replace: it
takes `=?utf-8?q?x@evil.com?= <real@example.com>` for the address `=?utf-8?q?x@evil.com?=`.
"""

from __future__ import annotations

import re

from sevai.mail.parse.charsets import ENCODED_WORD, decode_header

MAX_ADDRESSES = 1000
MAX_ITEM_LENGTH = 2000
PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
ADDR_SPEC = re.compile(r"[^\s<>()\[\]\",;:@]+@[^\s<>()\[\]\",;:@]+")
# RFC 5322 atext plus dots: what a decoded local part may contain to be taken as the address.
LOOSE_ENCODED_WORD = re.compile(r"=\?(?P<charset>[^?]+)\?(?P<encoding>[qQ])\?(?P<text>.*)\?=")
SAFE_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+")


def split_address_list(value: str) -> list[str]:
    """Split at top-level commas and semicolons; drop group names (`Team: a@x, b@y;`)."""
    items: list[str] = []
    buffer: list[str] = []
    in_quote = escaped = False
    comment_depth = angle_depth = 0
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and (in_quote or comment_depth):
            escaped = True
        elif in_quote:
            in_quote = char != '"'
        elif comment_depth:
            comment_depth += {"(": 1, ")": -1}.get(char, 0)
        elif char == '"':
            in_quote = True
        elif char == "(":
            comment_depth = 1
        elif char == "<":
            angle_depth += 1
        elif char == ">":
            angle_depth = max(0, angle_depth - 1)
        elif angle_depth == 0 and char in ",;":
            items.append("".join(buffer))
            buffer = []
            continue
        elif angle_depth == 0 and char == ":" and "@" not in "".join(buffer):
            buffer = []  # a group's display name
            continue
        buffer.append(char)
        if len(items) >= MAX_ADDRESSES:
            break
    items.append("".join(buffer))
    return [item.strip() for item in items if item.strip()]


def parse_address(item: str, hint: str | None = None) -> tuple[str, str]:
    """One `Name <addr>` or `addr (Name)` item to (decoded display name, lower-cased addr-spec).

    The address is taken from the last top-level angle brackets, outside quotes; without brackets
    it is the item's one token (`MAILER-DAEMON`) or the first thing shaped like an address.
    """
    item = item[:MAX_ITEM_LENGTH]
    outside, comments, angle = scan_address(item)
    if angle is not None:
        address = angle.rsplit(":", 1)[-1]  # obsolete source route <@relay:user@host>
        name = outside
    else:
        address, name = outside, ""
        if not address.strip() or " " in address.strip() or "@" in address:
            found = ADDR_SPEC.search(address)
            if found:
                name = (address[: found.start()] + address[found.end() :]).strip()
                address = found.group(0)
            elif " " in address.strip():
                address = ""
    if not name and comments:
        name = " ".join(comments)
    address = decode_local_part("".join(address.split()).strip("\"'<>"))
    name = decode_header(name.strip(), hint).strip().strip("\"'").strip()
    if address and name.lower() == address.lower():
        name = ""
    return name, address.lower()


def decode_local_part(address: str) -> str:
    """`=?utf-8?q?agent?=@example.com` to `agent@example.com`: some mailers encode the local
    part, which RFC 2047 forbids. It is decoded only when the result is plain atext; the domain
    is never touched, so an encoded `@` or `<` cannot pass the mail off as someone else's."""
    local, at, domain = address.rpartition("@")
    if not at or "=?" not in local:
        return address
    whole = LOOSE_ENCODED_WORD.fullmatch(local)  # `=?utf-8?Q?a?Q?b?=`: greedy, as mailers do
    if whole:
        local = f"=?{whole['charset']}?{whole['encoding']}?{whole['text'].replace('?', '=3F')}?="
    decoded = decode_header(local).replace(" ", "")
    if not SAFE_LOCAL_PART.fullmatch(decoded):
        return address
    return f"{decoded}@{domain}"


def scan_address(item: str) -> tuple[str, list[str], str | None]:
    """Split an address item into (text outside brackets and comments, comments, the last
    top-level <...> content or None); quoted strings are unquoted."""
    outside: list[str] = []
    comments: list[str] = []
    comment: list[str] = []
    angle: list[str] | None = None
    last_angle: str | None = None
    in_quote = escaped = False
    depth = 0
    for char in item:
        target = comment if depth else (angle if angle is not None else outside)
        if escaped:
            escaped = False
            target.append(char)
        elif char == "\\" and (in_quote or depth):
            escaped = True
        elif in_quote:
            if char == '"':
                in_quote = False
            else:
                target.append(char)
        elif depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth:
                comment.append(char)
            else:
                comments.append("".join(comment).strip())
                comment = []
        elif char == '"':
            in_quote = True
        elif char == "(":
            depth = 1
        elif char == "<" and angle is None:
            angle = []
        elif char == ">" and angle is not None:
            last_angle = "".join(angle)
            angle = None
        else:
            target.append(char)
    if angle is not None:  # "Name <addr" without the closing bracket
        last_angle = "".join(angle)
    return "".join(outside).strip(), [c for c in comments if c], last_angle


def protect_encoded_words(value: str) -> tuple[str, list[str]]:
    """Replace encoded words by placeholders: some mailers put commas or quotes inside them
    (`=?iso-8859-1?Q?B=FCrling,=20Andreas?=`), which must not split the list."""
    words: list[str] = []

    def hide(match: re.Match[str]) -> str:
        words.append(match.group(0))
        return f"\x00{len(words) - 1}\x00"

    return ENCODED_WORD.sub(hide, value.replace("\x00", "")), words


def restore_encoded_words(item: str, words: list[str]) -> str:
    return PLACEHOLDER.sub(lambda match: words[int(match.group(1))], item)


def parse_address_list(
    raw: str, hint: str | None = None, *, keep_nameless: bool = False
) -> list[tuple[str, str]]:
    """All (name, address) pairs of an address header. Entries without an address are left
    out, unless `keep_nameless` keeps those that have a name (`From: MAILER-DAEMON <>`)."""
    hidden, words = protect_encoded_words(re.sub(r"[\r\n]+", " ", raw))
    items = [restore_encoded_words(item, words) for item in split_address_list(hidden)]
    pairs = [parse_address(item, hint) for item in items]
    return [(name, address) for name, address in pairs if address or (keep_nameless and name)]
