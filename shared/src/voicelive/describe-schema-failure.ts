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

type Issue = z.core.$ZodIssue;

/**
 * A union's own issue says only "no branch matched". The branch that got furthest into the value
 * (longest path) is almost always the one that was meant, so report its issue instead.
 */
function mostSpecific(issue: Issue): { issue: Issue; path: PropertyKey[] } {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return { issue, path: [...issue.path] };
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    const [candidate] = branch;
    if (candidate !== undefined && (best === undefined || candidate.path.length > best.path.length)) {
      best = candidate;
    }
  }
  if (best === undefined) return { issue, path: [...issue.path] };
  const inner = mostSpecific(best);
  return { issue: inner.issue, path: [...issue.path, ...inner.path] };
}

export function describeSchemaFailure(eventType: string, error: z.ZodError): string {
  const [first] = error.issues;
  if (first === undefined) return `${eventType}: does not match its schema`;
  const { issue, path } = mostSpecific(first);
  const expected = issue.code === "invalid_type" ? ` (expected ${issue.expected})` : "";
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : "";
  return `${eventType}: ${describePath(path)} ${issue.code}${expected}${more}`;
}
