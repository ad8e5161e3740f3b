import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseExercise, parseExerciseText, type ExerciseInput } from '../../../src/shared/exercise-schema';
import { LabFault } from '../../../src/shared/result';

const dir = resolve(import.meta.dirname, '../../../resources/exercises');
const valid = (): ExerciseInput => ({
  schemaVersion: 1,
  title: 'Move a VM',
  level: 'beginner',
  estimatedMinutes: 5,
  briefing: 'Move web-01.',
  objectives: [
    {
      id: 'moved',
      label: 'web-01 is on esx70-02',
      condition: { kind: 'vm', vm: 'web-01', host: 'esx70-02' },
    },
  ],
});

function refusal(input: unknown): { field?: string; message: string; code: string } {
  try {
    parseExercise(input);
  } catch (e) {
    expect(e).toBeInstanceOf(LabFault);
    return { ...(e as LabFault).toError() };
  }
  throw new Error('the exercise was accepted');
}

describe('exercise files', () => {
  test('every built-in exercise is valid, and there are at least eight', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files)
      expect(() => parseExerciseText(readFileSync(resolve(dir, f), 'utf8')), f).not.toThrow();
  });

  test('defaults: the built-in scenario, no setup, hints cost 5 points', () => {
    const ex = parseExercise({ ...valid(), hints: [{ id: 'h', text: 'Look at the task.' }] });
    expect(ex).toMatchObject({ scenario: 'default', setup: [], hints: [{ id: 'h', cost: 5 }] });
  });

  test.each([
    ['a misspelt field', { ...valid(), titel: 'x' }, ''],
    ['an unknown level', { ...valid(), level: 'expert' }, 'level'],
    [
      'an unknown objective kind',
      { ...valid(), objectives: [{ id: 'a', label: 'x', condition: { kind: 'vmOnMars', vm: 'a' } }] },
      'objectives[0].condition.kind',
    ],
    [
      'a negative time limit',
      {
        ...valid(),
        objectives: [
          ...valid().objectives,
          { id: 't', label: 'x', condition: { kind: 'withinMinutes', minutes: -1 } },
        ],
      },
      'objectives[1].condition.minutes',
    ],
    [
      'a misspelt objective field',
      { ...valid(), objectives: [{ id: 'a', label: 'x', condition: { kind: 'vm', vm: 'a', hots: 'b' } }] },
      'objectives[0].condition',
    ],
    [
      'a setup port out of range',
      { ...valid(), setup: [{ kind: 'portBlocked', host: 'h', port: 70000 }] },
      'setup[0].port',
    ],
    ['a scenario that is not JSON', { ...valid(), scenario: { file: 'lab.yaml' } }, 'scenario.file'],
    [
      'only constraints',
      { ...valid(), objectives: [{ id: 'n', label: 'x', condition: { kind: 'nothingLost' } }] },
      'objectives',
    ],
    [
      'a duplicate objective id',
      { ...valid(), objectives: [valid().objectives[0], valid().objectives[0]] },
      'objectives[1].id',
    ],
  ])('%s is refused with the field named', (_what, input, field) => {
    const e = refusal(input);
    expect(e.code).toBe('invalid-exercise');
    if (field) expect(e.field).toBe(field);
    expect(e.message.startsWith(field || 'exercise')).toBe(true);
  });

  test('text that is not JSON is refused as such', () => {
    expect(() => parseExerciseText('{ "title": ')).toThrow(/not valid JSON/);
  });
});
