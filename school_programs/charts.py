"""Charts of the monitoring reports as small hand-written SVG, rendered on the server.

No JavaScript and no CDN: the same markup shows on the page, prints in the council's report and works
offline. Every text that goes into the SVG is escaped, so the result is safe to put into a template.
Each chart carries a <title> and <desc> (screen readers) and a table with the same numbers stands
next to it on every page.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from .analysis import count_text

ENTRY_COLOUR = "#9db7d8"
EXIT_COLOUR = "#1f5fa8"
GROWTH_COLOUR = "#2f7d32"
SMALL_COLOUR = "#b9c3cc"
INK = "#1d2733"
MUTED = "#5b6b7c"
LINE = "#d9e0e7"
FONT = "font-family:'DejaVu Sans','Liberation Sans',Arial,sans-serif"


def _svg(width: int, height: int, title: str, description: str, body: list[str]) -> SafeString:
    # Safe: every text interpolated by the callers went through escape().
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px;{FONT}" role="img" class="chart">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>" + "".join(body) + "</svg>"
    )


TITLE_LINE = 17  # px between the lines of a wrapped title
TITLE_CHAR = 7.6  # px: a generous width of a bold 13 px Cyrillic letter, so a line never overflows


def _title(text: str, *, x: int, width: int) -> tuple[str, int]:
    """A chart title wrapped by words to fit `width`: (SVG text, extra height of the lines after the first).

    SVG draws a <text> on one line and clips what passes the viewBox («…(шкала пер»); a long construct
    name with its note needs two or three lines.
    """
    per_line = max(10, int(width / TITLE_CHAR))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if index == 0 else TITLE_LINE}">{escape(line)}</tspan>'
        for index, line in enumerate(lines or [""])
    )
    extra = TITLE_LINE * (max(1, len(lines)) - 1)
    return f'<text x="{x}" y="16" font-size="13" font-weight="600" fill="{INK}">{spans}</text>', extra


def _percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def distribution_chart(title: str, points: list[int], entry: list[int], exit: list[int]) -> SafeString:
    """Grouped bars: share of participants at each scale point, at entry (light) and at exit (dark)."""
    width, height = 420, 240
    left, right, top, bottom = 40, 10, 44, 40
    heading, extra = _title(title, x=4, width=width - 8)
    height, top = height + extra, top + extra
    plot_w, plot_h = width - left - right, height - top - bottom
    entry_total, exit_total = sum(entry), sum(exit)
    entry_shares = [_percent(n, entry_total) for n in entry]
    exit_shares = [_percent(n, exit_total) for n in exit]
    ceiling = max([*entry_shares, *exit_shares, 1.0])
    ceiling = min(100.0, ((int(ceiling) // 10) + 1) * 10)
    slot = plot_w / max(1, len(points))
    bar = min(22.0, slot * 0.38)
    body = [
        heading,
        f'<rect x="{left}" y="{24 + extra}" width="10" height="10" fill="{ENTRY_COLOUR}"/>'
        f'<text x="{left + 14}" y="{33 + extra}" font-size="11" fill="{MUTED}">вход (n={entry_total})</text>',
        f'<rect x="{left + 130}" y="{24 + extra}" width="10" height="10" fill="{EXIT_COLOUR}"/>'
        f'<text x="{left + 144}" y="{33 + extra}" font-size="11" fill="{MUTED}">'
        f"выход (n={exit_total})</text>",
    ]
    for tick in (0, ceiling / 2, ceiling):
        y = top + plot_h - plot_h * tick / ceiling
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}"/>')
        body.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="{MUTED}">'
            f"{tick:g}%</text>"
        )
    for index, point in enumerate(points):
        centre = left + slot * (index + 0.5)
        for offset, share, count, colour, wave in (
            (-bar - 1, entry_shares[index], entry[index], ENTRY_COLOUR, "вход"),
            (1, exit_shares[index], exit[index], EXIT_COLOUR, "выход"),
        ):
            bar_h = plot_h * share / ceiling
            body.append(
                f'<rect x="{centre + offset:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar:.1f}" '
                f'height="{bar_h:.1f}" fill="{colour}"><title>{escape(wave)}, {point}: {count} '
                f"({share:.0f}%)</title></rect>"
            )
        body.append(
            f'<text x="{centre:.1f}" y="{top + plot_h + 16}" font-size="11" text-anchor="middle" '
            f'fill="{INK}">{point}</text>'
        )
    body.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" font-size="10" text-anchor="middle" '
        f'fill="{MUTED}">балл (больше — лучше)</text>'
    )
    description = "; ".join(f"{point}: вход {entry[i]}, выход {exit[i]}" for i, point in enumerate(points))
    return _svg(width, height, title, description, body)


def share_chart(title: str, rows: list[tuple[str, int, int, bool]]) -> SafeString:
    """Horizontal bars of the share that grew, one per row (label, grew, measured, too small), with
    the counts. Rows with too few people to compare are drawn grey."""
    label_w, bar_w, text_w = 290, 230, 140
    row_h, top = 26, 30
    width = label_w + bar_w + text_w
    height = top + row_h * max(1, len(rows)) + 8
    body = [f'<text x="4" y="16" font-size="13" font-weight="600" fill="{INK}">{escape(title)}</text>']
    for index, (label, grew, measured, small) in enumerate(rows):
        y = top + index * row_h
        share = _percent(grew, measured)
        shown = label if len(label) <= 38 else label[:37] + "…"
        colour = SMALL_COLOUR if small else GROWTH_COLOUR
        body.append(
            f'<text x="{label_w - 6}" y="{y + 15}" font-size="11" text-anchor="end" fill="{INK}">'
            f"<title>{escape(label)}</title>{escape(shown)}</text>"
        )
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="{row_h - 10}" fill="#eef2f6"/>')
        body.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * share / 100:.1f}" height="{row_h - 10}" '
            f'fill="{colour}"/>'
        )
        counts = count_text(grew, measured)
        body.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="11" fill="{MUTED}">{counts}</text>'
        )
    if not rows:
        body.append(f'<text x="4" y="{top + 15}" font-size="11" fill="{MUTED}">Нет измерений</text>')
    description = "; ".join(f"{label}: {grew} из {measured}" for label, grew, measured, _ in rows)
    return _svg(width, height, title, description, body)


def report_charts(report) -> dict:
    """The charts of a programme report (selectors.monitoring.MonitoringReport): entry vs exit per
    construct, and the share that grew by form and by role model."""
    return {
        "distributions": [
            (
                row,
                distribution_chart(
                    row.label + (f" ({row.hint})" if row.hint else ""),
                    row.points,
                    row.entry_counts,
                    row.exit_counts,
                ),
            )
            for row in report.all_constructs
        ],
        "forms": share_chart(
            "Доля измерений с ростом по формам",
            [(r.label, r.grew, r.measured, r.is_small) for r in report.by_form.overall],
        ),
        "role_models": share_chart(
            "Доля измерений с ростом по ролевым моделям",
            [(r.label, r.grew, r.measured, r.is_small) for r in report.by_role_model.overall],
        ),
    }
