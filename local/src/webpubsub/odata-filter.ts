// The OData filter the send and group REST operations accept (`filter=` query or body), for the
// subset that targets connections: `userId`, `connectionId` with eq/ne, `'<group>' in groups`,
// `not`, `and`, `or` and parentheses. Anything else is a parse error the caller turns into a 400.

export interface FilterTarget {
  connectionId: string;
  userId: string | undefined;
  groups: ReadonlySet<string>;
}

export type ConnectionFilter = (target: FilterTarget) => boolean;
export type FilterParse = { ok: true; filter: ConnectionFilter } | { ok: false; reason: string };

type Token = { kind: "string"; value: string } | { kind: "word"; value: string } | { kind: "(" | ")" };

const MAX_FILTER_LENGTH = 4096;

export function parseConnectionFilter(text: string): FilterParse {
  if (text.length > MAX_FILTER_LENGTH) return { ok: false, reason: "filter too long" };
  const tokens = tokenize(text);
  if (tokens === undefined) return { ok: false, reason: "unterminated string in filter" };
  let position = 0;
  const peekWord = (): string | undefined => {
    const token = tokens[position];
    return token?.kind === "word" ? token.value.toLowerCase() : undefined;
  };

  const parseOr = (): ConnectionFilter => {
    let left = parseAnd();
    while (peekWord() === "or") {
      position++;
      const [a, b] = [left, parseAnd()];
      left = (t) => a(t) || b(t);
    }
    return left;
  };
  const parseAnd = (): ConnectionFilter => {
    let left = parseUnary();
    while (peekWord() === "and") {
      position++;
      const [a, b] = [left, parseUnary()];
      left = (t) => a(t) && b(t);
    }
    return left;
  };
  const parseUnary = (): ConnectionFilter => {
    if (peekWord() === "not") {
      position++;
      const inner = parseUnary();
      return (t) => !inner(t);
    }
    if (tokens[position]?.kind === "(") {
      position++;
      const inner = parseOr();
      if (tokens[position]?.kind !== ")") throw new FilterError("missing ')'");
      position++;
      return inner;
    }
    return parseComparison();
  };
  const parseComparison = (): ConnectionFilter => {
    const left = tokens[position++];
    const operator = peekWord();
    position++;
    const right = tokens[position++];
    if (left?.kind === "string" && operator === "in" && right?.kind === "word" && right.value === "groups") {
      const group = left.value;
      return (t) => t.groups.has(group);
    }
    if (left?.kind === "word" && (operator === "eq" || operator === "ne")) {
      const field = left.value;
      if (field !== "userId" && field !== "connectionId")
        throw new FilterError(`unsupported field ${field.slice(0, 32)}`);
      const expected =
        right?.kind === "string"
          ? right.value
          : right?.kind === "word" && right.value === "null"
            ? undefined
            : null;
      if (expected === null) throw new FilterError("expected a string literal or null");
      const read = (t: FilterTarget) => (field === "userId" ? t.userId : t.connectionId);
      return operator === "eq" ? (t) => read(t) === expected : (t) => read(t) !== expected;
    }
    throw new FilterError("unsupported comparison");
  };

  try {
    const filter = parseOr();
    if (position !== tokens.length) return { ok: false, reason: "unexpected text after the filter" };
    return { ok: true, filter };
  } catch (error) {
    return { ok: false, reason: error instanceof FilterError ? error.message : "bad filter" };
  }
}

class FilterError extends Error {}

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? "";
    if (/\s/.test(char)) {
      i++;
    } else if (char === "(" || char === ")") {
      tokens.push({ kind: char });
      i++;
    } else if (char === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ kind: "string", value });
    } else {
      const match = /^[^\s()']+/.exec(text.slice(i));
      const word = match?.[0] ?? char;
      tokens.push({ kind: "word", value: word });
      i += word.length;
    }
  }
  return tokens;
}
