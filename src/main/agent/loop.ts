// The agent loop: stream the model, run its tool calls through the approval policy, feed the
// results back, and stop with a clear status. Everything it does goes through the journal first.
import type { ApprovalDecision, ApprovalSubject, RunEntry, RunStatus } from '../../shared/domain/agent';
import { isWeftError, WeftError, type ErrorData } from '../../shared/ipc/errors';
import type { AgentTool, ToolSet } from '../mcp/tool-set';
import type { ChatMessage, ModelRequest, ModelResult, ToolCall } from '../models/core/types';
import { condense, estimateTokens, truncateOutput } from './context';
import type { RunJournal } from './journal';
import type { PolicyDecision } from './policy/policy';

/** What the loop is built from; AgentService supplies the real ones, tests may supply their own. */
export interface LoopDeps {
  readonly journal: RunJournal;
  readonly tools: ToolSet;
  /** One model call with the run's model, budgets and attribution; text deltas stream to `onText`. */
  callModel(
    request: Omit<ModelRequest, 'model'>,
    onText: (delta: string) => void,
    signal: AbortSignal,
  ): Promise<ModelResult>;
  /** May be asynchronous: the run driver lists what the run changed before a shell command is decided. */
  decide(tool: AgentTool, args: Record<string, unknown>): PolicyDecision | Promise<PolicyDecision>;
  /** What an approval card shows for this call (the command, the diff, or the arguments). */
  subjectOf(tool: AgentTool, args: Record<string, unknown>, decision: PolicyDecision): Promise<ApprovalSubject>;
  /** Journals an approval card before it returns; the promise settles with the answer, or rejects with `cancelled` when the run stops. */
  askUser(entry: { callId: string; tool: string; subject: ApprovalSubject; reason: string }): Promise<ApprovalDecision>;
  /** Writes a policy decision to the audit table. */
  audit(tool: AgentTool, decision: PolicyDecision): void;
  /** Commits what the step changed as a checkpoint, if anything changed. */
  checkpoint(step: number, summary: string): Promise<void>;
  readonly system: string;
  /** Tokens the conversation may use before old turns are condensed. */
  readonly contextTokens: number;
  readonly maxSteps: number;
  /** Characters of one tool result the model sees; the rest is elided with a marker. */
  readonly outputCap: number;
  readonly signal: AbortSignal;
}

/** How a loop ended. */
export interface LoopOutcome {
  readonly status: RunStatus;
  readonly message: string;
  readonly error: ErrorData | null;
}

/** Runs model turns until the model stops calling tools, or a limit, a stop or an error ends it. */
export async function runLoop(deps: LoopDeps): Promise<LoopOutcome> {
  const { journal, signal } = deps;
  const byName = new Map(deps.tools.tools.map((t) => [t.name, t]));
  const specs = deps.tools.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.inputSchema }));
  try {
    for (;;) {
      if (signal.aborted) return stopped();
      const row = journal.row();
      if (row.steps >= row.maxSteps)
        return {
          status: 'step_limit',
          message: `Stopped after ${row.steps} steps, the run’s limit. Send a message to let it go on.`,
          error: null,
        };
      const step = row.steps + 1;
      const history = journal.messages();
      const budget = deps.contextTokens - Math.ceil(deps.system.length / 4) - estimateTokens([]) - specs.length * 150;
      const fitted = condense(history, Math.max(1000, budget));
      if (fitted.dropped > 0 || fitted.shortened > 0)
        journal.add({
          kind: 'status',
          status: 'running',
          message: `The conversation neared the model’s context limit: ${fitted.shortened} old tool outputs were shortened and ${fitted.dropped} old steps condensed.`,
        });

      // Added on the first streamed token (or after the call), so a refused call leaves no empty turn.
      let assistant: RunEntry | null = null;
      let streamed = '';
      let result: ModelResult;
      try {
        result = await deps.callModel(
          { system: deps.system, messages: fitted.messages, tools: specs, toolChoice: 'auto' },
          (delta) => {
            streamed += delta;
            assistant ??= journal.add({ kind: 'assistant', text: '', step });
            journal.delta(assistant.seq, delta);
          },
          signal,
        );
      } catch (error) {
        // What streamed before a stop or a failure stays in the timeline (not in the conversation).
        if (assistant) journal.replace(assistant, { kind: 'assistant', text: streamed, step });
        throw error;
      }
      // The result's text, not what streamed: tool calls a model wrote as text (the prompt-level
      // protocol) are taken out of it, and show as tool cards and go back to the model once.
      const text = result.text;
      const prior = journal.row();
      const costUsd = prior.costUsd === null || result.costUsd === null ? null : prior.costUsd + result.costUsd;
      const body = { kind: 'assistant', text, step, runCostUsd: costUsd } as const;
      if (assistant) journal.replace(assistant, body);
      else journal.add(body);
      journal.update({
        steps: step,
        inputTokens: prior.inputTokens + result.usage.inputTokens + result.usage.cacheReadTokens,
        outputTokens: prior.outputTokens + result.usage.outputTokens,
        costUsd,
      });
      journal.message({
        role: 'assistant',
        content: text,
        ...(result.toolCalls.length ? { toolCalls: result.toolCalls } : {}),
      });

      if (result.toolCalls.length === 0) {
        if (result.stopReason === 'max_tokens')
          return {
            status: 'completed',
            message: 'The model reached its output limit and stopped. Send a message to let it go on.',
            error: null,
          };
        return { status: 'completed', message: 'The agent finished.', error: null };
      }

      let changed = false;
      for (const [i, call] of result.toolCalls.entries()) {
        if (signal.aborted) {
          for (const rest of result.toolCalls.slice(i)) answer(rest, 'Cancelled by the user before it ran.', true);
          return stopped();
        }
        const tool = byName.get(call.name);
        const ran = await runCall(deps, call, tool);
        if (ran && tool && !tool.readOnly) changed = true;
      }
      if (changed) await deps.checkpoint(step, summarise(text, result.toolCalls));
    }
  } catch (error) {
    if (signal.aborted || (isWeftError(error) && error.code === 'cancelled')) return stopped();
    if (isWeftError(error) && error.code === 'budget_exceeded')
      return { status: 'budget_exceeded', message: error.message, error: error.toData() };
    const data: ErrorData = isWeftError(error)
      ? error.toData()
      : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
    return { status: 'failed', message: data.message, error: data };
  }

  function stopped(): LoopOutcome {
    return { status: 'cancelled', message: 'Stopped by the user.', error: null };
  }

  function answer(call: ToolCall, content: string, isError: boolean): void {
    journal.message({ role: 'tool', toolCallId: call.id, name: call.name, content, ...(isError ? { isError } : {}) });
  }
}

