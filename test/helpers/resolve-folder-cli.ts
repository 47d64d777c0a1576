// Runs the real folder check in a child process, so a test can run it as another user.
import { resolveProjectFolder } from '../../src/main/projects/folder';
import { WeftError } from '../../src/shared/ipc/errors';

resolveProjectFolder(process.argv[2] ?? '').then(
  (path) => process.stdout.write(JSON.stringify({ ok: true, path })),
  (error: unknown) =>
    process.stdout.write(
      JSON.stringify(error instanceof WeftError ? { ok: false, code: error.code } : { ok: false, code: String(error) }),
    ),
);
