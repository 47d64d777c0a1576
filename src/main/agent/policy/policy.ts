// The approval policy: deterministic, pure, enforced in the main process before any tool runs.
// The model can ask for anything; this decides what actually happens. It is the second line: the
// OS sandbox contains what runs, and reading a command here is for explaining and asking.
import type { PolicyAction, PolicyRule } from '../../../shared/domain/agent';
import type { PathFlavour } from '../../files/path-rules';
import { declaredPaths, readOnlyKinds, stringArg, type ToolDeclaration } from '../../mcp/core/tool-declaration';
import { allowListed, patternMatches, type AllowedCommand } from './allow-list';
import { globMatch } from './glob';
import { insideRoot, lexicalResolve } from './paths';
import { commandConcerns, outsidePaths } from './line-facts';
import { changedDefinitions, runnerOf } from './runners';
import type { ParsedLine } from './shell-line';
import type { ShellParser } from './shell-parser';

export { defaultAllowCommands, type AllowedCommand } from './allow-list';

/** What the policy needs to know about a tool: its MCP annotations, and a built-in tool's declaration. */
export interface ToolFacts {
  readonly name: string;
  readonly server: string;
  readonly builtIn: boolean;
  /** MCP's read-only hint; the policy goes by a built-in tool's declared kind instead. */
  readonly readOnly: boolean;
  readonly openWorld: boolean;
  /**
   * A built-in tool's kind and which of its arguments are paths and command lines. Only a
   * built-in tool's declaration is read; a built-in tool without one asks.
   */
  readonly declaration?: ToolDeclaration;
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
  readonly allowCommands: readonly AllowedCommand[];
  readonly flavour: PathFlavour;
  /** A loaded parser (`await ShellParser.load()` before the run starts), so deciding stays synchronous. */
  readonly shell: ShellParser;
  /**
   * Files the run has changed so far (added, modified, deleted or renamed, both names), relative
   * to `root` with `/` separators: a script runner whose definition is among them asks. Null when
   * they could not be listed: every script runner then asks.
   */
  readonly changedFiles: ReadonlySet<string> | null;
  /** False where the OS sandbox cannot be had: every shell command then asks. */
  readonly sandboxed: boolean;
  /** False for a folder the user has not trusted: every shell command then asks. */
  readonly trusted: boolean;
  /** The user's "approve everything, the sandbox holds" mode; ignored unless `sandboxed`. */
  readonly allowAll: boolean;
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
  /** Files the run changed that define what the command runs (package.json for `npm test`), for the card. */
  readonly changedDefinitions?: readonly string[];
}

/** The declaration the policy may believe: a built-in tool's own, never an external server's. */
function declarationOf(tool: ToolFacts): ToolDeclaration | null {
  return tool.builtIn ? (tool.declaration ?? null) : null;
}

/**
 * True when deciding this call needs the run's changed files: it runs a script runner (or git),
 * whose meaning lives in project files. Listing changes costs a git snapshot, so other calls skip it.
 */
export function needsChangedFiles(tool: ToolFacts, args: Record<string, unknown>, shell: ShellParser): boolean {
  const command = commandOf(tool, args);
  return command !== null && shell.parse(command).commands.some((c) => runnerOf(c) !== null);
}

/** The shell command a call would run, when the tool declares a command argument. */
export function commandOf(tool: ToolFacts, args: Record<string, unknown>): string | null {
  const declared = declarationOf(tool);
  if (declared?.commandArg === undefined) return null;
  return stringArg(args, declared.commandArg) ?? '';
}

/**
 * Decides one tool call. Order: path confinement, deny rules, literal outside paths, the
 * allow-everything mode, a missing sandbox or trust, the user's rules, then the safe defaults.
 */
