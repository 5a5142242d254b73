/** 16-bit PCM audio, samples interleaved (L R L R ...) when stereo. */
export interface WavAudio {
  sampleRateHz: number;
  channels: 1 | 2;
  samples: Int16Array;
}

/** A WAV file this module cannot read; the message says what is wrong or unsupported. */
export class WavFormatError extends Error {
  override readonly name = "WavFormatError";
}

const RIFF_HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
const FORMAT_PCM = 0x0001;
const FORMAT_IEEE_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;
const FORMAT_NAMES: Record<number, string> = {
  [FORMAT_IEEE_FLOAT]: "IEEE float",
  6: "A-law",
  7: "mu-law",
  17: "IMA ADPCM",
  85: "MP3",
};

interface WavFmt {
  formatTag: number;
  channels: number;
  sampleRateHz: number;
  blockAlign: number;
  bitsPerSample: number;
}

/**
 * Reads a RIFF/WAVE file of 16-bit PCM, mono or stereo (WAVE_FORMAT_PCM or WAVE_FORMAT_EXTENSIBLE with
 * a PCM sub-format). Chunks other than `fmt ` and `data` (LIST, fact, cue, ...) are skipped. A data
 * chunk whose declared size runs past the end (written by a streaming recorder) is read up to the end.
 */
export function readWav(bytes: Uint8Array): WavAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < RIFF_HEADER_BYTES || fourCc(view, 0) !== "RIFF") {
    const hint = bytes.byteLength >= 4 && fourCc(view, 0) === "RF64" ? " (RF64 is not supported)" : "";
    throw new WavFormatError(`not a WAV file: no RIFF header${hint}`);
  }
  if (fourCc(view, 8) !== "WAVE") throw new WavFormatError("not a WAV file: RIFF type is not WAVE");

  let fmt: WavFmt | undefined;
  let offset = RIFF_HEADER_BYTES;
  while (offset + CHUNK_HEADER_BYTES <= bytes.byteLength) {
    const id = fourCc(view, offset);
    const declaredBytes = view.getUint32(offset + 4, true);
    const bodyOffset = offset + CHUNK_HEADER_BYTES;
    const availableBytes = bytes.byteLength - bodyOffset;
    if (id === "fmt ") {
      if (declaredBytes < 16 || availableBytes < 16) throw new WavFormatError("truncated fmt chunk");
      fmt = parseFmt(view, bodyOffset, Math.min(declaredBytes, availableBytes));
    } else if (id === "data") {
      if (fmt === undefined) throw new WavFormatError("data chunk before fmt chunk");
      const dataBytes = Math.min(declaredBytes, availableBytes);
      return {
        sampleRateHz: fmt.sampleRateHz,
        channels: fmt.channels === 2 ? 2 : 1,
        samples: readSamples(view, bodyOffset, dataBytes, fmt.blockAlign),
      };
    }
    // Chunk bodies are padded to an even length.
    offset = bodyOffset + declaredBytes + (declaredBytes % 2);
  }
  throw new WavFormatError(fmt === undefined ? "missing fmt chunk" : "missing data chunk");
}

/** Writes a canonical 44-byte-header WAV of 16-bit PCM. */
export function writeWav(audio: WavAudio): Uint8Array {
  const { sampleRateHz, channels, samples } = audio;
  if (!Number.isInteger(sampleRateHz) || sampleRateHz <= 0) {
    throw new RangeError(`writeWav: sampleRateHz must be a positive integer, got ${sampleRateHz}`);
  }
  if (channels !== 1 && channels !== 2) throw new RangeError(`writeWav: channels must be 1 or 2`);
  if (samples.length % channels !== 0) {
    throw new RangeError(`writeWav: ${samples.length} samples do not split into ${channels} channels`);
  }
  const dataBytes = samples.length * 2;
  const headerBytes = 44;
  if (headerBytes - CHUNK_HEADER_BYTES + dataBytes > 0xffffffff) {
    throw new RangeError("writeWav: audio too long for a RIFF file (4 GiB)");
  }
  const bytes = new Uint8Array(headerBytes + dataBytes);
  const view = new DataView(bytes.buffer);
  const blockAlign = channels * 2;
  writeFourCc(view, 0, "RIFF");
  view.setUint32(4, headerBytes - CHUNK_HEADER_BYTES + dataBytes, true);
  writeFourCc(view, 8, "WAVE");
  writeFourCc(view, 12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRateHz, true);
  view.setUint32(28, sampleRateHz * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true);
  writeFourCc(view, 36, "data");
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(headerBytes + i * 2, samples[i] ?? 0, true);
  return bytes;
}

function parseFmt(view: DataView, offset: number, fmtBytes: number): WavFmt {
  let formatTag = view.getUint16(offset, true);
  const channels = view.getUint16(offset + 2, true);
  const sampleRateHz = view.getUint32(offset + 4, true);
  const blockAlign = view.getUint16(offset + 12, true);
  const bitsPerSample = view.getUint16(offset + 14, true);
  if (formatTag === FORMAT_EXTENSIBLE) {
    // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID at 24.
    if (fmtBytes < 40) throw new WavFormatError("truncated WAVE_FORMAT_EXTENSIBLE fmt chunk");
    formatTag = view.getUint16(offset + 24, true);
  }
  if (formatTag !== FORMAT_PCM) {
    const name = FORMAT_NAMES[formatTag] ?? `format tag 0x${formatTag.toString(16).padStart(4, "0")}`;
    throw new WavFormatError(`unsupported WAV encoding: ${name}; only 16-bit PCM is supported`);
  }
  if (bitsPerSample !== 16) {
    throw new WavFormatError(
      `unsupported WAV sample size: ${bitsPerSample}-bit PCM; only 16-bit is supported`,
    );
  }
  if (channels !== 1 && channels !== 2) {
    throw new WavFormatError(
      `unsupported WAV channel count: ${channels}; only mono and stereo are supported`,
    );
  }
  if (sampleRateHz === 0) throw new WavFormatError("invalid WAV sample rate: 0 Hz");
  if (blockAlign !== channels * 2) {
    throw new WavFormatError(`invalid WAV block align ${blockAlign} for ${channels}-channel 16-bit PCM`);
  }
  return { formatTag, channels, sampleRateHz, blockAlign, bitsPerSample };
}

function readSamples(view: DataView, offset: number, dataBytes: number, blockAlign: number): Int16Array {
  // A partial trailing frame (a truncated file) is dropped so stereo stays interleaved in pairs.
  const frameCount = Math.floor(dataBytes / blockAlign);
  const samples = new Int16Array((frameCount * blockAlign) / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(offset + i * 2, true);
  return samples;
}

function fourCc(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

function writeFourCc(view: DataView, offset: number, value: string): void {
  for (let i = 0; i < 4; i++) view.setUint8(offset + i, value.charCodeAt(i));
}
