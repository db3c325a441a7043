/**
 * @file The explorers' JavaScript twin of bitsandnats' Python measures.
 *
 * An explorer's ES module recomputes its readouts in the browser with these
 * functions, so a drag redraws without a round trip to the kernel and the
 * explorer keeps working on a static HTML page.  Each function does what its
 * Python counterpart in `bitsandnats.measures` (or `bitsandnats.explorers.grid`)
 * does, in the same order of operations where that matters, and
 * `tests/js/twin.test.mjs` checks every one against fixtures made by the
 * Python package (`tests/js/make_fixtures.py`): equal to 1e-12 relative, and
 * exactly equal for the grid arithmetic and the formatted text.
 *
 * Conventions, as in Python:
 * - A distribution is an array of probabilities summing to 1; event i is index i.
 * - `base` picks the unit of information: 2 gives bits (the default, as in
 *   Python), `Math.E` nats, 10 hartleys.  Losses (log loss, distillation) are in nats.
 * - 0 · log 0 = 0: an event with probability 0 under P adds 0, whatever Q says.
 *   An event that P can produce and Q rules out (q = 0 < p) makes a
 *   cross-entropy or KL divergence `Infinity`.
 * - Arguments that cannot make sense (a base of 1, P and Q over different
 *   numbers of events, a label or index out of range, a temperature of 0)
 *   throw a RangeError naming the argument, where Python raises a ValueError.
 *   The probabilities themselves are not checked, as the explorers' controls
 *   hold them on the grid, and nothing is renormalised, rounded or clamped.
 *
 * Plain modern JavaScript: no imports, no dependencies, no build step.
 */

/** Steps in a probability of 1: a control's probability is a whole number of thousandths. */
export const STEPS = 1000;

// Below this |KL| in nats, relative to 1 + sum(p |log(p/q)|), the plain sum of
// p log(p/q) has lost too many digits to cancellation and KL is summed from
// non-negative terms instead (the rule and constants of measures.kl_divergence).
const CANCELLATION_LIMIT = 1e-3;
// Where |s| = |p - q| / (p + q) is at most this, a KL term comes from a series.
const SERIES_LIMIT = 0.1;
const SERIES_TERMS = 9;
// binnedNormal refuses to build more bins than this, as binned_normal does.
const MAX_BINS = 10_000_000;

// ---------------------------------------------------------------------------
// Grid arithmetic: whole steps of 1/STEPS, exact integer arithmetic.
// ---------------------------------------------------------------------------

/**
 * Split `total` whole steps in proportion to whole-number `weights`, by largest remainder.
 *
 * Each share is first rounded down; the steps left over go one each to the
 * shares with the largest remainders, between equal remainders to the lower
 * index.  If every weight is 0 the steps are shared evenly, as if all weights
 * were 1.  Integer arithmetic only: the products weight · total are checked
 * to stay below 2^53, so every share equals Python's `grid.apportion` exactly.
 *
 * @param {number[]} weights Non-negative whole numbers, at least one.
 * @param {number} total The whole number of steps to share, >= 0.
 * @returns {number[]} One whole number of steps per weight, summing to exactly `total`.
 * @example apportion([1, 1, 1], 1000) // [334, 333, 333]
 */
export function apportion(weights, total) {
  if (weights.length === 0) {
    throw new RangeError("weights must hold at least one weight");
  }
  if (!weights.every((weight) => Number.isSafeInteger(weight) && weight >= 0)
      || !Number.isSafeInteger(total) || total < 0) {
    throw new RangeError(`weights and total must be non-negative whole numbers, got [${weights}] and ${total}`);
  }
  const shared = weights.some((weight) => weight > 0) ? weights : weights.map(() => 1);
  const whole = shared.reduce((sum, weight) => sum + weight, 0);
  if (!Number.isSafeInteger(whole * total)) {
    throw new RangeError(`weights summing to ${whole} times total ${total} exceed 2^53: the shares would not be exact`);
  }
  const remainders = shared.map((weight) => (weight * total) % whole);
  const shares = shared.map((weight, i) => (weight * total - remainders[i]) / whole);
  const left = total - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = shares.map((_, i) => i).sort((i, j) => remainders[j] - remainders[i] || i - j);
  for (const i of byRemainder.slice(0, left)) {
    shares[i] += 1;
  }
  return shares;
}