/** One tool call: policy, maybe approval, the call, the result. Returns whether the tool ran. */
async function runCall(deps: LoopDeps, call: ToolCall, tool: AgentTool | undefined): Promise<boolean> {
  const { journal } = deps;
  const args = JSON.stringify(call.arguments, null, 2);
  let entry: RunEntry = journal.add({
    kind: 'tool',
    callId: call.id,
    tool: call.name,
    arguments: call.parseError ? (call.raw ?? '') : args,
    state: 'pending',
    result: null,
    durationMs: null,
  });
  const finish = (state: 'done' | 'error' | 'denied' | 'cancelled', content: string, durationMs: number | null) => {
    const shown = truncateOutput(content, deps.outputCap);
    entry = journal.replace(entry, {
      ...(entry as Extract<RunEntry, { kind: 'tool' }>),
      state,
      result: shown,
      durationMs,
    });
    journal.message({
      role: 'tool',
      toolCallId: call.id,
      name: call.name,
      content: shown,
      ...(state === 'done' ? {} : { isError: true }),
    });
  };

  if (call.parseError) {
    finish(
      'error',
      `The arguments were not valid JSON (${call.parseError}). Call the tool again with a JSON object.`,
      null,
    );
    return false;
  }
  if (!tool) {
    finish('error', `There is no tool named ${call.name}. Use one of the tools you were given.`, null);
    return false;
  }

  const decision = await deps.decide(tool, call.arguments);
  deps.audit(tool, decision);
  if (decision.action === 'deny') {
    finish(
      'denied',
      `Weft’s approval policy denied this call: ${decision.reason} Do not retry it; find another way or explain.`,
      null,
    );
    return false;
  }
  if (decision.action === 'ask') {
    entry = journal.replace(entry, { ...(entry as Extract<RunEntry, { kind: 'tool' }>), state: 'awaiting_approval' });
    const subject = await deps.subjectOf(tool, call.arguments, decision);
    if (deps.signal.aborted) {
      finish('cancelled', 'Cancelled by the user before it ran.', null);
      throw new WeftError('cancelled', 'The run was stopped.');
    }
    let answer: ApprovalDecision;
    try {
      // The card is journaled before the status says "waiting", so a crash between them loses nothing.
      const pending = deps.askUser({ callId: call.id, tool: call.name, subject, reason: decision.reason });
      journal.update({ status: 'awaiting_approval' });
      answer = await pending;
    } catch (error) {
      finish('cancelled', 'Cancelled by the user before it ran.', null);
      throw error;
    }
    journal.update({ status: 'running' });
    if (answer === 'deny') {
      finish('denied', 'The user denied this call. Do not retry it; ask or take another way.', null);
      return false;
    }
  }

  entry = journal.replace(entry, { ...(entry as Extract<RunEntry, { kind: 'tool' }>), state: 'running' });
  const started = Date.now();
  const outcome = await deps.tools.call(call.name, call.arguments, deps.signal);
  const elapsed = Date.now() - started;
  if (deps.signal.aborted) {
    finish('cancelled', `Cancelled by the user while it ran.${outcome.text ? `\n${outcome.text}` : ''}`, elapsed);
    return true;
  }
  finish(outcome.isError ? 'error' : 'done', outcome.text || '(no output)', elapsed);
  return true;
}

function summarise(text: string, calls: readonly ToolCall[]): string {
  const firstLine = text
    .split('\n')
    .find((l) => l.trim().length > 0)
    ?.trim();
  if (firstLine) return firstLine.length > 72 ? `${firstLine.slice(0, 71)}…` : firstLine;
  return calls.map((c) => c.name).join(', ');
}

/** What the model and the user are told about a call Weft stopped in the middle of. */
export const INTERRUPTED_CALL =
  'Weft stopped before this call finished; it may or may not have taken effect. Check before repeating it.';

/**
 * Makes a stored conversation valid to continue: an assistant turn whose tool calls never got a
 * result (the process died mid-step) gets a result saying so.
 */
export function closeDanglingCalls(messages: readonly ChatMessage[]): ChatMessage[] {
  const answered = new Set(messages.flatMap((m) => (m.role === 'tool' ? [m.toolCallId] : [])));
  const missing: ChatMessage[] = [];
  for (const m of messages)
    if (m.role === 'assistant')
      for (const c of m.toolCalls ?? [])
        if (!answered.has(c.id))
          missing.push({
            role: 'tool',
            toolCallId: c.id,
            name: c.name,
            content: INTERRUPTED_CALL,
            isError: true,
          });
  return missing;
}
