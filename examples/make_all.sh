#!/usr/bin/env bash
# Remakes every picture in examples/ from the real program, the real plot scripts and the shipped networks.
# Needs MNIST (python -m network download mnist, or INKLING_DATA); runs headless.
set -euo pipefail
cd "$(dirname "$0")/.."
python examples/make_drawing_screenshot.py saved_networks/characters.npz
python examples/make_inside_screenshots.py
python examples/make_learning_step_screenshots.py
python examples/make_training_media.py
python examples/make_plots.py
python logs/cost_plotter.py saved_networks/logs/digits.csv saved_networks/logs/tiny-digits.csv \
    saved_networks/logs/letters.csv saved_networks/logs/characters.csv --out examples/shipped_cost.png
python logs/percent_plotter.py saved_networks/logs/digits.csv saved_networks/logs/tiny-digits.csv \
    saved_networks/logs/letters.csv saved_networks/logs/characters.csv --out examples/shipped_accuracy.png
python examples/make_teach_media.py
python examples/make_test_view_media.py saved_networks/digits.npz
python logs/confusion_plotter.py saved_networks/digits.npz saved_networks/tiny-digits.npz \
    --out examples/confusion_plot.png
python logs/robustness_plotter.py saved_networks/digits.npz saved_networks/tiny-digits.npz \
    saved_networks/letters.npz saved_networks/characters.npz --out examples/robustness_plot.png
python examples/make_redrawn.py
