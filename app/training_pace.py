"""How fast a run goes in the window: a pace a person can follow, slow motion, or as fast as it can.

The watching pace starts at WATCH_START samples a second, so the first-layer tiles take shape over
tens of seconds, and speeds up as training goes on (by one sample a second for every
WATCH_RAMP_SECONDS samples seen), when each image changes the weights less: the first 10,000
MNIST images take about 20 seconds, the first epoch about 55 and ten epochs about two minutes (where
the machine keeps up with the pace). Slow motion trains one mini-batch per visible step,
SLOW_STEPS_PER_SECOND steps a second. Full speed trains for the frame's whole time budget.
Paces count window time (the ``dt`` of each frame), not training time.
"""

import math

WATCH, SLOW, FULL = "watching", "slow motion", "full speed"
WATCH_START = 300.0
WATCH_RAMP_SECONDS = 25.0
SLOW_STEPS_PER_SECOND = 4.0
MOST_CREDIT_SECONDS = 0.25  # a slow frame does not bank more than this much pace for the next ones


class Pace:
    """The chosen pace, and how many mini-batches each frame may train under it."""

    def __init__(self, mode=WATCH):
        self.mode = mode
        self._credit = 0.0  # mini-batches earned but not trained yet

    def set(self, mode):
        self.mode, self._credit = mode, 0.0

    def toggle_full(self):
        """P: full speed, or back to the watching pace from it."""
        self.set(WATCH if self.mode == FULL else FULL)

    def toggle_slow(self):
        """S: slow motion, or back to the watching pace from it."""
        self.set(WATCH if self.mode == SLOW else SLOW)

    def samples_per_second(self, samples_seen):
        """The watching pace after ``samples_seen`` samples."""
        return WATCH_START + samples_seen / WATCH_RAMP_SECONDS

    def seconds_left(self, samples_seen, samples_total):
        """At the watching pace, seconds from ``samples_seen`` to ``samples_total``; None for the other paces."""
        if self.mode != WATCH:
            return None
        start = WATCH_START * WATCH_RAMP_SECONDS
        return WATCH_RAMP_SECONDS * math.log((start + samples_total) / (start + samples_seen))

    def steps(self, seconds, samples_seen, batch_size):
        """Mini-batches allowed after ``seconds`` of window time, or None for as many as time allows."""
        if self.mode == FULL:
            return None
        if self.mode == SLOW:
            rate = SLOW_STEPS_PER_SECOND
        else:
            rate = self.samples_per_second(samples_seen) / batch_size
        self._credit = min(self._credit, max(1.0, rate * MOST_CREDIT_SECONDS)) + seconds * rate
        steps = int(self._credit)
        self._credit -= steps
        return steps
