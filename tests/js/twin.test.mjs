// Tests of the explorers' JavaScript twin (src/bitsandnats/explorers/twin.js).
//
// Every case that tests/js/make_fixtures.py drew is checked against the
// answer of the Python package (SciPy for erf, erfc and the normal CDF):
//
//   BITSANDNATS_FIXTURES=DIR node --test tests/js/     (after make_fixtures.py DIR)
//
// tests/test_twin_js.py does both.  Without BITSANDNATS_FIXTURES only the
// hand-written cases at the end run.
//
// Agreement means: the same infinity (or NaN) where Python has one; equal
// whole numbers and equal text for the grid arithmetic and the readouts;
// otherwise within 1e-12 relative.  Both sides take the same logarithms and
// exponentials of the same doubles, each within about an ulp (glibc against
// V8's fdlibm), so what is left is a few ulps per operation, amplified by any
// cancellation that both sides share; 1e-12 is four thousand ulps of room for
// that and still catches any formula that differs.  Where the true value is
// below the smallest normal double (2^-1022, about 2.2e-308) a double holds
// fewer than 53 significant bits and the two sides round their tiny results
// (an underflowing exp, erfc past x = 26.55) to different subnormals; there the
// error is measured against 2^-1022 instead of against the value itself.
// Two results are measured against the size of what they sum instead, as
// their Python values are no more precise than that (see runningError and
// scaledError).

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

// A data: URL loads the twin as the ES module it is, whatever package.json
// says about .js files, and proves that it imports nothing (a data: module
// cannot resolve relative imports).
const source = readFileSync(new URL("../../src/bitsandnats/explorers/twin.js", import.meta.url), "utf8");
const twin = await import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);

const RELATIVE = 1e-12;
const SMALLEST_NORMAL = 2 ** -1022;
// Each function's fixture has at least this many cases (make_fixtures.py
// draws 10,000; binned normals hold up to 6,002 bins each, so fewer of them).
const MINIMUM_CASES = 10_000;
const MINIMUM_BINNED_CASES = 500;
// At most this many failures of one function are described in full.
const FAILURES_SHOWN = 8;

/** A fixture's value with the strings "inf", "-inf" and "nan" (JSON has no such numbers) made numbers again. */
function decoded(value) {
  if (value === "inf") return Infinity;
  if (value === "-inf") return -Infinity;
  if (value === "nan") return NaN;
  if (Array.isArray(value)) return value.map(decoded);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decoded(item)]));
  }
  return value;
}

/** Relative error of `actual`, measured against max(|expected|, 2^-1022); 0 or Infinity for infinities and NaN. */
function relativeError(actual, expected) {
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    return Object.is(actual, expected) || (Number.isNaN(expected) && Number.isNaN(actual)) ? 0 : Infinity;
  }
  if (typeof actual !== "number") return Infinity;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), SMALLEST_NORMAL);
}

/**
 * Checks one function's fixture cases and returns them, decoded.
 * `compare(actual, expected, args, item)` returns the case's error (0 when
 * exact), which must be at most RELATIVE, and throws or returns Infinity when
 * the case fails outright.
 */
