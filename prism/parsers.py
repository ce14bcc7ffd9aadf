"""Request body parsers: DRF's JSON parser with a bound on nesting depth.

Python's JSON decoder recurses once per nesting level, so ~50,000 nested brackets (about
100 KB, within the body size limit) end in a RecursionError — a 500 and a traceback in the
log. The depth is measured first, by a loop over the body's tokens (no recursion), and a
body nested deeper than any client payload needs is refused as malformed (400 Global_400_1).
"""

from __future__ import annotations

import codecs
import re

from rest_framework.exceptions import ParseError

# The pinned DRF has get_encoding; djangorestframework-stubs 3.18.1 does not declare it.
from rest_framework.parsers import JSONParser, get_encoding  # type: ignore[attr-defined]
from rest_framework.settings import api_settings
from rest_framework.utils import json

# The deepest API body (a survey submission) nests 6 levels; 64 leaves room for any client.
MAX_JSON_DEPTH = 64

# A string literal (brackets inside it do not count) or one bracket.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets outside string literals nest deeper than `limit` (no recursion)."""
    if text.count("[") + text.count("{") <= limit:  # the common case: nothing to scan
        return False
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


class BoundedJSONParser(JSONParser):
    """`JSONParser` that refuses bodies nested deeper than `MAX_JSON_DEPTH` with a ParseError."""

    def parse(self, stream, media_type=None, parser_context=None):
        # DRF's own choice of charset: it refuses bytes-to-bytes codecs (decompression).
        encoding = get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if json_depth_exceeds(text):
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels")
        try:
            parse_constant = json.strict_constant if api_settings.STRICT_JSON else None
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
