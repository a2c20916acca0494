import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxProblem } from '../../../functions/http/json-syntax';

describe('findJsonSyntaxProblem', () => {
  it.each([
    ['{"a": 1,}', 8, "unexpected '}': a property name in double quotes is expected"],
    ['{"a" 1}', 5, "unexpected '1': ':' is expected after the property name"],
    ['{"a": tru}', 6, "unexpected 't': a value (object, array, string, number, true, false or null) is expected"],
    ['[1 2]', 3, "unexpected '2': ',' or ']' is expected"],
    ['{"a": 1} x', 9, "unexpected 'x' after the end of the JSON value"],
    ['{"a": "b', 8, 'unexpected end of input: the string is not terminated'],
    ['{"a": 01}', 7, "invalid number: unexpected '1'"],
    ['{"a": -}', 7, "invalid number: unexpected '}'"],
    ['{"a": "\\x"}', 7, 'invalid escape sequence in string: \\x'],
    ['{"a": "\t"}', 7, 'U+0009 (a control character) must be escaped inside a string'],
    ['', 0, 'unexpected end of input: a value (object, array, string, number, true, false or null) is expected'],
    ["{'a': 1}", 1, "unexpected ''': a property name in double quotes or '}' is expected"],
    ['{"a": [1, 2}', 11, "unexpected '}': ',' or ']' is expected"],
  ])('finds the problem in %j at position %i', (text, position, message) => {
    expect(findJsonSyntaxProblem(text)).toMatchObject({ position, message });
  });

  it('gives the line and column of the problem', () => {
    expect(findJsonSyntaxProblem('{\n  "a": 1,\n  "b": ?\n}')).toMatchObject({ position: 19, line: 3, column: 8 });
  });

  it('survives nesting far deeper than the stack', () => {
    const deep = '['.repeat(200_000);
    expect(findJsonSyntaxProblem(deep)).toMatchObject({ position: 200_000 });
    expect(findJsonSyntaxProblem(`${deep}${']'.repeat(200_000)}`)).toBeUndefined();
  });

  it('accepts every JSON text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(findJsonSyntaxProblem(text)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with JSON.parse on arbitrary and mangled text', () => {
    const mangled = fc
      .tuple(fc.json(), fc.nat(), fc.string({ maxLength: 3 }))
      .map(([text, at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)));
    fc.assert(
      fc.property(fc.oneof(fc.string(), mangled), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(findJsonSyntaxProblem(text) === undefined).toBe(parses);
      }),
      { numRuns: 1000 },
    );
  });
});
