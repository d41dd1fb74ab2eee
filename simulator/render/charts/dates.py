"""Date axes that stay readable from a few days (Kazakhstan 2022) to several years (Tajikistan 2021-24)."""

from __future__ import annotations

import matplotlib.dates as mdates

DAILY_UP_TO_DAYS = 31


def date_axis(ax, tz, day_format: str = "%d %b", hour_ticks: bool = False) -> None:
    """One tick a day for short spans (with 6-hourly minor ticks if asked), else automatic ticks."""
    low, high = ax.get_xlim()
    if high - low <= DAILY_UP_TO_DAYS:  # matplotlib date units are days
        ax.xaxis.set_major_locator(mdates.DayLocator(tz=tz))
        ax.xaxis.set_major_formatter(mdates.DateFormatter(day_format, tz=tz))
        if hour_ticks:
            ax.xaxis.set_minor_locator(mdates.HourLocator(byhour=[6, 12, 18], tz=tz))
        return
    locator = mdates.AutoDateLocator(tz=tz, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz=tz))
