"""Live charts of a training run: cost and accuracy curves (train and test) and the progress bar."""

import math

import pygame

from network import overfitting

from . import ui

TRAIN_COLOUR = (110, 170, 255)
TEST_COLOUR = (255, 170, 70)
AXIS_COLOUR = (70, 74, 86)
GRID_COLOUR = (40, 43, 52)
LABEL_COLOUR = (150, 155, 170)
TEXT_COLOUR = (225, 228, 235)
BAR_BACK = (40, 43, 52)
BAR_FILL = (90, 200, 140)
BAR_PAUSED = (200, 170, 80)


EXTRA_COLOURS = [(200, 130, 255), (120, 220, 170), (255, 120, 150)]
ZOOM_EPOCHS = 2.0  # zoomed in, the charts show about this many of the latest epochs


def nice_range(low, high, ticks=4, floor=None, ceiling=None):
    """Round axis limits around ``low``..``high`` split into ``ticks`` round steps, kept within floor/ceiling."""
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    if high - low < 1e-6:
        low, high = low - 0.05 * (abs(low) or 1), high + 0.05 * (abs(high) or 1)
    raw = (high - low) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10, 20):
        step = multiple * power
        bottom = math.floor(low / step + 1e-9) * step
        if bottom + ticks * step >= high - 1e-9:
            break
    if floor is not None and bottom < floor:
        bottom = floor
    top = bottom + ticks * step
    if ceiling is not None and top > ceiling:
        top = ceiling
        bottom = max(floor if floor is not None else -math.inf, top - ticks * step)
    return bottom, top


