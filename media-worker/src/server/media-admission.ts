import type { IncomingMessage } from "node:http";
import type { AcsTokenVerifier, Clock } from "@acs-voice/shared";
import type { CallSession } from "../session/call-session.js";
import type { CallTicketLookup } from "../tickets/call-ticket-lookup.js";

export const MEDIA_PATH = "/media";

/** How long an upgrade waits for the functions app to bind a fresh ticket to its call (a race at answer). */
const UNBOUND_TICKET_WAIT_MS = 2_000;
const UNBOUND_TICKET_POLL_MS = 200;
/** A running call's socket must answer a ping this fast to count as alive when ACS connects again. */
const LIVE_PROBE_MS = 1_000;

/** What becomes of an ACS media upgrade. */
export type Admission =
  | { kind: "refuse"; status: 401 | 404 | 409 | 503; reason: string }
  /**
   * A new call: its ids (from the ticket's record when tickets are checked) and its ticket. It holds a
   * place under the capacity: `release()` once the call is counted as running, or did not start.
   */
  | {
      kind: "start";
      callConnectionId: string | undefined;
      correlationId: string | undefined;
      ticket: string | undefined;
      release: () => void;
    }
  /** ACS connecting again for a call this replica serves (its socket dropped, or is dying). */
  | { kind: "resume"; session: CallSession };

export interface AdmissionPorts {
  verify: AcsTokenVerifier;
  /** Undefined: tickets are not checked (CALL_TICKETS=off, a local ACS emulator only). */
  tickets: CallTicketLookup | undefined;
  clock: Clock;
  /** The running call with this ticket, or (tickets off) with these ACS ids. */
  running(
    key: { ticket: string } | { callConnectionId: string; correlationId: string },
  ): CallSession | undefined;
  /** Whether a new call may start now (not draining, below capacity). */
  accepting(): { ok: true } | { ok: false; reason: "draining" | "at-capacity" };
  /** Takes a place for a new call, as `accepting` allows: undefined when none is left. */
  reserve(): (() => void) | undefined;
}

/**
 * Decides each ACS media upgrade: the ACS token first, then (tickets on) the ticket in the path, which
 * must be one the functions app issued for a call it answered or placed; the call's id comes from that
 * record, and a differing header is refused. One live media connection per ticket: ACS connecting again
 * is taken for a call whose socket is lost or does not answer a ping, and refused while it does. Only a
 * new call counts against draining and the capacity.
 */
export class MediaAdmission {
  constructor(private readonly ports: AdmissionPorts) {}

  async admit(request: IncomingMessage): Promise<Admission> {
    const target = parseMediaPath(request.url);
    if (!target) return refuse(404, "not-found");
    const { ports } = this;
    const headerId = safeId(headerValue(request.headers["x-ms-call-connection-id"]));
    const headerCorrelation = safeId(headerValue(request.headers["x-ms-call-correlation-id"]));
    if (ports.tickets && target.ticket === undefined) return refuse(401, "no-ticket");

    const runningKey =
      target.ticket !== undefined
        ? { ticket: target.ticket }
        : headerId !== undefined && headerCorrelation !== undefined
          ? { callConnectionId: headerId, correlationId: headerCorrelation }
          : undefined;
    if (!runningKey || !ports.running(runningKey)) {
      const accepting = ports.accepting();
      if (!accepting.ok) return refuse(503, accepting.reason);
    }

    let token: Awaited<ReturnType<AcsTokenVerifier>>;
    try {
      token = await ports.verify(headerValue(request.headers.authorization));
    } catch {
      token = { ok: false, reason: "invalid" };
    }
    if (!token.ok) return refuse(401, `token-${token.reason}`);

    let callConnectionId = headerId;
    let correlationId = headerCorrelation;
    if (ports.tickets && target.ticket !== undefined) {
      const record = await this.boundTicket(ports.tickets, target.ticket);
      if (record === undefined) return refuse(401, "unknown-ticket");
      if (record.callConnectionId === undefined) return refuse(401, "ticket-not-bound");
      if (headerId !== undefined && headerId !== record.callConnectionId)
        return refuse(401, "call-not-of-ticket");
      callConnectionId = record.callConnectionId;
      correlationId = record.correlationId ?? headerCorrelation;
    }

    const running = runningKey ? ports.running(runningKey) : undefined;
    if (running) {
      if (await running.mediaAnswers(LIVE_PROBE_MS)) return refuse(409, "media-already-connected");
      return { kind: "resume", session: running };
    }
    const release = ports.reserve();
    if (!release) return refuse(503, ports.accepting().ok ? "at-capacity" : "draining");
    return { kind: "start", callConnectionId, correlationId, ticket: target.ticket, release };
  }

  /** The ticket's record once the functions app bound it to its call (it may be a moment behind ACS). */
  private async boundTicket(tickets: CallTicketLookup, ticket: string) {
    const deadline = this.ports.clock.now() + UNBOUND_TICKET_WAIT_MS;
    for (;;) {
      const record = await tickets.find(ticket);
      if (record?.callConnectionId !== undefined || record === undefined) return record;
      if (this.ports.clock.now() >= deadline) return record;
      await new Promise<void>((resolve) => this.ports.clock.setTimeout(resolve, UNBOUND_TICKET_POLL_MS));
    }
  }
}

function refuse(status: 401 | 404 | 409 | 503, reason: string): Admission {
  return { kind: "refuse", status, reason };
}

/** `/media` or `/media/<ticket>`; undefined for any other path. */
export function parseMediaPath(url: string | undefined): { ticket: string | undefined } | undefined {
  let path: string;
  try {
    path = new URL(url ?? "/", "http://worker").pathname;
  } catch {
    return undefined;
  }
  if (path === MEDIA_PATH) return { ticket: undefined };
  const match = /^\/media\/([A-Za-z0-9_-]{1,128})$/.exec(path);
  return match ? { ticket: match[1] } : undefined;
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** ACS ids are GUID-like; anything else is not logged or used (it could be anything a client sent). */
export function safeId(value: string | undefined): string | undefined {
  return value !== undefined && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : undefined;
}
