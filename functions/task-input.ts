import { z } from 'zod';

/** The state machine passed a task an input it does not understand: a bug in the ASL, not a passing fault. */
export class TaskInputError extends Error {
  override readonly name = 'Breachdesk.TaskInputError';
}

/** Parses a workflow task's input; the message names fields only, never values. */
export function parseTaskInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new TaskInputError(
      `invalid task input: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.code}`).join(', ')}`,
    );
  }
  return parsed.data;
}

export const breachIdInput = z.object({ breachId: z.string().min(1).max(100) });

export const markSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  clockId: z.enum(['initial-assessment', 'internal-report', 'authority']),
  kind: z.enum(['warning', 'deadline']),
  hoursBefore: z.number().positive().optional(),
});