def thin(xs, ys, limit):
    """At most about ``limit`` points, evenly picked, always keeping the last."""
    if len(xs) <= limit:
        return xs, ys
    every = -(-len(xs) // limit)
    return xs[::every] + xs[-1:], ys[::every] + ys[-1:]


def tick_label(value, span, percent):
    """An axis label with as many decimals as the axis' span needs."""
    if percent:
        return f"{value:.0%}" if span >= 0.2 else f"{value:.1%}" if span >= 0.02 else f"{value:.2%}"
    return f"{value:.3g}"


def latest_value(name, value, percent):
    """A series' latest value after a chart's title: the train series' is over its recent batches, and says so
    (the note below gives the train accuracy over a whole epoch, which differs)."""
    shown = "recent train" if name == "train" else name
    return f"{shown} {value:.1%}" if percent else f"{shown} {value:.3f}"


def series_colour(name, number):
    if name == "train":
        return TRAIN_COLOUR
    if name == "test":
        return TEST_COLOUR
    return EXTRA_COLOURS[number % len(EXTRA_COLOURS)]


def draw_chart(surface, rect, title, note, fonts, x_range, series, y_range, percent=False):
    """Axes over ``x_range`` (epochs) and ``y_range``; each series ``(name, xs, ys, colour, with_dots)`` as a
    line, its latest value written after the title, and ``note`` (the gap, a trend) on the line below."""
    rect = pygame.Rect(rect)
    title_image = fonts.body.render(title, True, TEXT_COLOUR)
    surface.blit(title_image, (rect.x, rect.y))
    x = rect.x + title_image.get_width() + 16
    values = [(latest_value(name, ys[-1], percent), colour) for name, _, ys, colour, _ in series if ys]
    values = values[1:] + values[:1]  # the test sets' first: the numbers compared are never the ones left out
    font = fonts.body if sum(fonts.body.size(value)[0] + 16 for value, _ in values) <= rect.right - x else fonts.small
    for value, colour in values:
        image = font.render(value, True, colour)
        if x + image.get_width() > rect.right:
            break
        surface.blit(image, (x, rect.y + (title_image.get_height() - image.get_height()) // 2))
        x += image.get_width() + 16
    top = rect.y + title_image.get_height() + 4
    if note:
        note_image = fonts.small.render(ui.fit(fonts.small, note, rect.width), True, LABEL_COLOUR)
        surface.blit(note_image, (rect.x, top))
    top += fonts.small.get_linesize() + 4
    low, high = y_range
    labels = [tick_label(low + (high - low) * i / 4, high - low, percent) for i in range(5)]
    label_width = max(fonts.small.size(label)[0] for label in labels) + 8
    plot = pygame.Rect(rect.x + label_width, top, rect.width - label_width - 8,
                       rect.bottom - top - 6 - 2 * fonts.small.get_linesize())
    if plot.width < 20 or plot.height < 20:
        return
    labelled = 1 if plot.height >= 5 * fonts.small.get_linesize() else 2 if plot.height >= 3 * fonts.small.get_linesize() else 4
    for i in range(5):
        y = plot.bottom - round(plot.height * i / 4)
        pygame.draw.line(surface, GRID_COLOUR if i else AXIS_COLOUR, (plot.x, y), (plot.right, y))
        if i % labelled:
            continue
        image = fonts.small.render(labels[i], True, LABEL_COLOUR)
        surface.blit(image, (plot.x - image.get_width() - 6, y - image.get_height() // 2))
    pygame.draw.line(surface, AXIS_COLOUR, plot.topleft, plot.bottomleft)
    first, last = x_range
    span = last - first
    tick = max(1, math.ceil(span / max(1, plot.width // 50)))
    for epoch in range(math.ceil(first), math.floor(last) + 1):
        if epoch % tick:
            continue
        x = plot.x + round(plot.width * (epoch - first) / span)
        pygame.draw.line(surface, AXIS_COLOUR, (x, plot.bottom), (x, plot.bottom + 4))
        image = fonts.small.render(str(epoch), True, LABEL_COLOUR)
        surface.blit(image, (x - image.get_width() // 2, plot.bottom + 6))
    caption = fonts.small.render("epochs", True, LABEL_COLOUR)
    surface.blit(caption, (plot.right - caption.get_width(), plot.bottom + 6 + caption.get_height()))

    def point(x, y):
        return (plot.x + plot.width * (max(first, min(x, last)) - first) / span,
                plot.bottom - plot.height * (max(low, min(y, high)) - low) / (high - low))

    for _, xs, ys, colour, with_dots in series:
        shown = [(x, y) for x, y in zip(xs, ys) if x >= first]
        xs, ys = thin([x for x, _ in shown], [y for _, y in shown], plot.width)
        points = [point(x, y) for x, y in zip(xs, ys)]
        if len(points) > 1:
            pygame.draw.lines(surface, colour, False, points, 2)
        if with_dots:
            for x, y in points:
                pygame.draw.circle(surface, colour, (round(x), round(y)), 3)


def gap_note(curves):
    """The train/test accuracy gap at the latest test pass, in words: train over that whole epoch (not the
    recent batches the chart's title gives), test after it."""
    gap = curves.accuracy_gap()
    if gap is None:
        return "test accuracy: after the first epoch"
    epoch, train, test = gap
    gap = f"gap {100 * (train - test):.1f} points" if train >= test else f"test {100 * (test - train):.1f} points better"
    return f"over epoch {epoch:g}: train {train:.1%}, test {test:.1%}: {gap}"


def cost_note(curves):
    """What the test passes say about overfitting or a learning-rate jump, in words (``network.overfitting``)."""
    if not curves.tests.get("test"):
        return "test cost: after the first epoch"
    return overfitting.verdict(curves.test_passes())


def known_points(xs, ys):
    """``(xs, ys)`` without the points whose value is not known (a further test set reports no cost)."""
    pairs = [(x, y) for x, y in zip(xs, ys) if y is not None]
    return [x for x, _ in pairs], [y for _, y in pairs]


def draw_curves(surface, rect, curves, epochs, fonts, zoom=False):
    """The cost chart above the accuracy chart: train in blue, each test set (per epoch) in its own colour.

    The y axes follow the data shown; ``zoom`` shows only the latest epochs, so that a small gap
    between train and test is as tall as the chart."""
    rect = pygame.Rect(rect)
    legend_height = fonts.small.get_linesize() + 8
    tests = list(curves.tests.items()) or [("test", ([], [], []))]
    names = [("train (recent batches)", TRAIN_COLOUR)] + [
        (f"{name} (after each epoch)" if name == "test" else name, series_colour(name, number))
        for number, (name, _) in enumerate(tests)]
    x = rect.x
    for label, colour in names:
        image = fonts.small.render(label, True, LABEL_COLOUR)
        if x + 24 + image.get_width() > rect.right:
            break
        pygame.draw.line(surface, colour, (x, rect.y + legend_height // 2), (x + 18, rect.y + legend_height // 2), 3)
        surface.blit(image, (x + 24, rect.y + (legend_height - image.get_height()) // 2))
        x += 24 + image.get_width() + 20
    latest = max([curves.train_epochs[-1]] if curves.train_epochs else [0.0])
    first = max(0.0, latest - ZOOM_EPOCHS) if zoom else 0.0
    last = max(latest, first + 0.5) if zoom else max(epochs, latest)
    half = (rect.height - legend_height) // 2
    for row, (title, note, column, percent) in enumerate((("Cost", cost_note(curves), 1, False),
                                                         ("Accuracy", gap_note(curves), 2, True))):
        series = [("train", curves.train_epochs, [curves.train_cost, curves.train_accuracy][column - 1],
                   TRAIN_COLOUR, False)]
        series += [(name, *known_points(lists[0], lists[column]), series_colour(name, number), True)
                   for number, (name, lists) in enumerate(tests)]
        shown = [y for _, xs, ys, _, _ in series for x, y in zip(xs, ys) if x >= first]
        if percent:
            y_range = nice_range(min(shown), max(shown), floor=0.0, ceiling=1.0) if shown else (0.0, 1.0)
        else:
            y_range = nice_range(0.0 if not zoom else min(shown), max(shown), floor=0.0) if shown else (0.0, 1.0)
        area = (rect.x, rect.y + legend_height + row * half, rect.width, half - (8 if row == 0 else 0))
        draw_chart(surface, area, title, note, fonts, (first, last), series, y_range, percent)


def duration(seconds):
    """``42 s``, ``3 min 05 s`` or ``?`` for a time left that is not known yet."""
    if not math.isfinite(seconds):
        return "?"
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def draw_progress(surface, rect, run, fonts, pace="", seconds_left=None):
    """A bar for the whole run, and epoch, step, current samples per second, time left and pace above it.

    ``seconds_left`` (when the pace knows it better than the current speed does) replaces the estimate."""
    rect = pygame.Rect(rect)
    progress = run.progress
    if progress is None:
        return
    text = (f"Epoch {progress.epoch}/{run.settings.epochs}   step {progress.step:,}/{progress.steps:,}   "
            f"{run.samples_per_s:,.0f} samples/s   ")
    text += {"paused": "paused", "running": f"{duration(run.seconds_left if seconds_left is None else seconds_left)} left"}.get(
        run.state, f"took {duration(run.running_seconds)}")
    if pace and run.active:
        text += f"   {pace}"
    image = fonts.small.render(ui.fit(fonts.small, text, rect.width), True, TEXT_COLOUR)
    surface.blit(image, (rect.x, rect.y))
    if not run.active:  # an ended run: its footer needs the bar's room for where it was saved
        return
    bar = pygame.Rect(rect.x, rect.y + image.get_height() + 6, rect.width, max(6, rect.height - image.get_height() - 6))
    pygame.draw.rect(surface, BAR_BACK, bar, border_radius=4)
    filled = bar.copy()
    done = (progress.epoch - 1 + progress.step / progress.steps) / run.settings.epochs
    filled.width = round(bar.width * min(1.0, done))
    if filled.width:
        pygame.draw.rect(surface, BAR_PAUSED if run.state == "paused" else BAR_FILL, filled, border_radius=4)
