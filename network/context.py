"""What a line may hold: digits (a number), letters (a word), or either, decided by the line.

The rule for "any": a line is read twice, once as a number (digits only) and once as a word (letters
only), each with its own best cuts, and the reading whose characters the network finds more probable
in all (the product of each character's probability of its guess) wins. So a line of confident digits
reads 0, 1, 5, never O, I, S, and a word keeps its O, I and S; a line mixing both is read as what
most of its probability says it is. A network that knows only one kind reads only that kind.
"""

from .errors import InklingError
from .model import Network

AS = ("number", "word", "any")


def class_sets(labels, as_="any"):
    """``[(kind, class indices)]``: the readings to try for ``as_``; a network with neither digits nor letters
    (a made-up class list) is read with all its classes as one kind."""
    if as_ not in AS:
        raise InklingError(f"--as must be one of {', '.join(AS)}, not {as_!r}")
    sets = {"number": [k for k, name in enumerate(labels) if len(name) == 1 and name.isdigit()],
            "word": [k for k, name in enumerate(labels) if len(name) == 1 and name.isalpha()]}
    if as_ != "any":
        if not sets[as_]:
            raise InklingError(f"this network knows no {'digits' if as_ == 'number' else 'letters'} "
                               f"(its classes: {' '.join(labels[:12])}{' ...' if len(labels) > 12 else ''})")
        return [(as_, sets[as_])]
    found = [(kind, indices) for kind, indices in sets.items() if indices]
    return found or [("any", list(range(len(labels))))]


def restricted(net, indices):
    """``net`` reading only the classes ``indices`` (its softmax shares the probability among them alone):
    the network a line of that kind is read and checked with. Shares the hidden layers' arrays."""
    if len(indices) == len(net.labels):
        return net
    weights = net.weights[:-1] + [net.weights[-1][:, indices]]
    biases = net.biases[:-1] + [net.biases[-1][indices]]
    return Network(net.sizes[:-1] + (len(indices),), net.activation, net.output,
                   [net.labels[k] for k in indices], weights=weights, biases=biases, meta=net.meta)
