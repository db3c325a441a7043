r"""Two variables at once: joint entropy, conditional entropy and mutual information.

A joint distribution of two discrete variables X and Y is a table ``pxy``:
row i is the outcome x_i of X, column j the outcome y_j of Y, and
``pxy[i, j]`` = P(X = x_i, Y = y_j).  The whole table is one distribution
over its cells, so it must be a 2-D array of non-negative entries that sum to
1 (checked by :func:`bitsandnats.validation.check_distribution` on the
flattened table; a refusal names ``pxy``).

The quantities, in bits for ``base=2`` (the default), nats for ``base=e``:

* :func:`joint_entropy`, H(X, Y): the entropy of the table as one
  distribution over its cells;
* :func:`conditional_entropy`, H(Y | X) (or H(X | Y) with ``given="y"``):
  the entropy of Y left, on average, once X is known;
* :func:`mutual_information`, I(X; Y) = KL(P(x, y) ‖ P(x) P(y)): how far the
  table is from the table X and Y would have if they were independent;
* :func:`pointwise_mutual_information`, the log-ratio in each cell, whose
  average under P(x, y) is I(X; Y);
* :func:`marginals`, P(x) and P(y): the row and column sums.

They are tied together by the chain rule and its consequences:

.. math::

    H(X, Y) = H(X) + H(Y \mid X) = H(Y) + H(X \mid Y), \qquad
    I(X; Y) = H(X) + H(Y) - H(X, Y) = H(Y) - H(Y \mid X) \ge 0,

with I(X; Y) = 0 exactly when X and Y are independent, and
I(X; Y) <= min(H(X), H(Y)), reached when one variable determines the other.
"""

from __future__ import annotations

import numpy as np

from ..notation import nats_in
from ..validation import as_float_array, check_choice, check_distribution
from ._terms import log_ratio, times_log
from .discrete import entropy, kl_divergence

__all__ = ["marginals", "joint_entropy", "conditional_entropy", "mutual_information", "pointwise_mutual_information"]


def _checked_table(pxy) -> np.ndarray:
    """``pxy`` as a 2-D float array whose cells sum to 1, or a ValueError naming ``pxy``."""
    table = as_float_array(pxy, "pxy")
    if table.ndim != 2:
        raise ValueError(f"pxy must be a 2-D table of joint probabilities (rows = outcomes of x, columns = "
                         f"outcomes of y), got an array of shape {table.shape}")
    return check_distribution(table.reshape(-1), "pxy").reshape(table.shape)


def marginals(pxy) -> tuple[np.ndarray, np.ndarray]:
    r"""The marginal distributions of a joint table: P(x), the row sums, and P(y), the column sums.

    .. math:: P(x) = \sum_y P(x, y), \qquad P(y) = \sum_x P(x, y)

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint probabilities, rows = outcomes of X, columns = outcomes of Y,
        all the cells together summing to 1.

    Returns
    -------
    (ndarray, ndarray)
        P(x), one entry per row, and P(y), one entry per column; each sums to 1.

    Examples
    --------
    >>> px, py = marginals([[0.375, 0.125], [0.125, 0.375]])
    >>> px, py
    (array([0.5, 0.5]), array([0.5, 0.5]))
    """
    table = _checked_table(pxy)
    return table.sum(axis=1), table.sum(axis=0)


def joint_entropy(pxy, *, base: float = 2) -> float:
    r"""The joint entropy H(X, Y) of two variables: the entropy of their table as one distribution over its cells.

    .. math:: H(X, Y) = -\sum_{x, y} P(x, y) \log_b P(x, y)

    The surprise you expect from learning both outcomes at once.  It is at
    least max(H(X), H(Y)) and at most H(X) + H(Y), with equality on the right
    exactly when X and Y are independent.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint probabilities, rows = outcomes of X, columns = outcomes of Y.
    base : float, keyword-only
        Logarithm base; 2 by default (bits), ``math.e`` for nats.

    Returns
    -------
    float

    Examples
    --------
    Two fair coins tossed separately: four equally likely cells, 2 bits.

    >>> joint_entropy([[0.25, 0.25], [0.25, 0.25]])
    2.0
    >>> joint_entropy([[0.5, 0.0], [0.0, 0.5]])  # one coin copied: only 1 bit in all
    1.0
    """
    table = _checked_table(pxy)
    return entropy(table.reshape(-1), base=base)


