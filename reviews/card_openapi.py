"""How the OpenAPI document describes the card: an SVG image, not the JSON envelope.

`prism.openapi_schema.EnvelopeAutoSchema` wraps every success in `{success, status, data}`; the card
is the one answer that is not JSON. The generator is a development dependency, so in the
Lambda package (where nothing reads schemas) there is no schema class at all.
"""

from __future__ import annotations

from typing import Any

try:
    from prism.openapi_schema import EnvelopeAutoSchema
except ImportError:  # the Lambda package
    EnvelopeAutoSchema = None  # type: ignore[assignment,misc]

SVG = {"image/svg+xml": {"schema": {"type": "string"}}}

if EnvelopeAutoSchema is not None:

    class SvgImageSchema(EnvelopeAutoSchema):  # type: ignore[valid-type,misc]
        def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
            documented = super()._get_response_bodies(direction)
            if direction != "response":
                return documented
            errors = {code: body for code, body in documented.items() if code != "200"}
            return dict(
                sorted(
                    {
                        **errors,
                        "200": {
                            "content": SVG,
                            "description": "The card, with `ETag` and `Cache-Control`.",
                        },
                        "304": {"description": "Not modified: `If-None-Match` names the ETag."},
                        "404": {
                            "content": SVG,
                            "description": "A neutral card: no public PRism for this person.",
                        },
                    }.items()
                )
            )

    def svg_image_schema() -> Any:
        return SvgImageSchema()

else:

    def svg_image_schema() -> Any:
        return None
