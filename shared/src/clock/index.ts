// One Clock for both services, and the one fake clock for tests and the bench.
export { type Clock, systemClock, type TimerHandle } from "./clock.js";
export { FakeClock } from "./fake-clock.js";
