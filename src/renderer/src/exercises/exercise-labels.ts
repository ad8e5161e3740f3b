import type { ExerciseLevel, MistakeKind } from '../../../shared/contract';

export const levelLabels: Record<ExerciseLevel, string> = {
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

export const mistakeLabels: Record<MistakeKind, string> = {
  refused: 'Refused request',
  taskFailed: 'Failed task',
  rollback: 'Rollback',
};
