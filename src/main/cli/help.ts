import { fakeFaults, type HelpTopic } from './args';
import { tasksCommandsUsage, tasksOptionsUsage } from './tasks-args';
import { workflowCommandsUsage, workflowOptionsUsage } from './workflow-args';

const serveOptions = `Options for serve:
  --port N          Port to listen on (default 0: any free port)
  --host ADDRESS    Address to bind (default 127.0.0.1). A non-loopback address
                    exposes Weft to your network; the access token still guards it.
  --data-dir DIR    Where Weft keeps its database and logs
  --verbose         Also print log lines to stderr
`;

const mcpCommand = `  mcp <files|git|shell|search> --root DIR
             Serve one of Weft's built-in MCP servers to another MCP host
             (stdio by default), confined to DIR
`;

const mcpOptions = `Options for mcp:
  --root DIR        The folder the server works in; no path outside it is used
  --http            Serve Streamable HTTP on http://127.0.0.1:PORT/mcp instead
                    of stdio; requests from other host names or sites get 403
  --port N          Port for --http (default 0: any free port)
  --allow-shell     Let the shell server run any command. Without it, it runs
                    only commands that need no approval (a single simple
                    command such as ls, git status or npm test)
  --verbose         Say on stderr what the server serves
`;

const devCommand = `  dev fake-model
             Run a fake model server speaking the Anthropic and OpenAI APIs on
             127.0.0.1, for demos and tests without a real model
`;

const devOptions = `Options for dev fake-model:
  --port N          Port to listen on (default 0: any free port)
  --api-key KEY     Require this key, as a hosted API does
  --ollama          Also answer Ollama's /api/tags, /api/show and /api/create
  --script FILE     JSON array of scripted answers ({ text, toolCalls, usage, fault })
  --fault KIND      Inject a fault into the first request: ${fakeFaults.join(', ')}
`;

const exitCodes = `Exit codes: 0 done, 1 failed (a run that failed or was interrupted), 2 bad usage,
3 Weft's database is damaged (nothing was run or recorded), 130 cancelled.
`;

export const usage = `Usage: weft <command> [options]
       weft <command> --help    (or weft help <command>) for one command

Commands:
  serve      Run Weft in your browser (browser mode)
${workflowCommandsUsage}${tasksCommandsUsage}  version    Print the version
  help       Show this help
${mcpCommand}${devCommand}
${serveOptions}
${workflowOptionsUsage}
${tasksOptionsUsage}
${mcpOptions}
${devOptions}
${exitCodes}`;

/** One command's usage: its line, its options and the exit codes, nothing about the others. */
export function usageOf(topic: HelpTopic | undefined): string {
  switch (topic) {
    case undefined:
      return usage;
    case 'serve':
      return `Usage: weft serve [options]\n\nRun Weft in your browser (browser mode).\n\n${serveOptions}\n${exitCodes}`;
    case 'run':
    case 'runs':
      return `Usage: weft ${topic === 'run' ? 'run <workflow>' : 'runs list | show <id> | resume <id>'} [options]\n\nCommands:\n${workflowCommandsUsage}\n${workflowOptionsUsage}\n${exitCodes}`;
    case 'tasks':
    case 'board':
      return `Usage: weft ${topic === 'tasks' ? 'tasks add "<title>" | list | show <id> | cancel <id>' : 'board run [task ids…]'} [options]\n\nCommands:\n${tasksCommandsUsage}\n${tasksOptionsUsage}\n${exitCodes}`;
    case 'mcp':
      return `Usage: weft mcp <files|git|shell|search> --root DIR [options]\n\nCommands:\n${mcpCommand}\n${mcpOptions}\n${exitCodes}`;
    case 'dev':
      return `Usage: weft dev fake-model [options]\n\nCommands:\n${devCommand}\n${devOptions}\n${exitCodes}`;
  }
}
