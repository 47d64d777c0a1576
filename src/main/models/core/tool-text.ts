import type { ChatMessage, ToolCall, ToolSpec } from './types';

// Local models without native tool calls get the tools in the prompt and answer in text.
// Qwen and Hermes models use <tool_call>{"name":…,"arguments":…}</tool_call>; many others
// answer with a ```json fenced block. Both are accepted.

const TAG = /<tool_call>\s*([\s\S]*?)\s*<\/tool_call>/g;
const FENCE = /```(?:json|tool_call)?\s*\n([\s\S]*?)\n?```/g;

/** The tool calls found in a model's text, and the text with them removed. */
export function parseTextToolCalls(
  text: string,
  tools: readonly ToolSpec[],
  makeId: (index: number) => string,
): { text: string; calls: ToolCall[] } {
  const names = new Set(tools.map((t) => t.name));
  const calls: ToolCall[] = [];
  let rest = text.replace(TAG, (_match, body: string) => {
    calls.push(toCall(body, names, makeId(calls.length), true));
    return '';
  });
  if (calls.length === 0) {
    // A fenced block is only a tool call when it names a known tool; other JSON is an answer.
    rest = rest.replace(FENCE, (match, body: string) => {
      const call = toCall(body, names, makeId(calls.length), false);
      if (call.parseError !== undefined && !names.has(call.name)) return match;
      calls.push(call);
      return '';
    });
  }
  return { text: rest.trim(), calls };
}

function toCall(body: string, names: Set<string>, id: string, tagged: boolean): ToolCall {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    const name = /"name"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? (tagged ? 'unknown' : '');
    return {
      id,
      name,
      arguments: {},
      raw: body,
      parseError: `The tool call is not valid JSON: ${(error as Error).message}`,
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { id, name: '', arguments: {}, raw: body, parseError: 'The tool call is not a JSON object.' };
  }
  const obj = parsed as Record<string, unknown>;
  const name = typeof obj.name === 'string' ? obj.name : '';
  let args = obj.arguments ?? obj.parameters ?? obj.input ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      return { id, name, arguments: {}, raw: body, parseError: 'The tool arguments are not valid JSON.' };
    }
  }
  if (!names.has(name)) {
    return { id, name, arguments: {}, raw: body, parseError: `There is no tool named "${name}".` };
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return { id, name, arguments: {}, raw: body, parseError: 'The tool arguments are not a JSON object.' };
  }
  return { id, name, arguments: args as Record<string, unknown> };
}

/** Parses a tool call's argument text as a JSON object, or says why it is not one. */
export function parseToolArguments(raw: string): { arguments: Record<string, unknown>; parseError?: string } {
  if (raw.trim() === '') return { arguments: {} };
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { arguments: value as Record<string, unknown> };
    }
    return { arguments: {}, parseError: 'The tool arguments are not a JSON object.' };
  } catch (error) {
    return { arguments: {}, parseError: `The tool arguments are not valid JSON: ${(error as Error).message}` };
  }
}

/** The system-prompt section that teaches a model without native tools how to call them. */
export function toolProtocolPrompt(tools: readonly ToolSpec[]): string {
  const list = tools
    .map((t) => JSON.stringify({ name: t.name, description: t.description, parameters: t.parameters }))
    .join('\n');
  return [
    'You can call tools. The tools are described by these JSON objects:',
    '<tools>',
    list,
    '</tools>',
    'To call a tool, answer with one block per call, exactly like this, and nothing after it:',
    '<tool_call>{"name": "TOOL_NAME", "arguments": {ARGUMENTS AS JSON}}</tool_call>',
    'The result comes back in a <tool_response> block. When no tool is needed, answer normally.',
  ].join('\n');
}

/** Rewrites a conversation for the text protocol: tool calls and results become plain text. */
export function toTextProtocol(messages: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
      const calls = m.toolCalls
        .map((c) => `<tool_call>${JSON.stringify({ name: c.name, arguments: c.arguments })}</tool_call>`)
        .join('\n');
      out.push({ role: 'assistant', content: [m.content, calls].filter(Boolean).join('\n') });
    } else if (m.role === 'tool') {
      const body = `<tool_response name="${m.name}"${m.isError ? ' error="true"' : ''}>\n${m.content}\n</tool_response>`;
      const prev = out[out.length - 1];
      // Consecutive results go in one user turn, as chat templates expect alternating roles.
      if (prev?.role === 'user' && prev.content.startsWith('<tool_response')) {
        out[out.length - 1] = { role: 'user', content: `${prev.content}\n${body}` };
      } else out.push({ role: 'user', content: body });
    } else out.push(m);
  }
  return out;
}
