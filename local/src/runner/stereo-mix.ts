/**
 * Interleaves two mono tracks into one stereo track (left, right), padding the shorter with silence:
 * the caller on the left, the bot as the caller heard it on the right.
 */
export function interleaveStereo(left: Int16Array, right: Int16Array): Int16Array {
  const frames = Math.max(left.length, right.length);
  const stereo = new Int16Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    stereo[2 * i] = left[i] ?? 0;
    stereo[2 * i + 1] = right[i] ?? 0;
  }
  return stereo;
}