/**
 * Set event `index` to `count` steps; the others share the rest in proportion to what they had.
 *
 * What dragging one probability does: the other events keep their ratios as
 * nearly as whole steps allow (largest remainder, see {@link apportion}) and
 * the counts still sum to exactly {@link STEPS}.  If the others all had 0 they
 * share the rest evenly.  The same counts as Python's `grid.rebalance`.
 *
 * @param {number[]} counts Whole numbers of steps, one per event (each event's probability is count / STEPS).
 * @param {number} index The event being set, 0 to counts.length - 1.
 * @param {number} count Its new whole number of steps, 0 to STEPS.
 * @returns {number[]} The new counts, summing to exactly STEPS.
 * @example rebalance([100, 400, 500], 0, 550) // [550, 200, 250]
 */
export function rebalance(counts, index, count) {
  if (!Number.isInteger(index) || index < 0 || index >= counts.length) {
    throw new RangeError(`index must be a whole number from 0 to ${counts.length - 1}, got ${index}`);
  }
  if (!Number.isInteger(count) || count < 0 || count > STEPS) {
    throw new RangeError(`count must be a whole number of steps from 0 to ${STEPS}, got ${count}`);
  }
  const shares = apportion(counts.filter((_, i) => i !== index), STEPS - count);
  return counts.map((_, i) => (i === index ? count : shares[i < index ? i : i - 1]));
}

// ---------------------------------------------------------------------------
// Sums and units.
// ---------------------------------------------------------------------------

/**
 * A running sum with Neumaier's compensation: the rounding error of every
 * addition is collected and added back, so the total is as accurate as if it
 * were summed in about twice the precision.  An infinite term makes the total
 * that infinity (the compensation of an infinite sum means nothing).
 */
function compensatedAccumulator() {
  let sum = 0;
  let compensation = 0;
  return {
    add(value) {
      const next = sum + value;
      compensation += Math.abs(sum) >= Math.abs(value) ? (sum - next) + value : (value - next) + sum;
      sum = next;
    },
    get total() {
      return Number.isFinite(sum) ? sum + compensation : sum;
    },
  };
}

/** The compensated sum of an array of numbers (see compensatedAccumulator). */
function compensatedSum(values) {
  const accumulator = compensatedAccumulator();
  for (const value of values) {
    accumulator.add(value);
  }
  return accumulator.total;
}

/**
 * How many nats one unit of `base` is, ln(base): a result in nats divided by it is in that unit
 * (one rounding, as Python's notation.nats_in, so both write the same digits).
 */
function natsIn(base) {
  if (typeof base !== "number" || !Number.isFinite(base) || base <= 0 || base === 1) {
    throw new RangeError(`base must be a positive number other than 1, got ${base}`);
  }
  return Math.log(base);
}

/** Refuse two distributions over different numbers of events. */
function checkSameEvents(p, q) {
  if (p.length !== q.length) {
    throw new RangeError(`p and q must have the same number of events, got ${p.length} and ${q.length}`);
  }
}

// ---------------------------------------------------------------------------
// Entropy, cross-entropy and KL divergence of one distribution.
// ---------------------------------------------------------------------------

/** Each event's -p(x) ln q(x) in nats, 0 where p(x) = 0 (Infinity where q(x) = 0 < p(x)). */
function crossEntropyNats(p, q) {
  return p.map((px, i) => (px > 0 ? -px * Math.log(q[i]) : 0));
}

/**
 * ln(p / q) for p > 0, from the ratio where it is a positive finite number
 * (the more precise form), from ln p - ln q where the ratio over- or
 * underflows, or is Infinity for q = 0; as Python's `kl_terms` takes it.
 */
function logRatio(px, qx) {
  const ratio = px / qx;
  return ratio > 0 && Number.isFinite(ratio) ? Math.log(ratio) : Math.log(px) - Math.log(qx);
}

/** Each event's p(x) ln(p(x) / q(x)) in nats, 0 where p(x) = 0. */
function klNats(p, q) {
  return p.map((px, i) => (px > 0 ? px * logRatio(px, q[i]) : 0));
}

/**
 * f(s) = (1 + s) atanh(s) - s from its series, sum over k >= 1 of
 * s^2k / (2k - 1) + s^(2k+1) / (2k + 1), for |s| <= SERIES_LIMIT; by Horner's
 * rule in the order of measures._kl_careful.  Every term of f is kept to full
 * relative precision, however small s is.
 */
