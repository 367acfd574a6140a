"""What the window shows: the networks the drawing is shown to (one or two sides), which side is chosen, and
the networks opened this run. One object, written only through its methods, read by every view.

Views reach it as ``app.shown``; they import this module (for ``SIDE_NAMES``), never the window.
"""

from .loading import describe

SIDE_NAMES = ("left", "right")


class Side:
    """One network the drawing is shown to, and the file it came from (None for an empty side)."""

    def __init__(self, net=None, path=None):
        self.net, self.path = net, path


class Shown:
    """The sides: ``sides[0]`` holds the main network, ``sides[1]`` the one beside it while ``two_sides`` is on.
    A dropped or chosen file replaces the chosen side (``drop_side``)."""

    def __init__(self, first=(None, None), second=None):
        self.sides = [Side(*first), Side(*(second or (None, None)))]
        self.two_sides = second is not None
        self.chosen_side = 0  # the side a dropped file replaces while two are shown
        self.opened = [path for path in (first[1], second and second[1]) if path]  # files opened this run

    @property
    def network(self):
        """The main network (the left side), or None."""
        return self.sides[0].net

    @property
    def network_path(self):
        return self.sides[0].path

    @property
    def side_count(self):
        return 2 if self.two_sides else 1

    @property
    def drop_side(self):
        """The side a dropped file goes to: the chosen one while two are shown, else the main one."""
        return self.chosen_side if self.two_sides else 0

    def networks(self):
        """``[(network, path)]`` of the sides shown that hold a network: the main one, and the one beside it."""
        return [(side.net, side.path) for side in self.sides[:self.side_count] if side.net is not None]

    def set_network(self, net, path, side=0):
        """Use ``net`` (loaded from or saved to ``path``) on ``side`` from now on; views notice the change."""
        self.sides[side] = Side(net, path)
        if path and path not in self.opened:
            self.opened.append(path)

    def choose(self, side):
        """Make ``side`` the one a dropped file replaces (only while two are shown: one side is always the main)."""
        if self.two_sides:
            self.chosen_side = side

    def toggle_two_sides(self):
        """Show or hide the second side; True when it is now shown and still waits for a network (now chosen)."""
        self.two_sides = not self.two_sides
        if not self.two_sides:
            self.chosen_side = 0
            return False
        if self.sides[1].net is None:
            self.chosen_side = 1
            return True
        return False

    def show_beside(self, net, path):
        """A new main network, the one it replaces shown beside it for comparing; True when there was one."""
        before = self.sides[0]
        self.set_network(net, path)
        if before.net is None or before.net is net:
            return False
        self.sides[1], self.two_sides, self.chosen_side = before, True, 0
        return True

    def description(self, side=0):
        """One line naming the network on ``side``."""
        net, path = self.sides[side].net, self.sides[side].path
        return describe(net, path) if net is not None else "no network loaded"