def conditional_entropy(pxy, *, given: str = "x", base: float = 2) -> float:
    r"""The conditional entropy H(Y | X): the entropy of Y left, on average, once X is known.

    .. math::

        H(Y \mid X) = \sum_x P(x)\, H(Y \mid X = x)
                    = -\sum_{x, y} P(x, y) \log_b \frac{P(x, y)}{P(x)}

    With ``given="y"`` it is H(X | Y) instead, the same formula with the roles
    swapped.  It is 0 when X determines Y, equals H(Y) when X and Y are
    independent (knowing X tells nothing), and never exceeds H(Y): on
    average, knowing more never leaves you more uncertain.  By the chain rule,
    H(X, Y) = H(X) + H(Y | X).

    Every term is >= 0 (P(x, y) <= P(x)), so the sum is taken term by term,
    not as the difference H(X, Y) − H(X), which would lose digits when
    H(Y | X) is small.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint probabilities, rows = outcomes of X, columns = outcomes of Y.
    given : {"x", "y"}, keyword-only
        The variable that is known (conditioned on): ``"x"`` (the rows, by
        default) gives H(Y | X), ``"y"`` (the columns) gives H(X | Y).
    base : float, keyword-only
        Logarithm base; 2 by default (bits), ``math.e`` for nats.

    Returns
    -------
    float

    Examples
    --------
    >>> pxy = [[0.5, 0.0], [0.25, 0.25]]
    >>> conditional_entropy(pxy)              # H(Y|X): row 1 is certain, row 2 a fair coin
    0.5
    >>> round(conditional_entropy(pxy, given="y"), 4)  # H(X|Y)
    0.6887
    """
    given = check_choice(given, "given", ("x", "y"))
    table = _checked_table(pxy)
    nats_per_unit = nats_in(base)
    if given == "y":
        table = table.T
    known = table.sum(axis=1, keepdims=True)  # P(x), or P(y) for given="y"
    terms = times_log(table, log_ratio(table, known))
    return float(-terms.sum()) / nats_per_unit + 0.0


def mutual_information(pxy, *, base: float = 2) -> float:
    r"""The mutual information I(X; Y): the KL divergence of the joint table from the product of its marginals.

    .. math::

        I(X; Y) = \mathrm{KL}\big(P(x, y) \,\|\, P(x) P(y)\big)
                = \sum_{x, y} P(x, y) \log_b \frac{P(x, y)}{P(x)\, P(y)}
                = H(X) + H(Y) - H(X, Y)

    How many bits (``base=2``) knowing one variable tells you, on average,
    about the other: H(Y) − H(Y | X) = H(X) − H(X | Y).  It is symmetric, >= 0,
    exactly 0 when X and Y are independent (the table *is* the product of its
    marginals), and at most min(H(X), H(Y)), reached when one variable
    determines the other.

    It is computed as a KL divergence by
    :func:`bitsandnats.measures.kl_divergence`, not as the difference of
    entropies, so a table close to independence keeps its digits: the
    difference H(X) + H(Y) − H(X, Y) would cancel to rounding noise.  The
    product table is divided by the total of ``pxy`` (the sum of P(x), 1 for
    a table that sums to exactly 1), so that both tables have the same total.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint probabilities, rows = outcomes of X, columns = outcomes of Y.
    base : float, keyword-only
        Logarithm base; 2 by default (bits), ``math.e`` for nats.

    Returns
    -------
    float

    Examples
    --------
    >>> mutual_information([[0.25, 0.25], [0.25, 0.25]])  # independent coins
    0.0
    >>> mutual_information([[0.5, 0.0], [0.0, 0.5]])      # one coin copied: 1 bit
    1.0
    >>> round(mutual_information([[0.375, 0.125], [0.125, 0.375]]), 4)
    0.1887
    """
    table = _checked_table(pxy)
    px, py = table.sum(axis=1), table.sum(axis=0)
    independent = np.outer(px, py) / px.sum()
    return kl_divergence(table.reshape(-1), independent.reshape(-1), base=base)


def pointwise_mutual_information(pxy, *, base: float = 2) -> np.ndarray:
    r"""The pointwise mutual information of every cell: how much more likely the pair is than under independence.

    .. math:: \operatorname{pmi}(x, y) = \log_b \frac{P(x, y)}{P(x)\, P(y)}

    Positive where the pair happens more often than if X and Y were
    independent, negative where less often, 0 where exactly as often.  A
    single cell can have either sign; their average under P(x, y) is the
    mutual information, which is never negative.  A cell with P(x, y) = 0 (the
    pair never happens) is ``-inf``.

    Parameters
    ----------
    pxy : array_like, 2-D
        Joint probabilities, rows = outcomes of X, columns = outcomes of Y.
    base : float, keyword-only
        Logarithm base; 2 by default (bits).

    Returns
    -------
    ndarray
        The same shape as ``pxy``.

    Examples
    --------
    >>> pmi = pointwise_mutual_information([[0.375, 0.125], [0.125, 0.375]])
    >>> pmi
    array([[ 0.5849625, -1.       ],
           [-1.       ,  0.5849625]])
    >>> round(float((pmi * [[0.375, 0.125], [0.125, 0.375]]).sum()), 4)
    0.1887
    """
    table = _checked_table(pxy)
    nats_per_unit = nats_in(base)
    px, py = table.sum(axis=1), table.sum(axis=0)
    independent = np.outer(px, py) / px.sum()
    logs = log_ratio(table, independent)
    return np.where(table > 0, logs, -np.inf) / nats_per_unit + 0.0