function klSeries(s) {
  const s2 = s * s;
  let even = 0;
  let odd = 0;
  for (let k = SERIES_TERMS; k >= 1; k--) {
    even = (even + 1 / (2 * k - 1)) * s2;
    odd = (odd + 1 / (2 * k + 1)) * s2;
  }
  return even + s * odd;
}

/**
 * KL(P ‖ Q) in nats for nearly equal P and Q, where the terms p ln(p/q)
 * cancel: as Python's `measures._kl_careful`.  Each event adds
 * p ln(p/q) - p + q = (p + q) f(s) >= 0 with s = (p - q) / (p + q), taken from
 * the series where |s| is small; the added -p + q are taken back by summing
 * the differences p - q, which are exact where p and q are within a factor of
 * 2 of each other (Sterbenz), with compensation.
 */
function klNatsCareful(p, q) {
  const terms = p.map((px, i) => {
    const qx = q[i];
    const pair = px + qx;
    const s = pair > 0 ? (px - qx) / pair : 0;
    if (Math.abs(s) <= SERIES_LIMIT) {
      return pair * klSeries(s);
    }
    return (px > 0 ? px * Math.log(px / qx) : 0) - px + qx;
  });
  return compensatedSum(terms) + compensatedSum(p.map((px, i) => px - q[i]));
}

/**
 * Shannon entropy H(P) = -Σ p(x) log_base p(x): the average surprisal of an
 * outcome of P, in bits for base 2, nats for Math.E, hartleys for 10.  It is
 * 0 when one outcome is certain and at most log_base(n) over n events.
 *
 * @param {number[]} p A distribution.
 * @param {number} [base=2] Logarithm base: the unit.
 * @returns {number} H(P) in units of `base`, >= 0.
 * @example entropy([0.5, 0.5], 2) // 1 (bit)
 */
export function entropy(p, base = 2) {
  return compensatedSum(crossEntropyNats(p, p)) / natsIn(base) + 0;
}

/**
 * Cross-entropy H(P, Q) = -Σ p(x) log_base q(x): the average surprisal of
 * outcomes of P scored (or encoded) with the probabilities of Q.  Never below
 * H(P); equal to H(P) + KL(P ‖ Q).
 *
 * @param {number[]} p The distribution the outcomes come from.
 * @param {number[]} q The distribution that scores them, over the same events.
 * @param {number} [base=2] Logarithm base: the unit.
 * @returns {number} H(P, Q) in units of `base`; Infinity where q(x) = 0 < p(x) for some x.
 */
export function crossEntropy(p, q, base = 2) {
  checkSameEvents(p, q);
  return compensatedSum(crossEntropyNats(p, q)) / natsIn(base) + 0;
}

/**
 * Kullback-Leibler divergence KL(P ‖ Q) = Σ p(x) log_base(p(x) / q(x)): the
 * extra surprisal, on average, of scoring outcomes of P with Q instead of P.
 *
 * The terms are p ln(p/q), as in {@link klTerms}, summed with compensation.
 * Where they cancel (nearly equal P and Q) it is summed instead from terms
 * that are each >= 0 (the rule of Python's `kl_divergence`), so it keeps
 * about 13 significant digits even when it is as small as 1e-20.  It is
 * exactly 0 for P = Q and never negative: a rounding error just below 0 is 0.
 *
 * @param {number[]} p The distribution the outcomes come from.
 * @param {number[]} q The distribution that scores them, over the same events.
 * @param {number} [base=2] Logarithm base: the unit.
 * @returns {number} KL(P ‖ Q) in units of `base`, >= 0; Infinity where q(x) = 0 < p(x) for some x.
 */
export function klDivergence(p, q, base = 2) {
  checkSameEvents(p, q);
  const terms = klNats(p, q);
  let nats = compensatedSum(terms);
  const magnitude = compensatedSum(terms.map(Math.abs));
  if (Number.isFinite(nats) && Math.abs(nats) < CANCELLATION_LIMIT * (1 + magnitude)) {
    nats = klNatsCareful(p, q);
  }
  return Math.max(nats, 0) / natsIn(base);
}

/**
 * Each event's share of the entropy, -p(x) log_base p(x): the terms of the sum
 * H(P), each >= 0, and 0 for an event with p(x) = 0 (0 · log 0 = 0).  As
 * Python's `cross_entropy_terms(p, p)`.
 *
 * @param {number[]} p A distribution.
 * @param {number} [base=2] Logarithm base: the unit.
 * @returns {number[]} One term per event, in units of `base`.
 */
