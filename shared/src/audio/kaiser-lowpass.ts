/** What the anti-aliasing / anti-imaging low-pass must achieve, relative to the sampling rate it runs at. */
export interface LowpassSpec {
  /** Edge of the band kept flat, as a fraction of the filter's sampling rate (0..0.5). */
  passbandEdge: number;
  /** Start of the band attenuated by `stopbandAttenuationDb`, as a fraction of the sampling rate. */
  stopbandEdge: number;
  stopbandAttenuationDb: number;
}

/**
 * Windowed-sinc low-pass FIR with a Kaiser window (Kaiser's formulas for beta and length, as in
 * Oppenheim & Schafer §7.6). The length is rounded up to a multiple of `lengthMultiple` so the
 * filter splits evenly into polyphase branches. Coefficients sum to 1 (unity gain at DC).
 */
export function designKaiserLowpass(spec: LowpassSpec, lengthMultiple = 1): Float64Array {
  const { passbandEdge, stopbandEdge, stopbandAttenuationDb: attenuationDb } = spec;
  if (!(passbandEdge > 0 && passbandEdge < stopbandEdge && stopbandEdge <= 0.5)) {
    throw new RangeError("designKaiserLowpass: need 0 < passbandEdge < stopbandEdge <= 0.5");
  }
  const transitionRadians = 2 * Math.PI * (stopbandEdge - passbandEdge);
  const minimumLength = Math.ceil((attenuationDb - 7.95) / (2.285 * transitionRadians)) + 1;
  const length = Math.ceil(minimumLength / lengthMultiple) * lengthMultiple;
  const beta = kaiserBeta(attenuationDb);
  const cutoff = (passbandEdge + stopbandEdge) / 2;
  const center = (length - 1) / 2;
  const betaNorm = besselI0(beta);
  const taps = new Float64Array(length);
  let sum = 0;
  for (let n = 0; n < length; n++) {
    const x = n - center;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const r = center === 0 ? 0 : x / center;
    const window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / betaNorm;
    const tap = sinc * window;
    taps[n] = tap;
    sum += tap;
  }
  for (let n = 0; n < length; n++) taps[n] = (taps[n] ?? 0) / sum;
  return taps;
}

function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  return 0;
}

/** Zeroth-order modified Bessel function of the first kind, by its power series. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const halfX = x / 2;
  for (let k = 1; k < 64; k++) {
    term *= (halfX / k) ** 2;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}
