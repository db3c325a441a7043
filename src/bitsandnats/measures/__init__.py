"""The numbers: entropy, cross-entropy, KL divergence, surprisal and log loss.

One module per idea, every name re-exported here (and by :mod:`bitsandnats`):

* :mod:`.discrete`: entropy, cross-entropy, KL divergence, surprisal, and
  each event's share of them;
* :mod:`.distributions`: making distributions from weights, one moved
  probability, or samples;
* :mod:`.losses`: log loss, softmax and the cross-entropy from logits, the
  Gaussian negative log-likelihood;
* :mod:`.distillation`: the soft-target loss and its gradients;
* :mod:`.continuous`: differential entropy, binned normals, KL of normals;
* :mod:`.joint`: two variables at once: joint and conditional entropy,
  mutual information, marginals;
* :mod:`._terms` (the element-wise 0 · log 0 and ∞ rules every measure builds
  on) and :mod:`._engine` (the sliced, multi-core sums), both private.

Conventions shared by every function:

* The last axis holds the events; any leading axes are a batch.  A single
  distribution gives a Python ``float``, a batch gives an array.
* ``0 * log 0`` is taken as 0.  Where Q gives probability 0 to an event that P
  gives a positive probability, cross-entropy and KL divergence are infinite:
  the result is ``inf``, returned quietly (no numpy warnings).
* ``base`` picks the unit: 2 gives bits, ``math.e`` nats, 10 hartleys
  (see :func:`units`).  The distribution measures default to bits, as
  information theory does; the losses to nats, as machine learning does.
  All options are keyword-only.
* Bad input raises ``ValueError`` naming the argument (see
  :mod:`bitsandnats.validation`); nothing is renormalised unless you call
  :func:`normalize`.
"""

from ..notation import units
from .continuous import binned_normal, differential_entropy_normal, differential_entropy_uniform, kl_divergence_normal
from .discrete import average_surprisal, cross_entropy, cross_entropy_terms, entropy, kl_divergence, kl_terms, surprisal
from .distillation import distillation_gradient, distillation_loss, soft_target_gradient
from .distributions import histogram_distribution, normalize, rebalance
from .joint import (conditional_entropy, joint_entropy, marginals, mutual_information,
                    pointwise_mutual_information)
from .losses import binary_cross_entropy, cross_entropy_from_logits, gaussian_nll, log_loss, log_softmax, softmax

__all__ = [
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "surprisal",
    "average_surprisal",
    "cross_entropy_terms",
    "kl_terms",
    "normalize",
    "rebalance",
    "histogram_distribution",
    "binary_cross_entropy",
    "log_loss",
    "softmax",
    "log_softmax",
    "cross_entropy_from_logits",
    "gaussian_nll",
    "soft_target_gradient",
    "distillation_loss",
    "distillation_gradient",
    "differential_entropy_normal",
    "differential_entropy_uniform",
    "binned_normal",
    "kl_divergence_normal",
    "marginals",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "pointwise_mutual_information",
    "units",
]
