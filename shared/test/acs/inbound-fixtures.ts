// The captured inbound media messages (ACS -> app) among the reference fixtures, with the kind each must
// decode to. Found by file name so that a fixture added later is covered without touching the tests.
import type { AcsInboundKind } from "@acs-voice/shared";
import { listFixtures, readFixtureText } from "../fixtures.js";

export interface InboundFixture {
  name: string;
  text: string;
  expectedKind: AcsInboundKind;
}

const kindByPrefix: ReadonlyArray<readonly [string, AcsInboundKind]> = [
  ["ws-audiometadata", "AudioMetadata"],
  ["ws-audiodata", "AudioData"],
  ["ws-dtmfdata", "DtmfData"],
  ["ws-transcriptionmetadata", "TranscriptionMetadata"],
  ["ws-transcriptiondata", "TranscriptionData"],
  ["acs-media-audiometadata", "AudioMetadata"],
  ["acs-media-audiodata", "AudioData"],
];

export function inboundFixtures(): InboundFixture[] {
  const found: InboundFixture[] = [];
  for (const folder of ["acs", "seed"]) {
    for (const name of listFixtures(folder)) {
      const match = kindByPrefix.find(([prefix]) => name.startsWith(prefix));
      if (match)
        found.push({
          name: `${folder}/${name}`,
          text: readFixtureText(folder, name),
          expectedKind: match[1],
        });
    }
  }
  return found;
}
