"""The drawing view's header: the title, the buttons on the right and the networks' description, all growing with
a large window (see drawing_layout.header_scale) so a room can read them from a projector."""

from . import layout, theme, ui
from .drawing_layout import MARGIN
from .shown import SIDE_NAMES

DESCRIPTION_ROOM = 420  # the description stays beside the buttons while this much width (at scale 1) is left
# The header's buttons, and shorter labels for a window where the long ones leave the description no room
# beside them; the shortest fit beside the title at 640x480.
BUTTON_LABELS = ("Clear", "Networks", "Train", "Line", "Inside", "Help")
SHORTER_LABELS = (("Clear", "Nets", "Train", "Line", "Inside", "Help"), ("Clear", "Nets", "Train", "Line", "Look", "?"))


def draw_header(surface, area, scale, fonts, buttons, shown):
    """Draw the header in ``area`` with ``fonts`` grown by ``scale``; in a narrow window the buttons take the
    title's row and the description has the row below to itself."""
    fonts = fonts.grown(scale)

    def scaled(pixels):
        return round(pixels * scale)
    gap = scaled(10)
    layout.fit_labels(buttons, fonts, area.width - MARGIN - scaled(DESCRIPTION_ROOM), (BUTTON_LABELS,) + SHORTER_LABELS)
    narrow = area.width - layout.row_width(buttons, fonts, gap=gap) < scaled(DESCRIPTION_ROOM)
    title = ui.text(surface, "Inkling", fonts.title, theme.TEXT, (MARGIN, scaled(10 if narrow else 16)))
    x = layout.place_row(buttons, fonts, scaled(10 if narrow else 18), right=area.right - MARGIN,
                         height=scaled(32 if narrow else 36), gap=gap) - gap
    if title.right + 12 + ui.text_width(fonts.body, "draw and guess") < x:
        ui.text(surface, "draw and guess", fonts.body, theme.MUTED, (title.right + 12, title.bottom - scaled(4)),
                "bottomleft")
    room = area.width - 2 * MARGIN if narrow else x - MARGIN - 20
    description = shown.description()
    if shown.side_count == 2:
        description = two_sides_description(fonts.body, SIDE_NAMES[shown.chosen_side], room)
    colour = theme.MUTED if shown.network is not None else theme.ERROR
    ui.text(surface, ui.fit_description(fonts.body, description, room), fonts.body, colour,
            (MARGIN, (max(title.bottom, scaled(42)) + scaled(6)) if narrow else title.bottom + scaled(6)))
    for button in buttons:
        button.draw(surface, fonts)


def two_sides_description(font, side, room):
    """What the header says while two networks are shown, in the longest of its wordings that fits ``room``
    (cut in its middle, "comparing ... networks" said nothing of how many)."""
    wordings = (f"comparing two networks  ·  a dropped file goes to the {side}",
                f"two networks  ·  a dropped file goes to the {side}", f"two networks  ·  drops go {side}")
    return next((wording for wording in wordings if ui.text_width(font, wording) <= room), wordings[-1])
