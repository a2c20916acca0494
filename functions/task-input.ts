import * as z from 'zod/mini';
import './domain/zod-english';
import { WORKFLOW_ERRORS } from './domain/workflow-errors';

/** The state machine passed a task an input it does not understand: a bug in the ASL, not a passing fault. */
export class TaskInputError extends Error {
  override readonly name = WORKFLOW_ERRORS.TaskInput.name;
}

/** Parses a workflow task's input; the message names fields only, never values. */
export function parseTaskInput<T extends z.ZodMiniType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new TaskInputError(
      `invalid task input: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.code}`).join(', ')}`,
    );
  }
  return parsed.data;
}

export const breachIdInput = z.object({ breachId: z.string().check(z.minLength(1), z.maxLength(100)) });

export const markSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  /** A policy clock, or an obligation's stage (`<obligation id>/<stage id>`): the domain tells them apart. */
  clockId: z.string().check(z.minLength(1), z.maxLength(300)),
  kind: z.enum(['warning', 'deadline']),
  hoursBefore: z.optional(z.number().check(z.positive())),
  dueAt: z.optional(z.iso.datetime({ offset: true })),
});
