import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';

const cli = resolve('bin/weft.js');
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.pid && child.exitCode === null) child.kill('SIGTERM');
});

/** Starts `weft dev fake-model` and waits for the port it prints. */
async function startCli(...args: string[]): Promise<number> {
  if (!existsSync(resolve('out/main/cli.js'))) throw new Error('Build first: npm run build');
  child = spawn(process.execPath, [cli, 'dev', 'fake-model', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolvePort, reject) => {
    child!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolvePort(Number(match[1]));
    });
    child!.on('exit', (code) => reject(new Error(`weft exited with ${code}: ${out}`)));
  });
}

describe('weft dev fake-model', () => {
  it('serves both wire protocols to the real SDKs, and injects a fault into the first request', async () => {
    const port = await startCli('--fault', 'text-tool');
    const openai = new OpenAI({ apiKey: 'x', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
    const first = await openai.chat.completions.create({ model: 'demo', messages: [{ role: 'user', content: 'hi' }] });
    expect(first.choices[0]!.message.content).toContain('<tool_call>');

    const anthropic = new Anthropic({ apiKey: 'x', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const stream = await anthropic.messages.create({
      model: 'demo',
      max_tokens: 100,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let text = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    expect(text).toBe('Hello from the fake model.');
  });
});
