import type { ChainableCommander } from 'ioredis';

/**
 * Runs a pipeline and checks every `[err, result]` pair: ioredis resolves
 * `exec()` even when single commands failed, so an unchecked pipeline loses errors.
 * Throws the first command error (with its index); returns the results otherwise.
 */
export async function execChecked(pipeline: ChainableCommander, what: string): Promise<unknown[]> {
  const replies = await pipeline.exec();
  if (replies === null) throw new Error(`${what}: pipeline was discarded (connection closed?)`);
  return replies.map(([error, result], i) => {
    if (error) throw new Error(`${what}: command ${i + 1} of ${replies.length} failed: ${error.message}`, { cause: error });
    return result;
  });
}
