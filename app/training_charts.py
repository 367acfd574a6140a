"""Live charts of a training run: cost and accuracy curves (train and test) and the progress bar."""

import math

import pygame

TRAIN_COLOUR = (110, 170, 255)
TEST_COLOUR = (255, 170, 70)
AXIS_COLOUR = (70, 74, 86)
GRID_COLOUR = (40, 43, 52)
LABEL_COLOUR = (150, 155, 170)
TEXT_COLOUR = (225, 228, 235)
BAR_BACK = (40, 43, 52)
BAR_FILL = (90, 200, 140)
BAR_PAUSED = (200, 170, 80)


def axis_top(value, ticks=4):
    """A round top for an axis showing ``value``, split into ``ticks`` round steps (0.6 -> 0, 0.15, ... 0.6)."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * power >= raw * 0.999)
    return step * ticks


def thin(xs, ys, limit):
    """At most about ``limit`` points, evenly picked, always keeping the last."""
    if len(xs) <= limit:
        return xs, ys
    every = -(-len(xs) // limit)
    return xs[::every] + xs[-1:], ys[::every] + ys[-1:]


def draw_chart(surface, rect, title, fonts, epochs, series, top, percent=False):
    """Axes from 0 to ``epochs`` and 0 to ``top``; each series ``(name, xs, ys, colour, with_dots)`` as a line,
    its latest value written after the title."""
    rect = pygame.Rect(rect)
    title_image = fonts.body.render(title, True, TEXT_COLOUR)
    surface.blit(title_image, (rect.x, rect.y))
    x = rect.x + title_image.get_width() + 16
    for name, _, ys, colour, _ in series:
        if ys:
            value = f"{name} {ys[-1]:.1%}" if percent else f"{name} {ys[-1]:.3f}"
            image = fonts.body.render(value, True, colour)
            surface.blit(image, (x, rect.y))
            x += image.get_width() + 16
    label_width = fonts.small.size("100%" if percent else "0.00")[0] + 6
    plot = pygame.Rect(rect.x + label_width, rect.y + title_image.get_height() + 6,
                       rect.width - label_width - 8,
                       rect.height - title_image.get_height() - 12 - 2 * fonts.small.get_linesize())
    if plot.width < 20 or plot.height < 20:
        return
    for i in range(5):
        value = top * i / 4
        y = plot.bottom - round(plot.height * i / 4)
        pygame.draw.line(surface, GRID_COLOUR if i else AXIS_COLOUR, (plot.x, y), (plot.right, y))
        text = f"{value:.0%}" if percent else f"{value:.3g}"
        image = fonts.small.render(text, True, LABEL_COLOUR)
        surface.blit(image, (plot.x - image.get_width() - 6, y - image.get_height() // 2))
    pygame.draw.line(surface, AXIS_COLOUR, plot.topleft, plot.bottomleft)
    ticks = max(1, epochs // max(1, plot.width // 50))
    for epoch in range(0, epochs + 1, ticks):
        x = plot.x + round(plot.width * epoch / epochs)
        pygame.draw.line(surface, AXIS_COLOUR, (x, plot.bottom), (x, plot.bottom + 4))
        image = fonts.small.render(str(epoch), True, LABEL_COLOUR)
        surface.blit(image, (x - image.get_width() // 2, plot.bottom + 6))
    caption = fonts.small.render("epochs", True, LABEL_COLOUR)
    surface.blit(caption, (plot.right - caption.get_width(), plot.bottom + 6 + caption.get_height()))

    def point(x, y):
        return (plot.x + plot.width * min(x, epochs) / epochs,
                plot.bottom - plot.height * max(0.0, min(y, top)) / top)

    for _, xs, ys, colour, with_dots in series:
        xs, ys = thin(xs, ys, plot.width)
        points = [point(x, y) for x, y in zip(xs, ys)]
        if len(points) > 1:
            pygame.draw.lines(surface, colour, False, points, 2)
        if with_dots:
            for x, y in points:
                pygame.draw.circle(surface, colour, (round(x), round(y)), 3)


def draw_curves(surface, rect, curves, epochs, fonts):
    """The cost chart above the accuracy chart, train in blue and test (per epoch) in orange."""
    rect = pygame.Rect(rect)
    legend_height = fonts.small.get_linesize() + 8
    x = rect.x
    for label, colour in (("train (recent batches)", TRAIN_COLOUR), ("test (after each epoch)", TEST_COLOUR)):
        pygame.draw.line(surface, colour, (x, rect.y + legend_height // 2), (x + 18, rect.y + legend_height // 2), 3)
        image = fonts.small.render(label, True, LABEL_COLOUR)
        surface.blit(image, (x + 24, rect.y + (legend_height - image.get_height()) // 2))
        x += 24 + image.get_width() + 20
    half = (rect.height - legend_height) // 2
    costs = curves.train_cost + curves.test_cost
    top = axis_top(max(costs) if costs else 1.0)
    draw_chart(surface, (rect.x, rect.y + legend_height, rect.width, half - 8), "Cost (cross-entropy)", fonts,
               epochs, [("train", curves.train_epochs, curves.train_cost, TRAIN_COLOUR, False),
                        ("test", curves.test_epochs, curves.test_cost, TEST_COLOUR, True)], top)
    draw_chart(surface, (rect.x, rect.y + legend_height + half, rect.width, half), "Accuracy", fonts, epochs,
               [("train", curves.train_epochs, curves.train_accuracy, TRAIN_COLOUR, False),
                ("test", curves.test_epochs, curves.test_accuracy, TEST_COLOUR, True)], 1.0, percent=True)


def duration(seconds):
    """``42 s``, ``3 min 05 s`` or ``?`` for a time left that is not known yet."""
    if not math.isfinite(seconds):
        return "?"
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def draw_progress(surface, rect, run, fonts):
    """A bar for the whole run, and epoch, step, samples per second and time left written above it."""
    rect = pygame.Rect(rect)
    progress = run.progress
    if progress is None:
        return
    text = (f"Epoch {progress.epoch}/{progress.epochs}   step {progress.step:,}/{progress.steps:,}   "
            f"{run.samples_per_s:,.0f} samples/s   ")
    text += {"paused": "paused", "running": f"{duration(run.seconds_left)} left"}.get(
        run.state, f"took {duration(run.running_seconds)}")
    image = fonts.small.render(text, True, TEXT_COLOUR)
    surface.blit(image, (rect.x, rect.y))
    bar = pygame.Rect(rect.x, rect.y + image.get_height() + 6, rect.width, max(6, rect.height - image.get_height() - 6))
    pygame.draw.rect(surface, BAR_BACK, bar, border_radius=4)
    filled = bar.copy()
    filled.width = round(bar.width * progress.fraction)
    if filled.width:
        pygame.draw.rect(surface, BAR_PAUSED if run.state == "paused" else BAR_FILL, filled, border_radius=4)