export function entropyTerms(p, base = 2) {
  return crossEntropyTerms(p, p, base);
}

/**
 * Each event's share of the cross-entropy, -p(x) log_base q(x): how much event
 * x adds to the average code length (or loss).  Each is >= 0; an event with
 * p(x) = 0 adds 0 whatever q(x) is, one with q(x) = 0 < p(x) adds Infinity.
 * As Python's `cross_entropy_terms(p, q)`.
 *
 * @param {number[]} p The distribution the outcomes come from.
 * @param {number[]} q The distribution that scores them, over the same events.
 * @param {number} [base=2] Logarithm base: the unit.
 * @returns {number[]} One term per event, in units of `base`.
 */
export function crossEntropyTerms(p, q, base = 2) {
  checkSameEvents(p, q);
  const natsPerUnit = natsIn(base);
  return crossEntropyNats(p, q).map((nats) => nats / natsPerUnit + 0);
}

/**
 * Each event's term p(x) log_base(p(x) / q(x)) of the KL divergence: negative
 * where Q gives the event more probability than P, positive where it gives
 * less (their sum is never negative).  0 where p(x) = 0, Infinity where
 * q(x) = 0 < p(x).  As Python's `kl_terms(p, q)`.
 *
 * @param {number[]} p The distribution the outcomes come from.
 * @param {number[]} q The distribution that scores them, over the same events.
 * @param {number} [base=2] Logarithm base: the unit.
 * @returns {number[]} One term per event, in units of `base`.
 */
export function klTerms(p, q, base = 2) {
  checkSameEvents(p, q);
  const natsPerUnit = natsIn(base);
  return klNats(p, q).map((nats) => nats / natsPerUnit + 0);
}

/**
 * Surprisal (information content) -log_base(prob) of an outcome of
 * probability `prob`: 0 for a certain outcome, Infinity for an impossible one.
 *
 * @param {number} prob A probability in [0, 1].
 * @param {number} [base=2] Logarithm base: the unit.
 * @returns {number} The surprisal in units of `base` (bits for 2).
 * @example surprisal(0.5, 2) // 1 (bit)
 */
export function surprisal(prob, base = 2) {
  return -Math.log(prob) / natsIn(base) + 0;
}

/**
 * The running average of the surprisal of observed outcomes, each scored by P:
 * after draw N, (1/N) Σ_{i<=N} -log_base p(x_i).  For outcomes drawn from P it
 * approaches the entropy H(P) as N grows (the law of large numbers).  As
 * Python's `average_surprisal(tosses, p, running=True)`.
 *
 * @param {number[]} tosses The outcomes, as event indices into `p` (0 to p.length - 1).
 * @param {number[]} p The distribution that scores them.
 * @param {number} [base=2] Logarithm base: the unit.
 * @returns {number[]} The average after each draw, in units of `base`;
 *   Infinity from the first outcome that P gives probability 0 on.
 */
export function averageSurprisalRunning(tosses, p, base = 2) {
  const natsPerUnit = natsIn(base);
  const information = p.map((px) => -Math.log(px) / natsPerUnit);
  const sum = compensatedAccumulator();
  return tosses.map((outcome, i) => {
    if (!Number.isInteger(outcome) || outcome < 0 || outcome >= p.length) {
      throw new RangeError(`tosses[${i}] must be an event index from 0 to ${p.length - 1}, got ${outcome}`);
    }
    sum.add(information[outcome]);
    return sum.total / (i + 1) + 0;
  });
}

// ---------------------------------------------------------------------------
// Log loss.
// ---------------------------------------------------------------------------

/**
 * Binary cross-entropy of one example, -[y ln q + (1 - y) ln(1 - q)], in
 * nats: H(P, Q) for P = (1 - y, y) and Q = (1 - q, q), the Bernoulli negative
 * log-likelihood.  0 · log 0 = 0, so a hard label ignores the other class;
 * a prediction that is certain and wrong gives Infinity.  As Python's
 * `binary_cross_entropy(y, q)`.
 *
 * @param {number} y The label: 0 or 1, or a soft label in [0, 1].
 * @param {number} q The predicted probability of class 1, in [0, 1].
 * @returns {number} The loss in nats, >= 0.
 * @example binaryCrossEntropy(1, 0.8) // 0.2231... nats
 */
