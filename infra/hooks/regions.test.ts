import { describe, expect, it } from "vitest";
import {
  defaultVoiceFor,
  fullySupportedRegions,
  HD_VOICE,
  missingServices,
  STANDARD_VOICE,
} from "./regions.js";

describe("regions", () => {
  it("lists the regions that offer every service the template deploys", () => {
    expect(fullySupportedRegions()).toEqual([
      "canadacentral",
      "centralindia",
      "eastus2",
      "francecentral",
      "southeastasia",
      "swedencentral",
      "westus2",
    ]);
  });

  it("names what a region lacks", () => {
    expect(missingServices("westeurope")).toEqual(["voiceLiveGptRealtime"]);
    expect(missingServices("uksouth")).toEqual(["hdVoices"]);
    expect(missingServices("atlantis")).toHaveLength(6);
  });

  it("seeds the HD voice only where HD voices exist", () => {
    for (const region of fullySupportedRegions()) expect(defaultVoiceFor(region)).toBe(HD_VOICE);
    expect(defaultVoiceFor("EastUS2")).toBe(HD_VOICE);
    expect(defaultVoiceFor("australiaeast")).toBe(STANDARD_VOICE);
  });
});
