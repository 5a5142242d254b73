/** A stretch of audio in which someone is speaking, in ms from the start of the call. */
export interface SpeechSegment {
  startMs: number;
  endMs: number;
}

export interface SegmentOptions {
  /** RMS (of 16-bit samples) above which a 20 ms frame counts as speech. */
  thresholdRms?: number;
  /** Pauses shorter than this stay inside one segment (speech has gaps between words). */
  mergeGapMs?: number;
  /** Segments shorter than this are noise, not speech. */
  minSpeechMs?: number;
}

const FRAME_MS = 20;

/**
 * Finds where a mono track holds speech. Used to draw the timeline and to label what each side said,
 * from the audio as it was actually sent and heard rather than from what any component claims.
 */
export function findSpeechSegments(
  samples: Int16Array,
  sampleRateHz: number,
  options: SegmentOptions = {},
): SpeechSegment[] {
  const thresholdRms = options.thresholdRms ?? 300;
  const mergeGapMs = options.mergeGapMs ?? 400;
  const minSpeechMs = options.minSpeechMs ?? 120;
  const frameLength = Math.round((sampleRateHz * FRAME_MS) / 1000);

  const raw: SpeechSegment[] = [];
  let open: SpeechSegment | undefined;
  for (let start = 0; start < samples.length; start += frameLength) {
    const end = Math.min(samples.length, start + frameLength);
    let energy = 0;
    for (let i = start; i < end; i++) {
      const s = samples[i] as number;
      energy += s * s;
    }
    const speaking = Math.sqrt(energy / Math.max(1, end - start)) >= thresholdRms;
    const atMs = (start / sampleRateHz) * 1000;
    if (speaking && !open) open = { startMs: atMs, endMs: atMs + FRAME_MS };
    else if (speaking && open) open.endMs = atMs + FRAME_MS;
    else if (!speaking && open) {
      raw.push(open);
      open = undefined;
    }
  }
  if (open) raw.push(open);

  const merged: SpeechSegment[] = [];
  for (const segment of raw) {
    const last = merged[merged.length - 1];
    if (last && segment.startMs - last.endMs < mergeGapMs) last.endMs = segment.endMs;
    else merged.push({ ...segment });
  }
  return merged.filter((s) => s.endMs - s.startMs >= minSpeechMs);
}
