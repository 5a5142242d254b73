import { describe, expect, it } from "vitest";
import { TurnScript } from "../../src/voicelive/turn-script.js";

const scenario = {
  greeting: "Hi!",
  turns: [
    { caller: "One", reply: "Answer one" },
    {
      caller: "Bye",
      reply: "Goodbye",
      functionCall: { name: "end_call", arguments: { reason: "done" } },
      replyAfterFunction: "Hanging up",
    },
  ],
  fallbackReply: "Pardon?",
};

describe("TurnScript", () => {
  it("takes restored messages as the conversation so far: no second greeting, the next caller line is the next turn", () => {
    const script = new TurnScript(scenario);
    script.messageAdded("assistant", "Hi!");
    script.messageAdded("user", "One");
    script.messageAdded("assistant", "Answer one");
    script.messageAdded("user", "The caller pressed these keys: 1#"); // not a scripted line: no turn
    expect(script.hasUnansweredTurn).toBe(false);
    expect(script.nextReply()).toEqual([{ kind: "speech", text: "Pardon?" }]);
    expect(script.callerSpoke()).toBe("Bye");
  });

  it("greets once, answers turns in order, waits for the function output, then falls back", () => {
    const script = new TurnScript(scenario);
    expect(script.nextReply()).toEqual([{ kind: "speech", text: "Hi!" }]);
    expect(script.nextReply()).toEqual([{ kind: "speech", text: "Pardon?" }]);
    expect(script.callerSpoke()).toBe("One");
    expect(script.hasUnansweredTurn).toBe(true);
    expect(script.nextReply()).toEqual([{ kind: "speech", text: "Answer one" }]);
    expect(script.hasUnansweredTurn).toBe(false);
    expect(script.callerSpoke()).toBe("Bye");
    expect(script.nextReply()).toEqual([
      { kind: "speech", text: "Goodbye" },
      { kind: "function_call", name: "end_call", arguments: '{"reason":"done"}' },
    ]);
    script.functionCalled("call_1");
    script.functionOutput("call_other");
    expect(script.nextReply()).toEqual([{ kind: "speech", text: "Pardon?" }]);
    script.functionOutput("call_1");
    expect(script.nextReply()).toEqual([{ kind: "speech", text: "Hanging up" }]);
    expect(script.callerSpoke()).toBe("(unscripted caller speech)");
    expect(script.nextReply()).toEqual([{ kind: "speech", text: "Pardon?" }]);
  });

  it("a pre-generated assistant message overrides the script without consuming a turn", () => {
    const script = new TurnScript(scenario);
    script.callerSpoke();
    expect(script.nextReply("Repeat after me")).toEqual([{ kind: "speech", text: "Repeat after me" }]);
    expect(script.nextReply()).toEqual([{ kind: "speech", text: "Answer one" }]);
  });

  it("does not greet once the caller has spoken", () => {
    const script = new TurnScript(scenario);
    script.callerSpoke();
    script.nextReply();
    expect(script.nextReply()).toEqual([{ kind: "speech", text: "Pardon?" }]);
  });
});