export function decide(tool: ToolFacts, args: Record<string, unknown>, ctx: PolicyContext): PolicyDecision {
  const declared = declarationOf(tool);
  const command = commandOf(tool, args);
  const paths = declared ? declaredPaths(declared, args) : [];
  const subject = command ?? (paths.length > 0 ? paths.join(' → ') : compactJson(args));
  let definitions: readonly string[] = [];
  const verdict = (action: PolicyAction, reason: string, ruleId: string | null = null): PolicyDecision => ({
    action,
    reason,
    subject,
    command,
    ruleId,
    ...(definitions.length > 0 ? { changedDefinitions: definitions } : {}),
  });

  // Built-in tools confine paths to the root; a model naming one outside is refused outright.
  // With everything allowed this is left to the tools' own path guard, so that layer is tested alone.
  if (declared && !(ctx.allowAll && ctx.sandboxed)) {
    const escaping = paths.find((p) => !insideRoot(ctx.root, p, ctx.flavour));
    if (escaping !== undefined) return verdict('deny', `“${escaping}” is outside the project.`);
  }
  if (command !== null && command.trim() === '') return verdict('deny', 'The shell tool was called without a command.');

  const line = command === null ? null : ctx.shell.parse(command);
  const rule = matchRule(tool.name, command, ctx.rules, line);
  if (rule?.action === 'deny') return verdict('deny', `A rule denies ${ruleText(rule)}.`, rule.id);
  // Only a rule for this exact command line (an "always allow" answer) may reach outside paths.
  const exactRule = rule !== null && rule.command !== null && isLiteralGlob(rule.command);
  const everything = ctx.allowAll && ctx.sandboxed;
  const cwd = stringArg(args, declared?.cwdArg) || '.';
  if (line !== null && !exactRule && !everything) {
    const outside = outsidePaths(line, ctx.root, cwd, ctx.flavour);
    if (outside.length > 0) return verdict('deny', `The command touches ${outside.join(', ')}, outside the project.`);
  }
  if (everything) return verdict('allow', 'Everything is allowed in this run; the sandbox confines it.');
  if (line === null) return decideTool(tool, declared, ctx, rule, verdict);

  if (ctx.changedFiles !== null) definitions = changedDefinitions(line.commands, ctx.changedFiles);
  if (!ctx.sandboxed) return verdict('ask', 'Commands are not sandboxed on this system, so each one asks.');
  if (!ctx.trusted) return verdict('ask', 'This folder is not trusted, so each command asks.');
  const changed =
    definitions.length > 0
      ? `${definitions.join(', ')} ${definitions.length === 1 ? 'has' : 'have'} changed, and ${definitions.length === 1 ? 'it defines' : 'they define'} what the command runs.`
      : ctx.changedFiles === null && line.commands.some((c) => runnerOf(c) !== null)
        ? 'Weft could not list what this run changed, so it cannot tell whether the files that define what it runs are as they were.'
        : null;
  // What a pattern or the allow list cannot vouch for: `npm test*` must not let `npm test && curl …` through.
  const here = lexicalResolve(ctx.root, cwd, ctx.flavour) === lexicalResolve(ctx.root, '.', ctx.flavour);
  const concerns = commandConcerns(line, here ? '.' : cwd);
  if (rule) {
    const what = ruleText(rule);
    if (rule.action === 'ask') return verdict('ask', `A rule asks for ${what}.`, rule.id);
    const but = changed ?? (exactRule || concerns.length === 0 ? null : explain(concerns));
    if (but !== null) return verdict('ask', `A rule allows ${what}, but ${but}`, rule.id);
    return verdict('allow', `A rule allows ${what}.`, rule.id);
  }
  if (concerns.length > 0) return verdict('ask', capitalise(explain(concerns)));
  const only = line.commands[0];
  if (line.commands.length === 1 && only && allowListed(only, ctx.allowCommands)) {
    if (changed !== null) return verdict('ask', `The command is on the allow list, but ${changed}`);
    return verdict('allow', 'The command is on the allow list.');
  }
  return verdict('ask', 'Shell commands ask unless they are on the allow list.');
}

/** Calls that run no command line: rules, then what a built-in tool declares about itself. */
function decideTool(
  tool: ToolFacts,
  declared: ToolDeclaration | null,
  ctx: PolicyContext,
  rule: PolicyRule | null,
  verdict: (action: PolicyAction, reason: string, ruleId?: string | null) => PolicyDecision,
): PolicyDecision {
  if (rule) {
    const what = ruleText(rule);
    return verdict(
      rule.action,
      rule.action === 'allow' ? `A rule allows ${what}.` : `A rule asks for ${what}.`,
      rule.id,
    );
  }
  // MCP's hints are the server's own claims; a server Weft does not ship is not taken at its word.
  if (!tool.builtIn)
    return verdict(
      'ask',
      tool.openWorld
        ? `${tool.server} may reach the network.`
        : `Tools of ${tool.server}, an external MCP server, ask until a rule allows them.`,
    );
  // Without a declaration the policy cannot tell which arguments are paths, so it confined none.
  if (!declared) return verdict('ask', `${tool.name} does not declare what it does, so it asks.`);
  if (readOnlyKinds.has(declared.kind)) return verdict('allow', 'Reads inside the project are allowed.');
  if (ctx.isWorktree)
    return verdict(
      'allow',
      'Writes inside the run’s worktree are allowed; each step is a checkpoint you can roll back.',
    );
  return verdict('ask', 'Writes outside a run’s worktree ask first.');
}

/**
 * The most specific rule for this call: project rules before global ones, a rule with a command
 * pattern before one for the whole tool, and deny before ask before allow among equals.
 *
 * A rule without wildcards matches exactly that line. A pattern allows a command only word by
 * word (see patternMatches); a pattern that denies or asks also matches the line as a string or
 * any command inside it, so `rm *` still denies `ls && rm -rf x`.
 */
export function matchRule(
  tool: string,
  command: string | null,
  rules: readonly PolicyRule[],
  line: ParsedLine | null = null,
): PolicyRule | null {
  const rank = (r: PolicyRule) =>
    (r.projectId !== null ? 0 : 4) +
    (r.command !== null ? 0 : 2) +
    (r.action === 'deny' ? 0 : r.action === 'ask' ? 0.5 : 1);
  const commandMatches = (pattern: string, action: PolicyAction): boolean => {
    if (command === null) return false;
    const trimmed = command.trim();
    if (isLiteralGlob(pattern)) return globMatch(pattern, trimmed);
    const words = line?.commands ?? [];
    if (action === 'allow') {
      // An allow pattern vouches for one top-level command; chaining is judged as a concern.
      const top = words.filter((c) => !c.nested);
      return top.length > 0 && patternMatches(pattern, top[0]!);
    }
    return globMatch(pattern, trimmed) || words.some((c) => patternMatches(pattern, c));
  };
  const matching = rules.filter(
    (r) => globMatch(r.tool, tool) && (r.command === null || commandMatches(r.command, r.action)),
  );
  matching.sort((a, b) => rank(a) - rank(b));
  return matching[0] ?? null;
}

function ruleText(rule: PolicyRule): string {
  return rule.command !== null ? `“${rule.command}”` : `${rule.tool}`;
}

/** True when a pattern has no wildcard: it matches one command line exactly. */
function isLiteralGlob(pattern: string): boolean {
  return !/(^|[^\\])[*?]/.test(pattern);
}

/** The most serious concerns for a card, first as it was worded, the next as sentences of their own. */
function explain(concerns: readonly string[]): string {
  const [first, ...rest] = concerns.slice(0, 3);
  return [first!, ...rest.map(capitalise)].join(' ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function compactJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
