"""Date axes that stay readable from a few days (Kazakhstan 2022) to several years (Tajikistan 2021-24)."""

from __future__ import annotations

import matplotlib.dates as mdates
from matplotlib.ticker import FixedFormatter, FixedLocator

DAILY_UP_TO_DAYS = 31


def date_axis(ax, tz, day_format: str = "%d %b", hour_ticks: bool = False) -> None:
    """One tick a day for short spans (with 6-hourly minor ticks if asked), else automatic ticks.

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
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz=tz))
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
