import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (eslint)', () => {
  it('keeps electron inside src/main/electron and src/preload', async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await restricted('src/main/projects/x.ts', code)).toHaveLength(1);
    expect(await restricted('src/main/electron/x.ts', code)).toEqual([]);
    expect(await restricted('src/preload/x.ts', code)).toEqual([]);
  }, 30_000);

  it('keeps src/shared free of Node and of the processes', async () => {
    expect(
      await restricted('src/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n"),
    ).toHaveLength(1);
    expect(
      await restricted('src/shared/x.ts', "import { Backend } from '../main/index';\nexport const y = Backend;\n"),
    ).toHaveLength(1);
  }, 30_000);

  it('lets the renderer reach main only through the contract', async () => {
    expect(
      await restricted(
        'src/renderer/src/x.ts',
        "import { Backend } from '../../main/index';\nexport const z = Backend;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restricted(
        'src/renderer/src/x.ts',
        "import { spawn } from 'node:child_process';\nexport const z = spawn;\n",
      ),
    ).toHaveLength(1);
  }, 30_000);
});
