#!/usr/bin/env bash
# Retrains the four networks that ship in saved_networks/, with the commands stored in their metadata
# (plus --force, to replace the shipped files, and the batch size they were trained with, 64).
# Needs MNIST and EMNIST letters (python -m network download mnist|emnist, or INKLING_DATA). The runs
# go in parallel, one BLAS thread each; their training logs go to saved_networks/logs/.
# characters.npz is trained in two runs: 40 epochs on varied images, then 6 epochs at a small learning
# rate with half of every batch seen as it is (--augment-share 0.5), so it knows the clean test-set
# images as well as varied ones; then its output layer is fitted again on training images redrawn as drawings
# and enlarged like scans as well (python -m network refit), so it reads drawn 0s and 1s by shape rather than
# by MNIST's style; its history keeps all three runs.
# Then characters, digits and letters get their "not a character" gate (network/gate.py) and the autoencoder
# it reads (network/autoencoder.py), taught beside the finished network without changing it; the gate's own
# command is stored with it.
# Last, characters and digits get their cut check (network/cut_check.py), which the reader asks when it reads
# a line as a number; it reads the output layer too, so it comes after the refit.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
python -m network train --dataset mnist --layers 784,512,10 --epochs 30 --batch-size 64 --lr 0.1 --lr-decay 0.9 \
    --momentum 0.9 --augment --out saved_networks/digits.npz --force --log saved_networks/logs/digits.csv &
python -m network train --dataset emnist-letters --layers 784,512,256,26 --epochs 30 --batch-size 64 --lr 0.1 \
    --lr-decay 0.92 --momentum 0.9 --augment --out saved_networks/letters.npz --force \
    --log saved_networks/logs/letters.csv &
python -m network train --dataset mnist --layers 784,24,16,10 --epochs 30 --batch-size 64 --lr 0.5 --lr-decay 0.93 \
    --momentum 0.9 --augment --out saved_networks/tiny-digits.npz --force --log saved_networks/logs/tiny-digits.csv &
(python -m network train --dataset characters --layers 784,640,320,36 --epochs 40 --batch-size 64 --lr 0.1 \
    --lr-decay 0.93 --momentum 0.9 --augment --out saved_networks/characters.npz --force \
    --log saved_networks/logs/characters.csv &&
 python -m network train --dataset characters --from saved_networks/characters.npz --epochs 6 --batch-size 32 \
    --lr 0.02 --lr-decay 0.8 --momentum 0.9 --augment --augment-share 0.5 --out saved_networks/characters.npz \
    --force --log saved_networks/logs/characters-clean.csv &&
 python -m network refit saved_networks/characters.npz --out saved_networks/characters.npz --force) &
wait
# characters.npz's gate is seed 1: seed 0's let two small hearts drawn with a thick brush pass in the window.
# Two gates at a time: teaching one holds about 11 GB at its peak.
python -m network gate saved_networks/characters.npz --out saved_networks/characters.npz --force --seed 1 &
python -m network gate saved_networks/digits.npz --out saved_networks/digits.npz --force --seed 0 &
wait
python -m network gate saved_networks/letters.npz --out saved_networks/letters.npz --force --seed 0
for name in characters digits letters; do
    python -m network cut-check saved_networks/$name.npz --out saved_networks/$name.npz --force &
done
wait
