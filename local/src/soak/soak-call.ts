// One call of the soak, of one kind: a normal caller, a caller whose line drops, a line that sends
// garbage or an oversized frame, or an upgrade with a forged token. Each returns what its peer saw.
import type { AcsAudioFormat } from "@acs-voice/shared";
import WebSocket from "ws";
import type { TokenKind } from "../acs/index.js";
import { startMediaClient } from "../acs/media/index.js";

export type SoakCallKind =
  | "normal"
  | "acs-disconnect"
  | "malformed-frames"
  | "oversized-frame"
  | "forged-token";
export const SOAK_CALL_KINDS: readonly SoakCallKind[] = [
  "normal",
  "normal",
  "acs-disconnect",
  "malformed-frames",
  "oversized-frame",
  "forged-token",
];
export const FORGED_TOKEN_KINDS: readonly TokenKind[] = [
  "forged",
  "expired",
  "wrong-audience",
  "wrong-issuer",
  "alg-none",
  "hs256",
];

export interface SoakCallSetup {
  mediaUrl: string;
  format: AcsAudioFormat;
  caller: Int16Array;
  /** The call's connection id (so its worker log lines can be matched). */
  callConnectionId: string;
  token: string;
  /** For acs-disconnect: how long into the call the line drops. */
  dropAfterMs: number;
}

export interface SoakCallOutcome {
  kind: SoakCallKind;
  callConnectionId: string;
  /** HTTP status of a refused upgrade (forged tokens must get 401). */
  upgradeStatus: number | undefined;
  /** The media leg was accepted (101). */
  accepted: boolean;
  closeCode: number | undefined;
  framesReceived: number;
}

const ACS_MAX_PAYLOAD_BYTES = 256 * 1024;
const MALFORMED_FRAMES = [
  "not json at all",
  "{",
  "[]",
  '{"kind":"AudioData"}',
  '{"kind":"AudioData","audioData":{"data":"@@@not base64@@@"}}',
  '{"kind":"SomethingNew","somethingNew":{}}',
  '{"kind":"AudioData","audioData":{"data":12}}',
];

export async function runSoakCall(kind: SoakCallKind, setup: SoakCallSetup): Promise<SoakCallOutcome> {
  switch (kind) {
    case "normal":
    case "acs-disconnect":
      return mediaCall(kind, setup);
    case "malformed-frames":
    case "oversized-frame":
    case "forged-token":
      return rawCall(kind, setup);
  }
}

async function mediaCall(kind: "normal" | "acs-disconnect", setup: SoakCallSetup): Promise<SoakCallOutcome> {
  let socket: WebSocket | undefined;
  const client = startMediaClient({
    transportUrl: setup.mediaUrl,
    authorization: `Bearer ${setup.token}`,
    callConnectionId: setup.callConnectionId,
    correlationId: `soak-${setup.callConnectionId}`,
    format: setup.format,
    caller: setup.caller,
    trailingSilenceMs: 3_000,
    maxRecordingMs: 60_000,
    connect: (url, options) => {
      socket = new WebSocket(url, options);
      return socket;
    },
  });
  // A dropped line: the TCP connection goes away without a close frame, as a network failure would.
  const drop =
    kind === "acs-disconnect" ? setTimeout(() => socket?.terminate(), setup.dropAfterMs) : undefined;
  const report = await client.done;
  if (drop) clearTimeout(drop);
  return {
    kind,
    callConnectionId: setup.callConnectionId,
    upgradeStatus: report.upgradeStatus,
    accepted: report.closeCode !== undefined,
    closeCode: report.closeCode,
    framesReceived: report.framesReceived,
  };
}

/** A line that misbehaves: garbage frames (the call must go on), a frame over the limit, a forged token. */
function rawCall(kind: "malformed-frames" | "oversized-frame" | "forged-token", setup: SoakCallSetup) {
  return new Promise<SoakCallOutcome>((resolve) => {
    const outcome: SoakCallOutcome = {
      kind,
      callConnectionId: setup.callConnectionId,
      upgradeStatus: undefined,
      accepted: false,
      closeCode: undefined,
      framesReceived: 0,
    };
    const socket = new WebSocket(setup.mediaUrl, {
      headers: {
        authorization: `Bearer ${setup.token}`,
        "x-ms-call-connection-id": setup.callConnectionId,
        "x-ms-call-correlation-id": `soak-${setup.callConnectionId}`,
      },
      maxPayload: 1024 * 1024,
      perMessageDeflate: false,
    });
    const giveUp = setTimeout(() => socket.terminate(), 10_000);
    socket.on("unexpected-response", (_request, response) => {
      outcome.upgradeStatus = response.statusCode;
      response.resume();
      socket.terminate();
    });
    socket.on("error", () => {});
    socket.on("message", () => {
      outcome.framesReceived++;
    });
    socket.on("open", () => {
      outcome.accepted = true;
      if (kind === "oversized-frame") {
        socket.send("x".repeat(ACS_MAX_PAYLOAD_BYTES + 1024));
        return;
      }
      for (const frame of MALFORMED_FRAMES) socket.send(frame);
      socket.send(Buffer.from([0xff, 0xfe, 0x00, 0x01]), { binary: true });
      setTimeout(() => socket.close(1000), 1_000);
    });
    socket.on("close", (code) => {
      clearTimeout(giveUp);
      if (outcome.accepted) outcome.closeCode = code;
      resolve(outcome);
    });
  });
}
