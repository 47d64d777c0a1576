import { describe, expect, it } from 'vitest';
import { callSummary } from '../../src/renderer/src/features/agent/approval-summary';

const call = (action?: Parameters<typeof callSummary>[0]['action'], paths?: string[]) =>
  callSummary({ kind: 'call', arguments: '{}', ...(action ? { action } : {}), ...(paths ? { paths } : {}) });

describe('the one-line summary on an approval card for a tool call', () => {
  it('says what a built-in tool would do to which paths', () => {
    expect(call('move', ['a.md', 'docs/a.md'])).toBe('Move a.md → docs/a.md');
    expect(call('delete', ['x'])).toBe('Delete x');
    expect(call('edit', ['src/a.ts'])).toBe('Edit src/a.ts');
    expect(call('git', ['a.ts', 'b.ts'])).toBe('Change the repository’s history or branches for a.ts, b.ts');
  });

  it('cuts a long list of paths and still reads without any', () => {
    expect(call('delete', ['a', 'b', 'c', 'd', 'e'])).toBe('Delete a, b, c and 2 more');
    expect(call('git', [])).toBe('Change the repository’s history or branches');
    expect(call('move')).toBe('Move files');
  });

  it('says nothing for a tool that declares nothing, whose arguments speak alone', () => {
    expect(call(undefined, ['a'])).toBeNull();
  });
});
