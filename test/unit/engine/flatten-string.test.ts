import fc from 'fast-check';
import { expect, test } from 'vitest';
import { flattenString } from '../../../src/main/engine/flatten-string';

test('a flattened string reads exactly as it was built, whatever it holds', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.integer(), (s, n) => {
      const built = `${s}[.*]\0${n}\n${s}`;
      expect(flattenString(built)).toBe(`${s}[.*]\0${n}\n${s}`);
    }),
  );
});