function checkFixture(t, name, compare, minimumCases = MINIMUM_CASES) {
  const fixture = JSON.parse(readFileSync(join(fixtures, `${name}.json`), "utf8"));
  assert.equal(fixture.function, name);
  const cases = fixture.cases.filter((item) => !("error" in item));
  assert.ok(cases.length >= minimumCases, `${name}: only ${cases.length} cases, expected at least ${minimumCases}`);
  const failures = [];
  let largest = 0;
  let largestCase = null;
  const fail = (item, message) => {
    failures.push(`${name}(${JSON.stringify(item.args).slice(0, 400)}): ${message}`);
  };
  for (const item of fixture.cases) {
    const args = decoded(item.args);
    if ("error" in item) {
      try {
        const value = twin[name](...args);
        fail(item, `Python refuses this (${item.error}), the twin returned ${JSON.stringify(value)}`);
      } catch (error) {
        if (!(error instanceof RangeError)) fail(item, `threw ${error} instead of a RangeError`);
      }
      continue;
    }
    try {
      const error = compare(twin[name](...args), item.expected, args, item);
      if (!(error <= RELATIVE)) {
        fail(item, `relative error ${error}, expected ${JSON.stringify(item.expected).slice(0, 400)}`);
      } else if (error > largest) {
        largest = error;
        largestCase = item.args;
      }
    } catch (error) {
      fail(item, error.message);
    }
  }
  t.diagnostic(`${name}: ${fixture.cases.length} cases, largest error ${largest.toExponential(2)}`
    + (largestCase ? ` at ${JSON.stringify(largestCase).slice(0, 200)}` : ""));
  assert.equal(failures.length, 0,
    `${failures.length} of ${fixture.cases.length} cases of ${name} disagree with Python:\n`
    + failures.slice(0, FAILURES_SHOWN).join("\n"));
  return cases.map((item) => ({ args: decoded(item.args), expected: decoded(item.expected) }));
}

/** The error of a number against Python's. */
function numberError(actual, expected) {
  return relativeError(actual, decoded(expected));
}

/** The largest error of an array of numbers against Python's; Infinity if the lengths differ. */
function arrayError(actual, expected) {
  const values = decoded(expected);
  if (!Array.isArray(actual) || actual.length !== values.length) return Infinity;
  return values.reduce((largest, value, i) => Math.max(largest, relativeError(actual[i], value)), 0);
}

/** 0 if exactly equal (whole numbers, text); throws otherwise. */
function exactError(actual, expected) {
  assert.deepEqual(actual, expected);
  return 0;
}

/** Terms of an event that P gives probability 0 must be exactly 0 (0 · log 0 = 0), whatever Python says. */
function termsError(actual, expected, [p]) {
  p.forEach((px, i) => {
    if (px === 0) assert.ok(Object.is(actual[i], 0), `event ${i} has p = 0 but its term is ${actual[i]}, not 0`);
  });
  return arrayError(actual, expected);
}

/**
 * Running averages at the positions the fixture kept.  Python's running sum
 * (numpy.cumsum) adds one draw at a time, so after k draws of non-negative
 * surprisals its relative error can reach (k - 1) 2^-53 (Higham's bound for
 * recursive summation): 1.1e-11 at 100,000 draws.  The twin's compensated sum
 * is good to a few ulps, so an average passes when its relative error is at
 * most RELATIVE + (k - 1) 2^-53; the error returned is scaled to match.
 */
function runningError(actual, { positions, values }, [tosses]) {
  assert.equal(actual.length, tosses.length, "one average per toss");
  return positions.reduce((largest, position, i) => {
    const allowed = RELATIVE + position * 2 ** -53; // position = k - 1
    return Math.max(largest, (relativeError(actual[position], decoded(values[i])) / allowed) * RELATIVE);
  }, 0);
}

/**
 * A distillation loss, measured against max(|loss|, scale), where the scale
 * is the size of the terms it sums (make_fixtures.distillation_scale).  Where
 * the student nearly matches the teacher the soft term, sum p (log p - log q),
 * cancels, and each log-probability carries a rounding error relative to its
 * own size: Python's loss is then only good to about 1e-16 of the scale,
 * whatever the loss.  A wrong formula (no T^2, H instead of KL) is off by a
 * good fraction of the scale.
 */
function scaledError(actual, expected, args, { scale }) {
  const value = decoded(expected);
  if (!Number.isFinite(value)) return relativeError(actual, value);
  return Math.abs(actual - value) / Math.max(Math.abs(value), scale, SMALLEST_NORMAL);
}

/** A binned normal: the probabilities to 1e-12, the edges exactly (both are k · width). */
function binnedError(actual, expected) {
  const { probs, edges } = decoded(expected);
  assert.deepEqual(actual.edges, edges);
  return arrayError(actual.probs, probs);
}

