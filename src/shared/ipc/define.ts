import { z } from 'zod';

/** A request the renderer sends and main answers. */
export interface RequestDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly input: I;
  readonly output: O;
}

/** A stream of payloads main pushes to every connected renderer. */
export interface EventDef<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: P;
}

/** Declares a request: its input and output schemas. */
export const request = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): RequestDef<I, O> => ({
  kind: 'request',
  input,
  output,
});
/** Declares an event stream: its payload schema. */
export const event = <P extends z.ZodType>(payload: P): EventDef<P> => ({ kind: 'event', payload });

/** For requests that take no argument. */
export const none = z.undefined();

/** An absolute or relative path typed by a person; length-capped and free of NUL bytes. */
export const pathInput = z
  .string()
  .min(1, 'a path is required')
  .max(4096, 'the path is too long')
  .refine((p) => !p.includes('\0'), 'the path contains a NUL byte');
