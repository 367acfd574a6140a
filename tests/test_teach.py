"""Teaching a network someone's drawings: loading them framed like the canvas, replay mixing, history, the CLI."""

import os

import numpy as np
import pytest
from PIL import Image

import network
from network import DatasetError, training
from network.cli import main
from network.preprocess import canvas_to_input, input_image
from network import report
from network.teach import hold_out, kind_of, load_drawings, prepare_lesson, save_drawing

from conftest import stripes_dataset, write_idx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def drawing(height=150, width=200, seed=0):
    """A float canvas (ink high) with an off-centre L-shaped stroke, not square, so framing matters."""
    canvas = np.zeros((height, width), np.float32)
    canvas[20:120, 30:45] = 1.0
    canvas[105:120, 30:110] = 1.0
    canvas += np.random.default_rng(seed).uniform(0, 0.02, canvas.shape).astype(np.float32)
    return canvas


def save_png(canvas, path, dark_on_light=True):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ink = np.round(255 * np.clip(canvas, 0, 1)).astype(np.uint8)
    Image.fromarray(255 - ink if dark_on_light else ink).save(path)


@pytest.mark.parametrize("style", ["mnist", "emnist"])
def test_drawings_of_any_size_and_either_ink_are_framed_like_the_canvas(tmp_path, style):
    canvas = drawing()
    save_png(canvas, str(tmp_path / "7" / "dark.png"), dark_on_light=True)
    save_png(canvas, str(tmp_path / "7" / "light.png"), dark_on_light=False)
    images, labels = load_drawings(str(tmp_path), network.Network((784, 4, 10)).labels, style)
    expected = input_image(canvas_to_input(canvas, style))
    assert images.shape == (2, 28, 28) and images.dtype == np.uint8 and list(labels) == [7, 7]
    for image in images:
        assert np.abs(image.astype(int) - expected).max() <= 2
    other = input_image(canvas_to_input(canvas, "emnist" if style == "mnist" else "mnist"))
    assert np.abs(images[0].astype(int) - other).max() > 50  # the two framings really differ


def test_folder_labels_map_onto_the_networks_classes(tmp_path):
    for label in ("3", "9"):
        save_png(drawing(), str(tmp_path / label / "a.png"))
    images, labels = load_drawings(str(tmp_path), [str(d) for d in range(10)], "mnist")
    assert list(labels) == [3, 9]


def test_a_label_the_network_does_not_know_is_named(tmp_path):
    save_png(drawing(), str(tmp_path / "Q" / "a.png"))
    with pytest.raises(DatasetError, match=r"labelled 'Q', which the network does not know \(its classes: 0 1"):
        load_drawings(str(tmp_path), [str(d) for d in range(10)], "mnist")


def test_kinds_of_class_sets():
    digits, letters = [str(d) for d in range(10)], [chr(ord("A") + i) for i in range(26)]
    assert kind_of(digits) == "digits" and kind_of(letters) == "letters"
    assert kind_of(digits + letters) == "characters" and kind_of(["cat", "dog"]) == "2-classes"


