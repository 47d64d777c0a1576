import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectInstructions } from '../../../src/main/agent/prompt';
import { tempDir } from '../../helpers/fixtures';

describe('project instructions given to every run', () => {
  it('are read from AGENTS.md and CLAUDE.md at the root', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'AGENTS.md'), 'Run npm test.\n');
    writeFileSync(join(root, 'CLAUDE.md'), 'Be brief.\n');
    expect(await projectInstructions(root)).toEqual([
      { file: 'AGENTS.md', text: 'Run npm test.\n' },
      { file: 'CLAUDE.md', text: 'Be brief.\n' },
    ]);
  });

  it('never follow a link out of the repository, nor hang on a FIFO (the repository is untrusted)', async () => {
    const home = tempDir('weft-home-');
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'id_ed25519'), 'PLANTED-KEY');
    const root = tempDir();
    symlinkSync(join(home, '.ssh', 'id_ed25519'), join(root, 'AGENTS.md'));
    execFileSync('mkfifo', [join(root, 'CLAUDE.md')]);
    const found = await projectInstructions(root);
    expect(JSON.stringify(found)).not.toContain('PLANTED');
    expect(found).toEqual([]);
  });
});
