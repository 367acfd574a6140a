"""Ask SDL to keep pygame's window at least a given size (SDL_SetWindowMinimumSize): pygame 2 has no call
for it, so SDL's own library, the one pygame loaded, is called through ctypes where it can be found."""

import ctypes
import ctypes.util
import glob
import os

import pygame
from pygame._sdl2.video import Window


def _sdl_library():
    """pygame's SDL 2 library: the copy its wheels bundle (Linux, macOS, Windows), else the system's."""
    package = os.path.dirname(pygame.__file__)
    for pattern in (package + ".libs/libSDL2-2*.so*", os.path.join(package, ".dylibs", "libSDL2*.dylib"),
                    os.path.join(package, "SDL2.dll")):
        for path in glob.glob(pattern):
            return ctypes.CDLL(path)
    name = ctypes.util.find_library("SDL2")
    return ctypes.CDLL(name) if name else None


def _window(library):
    """SDL's pointer to pygame's window, or None. Window.from_display_module() names the window but also leaves
    a pointer to that short-lived Python object in the window's data, which pygame's events read: it is
    cleared again at once."""
    window = library.SDL_GetWindowFromID(ctypes.c_uint32(Window.from_display_module().id))
    if window:
        library.SDL_SetWindowData(ctypes.c_void_p(window), b"pg_window", None)
    return ctypes.c_void_p(window) if window else None


def _sdl():
    """(library, window) for SDL calls on pygame's window; (None, None) where either is not found."""
    try:
        library = _sdl_library()
        if library is None:
            return None, None
        library.SDL_GetWindowFromID.restype = ctypes.c_void_p
        library.SDL_SetWindowData.restype = ctypes.c_void_p
        return library, _window(library)
    except (OSError, AttributeError, pygame.error):
        return None, None


def set_minimum_size(width, height):
    """Keep the window at least ``width`` x ``height``; False where SDL's library or the window is not found
    (a library other than pygame's does not know its window), and the window can then be made smaller."""
    library, window = _sdl()
    if window is None:
        return False
    library.SDL_SetWindowMinimumSize(window, ctypes.c_int(width), ctypes.c_int(height))
    return True


def minimum_size():
    """The window's minimum size as SDL keeps it, (0, 0) for none, or None where SDL cannot be asked."""
    library, window = _sdl()
    if window is None:
        return None
    width, height = ctypes.c_int(), ctypes.c_int()
    library.SDL_GetWindowMinimumSize(window, ctypes.byref(width), ctypes.byref(height))
    return width.value, height.value