@pytest.mark.parametrize("share,own", [(0.5, 16), (0.75, 8), (0.0, 32)])
def test_every_batch_mixes_the_replay_share(share, own):
    replay = training.Replay(np.zeros((500, 28, 28), np.uint8), np.zeros(500, np.int64), "r", share)
    batches = training.epoch_batches(40, 32, np.random.default_rng(0), replay)
    mine = np.concatenate([batch[batch < 40] for batch in batches])
    assert sorted(mine) == list(range(40))  # every drawing once per epoch
    assert len(batches) == -(-40 // own)
    for batch in batches:
        assert np.count_nonzero(batch >= 40) == 32 - own and batch.max() < 540
    assert training.samples_per_epoch(40, 32, replay) == sum(len(batch) for batch in batches)


def test_replay_keeps_what_the_network_knew():
    """Taught that a 1 with a 0's bar added is a 0, a network forgets plain 1s unless its dataset is replayed."""
    images, labels = stripes_dataset(600)
    test = stripes_dataset(200, seed=1)
    base = network.Network((784, 16, 4), seed=0)
    for _ in training.train(base, (images, labels), settings=training.Settings(epochs=3, lr=0.3)):
        pass
    lesson = np.maximum(images[labels == 1][:30], images[labels == 0][:30]), np.zeros(30, np.int64)
    accuracy = {}
    for share in (0.0, 0.5):
        net = base.copy()
        replay = training.Replay(images, labels, "stripes", share)
        for _ in training.train(net, lesson, test, training.Settings(epochs=20, lr=1.0, batch_size=16),
                                "mine", replay=replay, extra_tests={"drawings": lesson}):
            pass
        assert net.meta["history"][-1]["drawings_accuracy"] == 1.0
        accuracy[share] = net.meta["test_accuracy"]
    assert accuracy[0.5] > 0.97 and accuracy[0.0] < 0.8


def test_history_records_replay_and_both_accuracies_before_and_after(tmp_path):
    images, labels = stripes_dataset(300)
    net = network.Network((784, 8, 4), seed=0)
    replay = training.Replay(images, labels, "stripes", 0.25)
    drawings, test = stripes_dataset(40, seed=2), stripes_dataset(100, seed=3)
    events = list(training.train(net, drawings, test, training.Settings(epochs=2, lr=0.3, batch_size=16),
                                 "mine", replay=replay, extra_tests={"drawings": drawings}))
    ends = [event for event in events if event.kind == "epoch"]
    assert ends[0].samples_seen == training.samples_per_epoch(40, 16, replay) == 40 + 4 * 4
    network.save(net, tmp_path / "taught.npz")
    run = network.load(tmp_path / "taught.npz").meta["history"][-1]
    assert run["replay"] == {"dataset": "stripes", "share": 0.25, "images": 300}
    assert run["drawings_accuracy"] == ends[-1].extra_accuracy["drawings"]
    assert run["test_accuracy"] == ends[-1].test_accuracy
    assert set(run["before"]) == {"test_cost", "test_accuracy", "drawings_accuracy"}
    assert run["before"]["test_accuracy"] < 0.6


def fake_mnist(root, images, labels):
    """A data folder whose mnist/ holds ``images`` and ``labels`` as both splits (IDX files)."""
    folder = root / "mnist"
    folder.mkdir(parents=True)
    for prefix in ("train", "t10k"):
        write_idx(folder / f"{prefix}-images-idx3-ubyte.gz", images)
        write_idx(folder / f"{prefix}-labels-idx1-ubyte.gz", labels.astype(np.uint8))
    return str(root)


@pytest.fixture
def stripes_world(tmp_path):
    """A digits network that reads stripes (classes 0-3), a data folder with them as 'mnist', and a folder of
    big PNG drawings of a new shape (a cross) labelled 9."""
    images, labels = stripes_dataset(400)
    data = fake_mnist(tmp_path / "data", images, labels)
    net = network.Network((784, 16, 10), seed=0, meta={"style": "mnist"})
    for _ in training.train(net, (images, labels), settings=training.Settings(epochs=3, lr=0.3)):
        pass
    network.save(net, tmp_path / "net.npz")
    rng = np.random.default_rng(0)
    for index in range(12):
        canvas = np.zeros((240, 240), np.float32)
        x, y, size = rng.integers(60, 180), rng.integers(60, 180), rng.integers(30, 55)
        canvas[y - size:y + size, x - 6:x + 6] = canvas[y - 6:y + 6, x - size:x + size] = 1.0
        save_png(canvas, str(tmp_path / "mine" / "9" / f"{index}.png"), dark_on_light=index % 2 == 0)
    return tmp_path, data


def test_cli_teaches_a_folder_of_pngs_with_replay(stripes_world, capsys):
    tmp_path, data = stripes_world
    code = main(["train", "--from", str(tmp_path / "net.npz"), "--dataset", str(tmp_path / "mine"),
                 "--replay", "mnist", "--epochs", "15", "--out", str(tmp_path / "new.npz"),
                 "--data-dir", data, "--log", str(tmp_path / "log.csv"), "--lr", "0.3"])
    assert code == 0
    out = capsys.readouterr()
    assert "10 drawings" in out.err and "90% of every batch replayed from mnist" in out.err
    assert "on the 2 drawings held out from the teaching" in out.err  # one in five of the twelve 9s
    assert "mnist test accuracy" in out.out
    assert "drawings accuracy 0.00% -> 100.00% on the 2 drawings held out from the teaching" in out.out
    taught = network.load(tmp_path / "new.npz")
    run = taught.meta["history"][-1]
    assert run["replay"]["dataset"] == "mnist" and run["replay"]["share"] == 0.9 and run["lr"] == 0.3
    assert run["drawings_accuracy"] == 1.0 and run["test_accuracy"] > 0.9
    assert "--replay mnist" in run["command"]
    assert network.load(tmp_path / "net.npz").meta["history"][-1].get("replay") is None  # the original is untouched


@pytest.mark.parametrize("extra,message", [
    ([], "--replay teaches a trained network: name it with --from NET.npz"),
    (["--from", "NET", "--replay-share", "1.5"], "replay share must be from 0 up to"),
])
def test_cli_teaching_mistakes_are_explained(stripes_world, capsys, extra, message):
    tmp_path, data = stripes_world
    extra = [str(tmp_path / "net.npz") if part == "NET" else part for part in extra]
    code = main(["train", "--dataset", str(tmp_path / "mine"), "--replay", "mnist", "--epochs", "1",
                 "--out", str(tmp_path / "new.npz"), "--data-dir", data, *extra])
    assert code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "new.npz").exists()


