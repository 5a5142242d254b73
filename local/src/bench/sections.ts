import { codecSection } from "./codec-section.js";
import { jitterSection } from "./jitter-section.js";
import { loadSection } from "./load-section.js";
import { mediaPathSection } from "./media-path-section.js";
import { memorySection } from "./memory-section.js";
import { resamplerSection } from "./resampler-section.js";
import type { BenchSection } from "./section.js";

/** Every section of BENCHMARKS.md, in order. Add yours here. */
export const sections: BenchSection[] = [
  codecSection,
  resamplerSection,
  mediaPathSection,
  jitterSection,
  memorySection,
  loadSection,
];
