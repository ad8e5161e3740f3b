import fc from 'fast-check';
import { expect, test } from 'vitest';
import { kept } from '../../../src/main/engine/kept-string';

test('a kept string reads exactly as it was built, whatever it holds', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.integer(), (s, n) => {
      const built = `${s}[.*]\0${n}\n${s}`;
      expect(kept(built)).toBe(`${s}[.*]\0${n}\n${s}`);
    }),
  );
});
