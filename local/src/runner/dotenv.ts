// A `.env` file as `npm run dev` reads it: KEY=value lines, `#` comments, optional `export `, single
// quotes (literal) or double quotes (with \n, \t, \", \\ escapes), and ` #` comments after unquoted values.
// Bad lines are reported by line number, never by content (a line may hold a key).

export interface DotenvResult {
  values: Record<string, string>;
  problems: string[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.]*$/;

export function parseDotenv(text: string): DotenvResult {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? "").trim();
    if (line === "" || line.startsWith("#")) continue;
    const body = line.startsWith("export ") ? line.slice(7).trimStart() : line;
    const equals = body.indexOf("=");
    const key = equals > 0 ? body.slice(0, equals).trim() : "";
    if (!KEY.test(key)) {
      problems.push(`line ${index + 1}: expected KEY=value`);
      continue;
    }
    const value = parseValue(body.slice(equals + 1).trim());
    if (value === undefined) {
      problems.push(`line ${index + 1}: ${key} has an unterminated quote`);
      continue;
    }
    values[key] = value;
  }
  return { values, problems };
}

function parseValue(raw: string): string | undefined {
  const quote = raw[0];
  if (quote === "'" || quote === '"') {
    const end = closingQuote(raw, quote);
    if (end < 0) return undefined;
    const inner = raw.slice(1, end);
    return quote === "'" ? inner : unescapeDouble(inner);
  }
  const comment = raw.search(/\s#/);
  return (comment >= 0 ? raw.slice(0, comment) : raw).trim();
}

function closingQuote(raw: string, quote: string): number {
  for (let i = 1; i < raw.length; i++) {
    if (quote === '"' && raw[i] === "\\") {
      i++;
      continue;
    }
    if (raw[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(text: string): string {
  return text.replace(/\\([nrt"\\])/g, (_, c: string) =>
    c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c,
  );
}
