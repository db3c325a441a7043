"""The worked numbers of the two source documents, each reproduced by the package: one test per number or walkthrough.

The documents (``shared/seeds/``) are:

* **[Gentle]** "A Gentle Introduction to Cross-Entropy for Machine Learning"
  (Jason Brownlee, 2019): the colour distributions P = (0.10, 0.40, 0.50)
  and Q = (0.80, 0.15, 0.05) in bits, and ten binary examples in nats,
  checked with Keras and scikit-learn;
* **[CE & KL]** "Cross entropy and KL divergence" (2025): a fair and a biased
  coin in bits, and the surprisal of rare events in nats.

Each number is checked twice: rounded as the document prints it, and to about
1e-12 against a from-scratch ``math`` computation, so that a result that merely
rounds right (or a wrong base) cannot pass.  A few numbers that the documents
do not print but that follow from their P and Q (H(Q), KL(Q‖P)) are checked
here too, because the notebooks and the explorers show them beside the
documents' ones.  The notebooks themselves are checked by nbval, and the
package's doctests use other numbers, so each figure is asserted in one place.
"""

from __future__ import annotations

import math
import os

import numpy as np
import pytest
from reference import P, Q, Y_PROB, Y_TRUE, scratch_cross_entropy_bits, scratch_entropy_bits, scratch_kl_bits

import bitsandnats as bn
from bitsandnats import measures
from bitsandnats.notation import number_text

#: [Gentle], "Cross-Entropy as a Loss Function": the ten lines ">[y=..., yhat=...] ce: ... nats".
PER_EXAMPLE_LOSSES = [0.223, 0.105, 0.105, 0.511, 0.223, 0.105, 0.511, 0.223, 0.105, 0.357]


def scratch_binary_losses():
    return [-math.log(p) if y == 1 else -math.log(1 - p) for y, p in zip(Y_TRUE, Y_PROB)]


# --- [Gentle] "How to Calculate Cross-Entropy": the colours, in bits -------------------------------


def test_cross_entropy_h_p_q_of_the_colours_is_3_288_bits():
    """[Gentle], first complete example: "H(P, Q): 3.288 bits"."""
    value = bn.cross_entropy(P, Q)
    assert round(value, 3) == 3.288
    assert value == pytest.approx(scratch_cross_entropy_bits(P, Q), rel=0, abs=1e-12)


def test_cross_entropy_h_q_p_of_the_colours_is_2_906_bits():
    """[Gentle], first complete example: "H(Q, P): 2.906 bits" (just under 3 bits, against just over for H(P, Q))."""
    value = bn.cross_entropy(Q, P)
    assert round(value, 3) == 2.906
    assert value == pytest.approx(scratch_cross_entropy_bits(Q, P), rel=0, abs=1e-12)


def test_entropy_of_p_is_1_361_bits():
    """[Gentle], example "cross entropy with kl divergence": "H(P): 1.361 bits"."""
    value = bn.entropy(P)
    assert round(value, 3) == 1.361
    assert value == pytest.approx(scratch_entropy_bits(P), rel=0, abs=1e-12)


def test_kl_divergence_of_q_from_p_is_1_927_bits():
    """[Gentle], example "cross entropy with kl divergence": "KL(P || Q): 1.927 bits", as the notebooks write it."""
    value = bn.kl_divergence(P, Q)
    assert round(value, 3) == 1.927
    assert value == pytest.approx(scratch_kl_bits(P, Q), rel=0, abs=1e-12)
    assert number_text(value) == "1.927"


def test_cross_entropy_3_288_is_the_entropy_1_361_plus_the_kl_divergence_1_927():
    """[Gentle]: "the cross-entropy score of 3.288 bits is comprised of the entropy of P 1.361 and the additional
    1.927 bits calculated by the KL divergence" (H(P, Q) = H(P) + KL(P || Q); [CE & KL]: KL = H(P, Q) - H(P))."""
    entropy, kl, cross = bn.entropy(P), bn.kl_divergence(P, Q), bn.cross_entropy(P, Q)
    assert (round(entropy, 3), round(kl, 3), round(entropy + kl, 3)) == (1.361, 1.927, 3.288)
    assert entropy + kl == pytest.approx(cross, rel=1e-15)


def test_colour_cross_entropy_terms_add_up_to_3_288_and_2_906_bits():
    """[Gentle]'s sum -sum P(x) log2 Q(x), event by event: its terms add up to "H(P, Q): 3.288" and "H(Q, P): 2.906"."""
    terms = measures.cross_entropy_terms(P, Q)
    assert terms.shape == (3,)
    assert np.allclose(terms, [-0.1 * math.log2(0.8), -0.4 * math.log2(0.15), -0.5 * math.log2(0.05)])
    assert terms.round(3).tolist() == [0.032, 1.095, 2.161]
    assert f"{terms.sum():.3f}" == "3.288"
    assert f"{measures.cross_entropy_terms(Q, P).sum():.3f}" == "2.906"


