// What is left of the bot's words once the digits the caller keyed are taken out (pure).
import { describe, expect, it } from "vitest";
import { KeyedDigits, REDACTED } from "../src/session/keyed-digits.js";

function keyed(...sequences: string[]): KeyedDigits {
  const digits = new KeyedDigits();
  for (const sequence of sequences) digits.remember(sequence);
  return digits;
}

describe("KeyedDigits", () => {
  it.each([
    ["Your PIN 4921 is confirmed.", `Your PIN ${REDACTED} is confirmed.`],
    ["Your PIN 4 9 2 1 is confirmed.", `Your PIN ${REDACTED} is confirmed.`],
    ["I have 4-9-2-1, correct?", `I have ${REDACTED}, correct?`],
    ["That was four nine two one.", `That was ${REDACTED}.`],
    ["Four, nine, 2, 1: got it.", `${REDACTED}: got it.`],
    ["Account A4921X found.", `Account A${REDACTED}X found.`],
  ])("takes the keyed PIN out of %j", (said, kept) => {
    expect(keyed("4921#").redact(said)).toBe(kept);
  });

  it("takes out a read-back of part of a long sequence, and a run that contains one", () => {
    const card = keyed("4111111111116789");
    expect(card.redact("The card ending in 6789 is on file.")).toBe(
      `The card ending in ${REDACTED} is on file.`,
    );
    expect(keyed("123").redact("Reference 51234 sent.")).toBe(`Reference ${REDACTED} sent.`);
  });

  it("leaves other numbers, and menu choices of one or two keys, alone", () => {
    const digits = keyed("4921", "2", "15");
    expect(digits.redact("Press 2 for sales; we open at 9 and close in 15 minutes.")).toBe(
      "Press 2 for sales; we open at 9 and close in 15 minutes.",
    );
    expect(digits.redact("Your order 1234 ships on the 21st.")).toBe("Your order 1234 ships on the 21st.");
    expect(digits.redact("Someone will call.")).toBe("Someone will call.");
    expect(new KeyedDigits().redact("Your PIN 4921.")).toBe("Your PIN 4921.");
  });

  it("redacts the words of transcript and turn events and passes the others through", () => {
    const digits = keyed("4921");
    expect(digits.redactEvent({ type: "transcript", role: "bot", text: "PIN 4921", atMs: 1 })).toEqual({
      type: "transcript",
      role: "bot",
      text: `PIN ${REDACTED}`,
      atMs: 1,
    });
    const turn = digits.redactEvent({
      type: "turn",
      turn: {
        index: 1,
        endedAtWallMs: 0,
        callerText: "[5 keypad keys]",
        botText: "Your PIN 4 9 2 1 is confirmed.",
        status: "completed",
        latencyMs: undefined,
        bargeIn: undefined,
        tools: [],
        usage: undefined,
      },
    });
    expect(turn.type === "turn" && turn.turn.botText).toBe(`Your PIN ${REDACTED} is confirmed.`);
    const dtmf = { type: "dtmf", keyCount: 5, atMs: 2 } as const;
    expect(digits.redactEvent(dtmf)).toBe(dtmf);
  });
});