def test_cli_teaching_a_label_the_network_lacks(stripes_world, capsys):
    tmp_path, data = stripes_world
    save_png(drawing(), str(tmp_path / "mine" / "A" / "a.png"))
    code = main(["train", "--from", str(tmp_path / "net.npz"), "--dataset", str(tmp_path / "mine"),
                 "--replay", "mnist", "--epochs", "1", "--out", str(tmp_path / "new.npz"), "--data-dir", data])
    assert code == 2 and "labelled 'A', which the network does not know" in capsys.readouterr().err


def test_teaching_the_shipped_network_on_real_mnist_keeps_its_accuracy(real_data, tmp_path, monkeypatch, capsys):
    """The exact command form on real MNIST: tiny-digits taught 12 big crosses as 9s barely moves on MNIST."""
    monkeypatch.chdir(tmp_path)
    for index in range(12):
        canvas = np.zeros((280, 280), np.float32)
        canvas[60 + index:220, 130:150] = canvas[120:140, 60:220 - index] = 1.0
        save_png(canvas, str(tmp_path / "mine" / "9" / f"{index}.png"))
    shipped = os.path.join(ROOT, "saved_networks", "tiny-digits.npz")
    assert main(["train", "--from", shipped, "--dataset", "mine", "--replay", "mnist", "--epochs", "40",
                 "--out", "new.npz"]) == 0
    run = network.load(tmp_path / "new.npz").meta["history"][-1]
    assert run["lr"] == 0.02 and run["batch_size"] == 32 and run["replay"]["images"] == 60000
    assert run["drawings_accuracy"] == 1.0 > run["before"]["drawings_accuracy"]
    assert run["test_accuracy"] > run["before"]["test_accuracy"] - 0.01
    assert network.load(shipped).meta["history"][-1].get("replay") is None


@pytest.mark.parametrize("label", ["..", "../up", "a/b", "back\\slash", "nul\0", ""])
def test_a_class_name_that_is_no_folder_name_is_refused(tmp_path, label):
    with pytest.raises(DatasetError, match="cannot be kept as a folder of drawings"):
        save_drawing(drawing(), str(tmp_path / "mine"), label)
    assert not (tmp_path / "mine").exists() or not any((tmp_path / "mine").iterdir())


def test_a_kept_drawing_is_the_whole_canvas_dark_on_white(tmp_path):
    canvas = drawing()
    path = save_drawing(canvas, str(tmp_path), "7")
    assert os.path.dirname(path) == str(tmp_path / "7") and path.endswith(".png")
    with Image.open(path) as image:
        kept = np.asarray(image)
    assert kept.shape == canvas.shape and kept.dtype == np.uint8
    assert np.abs((255 - kept.astype(int)) - np.round(np.clip(canvas, 0, 1) * 255)).max() <= 1
    assert save_drawing(canvas, str(tmp_path), "7") != path  # a second one the same second gets its own name


def test_one_in_five_of_each_class_is_held_out_and_a_class_with_fewer_is_all_taught():
    labels = np.array([0] * 10 + [1] * 4 + [2] * 5)
    taught, held = hold_out(labels)
    assert list(np.bincount(labels[held], minlength=3)) == [2, 0, 1]
    assert sorted(np.concatenate([taught, held])) == list(range(len(labels)))  # each drawing exactly once
    assert np.array_equal(hold_out(labels)[1], held)  # the same drawings every time


def test_a_lesson_measures_the_drawings_held_out_and_says_so(stripes_world):
    tmp_path, data = stripes_world
    net = network.load(tmp_path / "net.npz")
    lesson = prepare_lesson(net, str(tmp_path / "mine"), "mnist", data_dir=data)
    assert len(lesson.drawings[1]) == 10 and len(lesson.drawings_test[1]) == 2 and lesson.held_out
    taught = {image.tobytes() for image in lesson.drawings[0]}
    assert not any(image.tobytes() in taught for image in lesson.drawings_test[0])  # never taught what it measures
    assert lesson.notes() == {"drawings_tested": 2, "drawings_held_out": True}
    assert lesson.measured_on() == "the 2 drawings held out from the teaching"
    for name in os.listdir(tmp_path / "mine" / "9")[4:]:
        os.remove(tmp_path / "mine" / "9" / name)
    few = prepare_lesson(net, str(tmp_path / "mine"), "mnist", data_dir=data)
    assert not few.held_out and few.drawings_test is few.drawings
    assert few.measured_on() == "the 4 taught drawings themselves"


