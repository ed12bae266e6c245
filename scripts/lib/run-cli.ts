/** The tail every operator CLI shares: how a refusal is printed, and the exit code. */
import { ZodError } from 'zod';

/** A refusal as the operator reads it: the schema's messages, or the error's own (Chinese) message. */
export function cliErrorMessage(err: unknown): string {
  if (err instanceof ZodError) return err.issues.map((i) => i.message).join('；');
  return err instanceof Error ? err.message : String(err);
}

/** Runs a CLI's main and sets the process's exit code from it; an unexpected throw is a failure with its message. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(`操作失败：${cliErrorMessage(err)}`);
      process.exitCode = 1;
    },
  );
}
