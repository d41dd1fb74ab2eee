"""Date axes that stay readable from a few days (Kazakhstan 2022) to several years (Tajikistan 2021-24).

Every chart with a date axis (timeline, Monte Carlo, fidelity) calls :func:`date_axis`, so they all
name their months the same way.
"""

from __future__ import annotations

import matplotlib.dates as mdates
from matplotlib.ticker import FixedFormatter, FixedLocator

DAILY_UP_TO_DAYS = 31
MONTHLY_TICKS_DAYS = 28  # ticks this far apart or more are months or years


class FirstTickNamedFormatter(mdates.ConciseDateFormatter):
    """Matplotlib's concise labels, with the first tick naming its month (or, for monthly ticks, its year).

    The stock formatter names a month only on its 1st, so an axis from 13 Sep read `13 17 … 29 Oct 05`
    and left September to the offset, which shows the *last* tick's month. Here the first tick reads
    `Sep 13` and the offset gives the year only.
    """

    def __init__(self, locator, tz):
        super().__init__(locator, tz=tz, offset_formats=["", "%Y", "%Y", "%Y", "%Y", "%Y"])

    def format_ticks(self, values):
        labels = list(super().format_ticks(values))
        if not labels:
            return labels
        first = mdates.num2date(values[0], tz=self._tz)
        step_days = values[1] - values[0] if len(values) > 1 else 1.0
        if step_days >= MONTHLY_TICKS_DAYS:
            if first.strftime("%Y") not in labels[0]:
                labels[0] = first.strftime("%b %Y")
        elif first.strftime("%b") not in labels[0]:
            labels[0] = first.strftime("%b %d" if step_days >= 1 else "%b %d %H:%M")
        return labels


def date_axis(ax, tz, day_format: str = "%d %b", hour_ticks: bool = False) -> None:
    """One tick a day for short spans (each naming its month; 6-hourly minor ticks if asked), else automatic
    ticks whose first names its month and every month's first tick names that month.

    Call it once the axis's limits are final (its ticks are fixed then)."""
    low, high = ax.get_xlim()
    if high - low <= DAILY_UP_TO_DAYS:  # matplotlib date units are days
        ax.xaxis.set_major_locator(mdates.DayLocator(tz=tz))
        ax.xaxis.set_major_formatter(mdates.DateFormatter(day_format, tz=tz))
        if hour_ticks:
            ax.xaxis.set_minor_locator(mdates.HourLocator(byhour=[6, 12, 18], tz=tz))
    else:
        locator = mdates.AutoDateLocator(tz=tz, maxticks=12)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(FirstTickNamedFormatter(locator, tz))
    freeze_ticks(ax.xaxis)


def freeze_ticks(axis) -> None:
    """Fix an axis's ticks and labels where its limits are final: the same chart, but date rules are
    evaluated once instead of at each of the layout's passes and the drawing (a tenth of a chart's time)."""
    major = axis.get_major_locator()()
    formatter = axis.get_major_formatter()
    labels = FixedFormatter(formatter.format_ticks(major))
    labels.set_offset_string(formatter.get_offset())
    minor = axis.get_minor_locator()()
    axis.set_major_locator(FixedLocator(major))
    axis.set_major_formatter(labels)
    axis.set_minor_locator(FixedLocator(minor))