def test_a_teaching_run_records_each_test_class_before_and_after_in_the_saved_history(stripes_world):
    tmp_path, data = stripes_world
    net = network.load(tmp_path / "net.npz")
    lesson = prepare_lesson(net, str(tmp_path / "mine"), "mnist", data_dir=data)
    test_images, test_labels = lesson.test_set
    inputs = training.as_inputs(test_images)
    guesses_before = net.predict(inputs)
    settings = training.Settings(epochs=2, batch_size=8, lr=0.3)
    for _ in training.train(net, lesson.drawings, lesson.test_set, settings, "mine", replay=lesson.replay,
                            extra_tests={"drawings": lesson.drawings_test}, notes=lesson.notes()):
        pass
    network.save(net, tmp_path / "taught.npz")
    run = network.load(tmp_path / "taught.npz").meta["history"][-1]
    guesses_after = net.predict(inputs)
    for key, guesses in (("before", guesses_before), ("after", guesses_after)):
        expected = [float(np.mean(guesses[test_labels == k] == k)) if np.any(test_labels == k) else None
                    for k in range(10)]
        assert run["test_by_class"][key] == pytest.approx(expected)
    assert run["test_by_class"]["before"][9] is None  # stripes test images hold classes 0-3 only
    assert run["drawings_tested"] == 2 and run["drawings_held_out"] is True


def test_a_teaching_summary_names_the_classes_that_got_worse_first_and_what_the_drawings_were():
    """The issue's case: a taught network got better overall and on its drawings, but worse on 7s."""
    run = {"replay": {"dataset": "mnist", "share": 0.9}, "test_accuracy": 0.987, "drawings_accuracy": 1.0,
           "drawings_tested": 3, "drawings_held_out": True,
           "before": {"test_accuracy": 0.986, "drawings_accuracy": 0.5},
           "test_by_class": {"before": [0.99, 0.9922, 0.98, 0.95, 0.97], "after": [0.99, 0.9786, 0.979, 0.97, 0.98]}}
    labels = ["6", "7", "8", "9", "A"]
    assert [name for name, _, _ in report.class_changes(run, labels)] == ["7", "8", "A", "9"]
    assert report.teaching_summary(run, labels).splitlines() == [
        "mnist test accuracy 98.60% -> 98.70%",
        "drawings accuracy 50.00% -> 100.00% on the 3 drawings held out from the teaching",
        "worse: 7 99.22% -> 97.86%, 8 98.00% -> 97.90%",
        "better: 9 95.00% -> 97.00%, A 97.00% -> 98.00%"]
    taught = network.Network((784, 5), labels=labels, meta={"history": [run]})
    assert "worse: 7 99.22% -> 97.86%" in report.network_info(taught, "taught.npz")


def test_a_history_with_class_accuracies_that_are_not_numbers_is_refused(tmp_path):
    net = network.Network((784, 4), seed=0, meta={"history": [{"test_by_class": {"before": ["lots"]}}]})
    network.save(net, tmp_path / "odd.npz")
    with pytest.raises(network.NetworkFileError, match="'test_by_class' is invalid"):
        network.load(tmp_path / "odd.npz")


def test_a_characters_network_reads_the_digits_and_letters_collections_too():
    from network.datasets import DIGITS, LETTERS
    from network.teach import kinds_read_by
    assert kinds_read_by(DIGITS + LETTERS) == ["characters", "digits", "letters"]
    assert kinds_read_by(DIGITS) == ["digits"] and kinds_read_by(LETTERS) == ["letters"]
    assert kinds_read_by(["cat", "dog"]) == ["2-classes"]


def test_a_lesson_from_several_folders_teaches_and_measures_all_their_drawings(stripes_world):
    tmp_path, data = stripes_world
    for index in range(3):
        save_png(drawing(seed=index), str(tmp_path / "more" / "1" / f"{index}.png"))
    net = network.load(tmp_path / "net.npz")
    lesson = prepare_lesson(net, [str(tmp_path / "mine"), str(tmp_path / "more")], "mnist", data_dir=data)
    assert len(lesson.drawings[1]) + len(lesson.drawings_test[1]) == 15
    assert sorted(set(lesson.drawings[1])) == [1, 9]
