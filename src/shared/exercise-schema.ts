/**
 * The exercise file format (resources/exercises/*.json, or a trainer's own file): a guided task on a
 * lab scenario, graded automatically from the engine's state and history. Every object is strict, so
 * a misspelt field is refused with the field named, never silently ignored (like scenario files).
 *
 * Objects are named as the vSphere Client shows them (VM, host, datastore and network names) and
 * vCenters by their scenario key ("vcsa01"); the grader resolves the names when an attempt starts,
 * so a name that is not in the scenario is refused then, naming the field.
 *
 * Objectives come in two roles (see `objectiveKinds`):
 *   - goals become true as the learner works ("web-01 is on esx70-02", "a task failed with …");
 *     the attempt passes when every goal is met at the same time;
 *   - constraints hold from the start and can only be broken ("nothing lost", "within 20 simulated
 *     minutes", "without powering a VM off"); a broken constraint fails the attempt.
 */
import { z } from 'zod';
import { faultKinds } from './engine-api';
import { diskFormats, drsModes, powerStates } from './scenario-schema';
import { formatPath, LabFault } from './result';

const name = z.string().trim().min(1, 'must not be empty').max(200);
const text = z.string().trim().min(1, 'must not be empty').max(4000);
/** A vCenter's scenario key, e.g. "vcsa01". */
const vcenterKey = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be a vCenter key such as "vcsa01"');

export const exerciseLevels = ['beginner', 'intermediate', 'advanced'] as const;
export type ExerciseLevel = (typeof exerciseLevels)[number];

/**
 * The scenario an attempt starts from: the built-in lab ("default") or a scenario file, given
 * relative to the exercise file's folder (or absolute).
 */
export const exerciseScenario = z.union([
  z.literal('default'),
  z.strictObject({
    file: z
      .string()
      .min(1)
      .max(4096)
      .refine((p) => p.toLowerCase().endsWith('.json'), 'a scenario file is a .json file'),
  }),
]);

/**
 * What is done to the lab after it is loaded and before the clock starts: one row per kind.
 * Each is something a trainer would otherwise set up by hand with the lab controls.
 */
export const setupStepSchema = z.discriminatedUnion('kind', [
  /** A one-shot failure armed for the next migration (of `vm`, or any). */
  z.strictObject({ kind: z.literal('fault'), fault: z.enum(faultKinds), vm: name.optional() }),
  /** A local ISO attached to the VM through the VM Remote Console (a remote CD/DVD backing). */
  z.strictObject({ kind: z.literal('isoAttached'), vm: name, path: name }),
  /** The vCenter gets a new certificate (new thumbprint): the learner meets the changed warning. */
  z.strictObject({ kind: z.literal('certificateChanged'), vcenter: vcenterKey }),
  /** A TCP port is blocked on a host (e.g. 902, NFC, between sites). */
  z.strictObject({
    kind: z.literal('portBlocked'),
    host: name,
    port: z.number().int().min(1).max(65535),
  }),
  /** A cluster's DRS automation level (e.g. "manual", so DRS does not tidy up behind the learner). */
  z.strictObject({ kind: z.literal('drsMode'), cluster: name, mode: z.enum(drsModes) }),
]);
export type SetupStep = z.output<typeof setupStepSchema>;

const taskStatesGraded = ['success', 'error'] as const;

/**
 * The objective kinds: one row each, with its fields and its role. The grader
 * (src/main/services/exercises/objectives.ts) has one evaluator per row.
 */