def test_colour_kl_terms_add_up_to_1_927_bits_with_one_negative_term():
    """[Gentle]'s sum P(x) log2(P(x)/Q(x)), event by event: red's term is negative, the sum is "KL(P || Q): 1.927"."""
    terms = measures.kl_terms(P, Q)
    assert np.allclose(terms, [0.1 * math.log2(0.1 / 0.8), 0.4 * math.log2(0.4 / 0.15), 0.5 * math.log2(0.5 / 0.05)])
    assert terms.round(3).tolist() == [-0.3, 0.566, 1.661]
    assert terms[0] < 0 < terms.sum()
    assert f"{terms.sum():.3f}" == "1.927"


def test_kl_divergence_of_p_from_q_is_2_022_bits_not_1_927():
    """From [Gentle]'s P and Q (shown by notebooks 03 and 09 and the distribution explorer): KL(Q || P) = 2.022 bits.

    [Gentle]: "Like KL divergence, cross-entropy is not symmetrical"; the two divergences differ by almost 0.1 bit.
    """
    backwards = bn.kl_divergence(Q, P)
    assert round(backwards, 3) == 2.022
    assert backwards == pytest.approx(scratch_kl_bits(Q, P), rel=0, abs=1e-12)
    assert abs(bn.kl_divergence(P, Q) - backwards) > 0.09


def test_entropy_of_q_is_0_884_bits_and_h_q_p_is_it_plus_2_022():
    """From [Gentle]'s Q (shown by notebooks 03 and 09 and the distribution explorer): H(Q) = 0.884 bits,
    and H(Q, P) = 2.906 = H(Q) + KL(Q || P) = 0.884 + 2.022."""
    value = bn.entropy(Q)
    assert round(value, 3) == 0.884
    assert value == pytest.approx(scratch_entropy_bits(Q), rel=0, abs=1e-12)
    assert value + bn.kl_divergence(Q, P) == pytest.approx(bn.cross_entropy(Q, P), rel=1e-15)


# --- [Gentle] "Cross-Entropy as a Loss Function": ten examples, in nats ------------------------------


def test_per_example_binary_losses_are_the_ten_printed_lines():
    """[Gentle]: ">[y=1.0, yhat=0.8] ce: 0.223 nats" ... ">[y=0.0, yhat=0.3] ce: 0.357 nats", the ten examples' losses."""
    losses = bn.binary_cross_entropy(Y_TRUE, Y_PROB)
    assert np.round(losses, 3).tolist() == PER_EXAMPLE_LOSSES
    assert [f"{value:.3f}" for value in losses] == [f"{value:.3f}" for value in PER_EXAMPLE_LOSSES]
    np.testing.assert_allclose(losses, scratch_binary_losses(), rtol=1e-12, atol=0)


def test_the_documents_two_event_distributions_give_the_binary_loss():
    """[Gentle]'s loop: each example as the distributions expected = [y, 1 - y] and predicted = [yhat, 1 - yhat],
    scored by cross_entropy(expected, predicted) with the natural log: the binary cross-entropy."""
    for label, pred in zip(Y_TRUE, Y_PROB):
        expected = bn.cross_entropy([label, 1 - label], [pred, 1 - pred], base=math.e)
        assert bn.binary_cross_entropy(label, pred) == pytest.approx(expected, rel=1e-12)


def test_average_cross_entropy_of_the_ten_examples_is_0_247_nats():
    """[Gentle]: "Average Cross Entropy: 0.247 nats", the mean of the ten losses."""
    value = bn.log_loss(Y_TRUE, Y_PROB)
    assert round(value, 3) == 0.247
    assert f"{value:.3f}" == "0.247"
    scratch = math.fsum(scratch_binary_losses()) / 10
    assert value == pytest.approx(scratch, rel=1e-12)
    assert value == pytest.approx(bn.binary_cross_entropy(Y_TRUE, Y_PROB).mean(), rel=1e-15)


def test_keras_binary_crossentropy_of_the_ten_examples_is_0_247_nats():
    """[Gentle], "calculate cross entropy with keras": "Average Cross Entropy: 0.247 nats", in today's Keras.

    Keras computes in float32, so it agrees to about 1e-7; the document's ``backend.variable`` and
    ``backend.eval`` are gone from Keras 3 (notebook 04 passes arrays).
    """
    os.environ.setdefault("KERAS_BACKEND", "jax")
    # Keras comes with the `frameworks` extra that `make test` (and so CI) installs; only a bare install skips this
    # comparison, and so does another backend, whose float32 rounding is not the one the notebook shows.
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "jax":
        pytest.skip("the notebook runs Keras on the jax backend")
    value = float(keras.losses.binary_crossentropy(np.array(Y_TRUE, float), np.array(Y_PROB)))
    assert round(value, 3) == 0.247
    assert value == pytest.approx(bn.log_loss(Y_TRUE, Y_PROB), abs=1e-6)
    one = float(keras.losses.binary_crossentropy(np.array([1.0]), np.array([0.8])))
    assert 1e-9 < abs(one - bn.binary_cross_entropy(1, 0.8)) < 1e-7  # float32 rounding


