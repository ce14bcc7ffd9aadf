"""The API's JSON renderer (prism/renderers.py) writes what DRF's JSONRenderer writes."""

import json
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from prism.renderers import JSONRenderer

VALUES = {
    "text": "프리즘 PRism",
    "separators": "line\u2028paragraph\u2029end",
    "uuid": uuid.UUID("0a02b77f-c636-4685-8033-c44bb74bf304"),
    "instant": datetime(2024, 7, 1, 9, 30, 15, 123456, tzinfo=UTC),
    "day": date(2024, 7, 1),
    "clock": time(9, 30),
    "duration": timedelta(minutes=3),
    "decimal": Decimal("4.15"),
    "lazy": gettext_lazy("Korean text stays text"),
    "numbers": [0, -1, 2.5, 1e16, True, None],
    "nested": {"list": [{"a": 1}], 7: "int key"},
    "big": 2**70,
}


@pytest.mark.parametrize("key", sorted(VALUES))
def test_each_value_renders_as_drf_renders_it(key):
    data = {"success": True, "status": 200, "data": VALUES[key]}
    ours, drfs = JSONRenderer().render(data), DRFJSONRenderer().render(data)
    assert json.loads(ours) == json.loads(drfs)
    assert b"\\u" not in ours or key == "separators"  # UTF-8, not escapes


def test_line_and_paragraph_separators_are_escaped_as_drf_escapes_them():
    rendered = JSONRenderer().render({"s": VALUES["separators"]})
    assert rendered == DRFJSONRenderer().render({"s": VALUES["separators"]})


def test_plain_bodies_are_byte_identical():
    data = {"success": True, "status": 200, "data": [{"projectId": 1, "name": "프리즘"}]}
    assert JSONRenderer().render(data) == DRFJSONRenderer().render(data)


def test_indent_requests_and_none_go_to_drf():
    data = {"a": [1, 2]}
    media = "application/json; indent=4"
    assert JSONRenderer().render(data, media) == DRFJSONRenderer().render(data, media)
    assert JSONRenderer().render(None) == b""