export const objectiveKinds = {
  /**
   * A VM's placement and state now: on a host / in a cluster / in a vCenter, all disks on a datastore,
   * all disks in a format, every NIC on a network, a power state. Only the fields given are checked.
   */
  vm: {
    role: 'goal',
    schema: z.strictObject({
      kind: z.literal('vm'),
      vm: name,
      vcenter: vcenterKey.optional(),
      host: name.optional(),
      cluster: name.optional(),
      datastore: name.optional(),
      diskFormat: z.enum(diskFormats).optional(),
      network: name.optional(),
      powerState: z.enum(powerStates).optional(),
    }),
  },
  /**
   * A task of kind `task` (its name as Recent Tasks shows it, e.g. "Relocate virtual machine") ended in
   * `state` during the attempt; optionally on a target (VM or host name), on a vCenter, with an error
   * message containing `messageIncludes`, or having waited in the queue before it ran.
   */
  task: {
    role: 'goal',
    schema: z.strictObject({
      kind: z.literal('task'),
      task: name,
      state: z.enum(taskStatesGraded),
      target: name.optional(),
      vcenter: vcenterKey.optional(),
      messageIncludes: name.optional(),
      waitedInQueue: z.boolean().optional(),
    }),
  },
  /** An event of a vSphere type (e.g. "VmRemoteDeviceConnectedEvent") was logged during the attempt. */
  event: {
    role: 'goal',
    schema: z.strictObject({ kind: z.literal('event'), type: name, object: name.optional() }),
  },
  /** A host is in maintenance mode now (entered, not merely entering). */
  hostInMaintenance: {
    role: 'goal',
    schema: z.strictObject({ kind: z.literal('hostInMaintenance'), host: name }),
  },
  /** Constraint: every VM of the lab at the start still exists, exactly once. */
  nothingLost: { role: 'constraint', schema: z.strictObject({ kind: z.literal('nothingLost') }) },
  /** Constraint: all goals met within this many simulated minutes of the start. */
  withinMinutes: {
    role: 'constraint',
    schema: z.strictObject({
      kind: z.literal('withinMinutes'),
      minutes: z
        .number()
        .positive()
        .max(7 * 24 * 60),
    }),
  },
  /** Constraint: no VM (or not this VM) was powered off or suspended during the attempt. */
  noPowerOff: {
    role: 'constraint',
    schema: z.strictObject({ kind: z.literal('noPowerOff'), vm: name.optional() }),
  },
} as const;

export type ObjectiveKind = keyof typeof objectiveKinds;
export type ObjectiveRole = 'goal' | 'constraint';

const kindNames = Object.keys(objectiveKinds) as [ObjectiveKind, ...ObjectiveKind[]];
const objectiveCondition = z.discriminatedUnion(
  'kind',
  kindNames.map((k) => objectiveKinds[k].schema) as unknown as [
    (typeof objectiveKinds)[ObjectiveKind]['schema'],
    ...(typeof objectiveKinds)[ObjectiveKind]['schema'][],
  ],
);

/** One objective: a condition, and the line the learner reads. */
export const objectiveSchema = z.strictObject({
  /** Stable within the exercise: "on-target-host". */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits or dashes'),
  /** What the learner reads, e.g. "build-agent-07 runs on another host, not powered off". */
  label: text,
  condition: objectiveCondition,
});
export type ExerciseObjective = z.output<typeof objectiveSchema>;
export type ObjectiveCondition = z.output<typeof objectiveCondition>;

/** A hint revealed on request; revealing it costs `cost` points of the score. */
export const hintSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits or dashes'),
  text,
  cost: z.number().int().min(0).max(100).default(5),
});

export const exerciseSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    title: name,
    level: z.enum(exerciseLevels),
    /** How long a learner typically needs, wall-clock minutes (shown in the list). */
    estimatedMinutes: z.number().int().min(1).max(600),
    scenario: exerciseScenario.default('default'),
    setup: z.array(setupStepSchema).max(50).default([]),
    /** The situation and the task, as a trainer would brief it (plain text, blank lines = paragraphs). */
    briefing: text,
    objectives: z.array(objectiveSchema).min(1, 'an exercise needs at least one objective').max(50),
    hints: z.array(hintSchema).max(20).default([]),
  })
  .superRefine((ex, ctx) => {
    if (!ex.objectives.some((o) => objectiveKinds[o.condition.kind].role === 'goal'))
      ctx.addIssue({ code: 'custom', path: ['objectives'], message: 'an exercise needs at least one goal' });
    const seen = new Set<string>();
    ex.objectives.forEach((o, i) => {
      if (seen.has(o.id))
        ctx.addIssue({ code: 'custom', path: ['objectives', i, 'id'], message: `duplicate id "${o.id}"` });
      seen.add(o.id);
    });
    const hints = new Set<string>();
    ex.hints.forEach((h, i) => {
      if (hints.has(h.id))
        ctx.addIssue({ code: 'custom', path: ['hints', i, 'id'], message: `duplicate id "${h.id}"` });
      hints.add(h.id);
    });
  });

