import { type z } from 'zod';
import { requestDef, type HandlerResultOf, type InputOf, type RequestChannel } from '../../shared/ipc/contract';
import { WeftError, type Envelope, type ErrorData } from '../../shared/ipc/errors';
import type { Logger } from '../logging/logger';
import type { OutboundScrub } from './outbound-scrub';

/** Who is calling, as the transport saw it; handlers may use it for auditing. */
export interface CallContext {
  readonly transport: 'electron' | 'websocket' | 'cli' | 'test';
}

/** One handler per request channel; the compiler proves none is missing. */
export type Handlers = {
  [C in RequestChannel]: (input: InputOf<C>, ctx: CallContext) => Promise<HandlerResultOf<C>> | HandlerResultOf<C>;
};

/** The handlers of one namespace, so each feature folder exports its own part of the table. */
export type NamespaceHandlers<N extends string> = {
  [C in RequestChannel as C extends `${N}.${string}` ? C : never]: Handlers[C];
};

export interface RouterOptions {
  /** Validate handler results against the contract too; on in tests and development. */
  readonly validateOutputs?: boolean;
  /** Hides secrets in every reply before it leaves main, whatever the handler put in it. */
  readonly scrub?: OutboundScrub;
}

/** Summarises zod issues for a person: where and what, without echoing the payload. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'input';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Dispatches a request from any transport: checks the channel exists, validates the
 * input with the contract's schema before the handler runs, and turns every outcome
 * into an envelope so no exception or stack trace crosses the boundary.
 */
export class Router {
  constructor(
    private readonly handlers: Handlers,
    private readonly log: Logger,
    private readonly options: RouterOptions = {},
  ) {}

  async dispatch(channel: unknown, rawInput: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    const reply = await this.route(channel, rawInput, ctx);
    const scrub = this.options.scrub;
    if (!scrub) return reply;
    if (!reply.ok) return fail({ code: reply.error.code, message: scrub.message(reply.error.message) });
    return { ok: true, value: scrub.value(channel as string, reply.value) };
  }

  private async route(channel: unknown, rawInput: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    if (typeof channel !== 'string') {
      return fail({ code: 'invalid_input', message: 'The request has no channel name.' });
    }
    const def = requestDef(channel);
    if (!def) {
      return fail({ code: 'unknown_channel', message: `There is no request named "${channel.slice(0, 80)}".` });
    }
    const parsed = def.input.safeParse(rawInput);
    if (!parsed.success) {
      return fail({ code: 'invalid_input', message: `Invalid input for ${channel}: ${describeIssues(parsed.error)}` });
    }
    const handler = this.handlers[channel as RequestChannel] as (input: unknown, ctx: CallContext) => unknown;
    try {
      const result = await handler(parsed.data, ctx);
      if (!this.options.validateOutputs) return { ok: true, value: result };
      const checked = def.output.safeParse(result);
      if (!checked.success) {
        this.log.error(
          { channel, issues: describeIssues(checked.error) },
          'handler returned a value outside the contract',
        );
        return fail({ code: 'internal', message: 'Weft produced an unexpected reply. The details are in the log.' });
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (error instanceof WeftError) return fail(error.toData());
      this.log.error({ channel, err: error }, 'request failed');
      return fail({ code: 'internal', message: 'Something went wrong inside Weft. The details are in the log.' });
    }
  }
}

function fail(error: ErrorData): Envelope<never> {
  return { ok: false, error };
}