export function binaryCrossEntropy(y, q) {
  if (!(y >= 0 && y <= 1) || !(q >= 0 && q <= 1)) {
    throw new RangeError(`y and q must be probabilities in [0, 1], got ${y} and ${q}`);
  }
  const withLabel = y > 0 ? y * Math.log(q) : 0;
  const withoutLabel = y < 1 ? (1 - y) * Math.log1p(-q) : 0;
  return -(withLabel + withoutLabel) + 0;
}

/**
 * Log loss: the mean binary cross-entropy of predictions over examples, in
 * nats.  As Python's `log_loss(ys, qs)` for binary predictions.
 *
 * @param {number[]} ys Labels in [0, 1], one per example.
 * @param {number[]} qs Predicted probabilities of class 1, one per example.
 * @returns {number} The mean loss in nats; Infinity if any prediction is certain and wrong.
 */
export function logLoss(ys, qs) {
  if (ys.length !== qs.length || ys.length === 0) {
    throw new RangeError(`ys and qs must hold the same number of examples, at least one; got ${ys.length} and ${qs.length}`);
  }
  return compensatedSum(ys.map((y, i) => binaryCrossEntropy(y, qs[i]))) / ys.length;
}

// ---------------------------------------------------------------------------
// Softmax and distillation.
// ---------------------------------------------------------------------------

/** Logits divided by the temperature, refused if not finite (as Python's _scaled_logits). */
function scaledLogits(logits, temperature) {
  if (typeof temperature !== "number" || !Number.isFinite(temperature) || temperature <= 0) {
    throw new RangeError(`temperature must be a positive number, got ${temperature}`);
  }
  if (logits.length === 0 || !logits.every(Number.isFinite)) {
    throw new RangeError(`logits must be finite numbers, one per class, got [${logits}]`);
  }
  const scaled = temperature === 1 ? logits : logits.map((z) => z / temperature);
  if (!scaled.every(Number.isFinite)) {
    throw new RangeError(`logits divided by temperature=${temperature} overflow; use a larger temperature`);
  }
  return scaled;
}

/**
 * The softmax with a temperature, e^(z_k / T) / Σ_j e^(z_j / T): logits
 * (unnormalised scores, in nats of log-odds) turned into probabilities.  A
 * temperature above 1 flattens the distribution, below 1 sharpens it.
 * Computed after subtracting the largest logit, so no exponential overflows;
 * a class more than about 745 (times T) below the largest gets probability 0.
 *
 * @param {number[]} logits One finite logit per class.
 * @param {number} [temperature=1] T > 0.
 * @returns {number[]} A distribution over the classes.
 */
export function softmax(logits, temperature = 1) {
  const scaled = scaledLogits(logits, temperature);
  const top = Math.max(...scaled);
  const exps = scaled.map((z) => Math.exp(z - top));
  const total = compensatedSum(exps);
  return exps.map((e) => e / total);
}

/**
 * The logarithm of the softmax, z_k / T - ln Σ_j e^(z_j / T), in nats: each
 * class's log-probability, finite even where the softmax underflows to 0.
 * Computed stably as Python's `log_softmax`: shifted by the largest logit,
 * whose term of the sum is exactly 1, so the normaliser is ln(1 + the others)
 * taken with log1p and a confident class keeps its small log-probability to
 * full precision.
 *
 * @param {number[]} logits One finite logit per class.
 * @param {number} [temperature=1] T > 0.
 * @returns {number[]} One log-probability per class, in nats, each <= 0.
 */
export function logSoftmax(logits, temperature = 1) {
  const scaled = scaledLogits(logits, temperature);
  const top = scaled.reduce((best, z, i) => (z > scaled[best] ? i : best), 0);
  const shifted = scaled.map((z) => z - scaled[top]);
  const others = compensatedSum(shifted.map((z, i) => (i === top ? 0 : Math.exp(z))));
  const logNormaliser = Math.log1p(others);
  return shifted.map((z) => z - logNormaliser);
}

/**
 * The knowledge-distillation loss of one example, in nats:
 * α T² KL(softmax(v / T) ‖ softmax(z / T)) + (1 − α) H(y, softmax(z)),
 * with z the student's logits, v the teacher's and y the one-hot label.  The
 * soft term pulls the student's softened distribution towards the teacher's;
 * T² keeps its gradient's weight from shrinking as T grows (Hinton, Vinyals
 * and Dean, 2015).  The soft KL is clamped at >= 0, as in Python's
 * `distillation_loss`.
 *
 * @param {number} label The true class, 0 to studentLogits.length - 1.
 * @param {number[]} studentLogits The student's logits z.
 * @param {number[]} teacherLogits The teacher's logits v, over the same classes.
 * @param {number} temperature T > 0 for the soft term.
 * @param {number} alpha Weight α in [0, 1] of the soft term; the label's term gets 1 − α.
 * @returns {number} The loss in nats, >= 0.
 */
