import { HeadTailCap } from '../../../shared/terminal/output-cap';

/** The most text one tool answer carries to the model. */
export const MAX_TOOL_TEXT = 60_000;

/** Keeps the head and the tail of a long text with a marker naming how much was left out. */
export function capText(text: string, max = MAX_TOOL_TEXT): string {
  if (text.length <= max) return text;
  const cap = new HeadTailCap(Math.floor(max * 0.6), Math.floor(max * 0.4));
  cap.push(text);
  return cap.toString();
}
