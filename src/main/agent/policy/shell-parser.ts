// Reads a shell command line with tree-sitter's bash grammar (the parser Codex reads commands
// with), for explaining and asking only: the OS sandbox, not this reading, is what contains a run.
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import {
  bareProgram,
  downloaders,
  interpreters,
  type ParsedLine,
  type ShellRedirect,
  type ShellWord,
  type SimpleCommand,
} from './shell-line';

/**
 * Parses command lines. Loading the grammar is asynchronous, so it is done once before a run
 * starts; parsing is then synchronous and keeps the policy's `decide` a pure function.
 */
export class ShellParser {
  private static loading: Promise<ShellParser> | null = null;

  private constructor(private readonly parser: Parser) {}

  /** The shared parser, loaded on first use (about 30 ms). */
  static load(): Promise<ShellParser> {
    ShellParser.loading ??= (async () => {
      await Parser.init();
      // The built app is CommonJS (__filename); Vite's loader (benchmarks, test children) is ESM.
      const here = typeof __filename === 'string' ? __filename : import.meta.url;
      const wasm = createRequire(here).resolve('tree-sitter-bash/tree-sitter-bash.wasm');
      const parser = new Parser();
      parser.setLanguage(await Language.load(wasm));
      return new ShellParser(parser);
    })().catch((error: unknown) => {
      ShellParser.loading = null;
      throw error;
    });
    return ShellParser.loading;
  }

  parse(line: string): ParsedLine {
    const tree = this.parser.parse(line);
    if (!tree) return unreadable();
    try {
      return new LineReader().read(tree.rootNode);
    } finally {
      tree.delete();
    }
  }
}

function unreadable(): ParsedLine {
  return {
    commands: [],
    compound: true,
    controlFlow: false,
    substitution: false,
    variables: false,
    globs: false,
    redirects: false,
    heredoc: false,
    downloadsAndRuns: false,
    error: true,
  };
}

/** Node types that only group or chain commands; anything else at statement level is control flow. */
const chaining = new Set(['program', 'list', 'pipeline', 'subshell', 'compound_statement', 'negated_command']);
const controlFlowTypes = new Set([
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'case_item',
  'function_definition',
  'test_command',
  'do_group',
  'declaration_command',
  'unset_command',
]);

class LineReader {
  private readonly commands: SimpleCommand[] = [];
  private compound = false;
  private controlFlow = false;
  private substitution = false;
  private variables = false;
  private globs = false;
  private redirects = false;
  private heredoc = false;
  private downloadsAndRuns = false;
  private error = false;
  /** Above zero while reading inside a substitution. */
  private nestingDepth = 0;

  read(root: Node): ParsedLine {
    this.error = root.hasError;
    const statements = root.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
    this.compound = statements.length > 1;
    for (const s of statements) this.statement(s);
    // A trailing `&` leaves no node of its own; the root's unnamed children show it.
    if (root.children.some((c) => c !== null && !c.isNamed && c.type !== '\n')) this.compound = true;
    return {
      commands: this.commands,
      compound: this.compound,
      controlFlow: this.controlFlow,
      substitution: this.substitution,
      variables: this.variables,
      globs: this.globs,
      redirects: this.redirects,
      heredoc: this.heredoc,
      downloadsAndRuns: this.downloadsAndRuns,
      error: this.error,
    };
  }

  private statement(node: Node, extraRedirects: ShellRedirect[] = []): void {
    if (node.isError || node.isMissing) this.error = true;
    switch (node.type) {
      case 'command':
        this.command(node, extraRedirects);
        return;
      case 'redirected_statement': {
        const body = node.childForFieldName('body');
        const redirects = node.namedChildren
          .filter((c): c is Node => c !== null && !(body !== null && c.equals(body)) && c.type.endsWith('redirect'))
          .map((c) => this.redirect(c));
        if (body) this.statement(body, redirects);
        else this.commands.push(this.bare(node, redirects));
        return;
      }
      case 'variable_assignment':
      case 'variable_assignments': {
        // `FOO=bar` alone sets a shell variable for later commands: not one program run.
        this.compound = true;
        this.commands.push(this.bare(node, extraRedirects));
        return;
      }
      case 'pipeline':
        this.compound = true;
        this.pipeline(node);
        return;
      case 'comment':
        return;
      default:
        if (chaining.has(node.type)) this.compound = true;
        else {
          this.compound = true;
          this.controlFlow = true;
        }
        if (extraRedirects.length > 0) this.commands.push(this.bare(node, extraRedirects));
        for (const child of node.namedChildren) if (child) this.child(child);
    }
  }

