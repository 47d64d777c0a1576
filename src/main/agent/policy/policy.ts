// The approval policy: deterministic, pure, enforced in the main process before any tool runs.
// The model can ask for anything; this decides what actually happens.
import type { PolicyAction, PolicyRule } from '../../../shared/domain/agent';
import type { PathFlavour } from '../../files/path-rules';
import { globMatch } from './glob';
import { expandsVariables, isCompound, riskyOptions, shellWords, usesNetwork } from './command';
import { insideRoot, lexicalResolve, pathsOutside } from './paths';

/** What the policy needs to know about a tool (from its MCP annotations). */
export interface ToolFacts {
  readonly name: string;
  readonly server: string;
  readonly builtIn: boolean;
  readonly readOnly: boolean;
  readonly openWorld: boolean;
}

/** Where the call would act. */
export interface PolicyContext {
  /** The directory the run's tools work in. */
  readonly root: string;
  /** True when `root` is the run's own worktree (writes there are undoable checkpoints). */
  readonly isWorktree: boolean;
  /** Project rules first, then global ones; order among equals is by creation. */
  readonly rules: readonly PolicyRule[];
  /** Commands that run without asking when they are a single simple command. */
  readonly allowCommands: readonly string[];
  readonly flavour: PathFlavour;
}

/** A decision and the words that explain it on a card and in the audit table. */
export interface PolicyDecision {
  readonly action: PolicyAction;
  readonly reason: string;
  /** The command, the path(s) or the arguments the decision is about. */
  readonly subject: string;
  /** The shell command line, when the tool runs one. */
  readonly command: string | null;
  /** The rule that decided, if a rule did. */
  readonly ruleId: string | null;
}

/** Simple commands that only read, build or test inside the project; anything else asks. */
export const defaultAllowCommands: readonly string[] = [
  'ls',
  'ls *',
  'pwd',
  'cat *',
  'head *',
  'tail *',
  'wc *',
  'grep *',
  'rg *',
  'find *',
  'git status*',
  'git diff*',
  'git log*',
  'git show*',
  'npm test',
  'npm test *',
  'npm run test*',
  'npm run lint*',
  'npm run build*',
  'npm run typecheck*',
  'node --test*',
  'pytest*',
  'python -m pytest*',
  'python3 -m pytest*',
  'go test*',
  'go build*',
  'go vet*',
  'cargo test*',
  'cargo build*',
  'cargo check*',
  'make test*',
  'make check*',
];

const pathArgs = ['path', 'paths', 'from', 'to', 'cwd', 'file', 'dir'] as const;

/** The shell command a call would run, when the tool is a shell tool. */
export function commandOf(tool: ToolFacts, args: Record<string, unknown>): string | null {
  if (tool.server !== 'shell' || !tool.builtIn) return null;
  return typeof args.command === 'string' ? args.command : '';
}

