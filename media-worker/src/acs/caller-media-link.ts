import type { AcsLink } from "./acs-media-socket.js";

/**
 * The caller's media leg as the call sees it: the ACS socket currently carrying the call, which ACS may
 * replace with a new one (it reconnects after a network drop), or none while the media is lost. While
 * there is none, frames are dropped (nobody can hear them) and nothing is buffered.
 */
export class CallerMediaLink implements AcsLink {
  private link: AcsLink | undefined;

  constructor(initial: AcsLink) {
    this.link = initial;
  }

  /** The socket carrying the call now, if any. */
  get current(): AcsLink | undefined {
    return this.link;
  }

  get isOpen(): boolean {
    return this.link?.isOpen ?? false;
  }

  /** Takes a new socket; the one it replaces, if any, is returned for the caller to close. */
  attach(link: AcsLink): AcsLink | undefined {
    const previous = this.link;
    this.link = link;
    return previous === link ? undefined : previous;
  }

  /** The socket is gone (closed abnormally, or stopped answering). */
  detach(): void {
    this.link = undefined;
  }

  sendAudio(pcm: Uint8Array): void {
    this.link?.sendAudio(pcm);
  }

  stopAudio(): void {
    this.link?.stopAudio();
  }

  bufferedBytes(): number {
    return this.link?.bufferedBytes() ?? 0;
  }

  close(code: number, reason: string): void {
    this.link?.close(code, reason);
  }

  probe(timeoutMs: number): Promise<boolean> {
    return this.link?.probe(timeoutMs) ?? Promise.resolve(false);
  }
}