// Each function of the twin, how a result is compared, and what its fixture
// must contain besides random cases (the hard ones make_fixtures.py aims for).
const FUNCTIONS = {
  entropy: { compare: numberError, mustHold: { "a certain outcome (H = 0)": (e) => e === 0 } },
  crossEntropy: { compare: numberError, mustHold: { "Q = 0 < P (infinite)": (e) => e === Infinity } },
  klDivergence: {
    compare: numberError,
    mustHold: {
      "Q = 0 < P (infinite)": (e) => e === Infinity,
      "P = Q (exactly 0)": (e) => e === 0,
      "nearly equal P and Q (0 < KL < 1e-12)": (e) => e > 0 && e < 1e-12,
    },
  },
  entropyTerms: { compare: termsError, mustHold: { "an event with p = 0": (e, [p]) => p.includes(0) } },
  crossEntropyTerms: {
    compare: termsError,
    mustHold: {
      "p = 0 = q on an event": (e, [p, q]) => p.some((px, i) => px === 0 && q[i] === 0),
      "an infinite term": (e) => e.includes(Infinity),
    },
  },
  klTerms: {
    compare: termsError,
    mustHold: {
      "a negative term": (e) => e.some((term) => term < 0),
      "an infinite term": (e) => e.includes(Infinity),
    },
  },
  surprisal: { compare: numberError, mustHold: { "probability 0 (infinite)": (e) => e === Infinity } },
  averageSurprisalRunning: {
    compare: runningError,
    mustHold: {
      "100,000 tosses": (e, [tosses]) => tosses.length === 100_000,
      "an impossible outcome (infinite)": (e) => e.values.includes(Infinity),
    },
  },
  binaryCrossEntropy: {
    compare: numberError,
    mustHold: { "certain and wrong (infinite)": (e) => e === Infinity, "a soft label": (e, [y]) => y > 0 && y < 1 },
  },
  logLoss: { compare: numberError, mustHold: { "certain and wrong (infinite)": (e) => e === Infinity } },
  softmax: { compare: arrayError, mustHold: { "a probability that underflows to 0": (e) => e.includes(0) } },
  logSoftmax: { compare: arrayError, mustHold: { "a log-probability below -1000": (e) => e.some((v) => v < -1000) } },
  distillationLoss: {
    compare: scaledError,
    mustHold: { "alpha = 1, teacher = student (0)": (e, args) => args[4] === 1 && e === 0 },
  },
  erf: { compare: numberError, mustHold: { "a subnormal x": (e, [x]) => x !== 0 && Math.abs(x) < SMALLEST_NORMAL } },
  erfc: {
    compare: numberError,
    mustHold: {
      "x > 26 (far tail)": (e, [x]) => x > 26 && x < 27.3,
      "x below -6 (2)": (e, [x]) => x < -6,
    },
  },
  normalCdf: { compare: numberError, mustHold: { "u below -37": (e, [u]) => u < -37 && e > 0 } },
  binnedNormal: {
    compare: binnedError,
    minimumCases: MINIMUM_BINNED_CASES,
    mustHold: { "sigma = 3, width = 0.01 (6,002 bins)": (e) => e.probs.length === 6_002 },
  },
  differentialEntropyNormal: { compare: numberError, mustHold: { "a negative h": (e) => e < 0 } },
  apportion: {
    compare: exactError,
    mustHold: { "all-zero weights": (e, [weights]) => weights.every((w) => w === 0) },
  },
  rebalance: {
    compare: exactError,
    mustHold: Object.fromEntries([2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [
      `${n} events, the others all 0`,
      (e, [counts, index]) => counts.length === n && counts.every((c, i) => i === index || c === 0),
    ])),
  },
  formatNumber: {
    compare: exactError,
    mustHold: {
      // a tie: |value| 2^(digits + 1) is an odd whole number
      "an exact tie (0.125 to 2 decimals)": (e, [value, digits]) => Math.abs(value) * 2 ** (digits + 1) % 2 === 1,
      "a negative that rounds to 0": (e, [value]) => value < 0 && !e.includes("−"),
    },
  },
};

