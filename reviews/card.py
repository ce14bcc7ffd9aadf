"""The shareable PRism card: a self-contained SVG built as a string.

No image library and no template engine: the card is a few dozen elements whose every
piece of text goes through `text()`, so a name like `<script>` or `&` is drawn, not parsed.
Nothing in it points outside itself (no scripts, links, fonts or images): GitHub's image
proxy strips those, and a card embedded in someone's README must not reach anywhere.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reviews.scoring import truncate_one_decimal
from reviews.selectors import AXIS_LABELS, Prism

WIDTH, HEIGHT = 495, 195
MAX_SCORE = 5.0
# The radar: its centre and the radius of a 5.0 score; axes clockwise from the top.
RADAR_CX, RADAR_CY, RADAR_R = 116.0, 102.0, 54.0
PANEL_LEFT = 240.0  # the name, the gauges and the keywords start here
AXES = ("communication", "proactivity", "problem_solving", "responsibility", "cooperation")
MAX_KEYWORDS = 5
# System fonts only (an embedded image may not load any): Latin first, then Hangul ones.
FONT_STACK = (
    "-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,"
    "'Apple SD Gothic Neo','Malgun Gothic','Noto Sans KR','Noto Sans CJK KR',sans-serif"
)

THEMES = {
    "light": {
        "bg": "#ffffff",
        "border": "#d0d7de",
        "text": "#1f2328",
        "muted": "#656d76",
        "grid": "#d8dee4",
        "accent": "#7c5cff",
        "pill": "#f1edff",
        "pill_text": "#4b32c3",
    },
    "dark": {
        "bg": "#0d1117",
        "border": "#30363d",
        "text": "#e6edf3",
        "muted": "#8b949e",
        "grid": "#30363d",
        "accent": "#a18bff",
        "pill": "#2a2350",
        "pill_text": "#d2c8ff",
    },
}

LABELS = {
    "ko": {
        "axes": AXIS_LABELS,
        "radial": ("리더십", "신뢰도", "팀워크"),
        "empty": "아직 공개된 PRism이 없어요",
        "title": "{name}의 PRism",
        "empty_title": "PRism",
    },
    "en": {
        "axes": {
            "communication": "Communication",
            "proactivity": "Proactivity",
            "problem_solving": "Problem solving",
            "responsibility": "Responsibility",
            "cooperation": "Cooperation",
        },
        "radial": ("Leadership", "Reliability", "Teamwork"),
        "empty": "No public prism yet",
        "title": "PRism of {name}",
        "empty_title": "PRism",
    },
}

# Characters XML 1.0 does not allow at all: dropped rather than escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text(value: str) -> str:
    """`value` as XML character data or attribute text."""
    value = _NOT_XML.sub("", value)
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def text_width(value: str, size: float) -> float:
    """A rough advance width: Hangul and other wide characters a full em, others 0.6 em."""
    return sum(
        size if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6 * size for ch in value
    )


def fit(value: str, size: float, width: float) -> str:
    """`value`, cut with an ellipsis where it would run past `width`."""
    value = " ".join(value.split())
    if text_width(value, size) <= width:
        return value
    while value and text_width(value + "…", size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def axis_point(index: int, fraction: float) -> tuple[float, float]:
    """Where axis `index` is at `fraction` of the full radius (rounded to 0.1 px)."""
    angle = math.radians(-90 + 72 * index)
    return (
        round(RADAR_CX + RADAR_R * fraction * math.cos(angle), 1),
        round(RADAR_CY + RADAR_R * fraction * math.sin(angle), 1),
    )


def radar_vertices(prism: Prism) -> list[tuple[float, float]]:
    """The radar polygon's vertices: each axis's score over 5.0, clamped to the chart."""
    return [
        axis_point(i, min(max(getattr(prism.axes, name) / MAX_SCORE, 0.0), 1.0))
        for i, name in enumerate(AXES)
    ]


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


@dataclass(frozen=True)
class CardOptions:
    theme: str = "light"
    lang: str = "ko"


def _frame(colors: dict[str, str], title: str, body: list[str]) -> str:
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{text(title)}">',
            f"<title>{text(title)}</title>",
            f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{HEIGHT - 1}" rx="6" '
            f'fill="{colors["bg"]}" stroke="{colors["border"]}"/>',
            f'<g font-family="{FONT_STACK}">',
            f'<text x="{WIDTH - 16}" y="28" text-anchor="end" font-size="14" font-weight="700" '
            f'fill="{colors["accent"]}">PRism</text>',
            *body,
            "</g></svg>",
        ]
    )


def _radar_grid(colors: dict[str, str], labels: dict[str, str]) -> list[str]:
    parts = []
    for level in (1.0, 0.6, 0.2):
        ring = [axis_point(i, level) for i in range(len(AXES))]
        parts.append(f'<polygon points="{_points(ring)}" fill="none" stroke="{colors["grid"]}"/>')
    for i, name in enumerate(AXES):
        x, y = axis_point(i, 1.0)
        parts.append(
            f'<line x1="{_n(RADAR_CX)}" y1="{_n(RADAR_CY)}" x2="{_n(x)}" y2="{_n(y)}" '
            f'stroke="{colors["grid"]}"/>'
        )
        lx, ly = axis_point(i, 1.1)
        anchor = "middle" if abs(lx - RADAR_CX) < 8 else ("start" if lx > RADAR_CX else "end")
        ly += 4 if i else -2  # the top label sits above its vertex, the others beside theirs
        parts.append(
            f'<text x="{_n(lx)}" y="{_n(ly)}" text-anchor="{anchor}" font-size="9.5" '
            f'fill="{colors["muted"]}">{text(labels[name])}</text>'
        )
    return parts


def _gauge(colors: dict[str, str], cx: float, score: float, label: str) -> list[str]:
    cy, r = 86.0, 17.0
    circumference = 2 * math.pi * r
    filled = circumference * min(max(score / MAX_SCORE, 0.0), 1.0)
    return [
        f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="none" '
        f'stroke="{colors["grid"]}" stroke-width="5"/>',
        f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(r)}" fill="none" '
        f'stroke="{colors["accent"]}" stroke-width="5" stroke-linecap="round" '
        f'stroke-dasharray="{filled:.1f} {circumference:.1f}" '
        f'transform="rotate(-90 {_n(cx)} {_n(cy)})"/>',
        f'<text x="{_n(cx)}" y="{_n(cy + 4)}" text-anchor="middle" font-size="12" '
        f'font-weight="700" fill="{colors["text"]}">{truncate_one_decimal(score):.1f}</text>',
        f'<text x="{_n(cx)}" y="{_n(cy + 33)}" text-anchor="middle" font-size="11" '
        f'fill="{colors["muted"]}">{text(label)}</text>',
    ]


def _keywords(colors: dict[str, str], keywords: Sequence[str]) -> list[str]:
    """Up to five pills on up to two rows; what does not fit is left out."""
    parts = []
    left, right, size, gap = PANEL_LEFT, WIDTH - 16.0, 11.0, 6.0
    x, row_y = left, 138.0
    for keyword in keywords[:MAX_KEYWORDS]:
        label = fit(keyword, size, 120)
        width = text_width(label, size) + 16
        if x + width > right:
            if row_y > 138.0:
                break
            x, row_y = left, row_y + 26
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(row_y)}" width="{_n(width)}" height="20" rx="10" '
            f'fill="{colors["pill"]}"/>'
            f'<text x="{_n(x + width / 2)}" y="{_n(row_y + 14)}" text-anchor="middle" '
            f'font-size="{_n(size)}" fill="{colors["pill_text"]}">{text(label)}</text>'
        )
        x += width + gap
    return parts


def render_card(*, name: str, prism: Prism, options: CardOptions) -> str:
    """The person's card: the radar of the five axes, the three radial scores, keywords."""
    colors, labels = THEMES[options.theme], LABELS[options.lang]
    body = _radar_grid(colors, labels["axes"])
    vertices = radar_vertices(prism)
    body.append(
        f'<polygon class="prism-shape" points="{_points(vertices)}" fill="{colors["accent"]}" '
        f'fill-opacity="0.35" stroke="{colors["accent"]}" stroke-width="2" '
        'stroke-linejoin="round"/>'
    )
    body.extend(
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.5" fill="{colors["accent"]}"/>'
        for x, y in vertices
    )
    body.append(
        f'<text x="{_n(PANEL_LEFT)}" y="32" font-size="18" font-weight="700" '
        f'fill="{colors["text"]}">{text(fit(name, 18, WIDTH - 16 - PANEL_LEFT - 60))}</text>'
    )
    scores = (prism.leadership, prism.reliability, prism.teamwork)
    for i, (score, label) in enumerate(zip(scores, labels["radial"], strict=True)):
        body.extend(_gauge(colors, PANEL_LEFT + 30 + 80 * i, score, label))
    body.extend(_keywords(colors, prism.keywords))
    return _frame(colors, labels["title"].format(name=name), body)


def render_empty_card(*, options: CardOptions) -> str:
    """The neutral card for anyone without a public PRism: it says nothing about them."""
    colors, labels = THEMES[options.theme], LABELS[options.lang]
    body = _radar_grid(colors, labels["axes"])
    body.append(
        f'<text x="{_n(PANEL_LEFT)}" y="104" font-size="15" fill="{colors["muted"]}">'
        f"{text(labels['empty'])}</text>"
    )
    return _frame(colors, labels["empty_title"], body)
