import { readFileSync } from 'node:fs';
import { FakeModelServer, type Script } from '../models/dev/fake-model-server';
import { UsageError, type FakeModelArgs } from './args';

const faultScripts: Record<NonNullable<FakeModelArgs['fault']>, Script> = {
  '429': { fault: { kind: 'status', status: 429, retryAfter: 2 } },
  '500': { fault: { kind: 'status', status: 500 } },
  reset: { fault: { kind: 'reset' } },
  cut: { text: 'This answer is cut off in the middle of a sentence.', fault: { kind: 'cut' } },
  stall: { text: 'This answer stalls after its first words.', fault: { kind: 'stall' } },
  slow: { text: 'A slow first token.', fault: { kind: 'slow', delayMs: 10_000 } },
  'error-event': { text: 'The server gives up on this answer.', fault: { kind: 'error-event' } },
  'malformed-tool': { toolCalls: [{ name: 'read_file', arguments: '{"path": "src/ind' }] },
  'text-tool': { text: '<tool_call>{"name": "read_file", "arguments": {"path": "README.md"}}</tool_call>' },
};

/** `weft dev fake-model`: serves the double until interrupted. */
export async function runFakeModel(args: FakeModelArgs): Promise<void> {
  let scripts: Script[] = [];
  if (args.script) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(args.script, 'utf8'));
      if (!Array.isArray(parsed)) throw new Error('the file must hold a JSON array');
      scripts = parsed as Script[];
    } catch (error) {
      throw new UsageError(`Cannot read --script ${args.script}: ${(error as Error).message}`);
    }
  }
  let server: FakeModelServer;
  try {
    server = await FakeModelServer.start({
      port: args.port,
      ...(args.apiKey ? { apiKey: args.apiKey } : {}),
      ollama: args.ollama,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UsageError(`Port ${args.port} is already in use; pick another with --port.`);
    }
    throw error;
  }
  if (args.fault) server.enqueue(faultScripts[args.fault]);
  server.enqueue(...scripts);
  process.stdout.write(
    [
      `Fake model server on 127.0.0.1:${server.port}`,
      `  Anthropic base URL: ${server.anthropicUrl}`,
      `  OpenAI base URL:    ${server.openaiUrl}`,
      ...(args.ollama ? [`  Ollama:             http://127.0.0.1:${server.port}/api/tags`] : []),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
