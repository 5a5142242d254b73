import type { ReportedVoice, SessionConfig, SessionResource, Voice } from "@acs-voice/shared";

/**
 * What the service made of our `session.update`, read from the `session.updated` that answers it: the
 * fields it changed or dropped (by name, never by value), the audio rates it really uses, and whether
 * the call can be served at all. The real service keeps what it was sent in our recordings, but it
 * resets what it was not sent and may refuse options a model does not support; a call must neither play
 * audio at the wrong speed nor go on without the tools it relies on.
 */
export interface SessionAcceptance {
  /** "voice", "turn_detection.type", "tools.end_call", ... Empty when the service took everything. */
  differences: string[];
  /** The model's input rate the service reports, when it differs from what was asked. */
  inputHz: number | undefined;
  /** The model's output rate the service reports (from `output_audio_format`), when it differs. */
  outputHz: number | undefined;
  /** Whether the service cancels an interrupted response itself (`turn_detection.interrupt_response`). */
  serviceInterrupts: boolean | undefined;
  /** Why the call cannot be served as configured, if it cannot. */
  unusable: "no-audio-output" | "output-format" | "no-turn-detection" | "tools-refused" | undefined;
}

const OUTPUT_RATE_BY_FORMAT: Readonly<Record<string, number>> = {
  pcm16: 24_000,
  pcm16_16000hz: 16_000,
  pcm16_8000hz: 8_000,
};

export function checkAcceptance(sent: SessionConfig, reported: SessionResource): SessionAcceptance {
  const differences: string[] = [];
  const note = (field: string, sentValue: unknown, reportedValue: unknown) => {
    if (sentValue !== undefined && !sameValue(sentValue, reportedValue)) differences.push(field);
  };
  let unusable: SessionAcceptance["unusable"];

  const wantsAudio = sent.modalities?.includes("audio") ?? false;
  if (sent.modalities && reported.modalities) {
    const missing = sent.modalities.filter((m) => !reported.modalities?.includes(m));
    if (missing.length > 0) differences.push("modalities");
    if (wantsAudio && !reported.modalities.includes("audio")) unusable ??= "no-audio-output";
  }
  if (sent.voice !== undefined && !sameVoice(sent.voice, reported.voice)) differences.push("voice");
  note("input_audio_format", sent.input_audio_format, reported.input_audio_format);
  note("input_audio_sampling_rate", sent.input_audio_sampling_rate, reported.input_audio_sampling_rate);
  note("output_audio_format", sent.output_audio_format, reported.output_audio_format);

  const reportedFormat = reported.output_audio_format;
  const reportedOutputHz = reportedFormat === undefined ? undefined : OUTPUT_RATE_BY_FORMAT[reportedFormat];
  if (wantsAudio && reportedFormat !== undefined && reportedOutputHz === undefined)
    unusable ??= "output-format";
  const askedOutputHz = sent.output_audio_format
    ? OUTPUT_RATE_BY_FORMAT[sent.output_audio_format]
    : undefined;
  const askedInputHz = sent.input_audio_sampling_rate;

  const sentVad = sent.turn_detection;
  const reportedVad = reported.turn_detection;
  let serviceInterrupts: boolean | undefined;
  if (sentVad) {
    if (!reportedVad) {
      differences.push("turn_detection");
      unusable ??= "no-turn-detection";
    } else {
      for (const [key, value] of Object.entries(sentVad)) {
        note(`turn_detection.${key}`, value, reportedVad[key]);
      }
      serviceInterrupts = reportedVad.interrupt_response;
      // Without it nobody answers the caller: the service creates the responses to their turns.
      if (sentVad.create_response !== false && reportedVad.create_response === false) {
        unusable ??= "no-turn-detection";
      }
    }
  }

  const sentTranscription = sent.input_audio_transcription;
  if (sentTranscription) {
    const reportedModel = reported.input_audio_transcription?.model;
    if (reportedModel !== sentTranscription.model) differences.push("input_audio_transcription.model");
  }
  if (sent.input_audio_noise_reduction) {
    note(
      "input_audio_noise_reduction",
      sent.input_audio_noise_reduction.type,
      reported.input_audio_noise_reduction?.type,
    );
  }
  if (sent.input_audio_echo_cancellation) {
    note(
      "input_audio_echo_cancellation",
      sent.input_audio_echo_cancellation.type,
      reported.input_audio_echo_cancellation?.type,
    );
  }

  const sentTools = (sent.tools ?? []).flatMap((tool) => (tool.type === "function" ? [tool.name] : []));
  if (sentTools.length > 0 && reported.tools !== undefined) {
    const reportedTools = new Set(reported.tools.map((tool) => tool.name));
    const refused = sentTools.filter((name) => !reportedTools.has(name));
    for (const name of refused) differences.push(`tools.${name}`);
    if (refused.length > 0) unusable ??= "tools-refused";
  }

  return {
    differences,
    inputHz:
      reported.input_audio_sampling_rate !== undefined && reported.input_audio_sampling_rate !== askedInputHz
        ? reported.input_audio_sampling_rate
        : undefined,
    outputHz:
      reportedOutputHz !== undefined && reportedOutputHz !== askedOutputHz ? reportedOutputHz : undefined,
    serviceInterrupts,
    unusable,
  };
}

/** What was sent is what is reported; the service may add keys to an object it reports (not a change). */
function sameValue(sent: unknown, reported: unknown): boolean {
  if (typeof sent === "object" && sent !== null && !Array.isArray(sent)) {
    if (typeof reported !== "object" || reported === null || Array.isArray(reported)) return false;
    const fields = reported as Record<string, unknown>;
    return Object.entries(sent).every(([key, value]) => sameValue(value, fields[key]));
  }
  return JSON.stringify(sent) === JSON.stringify(reported);
}

function voiceKey(voice: Voice | ReportedVoice | undefined): string {
  if (voice === undefined) return "";
  if (typeof voice === "string") return `openai/${voice}`;
  return `${voice.type}/${voice.name ?? ""}`;
}

function sameVoice(sent: Voice, reported: ReportedVoice | undefined): boolean {
  return voiceKey(sent) === voiceKey(reported);
}
