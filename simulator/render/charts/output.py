"""Chart files: a matplotlib figure rendered to bytes the same way every time."""

from __future__ import annotations

import io
import warnings


def figure_bytes(figure, fmt: str) -> bytes:
    """Render a matplotlib figure reproducibly (no dates or version stamps in the file)."""
    import matplotlib  # deferred: commands that draw nothing do not load it

    buffer = io.BytesIO()
    metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "treaty-sim", "svg.fonttype": "path"}), warnings.catch_warnings():
        # A name with an emoji the font lacks, or a very long title, still gives a usable chart.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        warnings.filterwarnings("ignore", message="constrained_layout not applied", category=UserWarning)
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=110 if fmt == "png" else None)
    return buffer.getvalue()