/** Decides one tool call. Order: path confinement, the user's rules, then the safe defaults. */
export function decide(tool: ToolFacts, args: Record<string, unknown>, ctx: PolicyContext): PolicyDecision {
  const command = commandOf(tool, args);
  const paths = pathArgs.flatMap((key) => {
    const v = args[key];
    if (typeof v === 'string') return v.length > 0 ? [v] : [];
    // e.g. git__commit's `paths`
    return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.length > 0) : [];
  });
  const subject = command ?? (paths.length > 0 ? paths.join(' → ') : compactJson(args));
  const verdict = (action: PolicyAction, reason: string, ruleId: string | null = null): PolicyDecision => ({
    action,
    reason,
    subject,
    command,
    ruleId,
  });

  // Built-in tools confine paths to the root; a model naming one outside is refused outright.
  if (tool.builtIn) {
    const escaping = paths.find((p) => !insideRoot(ctx.root, p, ctx.flavour));
    if (escaping !== undefined) return verdict('deny', `“${escaping}” is outside the project.`);
  }

  const rule = matchRule(tool.name, command, ctx.rules);
  const cwd = typeof args.cwd === 'string' && args.cwd !== '' ? args.cwd : '.';
  const outside =
    command === null
      ? []
      : pathsOutside(shellWords(command), ctx.root, lexicalResolve(ctx.root, cwd, ctx.flavour), ctx.flavour);
  if (rule?.action === 'deny') return verdict('deny', `A rule denies ${ruleText(rule)}.`, rule.id);
  // Only a rule for this exact command line (an "always allow" answer) may reach outside paths.
  const exactRule = rule !== null && rule.command !== null && isLiteralGlob(rule.command);
  if (outside.length > 0 && !exactRule)
    return verdict('deny', `The command touches ${outside.join(', ')}, outside the project.`);
  if (command !== null && command.trim() === '') return verdict('deny', 'The shell tool was called without a command.');
  // What a pattern cannot vouch for: a pattern like `npm test*` must not let `npm test && curl …` through.
  const beyondPatterns = command === null ? null : unsafeForPatterns(command);
  if (rule) {
    const what = ruleText(rule);
    if (rule.action === 'allow' && beyondPatterns !== null && !exactRule)
      return verdict('ask', `A rule allows ${what}, but ${beyondPatterns}`, rule.id);
    return verdict(
      rule.action,
      rule.action === 'allow' ? `A rule allows ${what}.` : `A rule asks for ${what}.`,
      rule.id,
    );
  }

  if (command !== null) {
    if (beyondPatterns !== null) return verdict('ask', capitalise(beyondPatterns));
    if (ctx.allowCommands.some((p) => globMatch(p, command.trim())))
      return verdict('allow', 'The command is on the allow list.');
    return verdict('ask', 'Shell commands ask unless they are on the allow list.');
  }
  // MCP's hints are the server's own claims; a server Weft does not ship is not taken at its word.
  if (!tool.builtIn)
    return verdict(
      'ask',
      tool.openWorld
        ? `${tool.server} may reach the network.`
        : `Tools of ${tool.server}, an external MCP server, ask until a rule allows them.`,
    );
  if (tool.readOnly) return verdict('allow', 'Reads inside the project are allowed.');
  if (tool.builtIn && ctx.isWorktree)
    return verdict(
      'allow',
      'Writes inside the run’s worktree are allowed; each step is a checkpoint you can roll back.',
    );
  return verdict('ask', 'Writes outside a run’s worktree ask first.');
}

/**
 * The most specific rule for this call: project rules before global ones, a rule with a command
 * pattern before one for the whole tool, and deny before ask before allow among equals.
 */
export function matchRule(tool: string, command: string | null, rules: readonly PolicyRule[]): PolicyRule | null {
  const rank = (r: PolicyRule) =>
    (r.projectId !== null ? 0 : 4) +
    (r.command !== null ? 0 : 2) +
    (r.action === 'deny' ? 0 : r.action === 'ask' ? 0.5 : 1);
  const matching = rules.filter(
    (r) =>
      globMatch(r.tool, tool) && (r.command === null || (command !== null && globMatch(r.command, command.trim()))),
  );
  matching.sort((a, b) => rank(a) - rank(b));
  return matching[0] ?? null;
}

function ruleText(rule: PolicyRule): string {
  return rule.command !== null ? `“${rule.command}”` : `${rule.tool}`;
}

/** Why a command line needs a person even when a pattern matches it, or null when it does not. */
function unsafeForPatterns(command: string): string | null {
  const words = shellWords(command);
  if (usesNetwork(words)) return 'the command may use the network.';
  if (isCompound(command)) return 'the command chains, pipes or redirects.';
  if (expandsVariables(command)) return 'the command expands variables, which may name anything.';
  const risky = riskyOptions(words);
  if (risky.length > 0) return `${risky.join(' ')} makes the command run programs or write files.`;
  return null;
}

/** True when a pattern has no wildcard: it matches one command line exactly. */
function isLiteralGlob(pattern: string): boolean {
  return !/(^|[^\\])[*?]/.test(pattern);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function compactJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
