// The emulator's view of the media WebSocket client (local/src/acs/media, owned separately): it needs to
// start one per streaming call and learn when it ends. Kept behind this narrow interface so tests can
// inject a fake and so the emulator does not depend on the client's internals.

export type AcsAudioFormatName = "pcm16KMono" | "pcm24KMono";

/** The fields of the media client's options the emulator fills in per call. */
export interface MediaLegOptions {
  transportUrl: string;
  authorization?: string;
  callConnectionId: string;
  correlationId: string;
  format: AcsAudioFormatName;
  caller: Int16Array;
}

/** What the emulator needs to see of a finished media leg. */
export interface MediaLegReport {
  framesSent: number;
  framesReceived: number;
  closeCode: number | undefined;
}

export interface MediaLeg {
  readonly done: Promise<MediaLegReport>;
  hangUp(): void;
}

export type MediaLegStarter = (options: MediaLegOptions & Record<string, unknown>) => MediaLeg;

/**
 * The production starter: the media client module's `startMediaClient`, loaded lazily so the emulator
 * still works (REST, callbacks, Event Grid) where no media client is available.
 */
export async function loadDefaultMediaLegStarter(): Promise<MediaLegStarter | undefined> {
  const module: Record<string, unknown> = await import("./media/index.js");
  const start = module.startMediaClient;
  return typeof start === "function" ? (start as MediaLegStarter) : undefined;
}

/** `audioFormat` as the answer request carried it (the SDK passes any casing through) → canonical name. */
export function mediaFormatFrom(value: unknown): AcsAudioFormatName | undefined {
  if (value === undefined) return "pcm16KMono"; // the service default
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  if (lower === "pcm16kmono") return "pcm16KMono";
  if (lower === "pcm24kmono") return "pcm24KMono";
  return undefined;
}