  /** A child of a control-flow or grouping node: statements go on, words are looked into. */
  private child(node: Node): void {
    if (controlFlowTypes.has(node.type) || chaining.has(node.type)) this.statement(node);
    else if (['command', 'redirected_statement', 'variable_assignment', 'pipeline'].includes(node.type))
      this.statement(node);
    else if (node.type.endsWith('redirect')) this.redirect(node);
    else this.word(node);
  }

  private pipeline(node: Node): void {
    let downloadBefore = false;
    for (const child of node.namedChildren) {
      if (!child) continue;
      const before = this.commands.length;
      this.statement(child);
      const added = this.commands.slice(before);
      const top = added.find((c) => !c.nested);
      const name = bareProgram(top?.program ?? null);
      if (downloadBefore && name !== null && interpreters.has(name)) this.downloadsAndRuns = true;
      if (added.some((c) => downloaders.has(bareProgram(c.program) ?? ''))) downloadBefore = true;
    }
  }

  private command(node: Node, extraRedirects: ShellRedirect[]): void {
    const assignments: { name: string; value: ShellWord | null }[] = [];
    const redirects: ShellRedirect[] = [...extraRedirects];
    const args: ShellWord[] = [];
    let program: ShellWord | null = null;
    const index = this.commands.length;
    // Nested commands (inside substitutions) are added after their parent, so the parent keeps its place.
    this.commands.push(null as unknown as SimpleCommand);
    const nestedStart = this.commands.length;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') assignments.push(this.assignment(child));
      else if (child.type === 'command_name') program = this.word(child.namedChildren[0] ?? child);
      else if (child.type.endsWith('redirect')) redirects.push(this.redirect(child));
      else if (child.isError || child.isMissing) this.error = true;
      else args.push(this.word(child));
    }
    this.commands[index] = {
      program,
      args,
      assignments,
      redirects,
      nested: this.nestingDepth > 0,
      source: node.text,
    };
    const name = bareProgram(program);
    if (name !== null && interpreters.has(name)) {
      const inner = this.commands.slice(nestedStart);
      if (inner.some((c) => downloaders.has(bareProgram(c.program) ?? ''))) this.downloadsAndRuns = true;
    }
  }

  /** A node that is not a simple command but carries redirections (`{ …; } > out`). */
  private bare(node: Node, redirects: ShellRedirect[]): SimpleCommand {
    const assignments = node.type.startsWith('variable_assignment')
      ? (node.type === 'variable_assignment' ? [node] : node.namedChildren)
          .filter((c): c is Node => c !== null)
          .map((c) => this.assignment(c))
      : [];
    return { program: null, args: [], assignments, redirects, nested: this.nestingDepth > 0, source: node.text };
  }

  private assignment(node: Node): { name: string; value: ShellWord | null } {
    const name = node.childForFieldName('name')?.text ?? node.text.split('=')[0] ?? '';
    const valueNode = node.childForFieldName('value');
    return { name, value: valueNode ? this.word(valueNode) : null };
  }

  private redirect(node: Node): ShellRedirect {
    this.redirects = true;
    const heredoc = node.type === 'heredoc_redirect';
    if (heredoc) this.heredoc = true;
    const fdNode =
      node.childForFieldName('descriptor') ?? node.namedChildren.find((c) => c?.type === 'file_descriptor');
    const operator = node.children.find((c) => c !== null && !c.isNamed)?.type ?? '';
    const destination = node.childForFieldName('destination');
    const targetNode =
      destination ??
      (heredoc
        ? null
        : (node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'file_descriptor').at(-1) ?? null));
    if (heredoc) {
      // The body of an unquoted heredoc expands like a double-quoted string.
      for (const c of node.namedChildren) if (c && c.type === 'heredoc_body') this.word(c);
    }
    return { operator, fd: fdNode?.text ?? null, target: targetNode ? this.word(targetNode) : null, heredoc };
  }

  /** Reads one word: its static value when it has one, and every expansion in it. */
  private word(node: Node): ShellWord {
    const facts = { glob: false, brace: false, tilde: false, variable: false, substitution: false };
    const value = this.valueOf(node, facts, false);
    if (facts.glob) this.globs = true;
    if (facts.variable) this.variables = true;
    if (facts.substitution) this.substitution = true;
    const known = !facts.variable && !facts.substitution;
    return { source: node.text, value: known ? value : null, ...facts };
  }

  private valueOf(
    node: Node,
    facts: { glob: boolean; brace: boolean; tilde: boolean; variable: boolean; substitution: boolean },
    quoted: boolean,
  ): string {
    if (node.isError || node.isMissing) this.error = true;
    switch (node.type) {
      case 'word':
      case 'number':
      case 'special_variable_name':
      case 'extglob_pattern':
        return quoted ? node.text : this.unquotedWord(node.text, facts);
      case 'raw_string':
        return node.text.slice(1, -1);
      case 'string_content':
        return node.text.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c));
      case 'heredoc_body':
      case 'string':
      case 'translated_string': {
        let out = '';
        for (const child of node.children) {
          if (!child) continue;
          if (!child.isNamed) continue;
          out += this.valueOf(child, facts, true);
        }
        return out;
      }
      case 'concatenation': {
        let out = '';
        for (const child of node.children) if (child) out += this.valueOf(child, facts, quoted);
        // `{` and `}` arrive as separate words inside a concatenation.
        if (!quoted && /[{][^}]*(,|\.\.)[^}]*[}]/.test(node.text)) facts.brace = true;
        return out;
      }
      case 'simple_expansion':
      case 'expansion':
      case 'arithmetic_expansion':
      case 'ansi_c_string':
      case 'variable_name':
        facts.variable = true;
        this.nested(node);
        return node.text;
      case 'command_substitution':
      case 'process_substitution':
        facts.substitution = true;
        this.nested(node);
        return node.text;
      case 'brace_expression':
        facts.brace = true;
        return node.text;
      default:
        if (!node.isNamed) return quoted ? '' : node.text;
        // Anything this reader does not know is taken as depending on the run.
        facts.variable = true;
        this.nested(node);
        return node.text;
    }
  }

  /** Commands inside substitutions and `${x:-$(…)}` still run; they are read too. */
  private nested(node: Node): void {
    this.nestingDepth++;
    try {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (
          controlFlowTypes.has(child.type) ||
          chaining.has(child.type) ||
          ['command', 'redirected_statement', 'pipeline', 'variable_assignment'].includes(child.type)
        )
          this.statement(child);
        else if (child.type === 'command_substitution' || child.type === 'process_substitution') {
          this.substitution = true;
          this.nested(child);
        } else if (child.type === 'simple_expansion' || child.type === 'expansion') this.nested(child);
      }
    } finally {
      this.nestingDepth--;
    }
  }

  /** Removes backslashes and notes globs, braces and a leading `~` in an unquoted word. */
  private unquotedWord(
    text: string,
    facts: { glob: boolean; brace: boolean; tilde: boolean; variable: boolean; substitution: boolean },
  ): string {
    let out = '';
    // Bash also expands `~` after the first `=` or a `:` in words like `--dir=~/x` or `PATH=a:~/b`.
    if (/^~|[=:]~/.test(text)) facts.tilde = true;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === '\\' && i + 1 < text.length) {
        out += text[++i];
        continue;
      }
      if (ch === '*' || ch === '?' || ch === '[') facts.glob = true;
      if (ch === '{' && /^\{[^}]*(,|\.\.)[^}]*\}/.test(text.slice(i))) facts.brace = true;
      out += ch;
    }
    return out;
  }
}
