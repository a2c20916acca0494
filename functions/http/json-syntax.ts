/**
 * Finds where a text stops being JSON (RFC 8259), to tell a caller exactly what is wrong and where.
 *
 * JSON.parse knows, but its messages differ between V8 versions, some carry no position at all, and some quote a
 * stretch of the body. This scanner runs only after JSON.parse has refused a body, and is iterative so that deeply
 * nested input cannot overflow the stack.
 */

export interface JsonSyntaxProblem {
  /** Zero-based offset in UTF-16 code units. */
  position: number;
  /** One-based line and column of `position`. */
  line: number;
  column: number;
  message: string;
}

type Expecting = 'value' | 'value-or-]' | 'key' | 'key-or-}' | 'after-value';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;

const describe = (char: string): string => {
  const code = char.codePointAt(0) ?? 0;
  return code >= 0x20 && code < 0x7f ? `'${char}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
};

const locate = (text: string, position: number, message: string): JsonSyntaxProblem => {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  return { position, line, column, message };
};

/** Returns the first syntax problem in `text`, or undefined when `text` is valid JSON. */
export const findJsonSyntaxProblem = (text: string): JsonSyntaxProblem | undefined => {
  const containers: ('{' | '[')[] = [];
  let expecting: Expecting = 'value';
  let i = 0;

  const fail = (message: string, at = i) => locate(text, at, message);
  const found = (at = i) => (at < text.length ? `unexpected ${describe(text[at] ?? '')}` : 'unexpected end of input');

  /** Scans the string starting at text[i] === '"'; returns a problem or advances i past the closing quote. */
  const scanString = (): JsonSyntaxProblem | undefined => {
    i += 1;
    while (i < text.length) {
      const char = text[i] ?? '';
      if (char === '"') {
        i += 1;
        return undefined;
      }
      if (char === '\\') {
        const escaped = text[i + 1] ?? '';
        if (SIMPLE_ESCAPES.has(escaped)) i += 2;
        else if (escaped === 'u' && HEX4.test(text.slice(i + 2, i + 6))) i += 6;
        else return fail(`invalid escape sequence in string: \\${escaped}`, i);
      } else if (char.charCodeAt(0) < 0x20) {
        return fail(`${describe(char)} (a control character) must be escaped inside a string`);
      } else {
        i += 1;
      }
    }
    return fail('unexpected end of input: the string is not terminated');
  };

  while (true) {
    while (WHITESPACE.has(text[i] ?? '')) i += 1;
    const char = text[i];

    if (expecting === 'value' || expecting === 'value-or-]') {
      if (char === ']' && expecting === 'value-or-]') {
        containers.pop();
        i += 1;
        expecting = 'after-value';
      } else if (char === '{' || char === '[') {
        containers.push(char);
        i += 1;
        expecting = char === '{' ? 'key-or-}' : 'value-or-]';
      } else if (char === '"') {
        const problem = scanString();
        if (problem) return problem;
        expecting = 'after-value';
      } else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
        NUMBER.lastIndex = i;
        const match = NUMBER.exec(text);
        const end = match ? i + match[0].length : i;
        // A number must not run straight into more digits or number syntax (e.g. 01, 1., 1e).
        if (!match || /[0-9.eE+-]/.test(text[end] ?? '')) {
          const at = match ? end : i + 1;
          return fail(`invalid number: ${found(at)}`, at);
        }
        i = end;
        expecting = 'after-value';
      } else {
        const literal = LITERALS.find((word) => text.startsWith(word, i));
        if (!literal)
          return fail(`${found()}: a value (object, array, string, number, true, false or null) is expected`);
        i += literal.length;
        expecting = 'after-value';
      }
      continue;
    }

    if (expecting === 'key' || expecting === 'key-or-}') {
      if (char === '}' && expecting === 'key-or-}') {
        containers.pop();
        i += 1;
        expecting = 'after-value';
        continue;
      }
      if (char !== '"') {
        const alternatives =
          expecting === 'key-or-}' ? "a property name in double quotes or '}'" : 'a property name in double quotes';
        return fail(`${found()}: ${alternatives} is expected`);
      }
      const problem = scanString();
      if (problem) return problem;
      while (WHITESPACE.has(text[i] ?? '')) i += 1;
      if (text[i] !== ':') return fail(`${found()}: ':' is expected after the property name`);
      i += 1;
      expecting = 'value';
      continue;
    }

    // after-value
    const open = containers.at(-1);
    if (open === undefined) {
      return i < text.length ? fail(`${found()} after the end of the JSON value`) : undefined;
    }
    const close = open === '{' ? '}' : ']';
    if (char === ',') {
      i += 1;
      expecting = open === '{' ? 'key' : 'value';
    } else if (char === close) {
      containers.pop();
      i += 1;
    } else {
      return fail(`${found()}: ',' or '${close}' is expected`);
    }
  }
};
