"""Tables that fit the terminal: key columns and headers are never cut, numbers are right-aligned.

A table is laid out at its natural width (every cell whole, one space between columns). When
that is wider than the console, its free-text columns (a note, an engine name) leave the table
and are printed under it, one line per row that has one, so the key columns (article,
language) and the numbers stay whole: 80 columns hold ``l10n status`` and the machine
translation table; a wider terminal keeps the text in the table. No printed line ends with
spaces (rich pads every cell and the title to the column's width: ``Trimmed``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markup import escape
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

Kind = Literal["key", "number", "text"]


@dataclass(frozen=True)
class Column:
    """One column: its header (a newline breaks it on purpose), kind and the cell that says "none".

    ``key`` and ``number`` columns are never wrapped or cut (numbers right-aligned); ``text``
    columns may leave the table for lines under it when the table is too wide, where a cell
    that is ``""`` or ``empty`` (e.g. ``-``) makes no line.
    """

    header: str
    kind: Kind = "number"
    empty: str = ""


class Trimmed:
    """``inner`` as rich renders it, less the spaces at the end of each line; lines are neither
    cropped nor padded to the console's width (a line wider than the terminal stays whole).

    ``min_width`` (terminal cells): render at least that wide, so that a table whose key and
    number columns are wider than the console keeps every cell and header whole (the terminal
    wraps the lines; our consoles soft-wrap, ``l10n.cli.base.console``).
    """

    def __init__(self, inner: RenderableType, min_width: int = 0) -> None:
        self.inner = inner
        self.min_width = min_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        options = options.update_width(max(options.max_width, self.min_width))
        for line in Segment.split_lines(console.render(self.inner, options)):
            yield from _rstrip(line)
            yield Segment.line()


def _rstrip(line: Iterable[Segment]) -> list[Segment]:
    """The segments of one line without the trailing spaces (pad segments dropped, the last
    text segment right-stripped); control segments are kept."""
    out = list(line)
    while out and not out[-1].control and not out[-1].text.rstrip(" "):
        out.pop()
    if out and not out[-1].control:
        last = out[-1]
        out[-1] = Segment(last.text.rstrip(" "), last.style, last.control)
    return out


GAP = 1
"""Spaces between two columns (the table's blank divider; cells have no padding)."""


def _natural(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> list[int]:
    """Each column's width with every header line and cell whole (terminal cells, not characters)."""
    return [
        max([cell_len(line) for line in col.header.split("\n")] + [cell_len(row[i]) for row in rows])
        for i, col in enumerate(columns)
    ]


def _table(
    title: str | None,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    keep: Sequence[int],
    widths: Sequence[int] | None = None,
    *,
    header: bool = True,
) -> Table:
    """A table of the ``keep`` columns; ``widths``: fixed widths (so that stacked tables align)."""
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        padding=0,
        pad_edge=False,
        show_edge=False,
        title_justify="left",
        show_header=header,
    )
    for i in keep:
        col = columns[i]
        table.add_column(
            escape(col.header),
            justify="right" if col.kind == "number" else "left",
            no_wrap=col.kind != "text",
            overflow="fold",
            width=widths[i] if widths else None,
        )
    for row in rows:
        table.add_row(*(Text(row[i]) for i in keep))
    return table


def _by_first_key(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    keep: list[int],
    widths: list[int],
    moved: list[int],
) -> RenderableType:
    """The table with its first column as a heading over each run of rows that share it, each
    run followed by the notes of its ``moved`` columns."""
    first, rest = keep[0], keep[1:]
    parts: list[RenderableType] = [Text(title, style="italic")]
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and rows[end][first] == rows[start][first]:
            end += 1
        parts.append(Text(rows[start][first], style="bold"))
        parts.append(_table(None, columns, rows[start:end], rest, widths, header=start == 0))
        parts += _notes(columns, rows[start:end], moved, [k for k in rest if columns[k].kind == "key"])
        start = end
    return Group(*parts)


def fitted(
    title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int
) -> RenderableType:
    """The table of ``rows`` (cells as plain text, one per column) for a console ``width`` wide.

    Free-text columns move, right to left, under the table (``<keys>: <header>: <text>``) until
    the rest fits ``width``; key and number columns always stay. Should the keys and numbers
    still be too wide (a long article name), the first key becomes a heading over its rows; wider
    still, the table is rendered whole at its own width (``Trimmed.min_width``), never cut.
    """
    widths = _natural(columns, rows)

    def span(cols: Sequence[int]) -> int:
        return sum(widths[i] for i in cols) + GAP * (len(cols) - 1)

    keep = list(range(len(columns)))
    moved: list[int] = []
    while span(keep) > width:
        texts = [i for i in keep if columns[i].kind == "text"]
        if not texts:
            break  # the keys and numbers alone are wider: printed whole, the terminal wraps
        keep.remove(texts[-1])
        moved.insert(0, texts[-1])
    keys = [i for i in keep if columns[i].kind == "key"]
    if span(keep) > width and len(keys) > 1:
        least = max(span(keep[1:]), widths[keep[0]])  # the rest of the keys and numbers; a heading
        return Trimmed(_by_first_key(title, columns, rows, keep, widths, moved), least)
    table = _table(title, columns, rows, keep)
    return Trimmed(Group(table, *_notes(columns, rows, moved, keys)), span(keep))


def _notes(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], moved: Sequence[int], keys: Sequence[int]
) -> list[Text]:
    """``<keys>: <header>: <text>`` for each cell of the ``moved`` columns that is not empty."""
    return [
        Text(f"{' '.join(row[k] for k in keys)}: {columns[i].header.replace(chr(10), ' ')}: {row[i]}")
        for row in rows
        for i in moved
        if row[i] and row[i] != columns[i].empty
    ]


def print_fitted(
    console: Console, title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]]
) -> None:
    """Print ``fitted`` at the console's width."""
    console.print(fitted(title, columns, rows, console.width))


__all__ = ["Column", "Trimmed", "fitted", "print_fitted"]
