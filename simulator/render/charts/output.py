"""Chart files: a matplotlib figure rendered to bytes the same way every time."""

from __future__ import annotations

import io
import warnings

PNG_DPI = 110


def figure_bytes(figure, fmt: str) -> bytes:
    """Render a matplotlib figure reproducibly (no dates or version stamps in the file).

    The file's canvas draws the figure once, its layout engine first: the bytes savefig gives,
    without the invisible drawing savefig adds before it to lay the figure out.
    """
    # deferred: matplotlib takes half a second to import; commands that draw nothing do not load it
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    if fmt not in ("png", "svg"):
        raise ValueError(f"no chart format {fmt!r}")
    buffer = io.BytesIO()
    canvas, dpi = figure.canvas, figure.dpi
    with matplotlib.rc_context({"svg.hashsalt": "treaty-sim", "svg.fonttype": "path"}), warnings.catch_warnings():
        # A name with an emoji the font lacks, or a very long title, still gives a usable chart.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        warnings.filterwarnings("ignore", message="constrained_layout not applied", category=UserWarning)
        try:
            if fmt == "png":
                printer = FigureCanvasAgg(figure)
                figure.dpi = PNG_DPI
                printer.print_png(buffer, metadata={"Software": None})
            else:
                FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None, "Creator": None})
        finally:  # as savefig leaves them
            figure.dpi = dpi
            figure.set_canvas(canvas)
    return buffer.getvalue()
