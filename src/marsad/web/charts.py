"""Small charts as inline SVG, drawn on the server: no script, nothing to load.

Time runs left to right even on right-to-left pages (as in Arabic print charts),
so the SVG sets `direction="ltr"`. Styling comes from classes in style.css (the
Content-Security-Policy forbids inline styles); each bar carries a <title> with its
label and value, which browsers show on hover and screen readers read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from markupsafe import Markup, escape

__all__ = ["bar_chart", "fill_days", "fill_months", "line_chart", "month_chart", "timeline"]

WIDTH, HEIGHT, PAD = 600, 150, 18  # viewBox units; the SVG scales to its box


def fill_days(points: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Days between the first and the last, missing ones at zero (a gap is a fact too)."""
    if not points:
        return []
    counts = dict(points)
    day, last = date.fromisoformat(points[0][0]), date.fromisoformat(points[-1][0])
    out = []
    while day <= last:
        out.append((day.isoformat(), counts.get(day.isoformat(), 0)))
        day += timedelta(days=1)
    return out


def fill_months(points: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Months (YYYY-MM) between the first and the last, missing ones at zero."""
    if not points:
        return []
    counts = dict(points)
    year, month = map(int, points[0][0].split("-"))
    out: list[tuple[str, int]] = []
    while (key := f"{year:04d}-{month:02d}") <= points[-1][0]:
        out.append((key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def timeline(days: Sequence[tuple[str, int]], label: str, most: int = 120) -> Markup:
    """Articles per day as bars; per month, or per year, once the days are too many to read."""
    if not days:
        return Markup("")
    span = (date.fromisoformat(days[-1][0]) - date.fromisoformat(days[0][0])).days + 1
    if span <= most:
        return bar_chart(fill_days(days), label)
    (y1, m1), (y2, m2) = (map(int, days[i][0][:7].split("-")) for i in (0, -1))
    if (y2 - y1) * 12 + m2 - m1 < 2 * most:
        return bar_chart(fill_months(_sum_by(days, 7)), label)
    return bar_chart(_sum_by(days, 4), label)


def month_chart(months: Sequence[tuple[str, int]], label: str, most: int = 240) -> Markup:
    """Counts per month (YYYY-MM) as bars; per year when the months are too many to read."""
    if not months:
        return Markup("")
    (y1, m1), (y2, m2) = (map(int, months[i][0].split("-")) for i in (0, -1))
    if (y2 - y1) * 12 + m2 - m1 < most:
        return bar_chart(fill_months(months), label)
    return bar_chart(_sum_by(months, 4), label)


def _sum_by(points: Sequence[tuple[str, int]], width: int) -> list[tuple[str, int]]:
    """Points summed by the first `width` characters of their label (7: month, 4: year)."""
    sums: dict[str, int] = {}
    for key, n in points:
        sums[key[:width]] = sums.get(key[:width], 0) + n
    return sorted(sums.items())


def _frame(label: str, body: list[str], points: Sequence[tuple[str, int]], top: int) -> Markup:
    first, last = escape(points[0][0]), escape(points[-1][0])
    axis = [
        f'<text class="axis" x="{PAD}" y="{HEIGHT - 2}">{first}</text>',
        f'<text class="axis" x="{WIDTH - PAD}" y="{HEIGHT - 2}" text-anchor="end">{last}</text>',
        f'<text class="axis" x="{PAD}" y="10">{top:,}</text>',
    ]
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" direction="ltr" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
        + "".join(body + axis) + "</svg>"
    )


def bar_chart(points: Sequence[tuple[str, int]], label: str) -> Markup:
    """One bar per (label, value), scaled to the largest value."""
    if not points:
        return Markup("")
    top = max(n for _, n in points) or 1
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    step = inner_w / len(points)
    gap = min(step * 0.2, 2)
    bars = []
    for i, (name, n) in enumerate(points):
        h = inner_h * n / top
        x, y = PAD + i * step, PAD + inner_h - h
        bars.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{max(step - gap, 0.5):.1f}" height="{h:.1f}">'
            f"<title>{escape(name)}: {n:,}</title></rect>"
        )
    bars.append(f'<line class="base" x1="{PAD}" y1="{PAD + inner_h}" x2="{WIDTH - PAD}" y2="{PAD + inner_h}"/>')
    return _frame(label, bars, points, top)


def line_chart(points: Sequence[tuple[str, int]], label: str) -> Markup:
    """A line through (label, value) points, for long series."""
    if not points:
        return Markup("")
    top = max(n for _, n in points) or 1
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    step = inner_w / max(len(points) - 1, 1)
    coords = " ".join(
        f"{PAD + i * step:.1f},{PAD + inner_h - inner_h * n / top:.1f}" for i, (_, n) in enumerate(points)
    )
    body = [f'<polyline class="line" points="{coords}"/>',
            f'<line class="base" x1="{PAD}" y1="{PAD + inner_h}" x2="{WIDTH - PAD}" y2="{PAD + inner_h}"/>']
    return _frame(label, body, points, top)
