// Engine error messages, made readable: DuckDB sometimes answers with a JSON object (parser errors) and
// sometimes with text that ends in "LINE 1: <sql>\n      ^".

interface DuckDbErrorJson {
  exception_type?: string;
  exception_message?: string;
  position?: string;
}

/** Turns the engine's raw error text into "<Type> Error: <message>" text, keeping the LINE/caret lines. */
export function cleanEngineMessage(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as DuckDbErrorJson;
      if (parsed.exception_message) {
        const kind = parsed.exception_type ? `${parsed.exception_type} Error: ` : '';
        return `${kind}${parsed.exception_message}`;
      }
    } catch {
      // not JSON after all
    }
  }
  return trimmed;
}

export interface ErrorPosition {
  /** 1-based line of the SQL the engine ran. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** Reads the position out of "LINE n: <text>\n<spaces>^" at the end of an engine message. */
export function errorPosition(message: string): ErrorPosition | null {
  const match = /LINE (\d+): (.*)\n( *)\^/.exec(message);
  if (!match) return null;
  const prefix = `LINE ${match[1]}: `.length;
  // DuckDB prints a window of the line, possibly starting with "..."
  const shown = match[2];
  const caret = match[3].length - prefix;
  const lineNo = Number(match[1]);
  if (shown.startsWith('...')) return { line: lineNo, column: caret + 1 };
  return { line: lineNo, column: Math.max(1, caret + 1) };
}

/** The message without its LINE/caret trailer, for a one-line display. */
export function errorHeadline(message: string): string {
  return message.replace(/\n+LINE \d+:[\s\S]*$/, '').trim();
}