export function distillationLoss(label, studentLogits, teacherLogits, temperature, alpha) {
  if (studentLogits.length !== teacherLogits.length) {
    throw new RangeError(`studentLogits and teacherLogits must have the same number of classes, got ${studentLogits.length} and ${teacherLogits.length}`);
  }
  if (!Number.isInteger(label) || label < 0 || label >= studentLogits.length) {
    throw new RangeError(`label must be a class from 0 to ${studentLogits.length - 1}, got ${label}`);
  }
  if (typeof alpha !== "number" || !(alpha >= 0 && alpha <= 1)) {
    throw new RangeError(`alpha must be a number in [0, 1], got ${alpha}`);
  }
  const logP = logSoftmax(teacherLogits, temperature);
  const logQ = logSoftmax(studentLogits, temperature);
  const soft = Math.max(compensatedSum(logP.map((lp, k) => Math.exp(lp) * (lp - logQ[k]))), 0);
  const hard = -logSoftmax(studentLogits)[label];
  return alpha * (temperature * temperature) * soft + (1 - alpha) * hard + 0;
}

// ---------------------------------------------------------------------------
// The error function and the normal distribution.
// ---------------------------------------------------------------------------

// erf and erfc follow the algorithm of Sun Microsystems' fdlibm, s_erf.c
// (version 5.1, 93/09/24), with its coefficients:
//   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//   Developed at SunPro, a Sun Microsystems, Inc. business.
//   Permission to use, copy, modify, and distribute this software is freely
//   granted, provided that this notice is preserved.
// Piecewise rational approximations, each accurate to better than 2^-57 on
// its interval, so erf and erfc are within about one unit in the last place;
// erfc keeps that relative precision out to x = 28, past where it underflows.
// Differences from the C, none of which changes a result beyond the last
// bit of a subnormal: the split of x² rounds x to single precision
// (Math.fround) where fdlibm clears its low word, the returns that exist to
// raise floating-point flags (1 - tiny, tiny * tiny) return their rounded
// values, and erf of a subnormal x skips fdlibm's rescaling against a
// spurious underflow flag.

/** erf(x) ≈ x + x · ERF_SMALL(x²) for |x| < 0.84375. */
const ERF_SMALL = {
  p: [1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
    -5.77027029648944159157e-03, -2.37630166566501626084e-05],
  q: [1, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
    1.32494738004321644526e-04, -3.96022827877536812320e-06],
};
/** erf(1 + s) ≈ ERX + ERF_NEAR_ONE(s) for 0.84375 <= |x| < 1.25, s = |x| - 1. */
const ERF_NEAR_ONE = {
  p: [-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01,
    3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02,
    -2.16637559486879084300e-03],
  q: [1, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02,
    1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02],
};
/** ln(x erfc(x)) + x² + 0.5625 ≈ ERFC_MIDDLE(1/x²) for 1.25 <= x < 1/0.35. */
const ERFC_MIDDLE = {
  p: [-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01,
    -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02,
    -8.12874355063065934246e+01, -9.81432934416914548592e+00],
  q: [1, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02,
    6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02,
    6.57024977031928170135e+00, -6.04244152148580987438e-02],
};
/** The same, ≈ ERFC_TAIL(1/x²), for 1/0.35 <= x < 28. */
const ERFC_TAIL = {
  p: [-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01,
    -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03,
    -4.83519191608651397019e+02],
  q: [1, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03,
    3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02,
    -2.24409524465858183362e+01],
};
/** erf(1) rounded to single precision, the constant part of erf near 1. */
const ERX = 8.45062911510467529297e-01;
/** 2/√π − 1, for erf(x) ≈ x + ERF_TINY · x below 2^-28. */
const ERF_TINY = 1.28379167095512586316e-01;

/** Σ coefficients[k] · t^k, by Horner's rule. */
function polynomial(coefficients, t) {
  let value = 0;
  for (let k = coefficients.length - 1; k >= 0; k--) {
    value = value * t + coefficients[k];
  }
  return value;
}

/** A rational approximation {p, q} at t: P(t) / Q(t). */
function rational({ p, q }, t) {
  return polynomial(p, t) / polynomial(q, t);
}

