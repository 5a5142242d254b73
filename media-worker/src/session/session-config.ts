import type {
  AcsAudioFormat,
  FunctionToolDefinition,
  OutputAudioFormat,
  SessionConfig,
  Voice,
} from "@acs-voice/shared";
import { acsSampleRateHz } from "@acs-voice/shared";

/** The part of the worker's configuration that shapes the Voice Live session. */
export interface ConversationSettings {
  systemPrompt: string;
  voiceName: string;
  acsAudioFormat: AcsAudioFormat;
  /** Forces the model's audio rate; by default it follows ACS so no resampling happens. */
  modelSampleRateHz?: 16000 | 24000 | undefined;
  /** When false the worker cancels interrupted responses itself. */
  serviceInterruptsResponse?: boolean;
  /** Functions the model may call; none when absent or empty. */
  tools?: FunctionToolDefinition[];
  /** Transcribes the caller for records and the monitor (chosen by model family); absent = off. */
  transcriptionModel?: string | undefined;
  /** Turn detection tuning (App Configuration `vad:*`); the service's defaults for anything absent. */
  vad?: VadTuning | undefined;
}

export interface VadTuning {
  type?: "server_vad" | "azure_semantic_vad" | "azure_semantic_vad_multilingual";
  threshold?: number;
  prefixPaddingMs?: number;
  silenceDurationMs?: number;
}

/** The audio rates of one call: what ACS sends and plays, and what the model hears and speaks. */
export interface AudioRates {
  acsHz: 16000 | 24000;
  modelHz: 16000 | 24000;
}

export function audioRates(
  settings: Pick<ConversationSettings, "acsAudioFormat" | "modelSampleRateHz">,
): AudioRates {
  const acsHz = acsSampleRateHz(settings.acsAudioFormat);
  return { acsHz, modelHz: settings.modelSampleRateHz ?? acsHz };
}

/**
 * Azure voice names carry a locale prefix ("en-US-AvaNeural", "en-US-Ava:DragonHDLatestNeural",
 * "sr-Latn-RS-NicholasNeural"); anything else ("alloy", "marin") is an OpenAI voice.
 */
const AZURE_VOICE_NAME = /^[a-z]{2,3}(-[A-Z][a-z]{3})?-[A-Z]{2}-[A-Za-z0-9:_-]+$/;

export function voiceFor(name: string): Voice {
  return AZURE_VOICE_NAME.test(name) ? { type: "azure-standard", name } : { type: "openai", name };
}

const OUTPUT_FORMAT_BY_RATE: Record<16000 | 24000, OutputAudioFormat> = {
  16000: "pcm16_16000hz",
  24000: "pcm16",
};

/**
 * The `session.update` payload: model audio at the ACS rate (no resampling), semantic VAD with barge-in,
 * noise suppression and server echo cancellation for phone audio, and transcription of the caller by a
 * model documented for the Voice Live model's family.
 */
export function buildSessionConfig(settings: ConversationSettings): SessionConfig {
  const { modelHz } = audioRates(settings);
  return {
    modalities: ["text", "audio"],
    instructions: settings.systemPrompt,
    voice: voiceFor(settings.voiceName),
    input_audio_format: "pcm16",
    input_audio_sampling_rate: modelHz,
    output_audio_format: OUTPUT_FORMAT_BY_RATE[modelHz],
    turn_detection: {
      type: settings.vad?.type ?? "azure_semantic_vad",
      ...(settings.vad?.threshold !== undefined ? { threshold: settings.vad.threshold } : {}),
      ...(settings.vad?.prefixPaddingMs !== undefined
        ? { prefix_padding_ms: settings.vad.prefixPaddingMs }
        : {}),
      ...(settings.vad?.silenceDurationMs !== undefined
        ? { silence_duration_ms: settings.vad.silenceDurationMs }
        : {}),
      create_response: true,
      interrupt_response: settings.serviceInterruptsResponse ?? true,
      // We truncate at what the caller actually heard; the service's own estimate assumes playback
      // started the instant audio was generated, which paced telephony audio does not.
      auto_truncate: false,
    },
    input_audio_noise_reduction: { type: "azure_deep_noise_suppression" },
    input_audio_echo_cancellation: { type: "server_echo_cancellation" },
    ...(settings.transcriptionModel
      ? { input_audio_transcription: { model: settings.transcriptionModel } }
      : {}),
    ...(settings.tools && settings.tools.length > 0 ? { tools: settings.tools, tool_choice: "auto" } : {}),
  };
}

/** `response.create` instructions that make the model open the call. */
export function greetingInstructions(greeting: string): string {
  return `Greet the caller now, in one short turn, saying: "${greeting}"`;
}

/**
 * After Voice Live had to be reconnected mid-answer: the conversation so far was given back as items,
 * but the answer being spoken was lost.
 */
export const RECONNECTED_INSTRUCTIONS =
  "The line dropped for a moment while you were answering. Briefly apologise and give your last " +
  "answer again, shortly. If you are unsure what the caller last said, ask them to repeat it.";

export const GOODBYE_INSTRUCTIONS = "Say a short, friendly goodbye to the caller now. Do not ask anything.";
export const REPROMPT_INSTRUCTIONS =
  "The caller has not said anything for a while. Briefly ask whether they are still there and how you can help.";
export const SILENCE_GOODBYE_INSTRUCTIONS =
  "The caller has stayed silent. Say that you will end the call now and say a short goodbye.";
export const MAX_DURATION_GOODBYE_INSTRUCTIONS =
  "The call has reached its time limit. Apologise briefly, say goodbye now, and do not ask any question.";
export const SLOW_TOOL_INSTRUCTIONS =
  "You are still waiting for a result. Tell the caller in a few words that you are checking and it will take a moment. Do not guess the result.";
/** What the model reads when the caller presses keys (the digits follow). */
export const DTMF_PREFIX = "The caller pressed these keys on the phone keypad:";

export function transferAnnouncementInstructions(message: string): string {
  return `You are transferring the caller to a human now. Say only this, in the caller's language: "${message}"`;
}
