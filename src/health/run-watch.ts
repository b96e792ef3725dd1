import { UsageError } from '../core/errors.js';

// Interim: the watch loop lands in the next commit.
export async function runWatch(_: unknown): Promise<number> {
  throw new UsageError('`shepherd health --watch` is not available in this build yet');
}
