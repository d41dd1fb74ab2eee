"""Chart files: a matplotlib figure rendered to bytes the same way every time."""

from __future__ import annotations

import io
import os
import threading
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


def png_and_svg(figure) -> tuple[bytes, bytes]:
    """Both files of a figure, each drawn from the figure as built.

    Drawing a chart is the slowest part of `treaty-sim run`, and each format lays the figure out
    anew: a forked child draws the SVG while this process draws the PNG. Only where fork is safe
    (POSIX, no other thread); otherwise, or if the child fails, one after the other, SVG first:
    a PNG drawn first leaves layout state that moves an SVG glyph by 1e-6 pt (a PNG is unaffected
    by an SVG drawn before it), so every path gives the same bytes.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        svg = figure_bytes(figure, "svg")
        return figure_bytes(figure, "png"), svg
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(figure_bytes(figure, "svg"))
            status = 0
        finally:
            os._exit(status)  # never run the parent's clean-up, atexit or buffered output twice
    os.close(write_end)
    try:
        png = figure_bytes(figure, "png")
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            svg = pipe.read()
        _, status = os.waitpid(child, 0)
    if status != 0:  # here, so that a bug in drawing raises its own error (a crash report)
        svg = figure_bytes(figure, "svg")
    return png, svg


def chart_files(stem: str, figure) -> dict[str, bytes]:
    """``{stem}.png`` and ``{stem}.svg`` of one figure."""
    png, svg = png_and_svg(figure)
    return {f"{stem}.png": png, f"{stem}.svg": svg}