const fixtures = process.env.BITSANDNATS_FIXTURES;
const skip = fixtures ? false : "BITSANDNATS_FIXTURES is not set: run tests/js/make_fixtures.py DIR and set it to DIR";

test("every fixture file has a check and every function has its fixture", { skip }, () => {
  const files = readdirSync(fixtures).filter((file) => file.endsWith(".json")).map((file) => file.slice(0, -5));
  assert.deepEqual(files.sort(), Object.keys(FUNCTIONS).sort());
  const exported = Object.keys(twin).filter((key) => typeof twin[key] === "function").sort();
  assert.deepEqual(exported, Object.keys(FUNCTIONS).sort(), "each exported function is checked against Python");
});

for (const [name, { compare, minimumCases, mustHold }] of Object.entries(FUNCTIONS)) {
  test(`${name} agrees with Python on every fixture case`, { skip }, (t) => {
    const cases = checkFixture(t, name, compare, minimumCases);
    for (const [what, holds] of Object.entries(mustHold)) {
      assert.ok(cases.some(({ expected, args }) => holds(expected, args)), `the ${name} fixture has no case with ${what}`);
    }
  });
}

// ---------------------------------------------------------------------------
// Hand-written cases with known values.  The source documents' own numbers
// (their P and Q, coins and ten examples) are asserted once, in Python, by
// tests/test_documents.py; these use other inputs whose answers are exact.
// ---------------------------------------------------------------------------

// Dyadic distributions: every logarithm is a whole number of bits.
const P = [0.5, 0.25, 0.125, 0.125];
const Q = [0.25, 0.125, 0.125, 0.5];

/** |actual - expected| <= tolerance, with both in the message. */
function near(actual, expected, tolerance) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

test("four equally likely outcomes carry 2 bits; bits, nats and hartleys are one quantity", () => {
  near(twin.entropy([0.25, 0.25, 0.25, 0.25], 2), 2, 1e-15);
  near(twin.entropy([0.25, 0.25, 0.25, 0.25], Math.E), 2 * Math.LN2, 1e-15);
  near(twin.entropy([0.25, 0.25, 0.25, 0.25], 10), 2 * Math.log10(2), 1e-15);
  near(twin.entropy(new Array(8).fill(0.125)), 3, 1e-15); // bits by default, as in Python
  assert.equal(twin.entropy([1, 0, 0]), 0);
});

test("dyadic P and Q: H(P, Q) = 2.25 and H(Q, P) = 2.375 bits, H(P) + KL = H(P, Q), a negative KL term", () => {
  near(twin.entropy(P, 2), 1.75, 1e-15);
  near(twin.entropy(Q, 2), 1.75, 1e-15);
  assert.equal(twin.formatNumber(twin.crossEntropy(P, Q, 2), 3), "2.250");
  assert.equal(twin.formatNumber(twin.crossEntropy(Q, P, 2), 3), "2.375");
  assert.equal(twin.formatNumber(twin.klDivergence(P, Q, 2), 3), "0.500");
  assert.equal(twin.formatNumber(twin.klDivergence(Q, P, 2), 3), "0.625"); // not symmetric
  near(twin.entropy(P) + twin.klDivergence(P, Q), twin.crossEntropy(P, Q), 1e-14);
  assert.deepEqual(twin.crossEntropyTerms(P, Q).map((term) => twin.formatNumber(term, 3)),
    ["1.000", "0.750", "0.375", "0.125"]);
  assert.deepEqual(twin.klTerms(P, Q).map((term) => twin.formatNumber(term, 3)),
    ["0.500", "0.250", "0.000", "−0.250"]);
});

