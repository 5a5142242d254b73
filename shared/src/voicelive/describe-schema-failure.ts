// Turns a schema failure into a reason that names the event kind and the field at fault, never the
// values received (they may be transcripts, instructions or keys).
import type { z } from "zod";

/** Below these keys the path segments are payload content (user-chosen keys), not field names. */
const FREE_FORM_KEYS = new Set(["metadata", "custom_speech", "avatar", "parameters"]);

function describePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") {
      text += `[${segment}]`;
      continue;
    }
    const name = String(segment);
    text += text === "" ? name : `.${name}`;
    if (FREE_FORM_KEYS.has(name)) {
      text += ".*";
      break;
    }
  }
  return text === "" ? "(event)" : text;
}

export function describeSchemaFailure(eventType: string, error: z.ZodError): string {
  const [first] = error.issues;
  if (first === undefined) return `${eventType}: does not match its schema`;
  const expected = first.code === "invalid_type" ? ` (expected ${first.expected})` : "";
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : "";
  return `${eventType}: ${describePath(first.path)} ${first.code}${expected}${more}`;
}
