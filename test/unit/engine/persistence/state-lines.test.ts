/**
 * The saved state's line layout (engine/persistence/state-lines.ts): one VM per line, read back from
 * the file's bytes a line at a time without ever decoding the whole file into one string (the 270 ms
 * stall a 100,000-VM state caused, issue 15 item 9), and every file, in the layout or not, loads or is
 * refused exactly as a whole-text JSON.parse would have it.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { parseEngineState, serializeEngineState } from '../../../../src/main/engine/persistence/engine-state';
import { generateScenario } from '../../../../src/main/engine/world/generate-world';
import { loadScenario } from '../../../../src/main/engine/world/load-scenario';
import { Engine } from '../../../../src/main/engine/engine';
import { ManualClock } from '../../../../src/main/engine/clock';
import { createRandom } from '../../../../src/main/engine/random';
import { LabFault } from '../../../../src/shared/result';

const VMS = 6000;

function savedText(vmsPerVcenter = VMS / 2): string {
  const world = loadScenario(generateScenario({ vcenters: 2, hostsPerVcenter: 20, vmsPerVcenter }));
  const engine = new Engine({
    world,
    clock: new ManualClock(),
    random: createRandom(1),
    drsIntervalMs: null,
  });
  const text = serializeEngineState(engine);
  engine.dispose();
  return text;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return { code: (e as LabFault).code, message: (e as LabFault).message };
  }
  return 'parsed';
}

afterEach(() => vi.restoreAllMocks());

describe('saved state, one VM per line', () => {
  const text = savedText();

  test('the file is one JSON document with each VM record on its own line', () => {
    const lines = text.split('\n');
    expect(lines).toHaveLength(VMS + 2);
    expect(lines[0].endsWith('"vms":[')).toBe(true);
    expect(lines.at(-1)!.startsWith(']')).toBe(true);
    const data = JSON.parse(text) as { world: { vms: { id: string }[] } };
    expect(data.world.vms).toHaveLength(VMS);
    expect(lines.slice(1, -1).map((l) => (JSON.parse(l.replace(/,$/, '')) as { id: string }).id)).toEqual(
      data.world.vms.map((vm) => vm.id),
    );
    // A lab without VMs: head and tail only.
    expect(savedText(0).split('\n')).toHaveLength(2);
    expect(parseEngineState(bytes(savedText(0))).world.vms).toEqual([]);
  });

  test('read from its bytes a line at a time: the same state, and no string near the file’s size', () => {
    const decoded: number[] = [];
    const decode = TextDecoder.prototype.decode;
    vi.spyOn(TextDecoder.prototype, 'decode').mockImplementation(function (this: TextDecoder, ...args) {
      const out = decode.apply(this, args);
      decoded.push(out.length);
      return out;
    });
    const fromBytes = parseEngineState(bytes(text));
    vi.restoreAllMocks();
    expect(fromBytes).toEqual(parseEngineState(text));
    expect(text.length).toBeGreaterThan(2_000_000);
    // The head and tail (tasks, events, the world's other records) and one VM line at a time.
    expect(Math.max(...decoded)).toBeLessThan(text.length / 20);
  });

  test('files not in the layout load as JSON.parse reads them (older saves, edited by hand)', () => {
    const data = JSON.parse(text) as { world: { vms: unknown[] } };
    const expected = parseEngineState(text);
    const lines = text.split('\n');
    const variants: Record<string, string> = {
      'one line (saved before the layout)': JSON.stringify(data),
      're-indented': JSON.stringify(data, null, 2),
      'a blank line among the VMs': [...lines.slice(0, 100), '', ...lines.slice(100)].join('\n'),
      'Windows line ends': text.replace(/\n/g, '\r\n'),
      'a record split over two lines': text.replace('"powerState"', '\n"powerState"'),
    };
    for (const [what, variant] of Object.entries(variants))
      expect(parseEngineState(bytes(variant)), what).toEqual(expected);
  });

  test('a damaged file in the layout is refused as the whole text is', () => {
    const lines = text.split('\n');
    const damaged: Record<string, string> = {
      truncated: text.slice(0, text.length / 2),
      'a VM line cut short': [...lines.slice(0, 50), lines[50].slice(0, 40), ...lines.slice(51)].join('\n'),
      'a comma missing between VMs': [...lines.slice(0, 50), lines[50].slice(0, -1), ...lines.slice(51)].join(
        '\n',
      ),
      'the tail cut off': lines.slice(0, -1).join('\n'),
    };
    for (const [what, bad] of Object.entries(damaged)) {
      const fromText = failure(() => parseEngineState(bad));
      expect(fromText, what).toMatchObject({
        code: 'invalid-scenario',
        message: expect.stringContaining('not valid JSON'),
      });
      expect(
        failure(() => parseEngineState(bytes(bad))),
        what,
      ).toEqual(fromText);
    }
    // Valid JSON, wrong contents: the VM record's own check names it.
    const wrongType = [
      ...lines.slice(0, 50),
      lines[50].replace(/"uuid":"[^"]*"/, '"uuid":7'),
      ...lines.slice(51),
    ];
    expect(failure(() => parseEngineState(bytes(wrongType.join('\n'))))).toMatchObject({
      message: expect.stringContaining('world.vms.49.uuid'),
    });
  });
});
