/**
 * JSON.parse a slice at a time (engine/json-slices.ts): whatever the text, the result is JSON.parse's
 * (JSON.parse is the oracle), a text that JSON.parse refuses is refused with a SyntaxError, and a
 * large text is parsed in many steps.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseJsonSteps, type SliceSizes } from '../../../src/main/engine/json-slices';
import { runToEnd } from '../../../src/main/engine/steps';
import { generateScenario } from '../../../src/main/engine/world/generate-world';

/** Tiny slices, so even a small document is taken apart at every level. */
const tiny: SliceSizes = { oneGoChars: 0, sliceChars: 8 };

function outcome(run: () => unknown): { value: unknown } | { error: string } {
  try {
    return { value: run() };
  } catch (e) {
    return { error: (e as Error).name };
  }
}

describe('parseJsonSteps', () => {
  test('gives what JSON.parse gives for any JSON value, however it is spaced', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, '\t', ' \r\n '), (value, space) => {
        const text = JSON.stringify(value, null, space);
        expect(runToEnd(parseJsonSteps(text, tiny))).toEqual(JSON.parse(text));
      }),
      { numRuns: 400 },
    );
  });

  test('keeps the awkward parts: escaped quotes and backslashes, brackets in strings, "__proto__", duplicate keys', () => {
    const text =
      '{"a\\"]}":"x\\\\","b":["}",{"__proto__":{"polluted":1}},"\\u005d"],"a":1,"a":2,' +
      ' "n" : [ -1.5e+3 , true , false , null , "" , [ ] , { } ] }';
    const parsed = runToEnd(parseJsonSteps(text, tiny));
    expect(parsed).toEqual(JSON.parse(text));
    expect(Object.keys(parsed as object)).toEqual(Object.keys(JSON.parse(text) as object));
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.getPrototypeOf((parsed as { b: object[] }).b[1])).toBe(Object.prototype);
  });

  test('refuses with a SyntaxError whatever JSON.parse refuses', () => {
    const base = JSON.stringify({ a: [1, { b: 'c"d' }, [true, null]], e: 'f' });
    fc.assert(
      fc.property(fc.nat(base.length), fc.string({ maxLength: 3 }), fc.nat(base.length), (cut, junk, at) => {
        const text = base.slice(0, at) + junk + base.slice(at, Math.max(at, cut));
        const native = outcome(() => JSON.parse(text));
        const sliced = outcome(() => runToEnd(parseJsonSteps(text, tiny)));
        if ('error' in native) expect(sliced).toEqual({ error: 'SyntaxError' });
        else expect(sliced).toEqual(native);
      }),
      { numRuns: 1000 },
    );
  });

  test('takes a large scenario in many steps and gives the same document', () => {
    const text = JSON.stringify(generateScenario({ vcenters: 2, hostsPerVcenter: 40, vmsPerVcenter: 6000 }));
    const steps = parseJsonSteps(text);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    expect(step.value).toEqual(JSON.parse(text));
    // At least one yield for every 64 KB slice of the text.
    expect(yields).toBeGreaterThanOrEqual(Math.floor(text.length / (64 * 1024)) - 1);
  });
});