export type Exercise = z.output<typeof exerciseSchema>;
export type ExerciseInput = z.input<typeof exerciseSchema>;

/**
 * Validates a parsed exercise file. Throws a LabFault "invalid-exercise" whose message and `field`
 * name the first offending field, e.g. `objectives[2].condition.minutes: …`.
 */
export function parseExercise(input: unknown): Exercise {
  const parsed = exerciseSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = formatPath(issue.path);
    throw new LabFault('invalid-exercise', `${field || 'exercise'}: ${issue.message}`, { field });
  }
  return parsed.data;
}

/** Parses exercise JSON text (as read from a file) and validates it. */
export function parseExerciseText(json: string): Exercise {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new LabFault('invalid-exercise', `The exercise file is not valid JSON: ${(e as Error).message}`, {
      field: '',
    });
  }
  return parseExercise(data);
}

// ---------------------------------------------------------------------------------------------------
// What the exercises.* calls answer (referenced by contract.ts)
// ---------------------------------------------------------------------------------------------------

/** One exercise as the exercise list shows it. */
export interface ExerciseSummary {
  id: string;
  title: string;
  level: ExerciseLevel;
  estimatedMinutes: number;
  /** The briefing's first paragraph. */
  teaser: string;
  goalCount: number;
  hintCount: number;
  /** The latest finished attempt of this exercise, if any. */
  lastResult: { attemptId: string; state: 'passed' | 'failed'; score: number } | null;
}

/** One objective of a running or finished attempt. */
export interface ObjectiveStatus {
  id: string;
  label: string;
  role: ObjectiveRole;
  /** Goal: met now (history goals stay met once met). Constraint: still holds. */
  done: boolean;
  /** Simulated ms when a goal was first met, or when a constraint was broken. */
  at: number | null;
  /** Why a constraint broke, or what is still missing for a goal (short, for the learner). */
  detail: string | null;
}

/** A hint: its text only once revealed. */
export interface HintStatus {
  id: string;
  cost: number;
  revealed: boolean;
  text: string | null;
}

export const mistakeKinds = ['refused', 'taskFailed', 'rollback'] as const;
export type MistakeKind = (typeof mistakeKinds)[number];

/** Something that went wrong during an attempt and costs points. */
export interface Mistake {
  kind: MistakeKind;
  /** Simulated ms. */
  at: number;
  /** The refusal or task error as the learner saw it. */
  message: string;
}

export type AttemptState = 'running' | 'passed' | 'failed';

/** A running (or just finished) attempt as the exercise panel shows it. */
export interface AttemptStatus {
  attemptId: string;
  exerciseId: string;
  title: string;
  level: ExerciseLevel;
  briefing: string;
  state: AttemptState;
  /** Simulated ms at the start and, once finished, at the end. */
  startedAt: number;
  finishedAt: number | null;
  /** Why it ended (all goals met; a constraint broken; handed in). */
  outcome: string | null;
  objectives: ObjectiveStatus[];
  hints: HintStatus[];
  mistakes: Mistake[];
}

/** One line of how the score was reached. */
export interface ScoreLine {
  label: string;
  points: number;
}

/** The final report of an attempt: what a trainer collects. */
export interface ExerciseReport {
  attemptId: string;
  exerciseId: string;
  title: string;
  level: ExerciseLevel;
  state: 'passed' | 'failed';
  outcome: string;
  /** Wall-clock ISO times. */
  startedAtWall: string;
  finishedAtWall: string;
  /** Simulated ms at the start (objective and mistake times are on the same clock). */
  startedAt: number;
  /** Simulated minutes from the start to the end. */
  simulatedMinutes: number;
  objectives: ObjectiveStatus[];
  hintsUsed: { id: string; cost: number; text: string }[];
  mistakes: Mistake[];
  score: number;
  scoreLines: ScoreLine[];
}
