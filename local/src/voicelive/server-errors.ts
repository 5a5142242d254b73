// `error` events as the real service sends them: {type:"error", event_id, error:{message, type, code,
// param, event_id}} (real capture: server-error-real-agent-missing-params.json). `error.event_id`
// names the client event that caused it. Codes beyond `invalid_request_error` are the ones the
// realtime family uses in the wild (research §6).

export interface ServiceError {
  type: "invalid_request_error" | "server_error";
  code: string;
  message: string;
  param: string | null;
}

export function errorEvent(error: ServiceError, causeEventId: string | null): Record<string, unknown> {
  return {
    type: "error",
    error: {
      message: error.message,
      type: error.type,
      code: error.code,
      param: error.param,
      event_id: causeEventId,
    },
  };
}

export function invalidRequest(
  message: string,
  param: string | null = null,
  code = "invalid_request_error",
): ServiceError {
  return { type: "invalid_request_error", code, message, param };
}

export const errors = {
  invalidJson: () => invalidRequest("The message could not be parsed as JSON.", null, "invalid_json"),
  unknownEventType: (type: string) =>
    invalidRequest(
      `Invalid value: '${type.slice(0, 60)}'. Unsupported client event type.`,
      "type",
      "invalid_value",
    ),
  missingField: (param: string) =>
    invalidRequest(`Missing required parameter: '${param}'.`, param, "missing_required_parameter"),
  responseCancelNotActive: () =>
    invalidRequest("Cancellation failed: no active response found", null, "response_cancel_not_active"),
  activeResponse: (responseId: string) =>
    invalidRequest(
      `Conversation already has an active response in progress: ${responseId}. Wait until the response is finished before creating a new one.`,
      null,
      "conversation_already_has_active_response",
    ),
  itemNotFound: (itemId: string) =>
    invalidRequest(`Item with item_id not found: ${itemId.slice(0, 60)}`, "item_id", "item_not_found"),
  truncateNotAssistant: () => invalidRequest("Only assistant message items can be truncated.", "item_id"),
  truncateBeyondAudio: (audioEndMs: number, audioMs: number) =>
    invalidRequest(
      `Audio content of ${Math.floor(audioMs)}ms is already shorter than ${audioEndMs}ms`,
      "audio_end_ms",
    ),
  truncateAtZero: () =>
    invalidRequest(
      "Invalid 'audio_end_ms': integer below minimum value. Expected a value >= 1, but got 0 instead.",
      "audio_end_ms",
      "integer_below_min_value",
    ),
  truncateContentIndex: () => invalidRequest("Invalid content_index: only 0 is supported.", "content_index"),
  commitEmpty: (bufferedMs: number) =>
    invalidRequest(
      `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${bufferedMs.toFixed(2)}ms of audio.`,
      null,
      "input_audio_buffer_commit_empty",
    ),
  sessionExpired: (minutes: number) =>
    invalidRequest(`Your session hit the maximum duration of ${minutes} minutes.`, null, "session_expired"),
  agentMissingParams: () => invalidRequest("Missing required agent connection string or project name"),
  /** Not the service's answer (it codes G.711): the emulator's own, for audio it does not emulate. */
  audioFormatNotEmulated: (param: "session.input_audio_format" | "session.output_audio_format") =>
    invalidRequest("G.711 audio is not emulated by the local Voice Live emulator; use pcm16.", param),
} as const;
