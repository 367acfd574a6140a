"""Entry point: python -m app [NETWORK.npz]."""
import sys
print("The Inkling window is not built yet; use python -m network --help for now.")
sys.exit(0)
