// Key and label filters of `GET /kv`: omitted or `*` matches everything; `abc*` is a prefix; a comma
// separates alternatives; `\*`, `\,` and `\\` escape; for labels `\0` (sent as %00) is "no label".

export type TextFilter = (value: string | null) => boolean;

const MAX_ALTERNATIVES = 5;

export type FilterParse = { ok: true; filter: TextFilter } | { ok: false; reason: string };

export function parseTextFilter(text: string | null, kind: "key" | "label"): FilterParse {
  if (text === null || text === "*") return { ok: true, filter: () => true };
  const alternatives = splitUnescaped(text);
  if (alternatives.length > MAX_ALTERNATIVES) {
    return { ok: false, reason: `At most ${MAX_ALTERNATIVES} ${kind} filters are allowed.` };
  }
  const matchers: TextFilter[] = [];
  for (const alternative of alternatives) {
    if (kind === "label" && alternative.raw === "\0") {
      matchers.push((value) => value === null);
      continue;
    }
    const wildcardAt = alternative.wildcards.findIndex(Boolean);
    if (wildcardAt !== -1 && wildcardAt !== alternative.text.length - 1) {
      return { ok: false, reason: `A ${kind} filter may only end with '*'.` };
    }
    if (wildcardAt === -1) {
      const exact = alternative.text;
      // A setting without a label matches the empty label.
      matchers.push((value) => (value ?? "") === exact);
    } else {
      const prefix = alternative.text.slice(0, -1);
      matchers.push((value) => typeof value === "string" && value.startsWith(prefix));
    }
  }
  return { ok: true, filter: (value) => matchers.some((match) => match(value)) };
}

interface Alternative {
  raw: string;
  text: string;
  /** Per character of `text`: true where an unescaped '*' stands. */
  wildcards: boolean[];
}

function splitUnescaped(text: string): Alternative[] {
  const result: Alternative[] = [];
  let current: Alternative = { raw: "", text: "", wildcards: [] };
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? "";
    if (char === "\\" && i + 1 < text.length) {
      const next = text[i + 1] ?? "";
      current.raw += char + next;
      current.text += next;
      current.wildcards.push(false);
      i++;
    } else if (char === ",") {
      result.push(current);
      current = { raw: "", text: "", wildcards: [] };
    } else {
      current.raw += char;
      current.text += char;
      current.wildcards.push(char === "*");
    }
  }
  result.push(current);
  return result;
}