test("0 · log 0 = 0, and Q = 0 < P is infinite", () => {
  assert.deepEqual(twin.entropyTerms([1, 0]), [0, 0]);
  assert.deepEqual(twin.crossEntropyTerms([0.5, 0.5, 0], [1, 0, 0]), [0, Infinity, 0]);
  assert.deepEqual(twin.klTerms([0.5, 0.5, 0], [0.5, 0, 0.5]), [0, Infinity, 0]);
  assert.equal(twin.crossEntropy([1, 0], [1, 0]), 0);
  assert.equal(twin.crossEntropy([0.5, 0.5], [1, 0]), Infinity);
  assert.equal(twin.klDivergence([0.5, 0.5], [1, 0]), Infinity);
  assert.equal(twin.klDivergence([0, 1], [0.5, 0.5], 2), 1);
  assert.equal(twin.surprisal(0), Infinity);
  assert.equal(twin.surprisal(0.25), 2);
});

test("KL is exactly 0 for P = Q, never negative, and accurate when P and Q nearly agree", () => {
  assert.equal(twin.klDivergence(P, P), 0);
  // 0.1 + 0.2 is one ulp above 0.3: Q holds a hair more mass than P, so the
  // exact sum of p ln(p/q) is about -6e-17; a divergence is never negative.
  assert.equal(twin.klDivergence([0.3, 0.3, 0.4], [0.1 + 0.2, 0.3, 0.4]), 0);
  // Q = (1/2 + a, 1/2 - a), both exact for a = 2^-33: KL = -ln(1 - 4a^2) / 2
  // = 2a^2 (1 + 2a^2 + ...) nats, about 2.7e-20, although each term
  // p ln(p/q) is about 6e-11 and their sum cancels.
  const a = 2 ** -33;
  const kl = twin.klDivergence([0.5, 0.5], [0.5 + a, 0.5 - a], Math.E);
  near(kl, 2 * a * a, 1e-12 * kl);
});

test("the loss is −ln of the probability given to the true label; certain and wrong is infinite", () => {
  near(twin.binaryCrossEntropy(1, 0.75), -Math.log(0.75), 1e-16);
  near(twin.binaryCrossEntropy(0, 0.75), Math.log(4), 1e-15);
  assert.equal(twin.formatNumber(twin.binaryCrossEntropy(1, 0.5), 3), "0.693");
  assert.equal(twin.formatNumber(twin.binaryCrossEntropy(0, 0.75), 3), "1.386");
  assert.equal(twin.binaryCrossEntropy(1, 0), Infinity);
  assert.equal(twin.binaryCrossEntropy(0, 1), Infinity);
  assert.equal(twin.binaryCrossEntropy(1, 1), 0);
  const ys = [1, 0, 1, 1];
  const qs = [0.95, 0.25, 0.65, 0.5];
  near(twin.logLoss(ys, qs), -(Math.log(0.95) + Math.log(0.75) + Math.log(0.65) + Math.log(0.5)) / 4, 1e-15);
  assert.equal(twin.formatNumber(twin.logLoss(ys, qs), 3), "0.366");
});

test("softmax with a temperature, stable log-softmax, and the distillation loss", () => {
  assert.deepEqual(twin.softmax([2, 0], 2).map((v) => twin.formatNumber(v, 4)), ["0.7311", "0.2689"]);
  assert.deepEqual(twin.logSoftmax([1000, 0]), [0, -1000]);
  assert.deepEqual(twin.softmax([1000, 0]), [1, 0]);
  assert.equal(twin.formatNumber(twin.distillationLoss(0, [1, 1, 0], [3, 1, 0], 2, 0.5), 4), "0.6754");
  assert.equal(twin.distillationLoss(0, [1, 1, 0], [3, 1, 0], 2, 0), -twin.logSoftmax([1, 1, 0])[0]);
});