/**
 * erfc(x) for 1.25 <= x < 28, from ln(x erfc(x)) + x² + 0.5625 ≈ R(1/x²):
 * erfc(x) = exp(-x² - 0.5625 + R) / x.  x² is split as s² - (s - x)(s + x)
 * with s = x rounded to single precision, so s² and -s² - 0.5625 are exact
 * and exp loses no relative precision to rounding its large argument.
 */
function erfcAsymptotic(x) {
  const fit = x < 1 / 0.35 ? ERFC_MIDDLE : ERFC_TAIL;
  const correction = rational(fit, 1 / (x * x));
  const s = Math.fround(x);
  return (Math.exp(-s * s - 0.5625) * Math.exp((s - x) * (s + x) + correction)) / x;
}

/**
 * The error function, erf(x) = (2/√π) ∫_0^x e^(−t²) dt: a pure number in
 * (−1, 1).  JavaScript has none; this is fdlibm's (see above), within about
 * one unit in the last place.
 *
 * @param {number} x Any number.
 * @returns {number} erf(x); ±1 for x = ±Infinity, NaN for NaN.
 */
export function erf(x) {
  if (Number.isNaN(x)) {
    return NaN;
  }
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -28) {
      return x + ERF_TINY * x; // the next term of the series, -x^3 / 3 · 2/√π, is below half an ulp
    }
    return x + x * rational(ERF_SMALL, x * x);
  }
  if (ax < 1.25) {
    const nearOne = ERX + rational(ERF_NEAR_ONE, ax - 1);
    return x > 0 ? nearOne : -nearOne;
  }
  if (ax >= 6) {
    return x > 0 ? 1 : -1; // erf(6) rounds to 1: 1 - erf(6) is about 2e-17
  }
  const value = 1 - erfcAsymptotic(ax);
  return x > 0 ? value : -value;
}

/**
 * The complementary error function, erfc(x) = 1 − erf(x) = (2/√π) ∫_x^∞ e^(−t²) dt,
 * a pure number in (0, 2).  Computed directly, not as 1 − erf(x), so it keeps
 * its relative precision in the far tail: erfc(26) ≈ 5.7e-296 to full
 * precision; it leaves the normal doubles near x = 26.55 and underflows to 0
 * near x = 27.2.
 *
 * @param {number} x Any number.
 * @returns {number} erfc(x); 0 for Infinity, 2 for -Infinity, NaN for NaN.
 */
export function erfc(x) {
  if (Number.isNaN(x)) {
    return NaN;
  }
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -56) {
      return 1 - x;
    }
    const y = rational(ERF_SMALL, x * x);
    // Below 1/4 erfc = 1 - erf loses nothing; above it, erfc < 0.73 and the
    // rearrangement 1/2 - ((x - 1/2) + x y) keeps the last bits.
    return x < 0.25 ? 1 - (x + x * y) : 0.5 - (x * y + (x - 0.5));
  }
  if (ax < 1.25) {
    const nearOne = rational(ERF_NEAR_ONE, ax - 1);
    return x > 0 ? (1 - ERX) - nearOne : 1 + (ERX + nearOne);
  }
  if (x <= -6) {
    return 2; // 2 - erfc(6) rounds to 2
  }
  if (ax >= 28) {
    return x > 0 ? 0 : 2; // erfc(28) is about 7e-343, below the smallest double
  }
  const tail = erfcAsymptotic(ax);
  return x > 0 ? tail : 2 - tail;
}

/**
 * The standard normal CDF, Φ(u) = P(Z <= u) = ½ erfc(−u / √2), for u in
 * standard deviations: a probability.  From erfc, so the lower tail keeps its
 * relative precision (Φ(−37) ≈ 5.7e-300).
 *
 * @param {number} u A value of a standard normal variable.
 * @returns {number} Φ(u), in [0, 1].
 */
export function normalCdf(u) {
  return 0.5 * erfc(-u / Math.SQRT2);
}

