/**
 * The busy signal a caller hears when every line of the bot is taken: the ITU-T E.180 busy tone (425 Hz,
 * 0.5 s on, 0.5 s off), three times. Callers everywhere know it as "all lines busy, call again", which a
 * bot that cannot reach its model has no voice to say. Rendered in code: no asset to ship, any rate.
 */
export const BUSY_SIGNAL_HZ = 425;
const CADENCE_MS = 500;
const REPEATS = 3;

export function renderBusySignal(sampleRateHz: number): Int16Array {
  const amplitude = 0.18 * 32767;
  const beep = Math.round((CADENCE_MS * sampleRateHz) / 1000);
  const fade = Math.round((10 * sampleRateHz) / 1000);
  // On, off, on, off, on: the last pause is the hang-up itself.
  const out = new Int16Array(beep * (2 * REPEATS - 1));
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const offset = repeat * 2 * beep;
    for (let i = 0; i < beep; i++) {
      const envelope = Math.min(1, i / fade, (beep - 1 - i) / fade);
      out[offset + i] = Math.round(
        amplitude * envelope * Math.sin((2 * Math.PI * BUSY_SIGNAL_HZ * i) / sampleRateHz),
      );
    }
  }
  return out;
}
