import { describe, expect, it } from 'vitest';
import { OutboundScrub, userContentEvents, userContentReplies } from '../../src/main/ipc/outbound-scrub';
import { eventDef, requestDef } from '../../src/shared/ipc/contract';
import { scrubSecrets } from '../../src/main/logging/redact';
import { SecretRegistry } from '../../src/main/logging/secret-registry';
import { couldBeSecret, MIN_SECRET_LENGTH, secretTokens } from '../../src/main/logging/secret-tokens';

describe('scrubSecrets', () => {
  it('removes a registered secret wherever it appears', () => {
    const token = 'pZWMundQoWTVnJEBKvuCnSp-GgeEdDvuXznrEcbCVMg';
    const line = JSON.stringify({ msg: `open http://127.0.0.1:1/?token=${token}`, url: token });
    const out = scrubSecrets(line, [token]);
    expect(out).not.toContain(token);
    expect(out).toContain('[redacted]');
  });

  it('removes API-key shaped text even when nobody registered it', () => {
    const out = scrubSecrets(
      'calling with sk-ant-api03-abcdefghijklmnopqrstuvwxyz and sk-proj-ABCDEFGHIJKLMNOPQRSTUV and Bearer abc.def.ghi123',
      [],
    );
    expect(out).not.toMatch(/sk-ant-api03-abc|sk-proj-ABC|abc\.def\.ghi123/);
    expect(out).toContain('Bearer [redacted]');
  });

  it('keeps the parameter name of a token in a URL', () => {
    expect(scrubSecrets('GET /?token=abcdef123456&x=1', [])).toBe('GET /?token=[redacted]&x=1');
  });

  it('leaves ordinary text alone, and ignores too-short "secrets"', () => {
    const line = 'project opened at /home/me/code with 3 files';
    expect(scrubSecrets(line, ['me', 'code'])).toBe(line);
  });
});

describe('secretTokens', () => {
  it('registers the token of a Bearer header bare, and the whole value', () => {
    const tokens = secretTokens('Bearer sk-test-0123456789abcdef');
    expect(tokens).toContain('sk-test-0123456789abcdef');
    expect(tokens).toContain('Bearer sk-test-0123456789abcdef');
    expect(tokens).not.toContain('Bearer');
  });

  it('takes the values of name=value pairs, not their names', () => {
    const tokens = secretTokens('session_token=Zq81mVx03nPq; tenant=acme; signature=9f8e7d6c5b4a3210');
    expect(tokens).toEqual(expect.arrayContaining(['Zq81mVx03nPq', '9f8e7d6c5b4a3210']));
    expect(tokens).not.toContain('session_token');
    expect(tokens).not.toContain('signature');
    // `acme` is too short to be a secret: redacting it would blank the word everywhere.
    expect(tokens).not.toContain('acme');
  });

  it('decodes Basic credentials into user:pass and its parts', () => {
    const encoded = Buffer.from('deploy-robot:hunter2-but-longer').toString('base64');
    const tokens = secretTokens(`Basic ${encoded}`);
    expect(tokens).toEqual(
      expect.arrayContaining([
        encoded.replace(/=+$/, ''),
        'deploy-robot:hunter2-but-longer',
        'deploy-robot',
        'hunter2-but-longer',
      ]),
    );
  });

  it('splits on commas, semicolons and colons, and strips base64 padding', () => {
    const tokens = secretTokens('a1b2c3d4e5f6g7h8==, x:k9k9k9k9k9k9');
    expect(tokens).toEqual(expect.arrayContaining(['a1b2c3d4e5f6g7h8', 'k9k9k9k9k9k9']));
  });

  it('skips values shorter than MIN_SECRET_LENGTH', () => {
    expect(secretTokens('abc')).toEqual([]);
    expect(MIN_SECRET_LENGTH).toBe(8);
  });
});

