"""Make examples/training.png and examples/weights.gif from the real program's training view.

The real App is opened on SDL's dummy video driver, T opens training and Enter starts the setup
form's defaults (784-128-10 on MNIST), exactly as a person would start it. training.png is the
whole window in the middle of the run; weights.gif is the first-layer weight mosaic as the window
draws it, caught after a growing number of training images (at the window's watching pace at
first, so the early changes are seen a few batches at a time, then at full speed) with a caption
saying how far training had got.

Run from the repository root (needs MNIST: $INKLING_DATA, else data/):
    python examples/make_training_media.py
"""

import os
import sys
import tempfile

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
from PIL import Image  # noqa: E402

from app import theme  # noqa: E402
from app.training_pace import WATCH  # noqa: E402
from app.window import App  # noqa: E402
from network import datasets  # noqa: E402

EXAMPLES = os.path.join(REPO, "examples")
SCREENSHOT_AT = 2.4  # epochs done when the window is photographed
GIF_FRAMES = 48
GIF_EPOCHS = 4.0  # the GIF follows the run up to here
GIF_SCALE = 2
WATCH_UNTIL = 12_000  # training images seen at the watching pace at the start, then full speed


def press(key, unicode=""):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, unicode=unicode, mod=0, scancode=0))


def caption_frame(app, run):
    """The mosaic as drawn on the window, at GIF_SCALE pixels per weight (one for a wide layer), with how far
    training had got."""
    on_screen = app.surface.subsurface(app.view.stage.weights.rect)
    columns, rows = app.view.stage.weights.mosaic.grid
    width, height = on_screen.get_size()
    across, down = columns * 29 - 1, rows * 29 - 1  # 28-pixel tiles and 1-pixel gaps, before scaling
    xs = ((np.arange(across) + 0.5) * width / across).astype(int)
    ys = ((np.arange(down) + 0.5) * height / down).astype(int)
    pixels = pygame.surfarray.array3d(on_screen)[xs][:, ys]  # one pixel per weight, as the window drew it
    scale = GIF_SCALE if columns * rows <= 48 else 1  # a wide layer's GIF stays a sensible size
    mosaic = pygame.transform.scale_by(pygame.surfarray.make_surface(pixels), scale)
    frame = pygame.Surface((mosaic.get_width(), mosaic.get_height() + 30))
    frame.fill(theme.BACKGROUND)
    frame.blit(mosaic, (0, 0))
    progress = run.progress
    text = f"{progress.samples_seen:,} images seen  ({progress.epochs_done:.2f} epochs)"
    image = app.fonts.small.render(text, True, theme.TEXT)
    frame.blit(image, image.get_rect(center=(frame.get_width() // 2, mosaic.get_height() + 15)))
    picture = Image.frombytes("RGB", frame.get_size(), pygame.image.tobytes(frame, "RGB"))
    return picture.quantize(colors=255, dither=Image.Dither.NONE)


def main():
    if not datasets.is_available("mnist"):
        sys.exit("MNIST not found: set INKLING_DATA or run python -m network download mnist")
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)  # nothing the run writes lands in the repository
        try:
            screenshot, frames = record()
        finally:
            os.chdir(here)
    pygame.image.save(screenshot, os.path.join(EXAMPLES, "training.png"))
    gif = os.path.join(EXAMPLES, "weights.gif")
    durations = [120] * (len(frames) - 1) + [2500]
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=durations, loop=0, optimize=True)
    print(f"wrote examples/training.png and examples/weights.gif ({len(frames)} frames, "
          f"{os.path.getsize(gif) / 1e6:.1f} MB)")


def record():
    """Run the defaults in the window; returns the mid-run screenshot and the GIF's frames."""
    app = App(None, None)
    app.step()
    press(pygame.K_t, "t")
    app.step()
    press(pygame.K_RETURN)
    view = app.view
    while view.run is None:
        app.step()
    run = view.run
    images_per_epoch = run.train_size
    targets = list(np.geomspace(run.settings.batch_size, GIF_EPOCHS * images_per_epoch, GIF_FRAMES - 1))
    frames, screenshot = [], None
    app.step()
    frames.append(caption_frame(app, run))
    while targets and run.active:
        if view.watching.pace.mode == WATCH and run.samples_seen >= WATCH_UNTIL:
            press(pygame.K_p, "p")  # full speed
        app.step()
        if run.samples_seen >= targets[0]:
            frames.append(caption_frame(app, run))
            while targets and run.samples_seen >= targets[0]:
                targets.pop(0)
        if screenshot is None and run.samples_seen >= SCREENSHOT_AT * images_per_epoch:
            screenshot = app.surface.copy()
    run.discard()  # the pictures are all that is kept
    app.quit()
    pygame.quit()
    return screenshot, frames


if __name__ == "__main__":
    main()
