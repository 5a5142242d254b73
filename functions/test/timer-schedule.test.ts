import { describe, expect, it } from "vitest";
import { timerSchedule } from "../src/jobs/timer-schedule.js";

describe("timerSchedule (the NCRONTAB of a job's Azure timer trigger)", () => {
  it.each([
    [5, "*/5 * * * * *"],
    [60, "0 */1 * * * *"],
    [300, "0 */5 * * * *"],
    [3_600, "0 0 * * * *"],
    [6 * 3_600, "0 0 */6 * * *"],
    [86_400, "0 0 0 * * *"],
  ])("runs a %i s job at that period", (everySeconds, schedule) => {
    expect(timerSchedule(everySeconds)).toBe(schedule);
  });

  it.each([0, 7, 90, 5_400, 2 * 86_400, 1.5])("refuses %s s, which no schedule repeats evenly", (seconds) => {
    expect(() => timerSchedule(seconds)).toThrow(RangeError);
  });
});
