import { describe, expect, it } from 'vitest';
import { condense, estimateTokens, truncateOutput } from '../../../src/main/agent/context';
import type { ChatMessage } from '../../../src/main/models/core/types';

function longRun(steps: number, outputChars: number): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'user', content: 'Fix the failing test in src/math.ts' }];
  for (let i = 0; i < steps; i++) {
    const id = `call_${i}`;
    messages.push({
      role: 'assistant',
      content: `step ${i}`,
      toolCalls: [{ id, name: 'files__read', arguments: { path: `f${i}.ts` } }],
    });
    messages.push({ role: 'tool', toolCallId: id, name: 'files__read', content: 'x'.repeat(outputChars) });
  }
  return messages;
}

describe('agent context', () => {
  it('truncates long tool output with a marker that says how much was cut', () => {
    const out = truncateOutput('a'.repeat(1000) + 'END', 100);
    expect(out.length).toBeLessThan(200);
    expect(out).toContain('903 characters elided');
    expect(out.endsWith('END')).toBe(true);
    expect(truncateOutput('short', 100)).toBe('short');
  });

  it('leaves a conversation that fits alone', () => {
    const messages = longRun(3, 100);
    expect(condense(messages, 10_000).messages).toEqual(messages);
  });

  it('shortens old tool output first, keeping every call paired with its result', () => {
    const messages = longRun(10, 4000);
    const { messages: out, shortened, dropped } = condense(messages, estimateTokens(messages) / 2);
    expect(shortened).toBeGreaterThan(0);
    expect(dropped).toBe(0);
    expect(out).toHaveLength(messages.length);
    expect(out.at(-1)).toEqual(messages.at(-1));
    expect(estimateTokens(out)).toBeLessThan(estimateTokens(messages) / 2);
  });

  it('drops whole old steps when shortening is not enough, keeping the task and recent steps', () => {
    const messages = longRun(60, 200);
    const limit = 1500;
    const { messages: out, dropped } = condense(messages, limit);
    expect(dropped).toBeGreaterThan(0);
    expect(estimateTokens(out)).toBeLessThanOrEqual(limit);
    expect(out[0]!.content).toContain('Fix the failing test');
    expect(out[0]!.content).toContain(`condensed ${dropped} earlier steps`);
    expect(out.slice(-6)).toEqual(messages.slice(-6));
    // Every tool result still follows the assistant turn that asked for it.
    for (let i = 0; i < out.length; i++) {
      const m = out[i]!;
      if (m.role !== 'tool') continue;
      const owner = out
        .slice(0, i)
        .reverse()
        .find((x) => x.role === 'assistant');
      expect(owner && owner.role === 'assistant' && owner.toolCalls?.some((c) => c.id === m.toolCallId)).toBe(true);
    }
  });
});
