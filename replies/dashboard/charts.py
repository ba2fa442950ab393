"""Charts drawn on the server: the geometry of accessible SVG bar charts, no database.

A chart is categories (columns or rows) by series (stacked parts). Each series has a colour
*and* a pattern, so that it reads without colour too; every total is written beside its bar,
and the page gives the same numbers as a table. Templates draw what these objects compute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Okabe and Ito's palette, told apart by people with any common colour-vision deficiency.
COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#6c757d"]
PATTERNS = ["solid", "stripes", "dots", "cross", "lines", "grid", "solid"]


@dataclass
class Series:
    key: str
    label: str
    index: int = 0

    @property
    def colour(self) -> str:
        return COLOURS[self.index % len(COLOURS)]

    @property
    def pattern(self) -> str:
        return PATTERNS[self.index % len(PATTERNS)]


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    series: Series
    value: float
    category: str


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class Chart:
    """Values by (category key, series key); ``categories`` and ``series`` keep their order."""

    slug: str
    title: str
    description: str
    categories: list[tuple[str, str]]  # (key, label)
    series: list[Series]
    values: dict[tuple[str, str], float]
    horizontal: bool = False
    percent: bool = False
    width: int = 420
    rects: list[Rect] = field(default_factory=list)
    totals: list[Label] = field(default_factory=list)
    axis: list[Label] = field(default_factory=list)
    gridlines: list[float] = field(default_factory=list)
    height: int = 0

    def __post_init__(self) -> None:
        if len(self.series) > 1:  # a legend lists only what is drawn
            self.series = [
                series
                for series in self.series
                if any(self.value(key, series.key) for key, _label in self.categories)
            ] or self.series[:1]
        for index, series in enumerate(self.series):
            series.index = index
        (self._lay_out_rows if self.horizontal else self._lay_out_columns)()

    def value(self, category: str, series: str) -> float:
        return self.values.get((category, series), 0)

    def total(self, category: str) -> float:
        return sum(self.value(category, series.key) for series in self.series)

    def show(self, number: float) -> str:
        if self.percent:
            return f"{round(number * 100)} %"
        return f"{number:g}"

    @property
    def grand_total(self) -> float:
        return sum(self.total(key) for key, _label in self.categories)

    @property
    def is_empty(self) -> bool:
        return not self.grand_total

    @property
    def table(self) -> list[dict]:
        """The chart's numbers, row by row, for the table beside it."""
        return [
            {
                "label": label,
                "cells": [self.show(self.value(key, series.key)) for series in self.series],
                "total": self.show(self.total(key)),
            }
            for key, label in self.categories
        ]

    @property
    def top(self) -> float:
        if self.percent:
            return 1.0
        highest = max((self.total(key) for key, _label in self.categories), default=0)
        return nice_ceiling(highest)

    def _lay_out_columns(self) -> None:
        left, right, top, bottom = 36, 8, 20, 34
        plot_height = 160
        self.height = top + plot_height + bottom
        slot = (self.width - left - right) / max(1, len(self.categories))
        bar = slot * 0.7
        scale = plot_height / self.top if self.top else 0
        step = max(1, math.ceil(len(self.categories) / 8))  # at most 8 labels on the axis
        for position, (key, label) in enumerate(self.categories):
            x = left + position * slot + (slot - bar) / 2
            y = top + plot_height
            for series in self.series:
                amount = self.value(key, series.key)
                if amount:
                    height = amount * scale
                    y -= height
                    self.rects.append(Rect(x, y, bar, height, series, amount, label))
            total = self.total(key)
            if total:
                self.totals.append(Label(x + bar / 2, y - 4, self.show(total)))
            if position % step == 0:
                self.axis.append(Label(x + bar / 2, top + plot_height + 16, label))
        self.gridlines = [top + plot_height * (1 - share) for share in (0, 0.5, 1)]
        self.axis += [
            Label(left - 4, line + 4, self.show(self.top * share), "end")
            for line, share in zip(self.gridlines, (0, 0.5, 1), strict=True)
        ]
        self.plot = {"left": left, "right": self.width - right, "base": top + plot_height}

    def _lay_out_rows(self) -> None:
        left, right, top, row = int(self.width * 0.36), 48, 8, 26
        self.height = top * 2 + row * max(1, len(self.categories))
        scale = (self.width - left - right) / self.top if self.top else 0
        for position, (key, label) in enumerate(self.categories):
            y = top + position * row + 4
            x = left
            for series in self.series:
                amount = self.value(key, series.key)
                if amount:
                    width = amount * scale
                    self.rects.append(Rect(x, y, width, row - 8, series, amount, label))
                    x += width
            self.axis.append(Label(left - 6, y + row / 2, shorten(label, left // 7), "end"))
            self.totals.append(Label(x + 6, y + row / 2, self.show(self.total(key)), "start"))
        self.plot = {"left": left, "right": self.width - right, "base": self.height - top}


def nice_ceiling(value: float) -> float:
    """The round number at or above ``value`` that an axis would end on (1, 2, 5, 10, 20…)."""
    if value <= 0:
        return 0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def shorten(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
