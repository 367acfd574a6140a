"""The five stages of one learning step, each a plain sentence, its formula and a picture drawn from a StepLesson:
forward, cost, backward (layer by layer), gradient and update.

Every drawer takes ``(surface, body, fonts, view)``: the view gives the lesson (``view.lesson``), the
mosaics it keeps (``view.pictures``), how far the error has flowed back (``view.reached``) and the
measure of the other images (``view.forgetting``).
"""

from dataclasses import dataclass

import numpy as np
import pygame

from . import theme, ui
from .guess_panel import percent
from .mosaic import weight_scale
from .step_pictures import (draw_class_bars, draw_class_columns, draw_costs, draw_image, draw_tiles, draw_units, legend,
                            signed_share, tile_count, tile_side)

GAP = 16
MOST_TILES = 24
FORGOTTEN = 0.05  # a fall in the other images' accuracy the update calls too large a step


@dataclass(frozen=True)
class Stage:
    name: str
    sentence: str
    formula: str
    draw: callable


def columns_of(body, widths):
    """Split ``body`` into side-by-side rects of the given ``widths`` (None: an equal share of what is left)."""
    fixed = sum(width for width in widths if width is not None)
    free = [width for width in widths if width is None]
    share = (body.width - fixed - GAP * (len(widths) - 1)) // max(1, len(free))
    rects, x = [], body.x
    for width in widths:
        width = share if width is None else width
        rects.append(pygame.Rect(x, body.y, max(1, width), body.height))
        x += width + GAP
    return rects


def layer_name(net, layer):
    """``layer`` counted from the first weights (0): the layer those weights feed, by name."""
    return "output" if layer == len(net.weights) - 1 else f"layer {layer + 1}"


def image_width(body):
    return int(min(body.height - 22, body.width * 0.2))


# --- 1. forward ------------------------------------------------------------------------------------

def draw_forward(surface, body, fonts, view):
    lesson = view.lesson
    step, net = lesson.step, lesson.net
    hidden = step.activations[1:-1]
    parts = columns_of(body, [image_width(body)] + [None] * len(hidden) + [int(min(260, body.width * 0.3))])
    draw_image(surface, parts[0], fonts, lesson.x, f"in: {lesson.source}")
    for layer, (values, rect) in enumerate(zip(hidden, parts[1:-1])):
        top = max(float(values.max()), 1.0)
        draw_units(surface, rect, fonts, view.pictures[f"forward {layer}"], np.clip(values / top, 0, 1), values,
                   f"layer {layer + 1}", "lit by activation", "most active")
    draw_class_bars(surface, parts[-1], fonts, net.labels, lesson.probabilities(net), lesson.label,
                    caption="out: how likely each class")


# --- 2. cost ---------------------------------------------------------------------------------------

def cost_lines(lesson):
    """The cost written out for this image: which class it reads, which the label says, and the number."""
    step, net, k = lesson.step, lesson.net, lesson.label
    out = step.activations[-1]
    guess = int(np.argmax(out))
    name = net.labels[k]
    lines = [f"It reads this as {net.labels[guess]} ({percent(lesson.probabilities(net)[guess])}).",
             f"The label says {name}: y is 1 for {name}, 0 for the rest."]
    if net.output == "softmax":
        lines.append(f"C = -log a_{name} = -log {out[k]:.3f} = {max(0.0, step.cost):.3f}")
    else:
        lines.append(f"C = -log a_{name} - sum of log(1 - a) of the others = {max(0.0, step.cost):.3f}")
    return lines


