"""Chart files: a matplotlib figure rendered to bytes the same way every time."""

from __future__ import annotations

import io
import os
import pickle
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


def fork_is_safe() -> bool:
    """POSIX fork, and no other thread whose locks the child could inherit held."""
    return hasattr(os, "fork") and threading.active_count() == 1


def png_and_svg(figure) -> tuple[bytes, bytes]:
    """Both files of a figure, each drawn from the figure as built.

    Drawing one format leaves layout state that can move the other's glyphs by 1e-6 pt, so each
    is drawn from the figure as built: a forked child draws the SVG while this process draws the
    PNG (drawing is the slowest part of `treaty-sim run`). Where fork is unsafe (not POSIX, or
    another thread runs), the SVG is drawn from a pickled copy.
    """
    if not fork_is_safe():
        copy = _copy(figure)
        png = figure_bytes(figure, "png")
        return png, figure_bytes(copy or figure, "svg")
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
    if status != 0:  # drawn here, so that a bug raises its own error (for the crash report)
        svg = figure_bytes(figure, "svg")
    return png, svg


def _copy(figure):
    """The figure as built, or None if it cannot be pickled (then the SVG follows the PNG)."""
    try:
        return pickle.loads(pickle.dumps(figure))
    except Exception:  # a figure holding a lambda, say: the bytes are still drawn, one after the other
        return None


def chart_files(stem: str, figure) -> dict[str, bytes]:
    """``{stem}.png`` and ``{stem}.svg`` of one figure."""
    png, svg = png_and_svg(figure)
    return {f"{stem}.png": png, f"{stem}.svg": svg}
