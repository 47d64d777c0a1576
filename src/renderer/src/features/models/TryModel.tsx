import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { inputClass } from './ui';

type Answer = Awaited<ReturnType<typeof api.models.ask>>;

/** A one-line prompt to a model, to see that it answers and what a call costs. */
export function TryModel({ providerId, model }: { providerId: string; model: string }) {
  const [prompt, setPrompt] = useState('Say hello in five words.');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      setAnswer(await api.models.ask({ providerId, model, prompt }));
    } catch (e) {
      setAnswer(null);
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      aria-label={`Try ${model}`}
      className="my-1 ml-4 flex flex-col gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div className="flex gap-2">
        <input
          aria-label="Prompt"
          className={`${inputClass} flex-1`}
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
        />
        <Button type="submit" disabled={busy || !prompt.trim()}>
          {busy ? 'Waiting…' : 'Send'}
        </Button>
      </div>
      {answer && (
        <div className="rounded-sm border border-wb-border p-2 text-[12px]" role="status">
          <p className="whitespace-pre-wrap">{answer.text}</p>
          <p className="mt-1 text-wb-muted">
            {answer.inputTokens} in · {answer.outputTokens} out · {Math.round(answer.latencyMs)} ms ·{' '}
            {answer.costUsd === null ? 'price unknown' : `$${answer.costUsd.toFixed(4)}`}
            {answer.cached ? ' · from cache' : ''}
          </p>
        </div>
      )}
      {error && (
        <p className="text-[12px] text-wb-danger" role="alert">
          <strong>{error.title}.</strong> {error.message}
        </p>
      )}
    </form>
  );
}
