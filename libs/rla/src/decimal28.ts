/**
 * Just enough of Python's `decimal` module (default context: 28 significant digits,
 * ROUND_HALF_EVEN) to reproduce Arlo's rounding of discrepancy counts exactly. Arlo builds
 * Decimals from floats (exact binary values) and rounds every product and quotient to 28
 * digits; `ceil(Decimal(0.001) * 1000)` is 2 there but 1 in doubles. Non-negative values only.
 */
import { assert } from '@vigil/basics';

/** A non-negative decimal `coefficient × 10^exponent`. */
export interface Decimal28 {
  readonly coefficient: bigint;
  readonly exponent: number;
}

const PRECISION = 28;

function digitCount(n: bigint): number {
  return n === 0n ? 1 : n.toString().length;
}

/** Rounds `numerator / denominator × 10^exponent` to 28 significant digits, half to even. */
function round(numerator: bigint, denominator: bigint, exponent: number): Decimal28 {
  assert(numerator >= 0n && denominator > 0n, 'Decimal28 handles non-negative values');
  if (numerator === 0n) return { coefficient: 0n, exponent: 0 };
  // Scale so that the integer quotient has more than 28 digits, then drop the excess.
  let scaledNumerator = numerator;
  let scaledExponent = exponent;
  while (scaledNumerator / denominator < 10n ** BigInt(PRECISION)) {
    scaledNumerator *= 10n;
    scaledExponent -= 1;
  }
  let quotient = scaledNumerator / denominator;
  const remainder = scaledNumerator % denominator;
  const excess = digitCount(quotient) - PRECISION;
  const unit = 10n ** BigInt(excess);
  const kept = quotient / unit;
  const dropped = quotient % unit;
  // Compare the dropped part (plus the sticky remainder) with half a unit.
  const twiceDropped = 2n * dropped * denominator + 2n * remainder;
  const half = unit * denominator;
  quotient = twiceDropped > half || (twiceDropped === half && kept % 2n === 1n) ? kept + 1n : kept;
  return normalise(quotient, scaledExponent + excess);
}

function normalise(coefficient: bigint, exponent: number): Decimal28 {
  let c = coefficient;
  let e = exponent;
  while (c !== 0n && c % 10n === 0n) {
    c /= 10n;
    e += 1;
  }
  return { coefficient: c, exponent: e };
}

/** `Decimal(x)` for a double: its exact binary value, not rounded. */
export function decimalFromNumber(x: number): Decimal28 {
  assert(Number.isFinite(x) && x >= 0, 'Decimal28 handles non-negative finite values');
  let value = x;
  let twos = 0;
  while (!Number.isInteger(value)) {
    value *= 2;
    twos += 1;
  }
  // n / 2^k = n · 5^k / 10^k
  return normalise(BigInt(value) * 5n ** BigInt(twos), -twos);
}

/** `a * b` in the default context. */
export function decimalMultiply(a: Decimal28, b: Decimal28): Decimal28 {
  const coefficient = a.coefficient * b.coefficient;
  const exponent = a.exponent + b.exponent;
  return digitCount(coefficient) <= PRECISION
    ? normalise(coefficient, exponent)
    : round(coefficient, 1n, exponent);
}

/** `a / b` in the default context. */
export function decimalDivide(a: Decimal28, b: Decimal28): Decimal28 {
  assert(b.coefficient !== 0n, 'division by zero');
  return round(a.coefficient, b.coefficient, a.exponent - b.exponent);
}

function scaled(value: Decimal28): { numerator: bigint; denominator: bigint } {
  return value.exponent >= 0
    ? { numerator: value.coefficient * 10n ** BigInt(value.exponent), denominator: 1n }
    : { numerator: value.coefficient, denominator: 10n ** BigInt(-value.exponent) };
}

/** `value.quantize(Decimal(1), ROUND_CEILING)`. */
export function decimalCeil(value: Decimal28): number {
  const { numerator, denominator } = scaled(value);
  return Number(numerator / denominator + (numerator % denominator === 0n ? 0n : 1n));
}

/** `value.quantize(Decimal(1), ROUND_HALF_UP)`. */
export function decimalRoundHalfUp(value: Decimal28): number {
  const { numerator, denominator } = scaled(value);
  return Number((2n * numerator + denominator) / (2n * denominator));
}