describe('SecretRegistry', () => {
  it('scrubs a registered header token from text, JSON lines and URLs', () => {
    const secrets = new SecretRegistry();
    const key = 'tok/en+with"quote\\and-more';
    secrets.register(`Bearer ${key}`);
    expect(secrets.scrubKnown(`echo: ${key}`)).toBe('echo: [redacted]');
    expect(secrets.scrubKnown(JSON.stringify({ msg: key }))).not.toContain(JSON.stringify(key).slice(1, -1));
    expect(secrets.scrubKnown(`?k=${encodeURIComponent(key)}`)).toBe('?k=[redacted]');
  });

  it('returns a value untouched (same object) when it holds no secret, a scrubbed copy when it does', () => {
    const secrets = new SecretRegistry();
    secrets.register('sk-plant-0123456789');
    const clean = { a: [1, 'two', { c: 'three' }] };
    expect(secrets.scrubValue(clean)).toBe(clean);
    const dirty = { list: [{ error: 'failed with sk-plant-0123456789' }], n: 3 };
    const out = secrets.scrubValue(dirty);
    expect(out).toEqual({ list: [{ error: 'failed with [redacted]' }], n: 3 });
    expect(dirty.list[0]!.error).toContain('sk-plant');
  });

  it('leaves credential-shaped text that nobody registered in values, but not in messages', () => {
    const secrets = new SecretRegistry();
    const config = { url: 'https://example.test/mcp?token=abcdef123456' };
    expect(secrets.scrubValue(config)).toBe(config);
    expect(secrets.scrubText('GET /?token=abcdef123456')).toBe('GET /?token=[redacted]');
  });

  it('costs little on a reply with ~20 registered secrets (printed for the record)', () => {
    const secrets = new SecretRegistry();
    for (let i = 0; i < 20; i++) secrets.register(`Bearer key-${i}-${'x'.repeat(24)}${i}`);
    const small = { id: 'p1', name: 'project', path: '/home/me/code/weft', trusted: true };
    const big = Array.from({ length: 20_000 }, (_, i) => ({ path: `src/dir${i % 50}/file${i}.ts`, kind: 'file' }));
    const time = (value: unknown, rounds: number): number => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < rounds; i++) secrets.scrubValue(value);
      return Number(process.hrtime.bigint() - start) / 1e3 / rounds;
    };
    time(small, 1000);
    const smallUs = time(small, 20_000);
    const bigUs = time(big, 20);
    console.log(
      `scrubValue with ${secrets.size} registered forms: small reply ${smallUs.toFixed(2)} µs, 20k-entry reply ${(bigUs / 1000).toFixed(2)} ms`,
    );
    expect(smallUs).toBeLessThan(200);
  });
});

describe('OutboundScrub on streamed text', () => {
  it('never lets a secret through in pieces, and hands the rest over with the entry', () => {
    const secrets = new SecretRegistry();
    secrets.register('plantStreamed0123456789');
    const scrub = new OutboundScrub(secrets);
    const text = 'The key is plantStreamed0123456789, keep it.';
    let shown = '';
    for (let i = 0; i < text.length; i += 5) {
      const out = scrub.event('agent.delta', { runId: 'r', seq: 3, text: text.slice(i, i + 5) }) as { text: string };
      shown += out.text;
    }
    expect(shown).not.toContain('plantStreamed');
    expect(shown).toContain('The key is [redacted], keep it');
    const entry = scrub.event('agent.entry', { runId: 'r', entry: { seq: 3, kind: 'assistant', text } });
    expect(JSON.stringify(entry)).not.toContain('plantStreamed0123456789');
  });
});

describe('what is not registered as a secret', () => {
  it('skips configuration that shares the env and header maps with keys', () => {
    for (const value of [
      '/home/someone/projects',
      '~/work/repo',
      'C:\\Users\\someone',
      'production',
      'localhost',
      '20261206',
      '1.22.333',
      'api.example.com',
      'application/json',
      'http://127.0.0.1:11434/v1',
      'https://api.example.com/v1/models',
    ]) {
      expect(couldBeSecret(value), value).toBe(false);
      expect(secretTokens(value), value).toEqual([]);
    }
    // PATH-like values: every part is a path.
    expect(secretTokens('/usr/local/bin:/usr/bin:/bin')).toEqual([]);
  });

  it('keeps what may be a credential, URLs that carry one included', () => {
    for (const value of [
      'correcthorsebatterystaple',
      'Tr0ub4dor&3x',
      'https://hooks.example.com/services/T0000/B0000/XXXXXXXXXXXXXXXX',
      'postgres://app:s3cretPassw0rd@db.internal:5432/app',
      'https://api.example.com/v1?key=abcdef123456',
    ]) {
      expect(couldBeSecret(value), value).toBe(true);
    }
    // A URL's password and query values are registered bare, its port and path are not.
    expect(secretTokens('postgres://app:s3cretPassw0rd@db.internal:5432/app')).toEqual([
      'postgres://app:s3cretPassw0rd@db.internal:5432/app',
      's3cretPassw0rd',
    ]);
    expect(secretTokens('https://api.example.com/v1?key=abcdef123456')).toContain('abcdef123456');
  });

  it('does not redact project paths once an env value like HOME is registered', () => {
    const secrets = new SecretRegistry();
    secrets.register('/home/someone');
    secrets.register('production');
    const reply = { path: '/home/someone/code/weft', mode: 'production' };
    expect(secrets.scrubValue(reply)).toBe(reply);
  });
});

describe('channels whose values are the user’s own content', () => {
  it('names real channels of the contract', () => {
    for (const channel of userContentReplies) expect(requestDef(channel), channel).toBeDefined();
    for (const channel of userContentEvents) expect(eventDef(channel), channel).toBeDefined();
  });
});
