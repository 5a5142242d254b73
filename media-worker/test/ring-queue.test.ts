import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RingQueue } from "../src/session/ring-queue.js";

describe("RingQueue", () => {
  it("behaves as a plain first-in first-out array through any mix of pushes, shifts, peeks and drains", () => {
    const operation = fc.oneof(
      fc.record({ op: fc.constant("push" as const), value: fc.integer() }),
      fc.record({ op: fc.constant("shift" as const) }),
      fc.record({ op: fc.constant("peek" as const) }),
      fc.record({ op: fc.constant("drain" as const) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(operation, { maxLength: 300 }),
        (capacity, ops) => {
          const ring = new RingQueue<number>(capacity);
          const model: number[] = [];
          for (const step of ops) {
            if (step.op === "push") {
              ring.push(step.value);
              model.push(step.value);
            } else if (step.op === "shift") {
              expect(ring.shift()).toBe(model.shift());
            } else if (step.op === "peek") {
              expect(ring.peek()).toBe(model[0]);
            } else {
              const drained: number[] = [];
              ring.drain((value) => drained.push(value));
              expect(drained).toEqual(model.splice(0));
            }
            expect(ring.length).toBe(model.length);
          }
        },
      ),
    );
  });
});
