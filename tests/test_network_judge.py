"""Judging a network: the confusion matrix, mistakes by confidence and robustness curves, on cases with known answers."""

import dataclasses

import numpy as np
import pytest

import network
from network import judge, robustness
from network.cli import main

from conftest import bar_image, bars_network, judged_bars, write_csv


@pytest.fixture
def bars_csv(tmp_path):
    images, labels, _ = judged_bars()
    return write_csv(tmp_path / "bars.csv", images, labels)


def test_the_confusion_matrix_counts_true_against_guessed_classes():
    images, labels, shown = judged_bars()
    result = judge.evaluate(bars_network(), images, labels)
    np.testing.assert_array_equal(result.predicted, shown)
    np.testing.assert_array_equal(result.matrix, [[2, 2, 0, 0], [0, 1, 0, 0], [0, 0, 2, 1], [0, 0, 0, 1]])
    assert result.accuracy == pytest.approx(6 / 9)
    np.testing.assert_allclose(result.per_class_accuracy, [0.5, 1.0, 2 / 3, 1.0])
    assert result.worst_confusion() == (0, 1)


def test_a_class_without_test_images_has_no_accuracy_rather_than_a_made_up_one():
    images, labels, _ = judged_bars()
    keep = labels != 3
    accuracy = judge.evaluate(bars_network(), images[keep], labels[keep]).per_class_accuracy
    assert np.isnan(accuracy[3]) and accuracy[1] == 1.0


def test_mistakes_come_most_confident_first_with_their_probabilities():
    images, labels, _ = judged_bars()
    result = judge.evaluate(bars_network(), images, labels)
    assert list(result.mistakes()) == [2, 3, 7]  # bright bar 1 for a 0, fainter bar 1, faint bar 3 for a 2
    assert list(result.mistakes(2)) == [2, 3]
    assert result.confidence[2] > result.confidence[3] > result.confidence[7] > 0.25
    np.testing.assert_allclose(result.probabilities.sum(axis=1), 1.0, rtol=1e-5)
    assert list(result.top_classes(2, 2))[0] == 1


def test_a_cell_lists_its_images_mistakes_most_confident_first_and_right_guesses_least_sure_first():
    images, labels, _ = judged_bars()
    result = judge.evaluate(bars_network(), images, labels)
    assert list(result.cell(0, 1)) == [2, 3]
    assert list(result.cell(2, 2)) == [6, 5]  # the faint right guess first
    assert list(result.cell(1, 0)) == []


def test_evaluation_in_chunks_reports_progress_and_gives_the_same_answer():
    images, labels, _ = judged_bars()
    seen = []
    chunked = judge.evaluate(bars_network(), images, labels, progress=lambda done, total: seen.append((done, total)),
                             chunk=4)
    whole = judge.evaluate(bars_network(), images, labels)
    assert seen == [(4, 9), (8, 9), (9, 9)]
    np.testing.assert_allclose(chunked.probabilities, whole.probabilities, rtol=1e-6)