/**
 * A normal distribution N(0, σ²) cut into bins of equal width Δ: a discrete
 * distribution, exactly as Python's `binned_normal(sigma, width, span=span,
 * return_edges=True)` computes it.  The edges are kΔ for whole numbers k,
 * covering at least ±span·σ; one more bin on each side holds the whole tail
 * out to −∞ and +∞, so the probabilities sum to 1.  The mean is an edge, so
 * each bin lies on one side of it and its probability is a difference of Φ
 * (below the mean) or of its upper tail 1 − Φ (above), both from erfc: even
 * far-out bins keep their relative precision.  Its entropy is close to
 * h − ln Δ nats for small Δ, with h from {@link differentialEntropyNormal}.
 *
 * @param {number} sigma Standard deviation σ > 0, in the data's unit.
 * @param {number} width Bin width Δ > 0, in the same unit.
 * @param {number} [span=10] Half-width of the finely binned range, in standard deviations.
 * @returns {{probs: number[], edges: number[]}} The bins' probabilities in order,
 *   and their edges (one more than bins; the first −Infinity, the last Infinity).
 */
export function binnedNormal(sigma, width, span = 10) {
  for (const [name, value] of [["sigma", sigma], ["width", width], ["span", span]]) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`${name} must be a positive finite number, got ${value}`);
    }
  }
  const half = Math.max(1, Math.ceil((span * sigma) / width));
  if (2 * half + 2 > MAX_BINS) {
    throw new RangeError(`width=${width} with sigma=${sigma} and span=${span} needs ${2 * half + 2} bins, more than ${MAX_BINS}`);
  }
  const steps = Array.from({ length: 2 * half + 3 }, (_, i) => i - half - 1);
  const z = steps.map((k) => (k * (width / sigma)) / Math.SQRT2);
  const below = z.map((zk) => 0.5 * erfc(-zk)); // Φ at each edge
  const above = z.map((zk) => 0.5 * erfc(zk)); // 1 − Φ at each edge
  below[0] = 0; // the outer bins reach to −∞ and +∞
  above[above.length - 1] = 0;
  const probs = steps.slice(1).map((k, i) => (k <= 0 ? below[i + 1] - below[i] : above[i] - above[i + 1]));
  const edges = steps.map((k) => k * width);
  edges[0] = -Infinity;
  edges[edges.length - 1] = Infinity;
  return { probs, edges };
}

/**
 * Differential entropy of a normal distribution, h = ½ ln(2πeσ²), in nats
 * (for σ in some unit of the data).  Unlike discrete entropy it can be
 * negative: below σ = 1/√(2πe) ≈ 0.242 it is.
 *
 * @param {number} sigma Standard deviation σ > 0.
 * @returns {number} h in nats.
 */
export function differentialEntropyNormal(sigma) {
  if (typeof sigma !== "number" || !(sigma > 0)) {
    throw new RangeError(`sigma must be a positive number, got ${sigma}`);
  }
  return 0.5 * Math.log(2 * Math.PI * Math.E * (sigma * sigma)) + 0;
}

// ---------------------------------------------------------------------------
// Readouts.
// ---------------------------------------------------------------------------

/**
 * A readout's number as text, exactly as the Python explorers print it
 * (format(value, ".3f") for digits = 3): "∞" and "−∞" for the infinities, a
 * proper minus sign (U+2212), and never "−0.000" for a small negative number.
 *
 * Both Python and `toFixed` round the exact binary value to `digits`
 * decimals, but they break an exact tie differently: Python to the even last
 * digit (0.125 → "0.12"), `toFixed` away from zero ("0.13").  A tie is
 * possible only when |value| · 2^(digits+1) is an odd whole number; then
 * `toFixed`'s last digit, if odd, is lowered by one (no digit before it
 * changes, as an odd digit lowered by one never borrows).
 *
 * @param {number} value The number shown.
 * @param {number} digits Decimals shown, 0 to 100.
 * @returns {string} The text.
 * @example formatNumber(-0.0004, 3) // "0.000"
 */
export function formatNumber(value, digits) {
  if (Number.isNaN(value)) {
    return "nan";
  }
  if (value === Infinity || value === -Infinity) {
    return value > 0 ? "∞" : "−∞";
  }
  let text;
  if (Math.abs(value) < 1e21) {
    text = value.toFixed(digits);
    const scaled = Math.abs(value) * 2 ** (digits + 1);
    if (Number.isInteger(scaled) && scaled % 2 === 1 && "13579".includes(text.at(-1))) {
      text = text.slice(0, -1) + String(Number(text.at(-1)) - 1);
    }
  } else {
    // toFixed writes these in exponent notation; such a double is a whole number.
    text = BigInt(value).toString() + (digits > 0 ? "." + "0".repeat(digits) : "");
  }
  if (text.startsWith("-") && Number(text) === 0) {
    text = text.slice(1);
  }
  return text.replace("-", "−");
}
