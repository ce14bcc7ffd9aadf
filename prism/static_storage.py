"""The storage `collectstatic` uses in production: WhiteNoise's, without source maps.

Source maps are left out of the Lambda package (they are large and only help someone
debugging minified JavaScript), so the manifest must not insist on rewriting references
to them: a `sourceMappingURL` comment is left as it is (a browser asks for the map only
with its developer tools open, and gets a 404).
"""

from __future__ import annotations

from django.contrib.staticfiles.storage import ManifestFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns: tuple) -> tuple:
    kept = []
    for extension, rules in patterns:
        rules = tuple(
            rule
            for rule in rules
            if "sourceMappingURL" not in (rule if isinstance(rule, str) else rule[0])
        )
        if rules:
            kept.append((extension, rules))
    return tuple(kept)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(ManifestFilesMixin.patterns)
