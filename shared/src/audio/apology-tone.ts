/**
 * A short, soft two-note falling tone (about 0.6 s) played when the bot cannot continue the call, so the
 * caller hears that the call is ending instead of silence. Rendered in code: no asset to ship, any rate.
 */
export function renderApologyTone(sampleRateHz: number): Int16Array {
  const notes = [
    { hz: 660, ms: 260 },
    { hz: 440, ms: 340 },
  ];
  const amplitude = 0.18 * 32767;
  const fadeMs = 15;
  const total = notes.reduce((sum, note) => sum + Math.round((note.ms * sampleRateHz) / 1000), 0);
  const out = new Int16Array(total);
  let offset = 0;
  for (const note of notes) {
    const length = Math.round((note.ms * sampleRateHz) / 1000);
    const fade = Math.round((fadeMs * sampleRateHz) / 1000);
    for (let i = 0; i < length; i++) {
      const envelope = Math.min(1, i / fade, (length - 1 - i) / fade);
      out[offset + i] = Math.round(
        amplitude * envelope * Math.sin((2 * Math.PI * note.hz * i) / sampleRateHz),
      );
    }
    offset += length;
  }
  return out;
}