test("erf, erfc and the normal CDF at known points", () => {
  assert.equal(twin.erf(0), 0);
  assert.equal(twin.erfc(0), 1);
  assert.equal(twin.erf(Infinity), 1);
  assert.equal(twin.erf(-Infinity), -1);
  assert.equal(twin.erfc(-Infinity), 2);
  near(twin.erf(1), 0.8427007929497149, 1e-16);
  near(twin.erfc(10), 2.088487583762545e-45, 1e-12 * 2.1e-45);
  assert.ok(twin.erfc(27) > 0 && twin.erfc(27) < 1e-318, "erfc(27) is a positive subnormal");
  assert.equal(twin.normalCdf(0), 0.5);
  near(twin.normalCdf(1.959963984540054), 0.975, 1e-15);
});

test("a binned normal: the doctest's six bins, bins that sum to 1, and h - ln Δ", () => {
  const { probs, edges } = twin.binnedNormal(1, 1, 2);
  assert.deepEqual(probs.map((v) => twin.formatNumber(v, 4)), ["0.0228", "0.1359", "0.3413", "0.3413", "0.1359", "0.0228"]);
  assert.deepEqual(edges, [-Infinity, -2, -1, 0, 1, 2, Infinity]);
  const fine = twin.binnedNormal(1, 0.01).probs;
  near(fine.reduce((sum, v) => sum + v, 0), 1, 1e-12);
  assert.equal(twin.formatNumber(twin.entropy(fine, Math.E), 4), "6.0241");
  assert.equal(twin.formatNumber(twin.differentialEntropyNormal(1) - Math.log(0.01), 4), "6.0241");
  assert.ok(twin.differentialEntropyNormal(0.1) < 0);
});

test("running average surprisal", () => {
  assert.deepEqual(twin.averageSurprisalRunning([0, 1, 2, 0], [0.5, 0.25, 0.25], 2).map((v) => twin.formatNumber(v, 4)),
    ["1.0000", "1.5000", "1.6667", "1.5000"]);
  assert.deepEqual(twin.averageSurprisalRunning([0, 1, 0], [1, 0]), [0, Infinity, Infinity]);
});

test("grid arithmetic: the examples of grid.py", () => {
  assert.equal(twin.STEPS, 1000);
  assert.deepEqual(twin.apportion([1, 1, 1], 1000), [334, 333, 333]);
  assert.deepEqual(twin.apportion([2, 1], 10), [7, 3]);
  assert.deepEqual(twin.apportion([0, 0, 0], 2), [1, 1, 0]);
  assert.deepEqual(twin.rebalance([100, 400, 500], 0, 550), [550, 200, 250]);
  assert.deepEqual(twin.rebalance([1000, 0, 0], 0, 400), [400, 300, 300]);
  assert.deepEqual(twin.rebalance([333, 333, 334], 2, 0), [500, 500, 0]);
  assert.throws(() => twin.apportion([0.5, 1], 10), RangeError);
  assert.throws(() => twin.apportion([2 ** 52, 1], 4), RangeError); // the products would pass 2^53
});

test("readout text: Python's rounding of ties, the minus sign, no −0.000", () => {
  assert.equal((0.125).toFixed(2), "0.13"); // why formatNumber cannot simply be toFixed
  assert.equal(twin.formatNumber(0.125, 2), "0.12");
  assert.equal(twin.formatNumber(0.375, 2), "0.38");
  assert.equal(twin.formatNumber(2.5, 0), "2");
  assert.equal(twin.formatNumber(-0.5, 0), "0");
  assert.equal(twin.formatNumber(-0.0004, 3), "0.000");
  assert.equal(twin.formatNumber(-0, 3), "0.000");
  assert.equal(twin.formatNumber(-1.5, 3), "−1.500");
  assert.equal(twin.formatNumber(Infinity, 3), "∞");
  assert.equal(twin.formatNumber(-Infinity, 3), "−∞");
  assert.equal(twin.formatNumber(1e21, 1), "1000000000000000000000.0");
});
