"""Running input serializers in views."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


def validated(serializer_class: type[serializers.Serializer], data: Any) -> Any:
    """Validate `data` (a body or query parameters) or raise DRF's 400 ValidationError."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# Ids and offsets stay within what every database column and OFFSET accepts.
MAX_ID = 2**31 - 1
MAX_PAGE_NO = 100_000


class IdField(serializers.IntegerField):
    """A database id from a request: a positive 32-bit integer, anything else a 400."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class PageNoField(serializers.IntegerField):
    """A 0-based page number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default", 0)
        super().__init__(min_value=0, max_value=MAX_PAGE_NO, **kwargs)


class EnumField(serializers.ChoiceField):
    """A choice among fixed values; a wrong value is answered with the values accepted.

    Every enum parameter and field of the API uses this field, so a client that sends
    `projectName` learns that `PROJECT_NAME` was meant.
    """

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            accepted = ", ".join(str(value) for value in self.choices)
            raise serializers.ValidationError(
                f'"{str(data)[:100]}" is not a valid choice; accepted values: {accepted}.',
                code="invalid_choice",
            ) from None
