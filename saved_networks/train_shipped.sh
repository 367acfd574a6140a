#!/usr/bin/env bash
# Retrains the four networks that ship in saved_networks/, with the exact commands stored in their metadata.
# Needs MNIST and EMNIST letters (python -m network download mnist|emnist, or INKLING_DATA). The runs
# go in parallel, one BLAS thread each; their training logs go to saved_networks/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1
python -m network train --dataset mnist --layers 784,512,10 --epochs 30 --lr 0.1 --lr-decay 0.9 \
    --momentum 0.9 --augment --out saved_networks/digits.npz --log saved_networks/logs/digits.csv &
python -m network train --dataset emnist-letters --layers 784,512,256,26 --epochs 30 --lr 0.1 --lr-decay 0.92 \
    --momentum 0.9 --augment --out saved_networks/letters.npz --log saved_networks/logs/letters.csv &
python -m network train --dataset mnist --layers 784,24,16,10 --epochs 30 --lr 0.5 --lr-decay 0.93 \
    --momentum 0.9 --augment --out saved_networks/tiny-digits.npz --log saved_networks/logs/tiny-digits.csv &
python -m network train --dataset characters --layers 784,640,320,36 --epochs 40 --lr 0.1 --lr-decay 0.93 \
    --momentum 0.9 --augment --out saved_networks/characters.npz --log saved_networks/logs/characters.csv &
wait