def test_a_judgement_is_computed_once_per_network_and_dataset(bars_csv, monkeypatch):
    net = bars_network()
    calls = []
    real = judge.evaluate
    monkeypatch.setattr(judge, "evaluate", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = judge.judge(net, bars_csv)
    assert judge.judge(net.copy(), bars_csv) is first and len(calls) == 1  # the same weights in another object
    changed = net.copy()
    changed.weights[0][0, 0] += 1.0
    assert judge.judge(changed, bars_csv) is not first and len(calls) == 2
    assert first.dataset == bars_csv and first.matrix.sum() == 9


def test_a_network_whose_dataset_is_unknown_gets_a_clear_error():
    with pytest.raises(network.InklingError, match="'bars'.*not a known dataset"):
        judge.judge(bars_network())


def test_a_misspelt_test_dataset_is_called_unknown_not_blamed_on_the_network():
    with pytest.raises(network.InklingError, match="^mnsit: unknown dataset"):
        judge.test_split(bars_network(), "mnsit")


def test_cli_prints_the_most_confident_mistakes_as_ascii_art(tmp_path, bars_csv, capsys):
    path = tmp_path / "bars.npz"
    network.save(bars_network(), path)
    assert main(["test", str(path), "--dataset", bars_csv, "--mistakes", "2"]) == 0
    out = capsys.readouterr().out
    assert "accuracy 66.67% (6 of 9)" in out and "the 2 most confident mistakes of 3:" in out
    first, second = out.index("#1: test image 2, labelled 0, guessed 1"), out.index("#2: test image 3, labelled 0")
    art = out[first:second].splitlines()[1:29]
    assert art[16] == "  " * 4 + "@@" * 20 + "  " * 4 and art[6].strip() == ""  # the bar of class 1, rows 16-21
    assert "#3" not in out and "<- guess" in out[first:second]


def test_cli_refuses_a_mistake_count_below_one(tmp_path, bars_csv, capsys):
    path = tmp_path / "bars.npz"
    network.save(bars_network(), path)
    with pytest.raises(SystemExit):
        main(["test", str(path), "--dataset", bars_csv, "--mistakes", "0"])
    assert "above zero" in capsys.readouterr().err


def test_the_neutral_level_of_every_variation_leaves_images_unchanged():
    images = np.stack([bar_image(k) for k in range(4)])
    for variation in robustness.VARIATIONS:
        np.testing.assert_allclose(variation.apply(images, variation.neutral), images / 255.0)
        assert variation.neutral in variation.levels


def test_each_variation_does_what_it_says():
    dot = np.zeros((1, 28, 28), dtype=np.float32)
    dot[0, 12:16, 12:16] = 1.0
    by = robustness.BY_NAME
    bar = bar_image(0)[None] / np.float32(255)
    turned = by["rotation"].apply(bar, 90)[0]
    assert (turned > 0.5).any(axis=1).sum() == 20 and (turned > 0.5).any(axis=0).sum() == 6  # now upright
    moved = by["shift"].apply(np.repeat(dot, 4, axis=0), 3)
    centres = [(np.average(np.arange(28), weights=m.sum(axis=0)), np.average(np.arange(28), weights=m.sum(axis=1)))
               for m in moved]
    np.testing.assert_allclose(centres, [(16.5, 13.5), (13.5, 16.5), (10.5, 13.5), (13.5, 10.5)], atol=1e-3)
    assert by["scale"].apply(dot, 2.0).sum() == pytest.approx(4 * dot.sum(), rel=0.05)
    ink = [by["thickness"].apply(dot, level).sum() for level in (-1.0, 0.0, 1.0, 2.0)]
    assert ink == sorted(ink) and ink[0] < dot.sum() < ink[2] < ink[3]
    grey = np.full((1, 28, 28), 0.5, dtype=np.float32)
    assert np.std(by["noise"].apply(grey, 0.1) - grey) == pytest.approx(0.1, rel=0.1)


def test_robustness_curves_fall_where_the_change_turns_one_class_into_another():
    images = np.stack([bar_image(k) for k in range(4)] * 5)
    labels = np.tile(np.arange(4), 5)
    variations = (dataclasses.replace(robustness.BY_NAME["rotation"], levels=(-90, 0, 5, 90)),
                  dataclasses.replace(robustness.BY_NAME["thickness"], levels=(0.0, 1.0)))
    seen = []
    result = robustness.curves(bars_network(), images, labels, variations, progress=lambda d, t: seen.append(d))
    np.testing.assert_allclose(result["rotation"], [0.0, 1.0, 1.0, 0.0])  # a quarter turn swaps bars' directions
    np.testing.assert_allclose(result["thickness"], [1.0, 1.0])
    assert seen == [1, 2, 3, 4, 5]  # the unchanged images once, then each changed point


def test_robustness_uses_the_same_evenly_spaced_sample_for_every_network():
    np.testing.assert_array_equal(robustness.sample_indices(10, 20), np.arange(10))
    picked = robustness.sample_indices(10_000, 2000)
    assert len(picked) == 2000 and picked[0] == 0 and picked[-1] == 9995 and np.all(np.diff(picked) == 5)