def test_sklearn_log_loss_of_the_two_column_form_is_0_247():
    """[Gentle], "Difference Between Cross-Entropy and Log Loss": "Average Log Loss: 0.247", from scikit-learn's
    log_loss on the rows [v, 1 - v]; and the pitfall of that form with integer labels."""
    from sklearn import metrics  # scikit-learn is in the learner's set (the lab extra): never skipped
    assert metrics.log_loss(Y_TRUE, Y_PROB) == pytest.approx(bn.log_loss(Y_TRUE, Y_PROB), rel=1e-12)
    # The documents' two-column form: read as a one-hot indicator matrix, so the same number.
    two_true = np.array([[v, 1 - v] for v in Y_TRUE])
    two_pred = np.array([[v, 1 - v] for v in Y_PROB])
    assert round(metrics.log_loss(two_true, two_pred), 3) == 0.247
    assert metrics.log_loss(two_true, two_pred) == pytest.approx(bn.log_loss(Y_TRUE, Y_PROB), rel=1e-12)
    # With integer labels sklearn reads column 0 as class 0, so the same columns give another number.
    swapped = metrics.log_loss(Y_TRUE, two_pred)
    assert swapped == pytest.approx(bn.log_loss(Y_TRUE, two_pred), rel=1e-12)
    assert swapped == pytest.approx(bn.log_loss(Y_TRUE, 1 - np.array(Y_PROB)), rel=1e-12)
    assert swapped > 1.0


# --- [CE & KL] "4. Example Calculations": two coins, in bits -----------------------------------------


def test_fair_coin_has_exactly_one_bit():
    """[CE & KL], Case 1, a fair coin: "H(X) = ... = 1 bit"."""
    assert bn.entropy([0.5, 0.5]) == 1.0


def test_surprisal_of_a_fair_coin_flip_is_one_bit():
    """[CE & KL], Case 1: "Since log2 0.5 = -1", each outcome of the fair coin carries one bit."""
    assert bn.surprisal(0.5) == 1.0


def test_biased_coin_surprisals_are_0_3219_and_2_3219_bits():
    """[CE & KL], Case 2, the 0.8/0.2 coin: "log2 0.8 ≈ -0.3219, log2 0.2 ≈ -2.3219"."""
    heads, tails = bn.surprisal([0.8, 0.2])
    assert (round(float(heads), 4), round(float(tails), 4)) == (0.3219, 2.3219)
    np.testing.assert_allclose([heads, tails], [-math.log2(0.8), -math.log2(0.2)], rtol=1e-14)


def test_biased_coin_has_0_7219_bits():
    """[CE & KL], Case 2, the 0.8/0.2 coin: "H(X) ≈ ... ≈ 0.7219 bits"; a sample of four heads and a tail,
    its exact frequencies, has that average surprise too."""
    value = bn.entropy([0.8, 0.2])
    assert round(value, 4) == 0.7219
    assert value == pytest.approx(scratch_entropy_bits([0.8, 0.2]), rel=0, abs=1e-12)
    assert round(bn.average_surprisal([0, 0, 0, 0, 1], [0.8, 0.2]), 4) == 0.7219


# --- [CE & KL] "6. Why do we use logarithm": surprise, in nats ----------------------------------------


def test_surprisal_of_one_in_ten_is_2_3_nats():
    """[CE & KL], "Proportionality to Inverse Probability": "If p = 0.1, -log(0.1) ≈ 2.3"."""
    value = bn.surprisal(0.1, base=math.e)
    assert round(value, 1) == 2.3
    assert value == pytest.approx(-math.log(0.1), rel=1e-14)


def test_surprisal_of_one_in_a_hundred_is_4_6_nats():
    """[CE & KL], "Proportionality to Inverse Probability": "If p = 0.01, -log(0.01) ≈ 4.6"."""
    value = bn.surprisal(0.01, base=math.e)
    assert round(value, 1) == 4.6
    assert value == pytest.approx(-math.log(0.01), rel=1e-14)


def test_ten_times_less_likely_adds_ln_10_nats():
    """[CE & KL], "Exponential Growth of Surprise": "I' = -log(p') = -log(p) + log(10)" for p' = p / 10,
    with its two examples: 4.6 - 2.3 nats."""
    gap = bn.surprisal(0.01, base=math.e) - bn.surprisal(0.1, base=math.e)
    assert gap == pytest.approx(math.log(10), rel=1e-14)
    assert bn.surprisal(0.01, base=10) - bn.surprisal(0.1, base=10) == pytest.approx(1.0, rel=1e-14)