def draw_cost(surface, body, fonts, view):
    lesson = view.lesson
    step, net = lesson.step, lesson.net
    left, right = columns_of(body, [int(body.width * 0.36), None])
    image = draw_image(surface, pygame.Rect(left.x, left.y, left.width, min(left.height // 2, left.width)),
                       fonts, lesson.x, f"in: {lesson.source}")
    y = image.bottom + 12
    for line in cost_lines(lesson):
        for part in ui.wrap(fonts.small, line, left.width, max_lines=2):
            ui.text(surface, part, fonts.small, theme.TEXT, (left.x, y))
            y += 18
        y += 4
    half = (right.height - 8) // 2
    out = step.activations[-1]
    for number, (values, caption) in enumerate(((out, "a: what the network says (the box: y, the right answer)"),
                                                (step.deltas[-1], "a - y: the error at the output"))):
        chart = pygame.Rect(right.x, right.y + number * (half + 8), right.width, half)
        ui.text(surface, ui.fit(fonts.small, caption, chart.width), fonts.small, theme.MUTED, chart.topleft)
        plot = pygame.Rect(chart.x, chart.y + 22, chart.width, chart.height - 22)
        draw_class_columns(surface, plot, fonts, net.labels, values, lesson.label)
        if number == 0:  # y: the label's full-height target
            column = plot.width / len(net.labels)
            target = pygame.Rect(round(plot.x + lesson.label * column + column * 0.1), plot.y,
                                 max(3, round(column * 0.8)), plot.height - 20)
            pygame.draw.rect(surface, theme.ACCENT, target, width=1)


# --- 3. backward -----------------------------------------------------------------------------------

def draw_backward(surface, body, fonts, view):
    lesson = view.lesson
    step, net = lesson.step, lesson.net
    count = len(step.deltas)
    inner = pygame.Rect(body.x, body.y, body.width, body.height - 24)
    for layer, rect in enumerate(columns_of(inner, [None] * count)):
        if layer < view.reached:
            ui.text(surface, ui.fit(fonts.small, f"{layer_name(net, layer)}: the error reaches it next"
                                    if layer == view.reached - 1 else layer_name(net, layer), rect.width),
                    fonts.small, theme.FAINT, rect.topleft)
            continue
        delta = step.deltas[layer]
        above_its_number = pygame.Rect(rect.x, rect.y, rect.width, rect.height - 22)
        area = draw_units(surface, above_its_number, fonts, view.pictures[f"backward {layer}"], signed_share(delta),
                          np.abs(delta), layer_name(net, layer), "coloured by their delta", "most blamed")
        ui.text(surface, ui.fit(fonts.small, f"largest |delta| {np.abs(delta).max():.3g}", rect.width), fonts.small,
                theme.MUTED, (rect.x, area.bottom + 4))
    legend(surface, (body.x, body.bottom - 18), fonts, ("orange: its sum should go down", "blue: should go up"))


# --- 4. gradient -----------------------------------------------------------------------------------

def most_blamed(lesson, count):
    """The ``count`` first-layer units with the largest |delta|, most blamed first."""
    return np.argsort(np.abs(lesson.step.deltas[0]))[::-1][:count]


def tile_rows(area, units, rows, most, caption=40):
    """``(side, per_row)`` for up to ``most`` tiles in ``rows`` rows of ``area``, each row with a ``caption``
    under it: tiles as large as the height allows (up to 96 px), as many in a row as the width then takes."""
    side = tile_side(1, area.width, (area.height - rows * caption) // rows, largest=150)
    return side, tile_count(area.width, side, min(units, -(-most // rows)))


def draw_gradient(surface, body, fonts, view):
    lesson = view.lesson
    step, net = lesson.step, lesson.net
    left, right = columns_of(body, [image_width(body), None])
    draw_image(surface, left, fonts, lesson.x, f"in: {lesson.source}")
    units = net.sizes[1]
    area = pygame.Rect(right.x, right.y + 40, right.width, right.height - 40 - 24)
    side, per_row = tile_rows(area, units, 2, MOST_TILES)
    rows = 1 if units <= per_row else 2
    top = most_blamed(lesson, per_row * rows)
    which = (f"all {units} first-layer units, most blamed first" if top.size == units
             else f"the {top.size} most blamed of {units} first-layer units")
    for line_number, line in enumerate(ui.wrap(fonts.small, f"{which}: each tile is this image times the unit's "
                                               "delta, the way its 784 weights will move", right.width)):
        ui.text(surface, line, fonts.small, theme.MUTED, (right.x, right.y + line_number * 17))
    moves = -step.grad_w[0][:, top]
    scale = float(np.abs(moves).max()) or 1.0
    for row in range(rows):
        chosen = slice(row * per_row, (row + 1) * per_row)
        if not top[chosen].size:
            break
        y = area.y + row * (side + 40)
        rects = draw_tiles(surface, (area.x, y), view.pictures[f"gradient {row}"], moves[:, chosen], side, scale)
        for rect, unit in zip(rects, top[chosen]):
            ui.text(surface, ui.fit(fonts.small, f"{step.deltas[0][unit]:+.2g}", side + 4), fonts.small,
                    theme.MUTED, (rect.x, rect.bottom + 3))
    legend(surface, (right.x, body.bottom - 18), fonts, ("orange: weights go up", "blue: go down"))


# --- 5. update -------------------------------------------------------------------------------------

def draw_update(surface, body, fonts, view):
    lesson = view.lesson
    step, net = lesson.step, lesson.net
    tiles, side_panel = columns_of(body, [None, int(min(340, max(220, body.width * 0.34)))])
    side, per_row = tile_rows(pygame.Rect(tiles.x, tiles.y, tiles.width - 70, tiles.height - 24), net.sizes[1],
                              3, 3 * MOST_TILES // 2, caption=28)
    top = most_blamed(lesson, per_row)
    before, after = net.weights[0][:, top], step.after.weights[0][:, top]
    change = after - before
    scale = weight_scale(net.weights[0])
    rows = (("before", before, scale), ("change", change, float(np.abs(change).max()) or 1.0),
            ("after", after, scale))
    for number, (name, values, row_scale) in enumerate(rows):
        y = tiles.y + number * (side + 28)
        ui.text(surface, name, fonts.small, theme.MUTED, (tiles.x, y + side // 2), "midleft")
        draw_tiles(surface, (tiles.x + 70, y), view.pictures[f"update {name}"], values, side, row_scale)
    caption = f"the weights of the {top.size} most blamed first-layer units"
    below = tiles.y + 3 * (side + 28)
    ui.text(surface, ui.fit(fonts.small, caption, tiles.width), fonts.small, theme.MUTED, (tiles.x, below))
    if tiles.bottom - below > 120:
        draw_costs(surface, pygame.Rect(tiles.x, below + 30, min(tiles.width, 600), tiles.bottom - below - 30),
                   fonts, lesson.costs)
    draw_outcome(surface, side_panel, fonts, view)


def draw_outcome(surface, rect, fonts, view):
    """Probabilities before and after, the cost before and after (and over the steps taken), and the others."""
    lesson = view.lesson
    step, net = lesson.step, lesson.net
    lines = [(part, colour) for text, colour in outcome_lines(view)
             for part in ui.wrap_whole(fonts.small, text, rect.width)]  # whole, never cut: a reason can be long
    bars = pygame.Rect(rect.x, rect.y, rect.width, rect.height - 18 * len(lines) - 8)
    draw_class_bars(surface, bars, fonts, net.labels, lesson.probabilities(net), lesson.label,
                    after=lesson.probabilities(step.after), caption="before, after (green)")
    y = bars.bottom + 8
    for text, colour in lines:
        ui.text(surface, text, fonts.small, colour, (rect.x, y))
        y += 18


def outcome_lines(view):
    """``(text, colour)`` lines under the update: the cost, the guess, the steps, the other test images."""
    lesson = view.lesson
    step = lesson.step
    after = lesson.probabilities(step.after)
    guess = int(after.argmax())
    lines = [(f"cost {max(0.0, step.cost):.3f} -> {max(0.0, step.cost_after):.3f}",
              theme.ERROR if lesson.overshoot else theme.GOOD)]
    if lesson.overshoot:
        lines.append(("overshoot: the step was too big", theme.ERROR))
    lines += [(f"now reads it as {step.after.labels[guess]} ({percent(after[guess])})",
               theme.GOOD if guess == lesson.label else theme.TEXT),
              (f"cost over {lesson.taken} step{'s' if lesson.taken > 1 else ''}: "
               + " -> ".join(f"{max(0.0, c):.2f}" for c in lesson.costs[-6:]), theme.MUTED)]
    forgetting = view.forgetting
    if forgetting.problem:
        return lines + [(f"Other images: not measured, {forgetting.problem}", theme.MUTED)]
    before, now = forgetting.predicted(lesson.original), forgetting.predicted(step.after)
    if before is None or now is None:
        return lines + [("Other test images: measuring...", theme.MUTED)]
    labels = forgetting.labels
    right_before, right_now = np.mean(before == labels), np.mean(now == labels)
    lines += [(f"{len(labels):,} other test images right:", theme.TEXT),
              (f"  {right_before:.1%} before, {right_now:.1%} now", theme.TEXT),
              (f"  read as {lesson.class_name}: {np.mean(before == lesson.label):.1%} -> "
               f"{np.mean(now == lesson.label):.1%}", theme.MUTED)]
    if right_before - right_now > FORGOTTEN:
        lines.append(("too large: it learns this one and forgets the others", theme.ERROR))
    return lines


STAGES = [
    Stage("Forward", "The image goes in; each layer weighs the one before it and lights up; the last layer "
          "gives a probability for every class.", "a = sigma(W a + b)", draw_forward),
    Stage("Cost", "The cost says how wrong the guess is. At the output the error is simply what it said minus "
          "the right answer.", "C = -log a_y     error at the output: a - y", draw_cost),
    Stage("Backward", "The error flows back one layer at a time: each unit gets the blame of the units it feeds, "
          "through its weights, times how much it could move.", "delta = (W^T delta) * sigma'(z)", draw_backward),
    Stage("Gradient", "Every weight's share of the blame is the activation coming in times the delta of the "
          "unit it feeds: for the first layer, this image times each unit's delta.", "dC/dW = a delta^T",
          draw_gradient),
    Stage("Update", "Every weight moves a little against its gradient; eta, the learning rate, says how far. "
          "Repeat it and the cost on this image falls; too large a step overshoots, and the other images pay.",
          "W <- W - eta dC/dW",
          draw_update),
]
