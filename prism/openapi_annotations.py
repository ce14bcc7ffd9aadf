"""The OpenAPI annotations views and serializers use; inert in the Lambda package.

The API document is generated at build time (`make openapi` writes `prism/openapi.json`,
which `/api-docs` serves; the test suite fails when it is stale). drf-spectacular is
therefore a development dependency: the package leaves it out, and with it PyYAML, which
DRF imports at start-up whenever it is installed. Together that is ~60 ms of every cold
start (see the README's Performance section).

Where drf-spectacular is installed these are its own names; where it is not they keep
their call signatures and do nothing, since only the generator reads what they record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Type-checked against drf-spectacular's own signatures (installed wherever mypy runs).
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import (
        OpenApiParameter,
        extend_schema,
        extend_schema_field,
        inline_serializer,
    )
else:
    try:
        from drf_spectacular.types import OpenApiTypes
        from drf_spectacular.utils import (
            OpenApiParameter,
            extend_schema,
            extend_schema_field,
            inline_serializer,
        )
    except ImportError:  # the Lambda package

        def _unchanged(target: Any) -> Any:
            return target

        def extend_schema(*args: Any, **kwargs: Any) -> Any:
            return _unchanged

        def extend_schema_field(*args: Any, **kwargs: Any) -> Any:
            return _unchanged

        def inline_serializer(*args: Any, **kwargs: Any) -> None:
            return None

        class OpenApiParameter:
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                pass

        class _AnyType:
            def __getattr__(self, name: str) -> None:
                return None

        OpenApiTypes = _AnyType()

__all__ = [
    "OpenApiParameter",
    "OpenApiTypes",
    "extend_schema",
    "extend_schema_field",
    "inline_serializer",
]
