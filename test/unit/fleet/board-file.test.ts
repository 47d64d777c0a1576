import { describe, expect, it } from 'vitest';
import { exportBoard, planImport } from '../../../src/main/fleet/board-file';
import { BoardError } from '../../../src/main/fleet/errors';

function ids() {
  let n = 0;
  return () => `new${String(++n).padStart(4, '0')}`;
}

const options = () => ({ projectId: 'p1', baseBranch: 'main', now: 1000, newId: ids() });

describe('board file', () => {
  it('imports with new ids, dependencies remapped, file order kept, in-flight states back in the backlog', () => {
    const tasks = planImport(
      {
        weftBoard: 1,
        tasks: [
          { id: 'parser', title: 'Parser', state: 'running' },
          { id: 'tests', title: 'Tests', dependsOn: ['parser'], priority: 1, baseBranch: 'dev' },
          { id: 'old', title: 'Old', state: 'done' },
        ],
      },
      options(),
    );
    expect(tasks.map((t) => [t.id, t.title, t.state, t.dependsOn, t.baseBranch, t.createdAt])).toEqual([
      ['new0001', 'Parser', 'backlog', [], 'main', 1000],
      ['new0002', 'Tests', 'backlog', ['new0001'], 'dev', 1001],
      ['new0003', 'Old', 'done', [], 'main', 1002],
    ]);
  });

  it('refuses a dependency on an id the file does not hold, naming the task', () => {
    const file = { weftBoard: 1, tasks: [{ id: 'a', title: 'Parser', dependsOn: ['ghost'] }] };
    expect(() => planImport(file, options())).toThrow(
      '"Parser" depends on "ghost", which is not a task in the board file.',
    );
  });

  it('refuses a cycle in the file, named by titles', () => {
    const file = {
      weftBoard: 1,
      tasks: [
        { id: 'a', title: 'A', dependsOn: ['b'] },
        { id: 'b', title: 'B', dependsOn: ['a'] },
      ],
    };
    expect(() => planImport(file, options())).toThrow(/cycle: A → B → A/);
  });

  it('refuses what is not a board file, with the field', () => {
    let error: unknown;
    try {
      planImport({ weftBoard: 1, tasks: [{ id: 'a', title: '', priority: 9 }] }, options());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BoardError);
    expect((error as BoardError).rule).toBe('invalid_board_file');
    expect((error as BoardError).message).toMatch(/tasks\[0\]\.title/);
    expect((error as BoardError).message).toMatch(/tasks\[0\]\.priority/);
    expect(() => planImport({ tasks: [] }, options())).toThrow(/weftBoard/);
  });

  it('exports what an import reads back', () => {
    const planned = planImport(
      {
        weftBoard: 1,
        tasks: [
          { id: 'x', title: 'X', labels: ['ui'] },
          { id: 'y', title: 'Y', dependsOn: ['x'] },
        ],
      },
      options(),
    );
    const again = planImport(exportBoard(planned), {
      ...options(),
      newId: () => Math.random().toString(36).slice(2, 10),
    });
    expect(again.map((t) => [t.title, t.labels, t.dependsOn.length])).toEqual([
      ['X', ['ui'], 0],
      ['Y', [], 1],
    ]);
    expect(again[1]!.dependsOn).toEqual([again[0]!.id]);
  });
});
