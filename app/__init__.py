"""Inkling's pygame window: draw and guess, and watch a network train."""
