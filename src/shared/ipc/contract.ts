import type { z } from 'zod';
import type { EventDef, RequestDef } from './define';
import { agent } from './domains/agent';
import { app } from './domains/app';
import { files } from './domains/files';
import { git } from './domains/git';
import { logs } from './domains/logs';
import { mcp } from './domains/mcp';
import { models } from './domains/models';
import { notifications } from './domains/notifications';
import { projects } from './domains/projects';
import { search } from './domains/search';
import { settings } from './domains/settings';
import { tasks } from './domains/tasks';
import { terminal } from './domains/terminal';
import { workflow } from './domains/workflow';
import type { Envelope } from './errors';

export type { EventDef, RequestDef } from './define';
export type { AppInfo } from './domains/app';
export type { LogEntry } from './domains/logs';

/**
 * The whole contract between renderer and main, declared once, one domain per file under
 * domains/. Channel names are `<namespace>.<name>`, derived from these keys by both transports.
 */
export const contract = {
  app,
  projects,
  settings,
  logs,
  files,
  git,
  search,
  models,
  terminal,
  mcp,
  agent,
  workflow,
  tasks,
  notifications,
} as const;

export type Contract = typeof contract;
export type Namespace = keyof Contract;

type Defs<N extends Namespace> = Contract[N];
type RequestNames<N extends Namespace> = {
  [M in keyof Defs<N>]: Defs<N>[M] extends RequestDef ? M : never;
}[keyof Defs<N>] &
  string;
type EventNames<N extends Namespace> = {
  [M in keyof Defs<N>]: Defs<N>[M] extends EventDef ? M : never;
}[keyof Defs<N>] &
  string;

/** Every request channel, e.g. `projects.open`. */
export type RequestChannel = { [N in Namespace]: `${N}.${RequestNames<N>}` }[Namespace];
/** Every event channel, e.g. `settings.changed`. */
export type EventChannel = { [N in Namespace]: `${N}.${EventNames<N>}` }[Namespace];

type DefAt<C extends string> = C extends `${infer N extends Namespace}.${infer M}`
  ? M extends keyof Contract[N]
    ? Contract[N][M]
    : never
  : never;

export type InputOf<C extends RequestChannel> = DefAt<C> extends RequestDef<infer I> ? z.output<I> : never;
/** What a handler may return: the output schema's input side (before defaults). */
export type HandlerResultOf<C extends RequestChannel> =
  DefAt<C> extends RequestDef<z.ZodType, infer O> ? z.input<O> : never;
export type OutputOf<C extends RequestChannel> = DefAt<C> extends RequestDef<z.ZodType, infer O> ? z.output<O> : never;
export type PayloadOf<C extends EventChannel> = DefAt<C> extends EventDef<infer P> ? z.output<P> : never;

type Args<I extends z.ZodType> = z.input<I> extends undefined ? [] : [input: z.input<I>];

/** A contract-shaped object with one method per request and one subscriber per event. */
export type ApiShape<Wrap extends 'envelope' | 'value'> = {
  [N in Namespace]: {
    [M in keyof Defs<N>]: Defs<N>[M] extends RequestDef<infer I, infer O>
      ? (...args: Args<I>) => Promise<Wrap extends 'envelope' ? Reply<z.output<O>> : z.output<O>>
      : Defs<N>[M] extends EventDef<infer P>
        ? (listener: (payload: z.output<P>) => void) => () => void
        : never;
  };
};

/** What a transport returns for a request: value or error, as plain data. */
export type Reply<T> = Envelope<T>;

/** The bridge a transport gives the renderer: envelopes, never thrown errors. */
export type Bridge = ApiShape<'envelope'>;
/** The API the renderer's features use: values, with errors thrown as `ApiError`. */
export type Api = ApiShape<'value'>;

export interface ChannelEntry {
  readonly channel: string;
  readonly namespace: Namespace;
  readonly name: string;
}

function entriesOf(kind: 'request' | 'event'): ChannelEntry[] {
  const out: ChannelEntry[] = [];
  for (const [namespace, defs] of Object.entries(contract) as [Namespace, Record<string, RequestDef | EventDef>][]) {
    for (const [name, def] of Object.entries(defs)) {
      if (def.kind === kind) out.push({ channel: `${namespace}.${name}`, namespace, name });
    }
  }
  return out;
}

/** Every request channel, derived from the contract. */
export const requestChannels: readonly ChannelEntry[] = entriesOf('request');
/** Every event channel, derived from the contract. */
export const eventChannels: readonly ChannelEntry[] = entriesOf('event');

function lookup(channel: string): RequestDef | EventDef | undefined {
  const dot = channel.indexOf('.');
  if (dot < 0) return undefined;
  const ns = channel.slice(0, dot);
  const name = channel.slice(dot + 1);
  // hasOwn, so `__proto__.x` or `toString.x` never reach an inherited member.
  if (!Object.hasOwn(contract, ns)) return undefined;
  const defs = contract[ns as Namespace] as Record<string, RequestDef | EventDef>;
  return Object.hasOwn(defs, name) ? defs[name] : undefined;
}

/** Looks up a request definition by channel name; undefined for anything not in the contract. */
export function requestDef(channel: string): RequestDef | undefined {
  const def = lookup(channel);
  return def?.kind === 'request' ? def : undefined;
}

/** Looks up an event definition by channel name. */
export function eventDef(channel: string): EventDef | undefined {
  const def = lookup(channel);
  return def?.kind === 'event' ? def : undefined;
}

/** The Electron IPC channel names, prefixed so they cannot collide with Electron's own. */
export const ipcRequestChannel = (channel: string): string => `weft:req:${channel}`;
export const ipcEventChannel = (channel: string): string => `weft:evt:${channel}`;
