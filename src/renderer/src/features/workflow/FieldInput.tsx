import { useEffect, useId, useState, type ReactNode } from 'react';
import { useModels } from '../models';
import type { Field } from './fields';

export const inputClass =
  'w-full rounded-sm border border-wb-border bg-wb-input px-2 py-1 text-[12px] text-wb-fg outline-none focus:border-wb-accent';

/** A labelled row of the inspector with its help and its problems. */
export function Row({
  label,
  htmlFor,
  help,
  problems = [],
  children,
}: {
  label: string;
  htmlFor?: string;
  help?: string | undefined;
  problems?: readonly string[];
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={htmlFor} className="text-[11px] font-medium text-wb-muted">
        {label}
      </label>
      {children}
      {problems.map((p) => (
        <div key={p} role="alert" className="text-[11px] text-wb-danger">
          {p}
        </div>
      ))}
      {help && <div className="text-[11px] leading-snug text-wb-muted">{help}</div>}
    </div>
  );
}

/** A JSON value edited as text; written only while it parses. */
function JsonInput({
  id,
  value,
  onChange,
  mono,
}: {
  id: string;
  value: unknown;
  onChange(v: unknown): void;
  mono?: boolean;
}) {
  const format = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));
  const [text, setText] = useState(() => format(value));
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  // Follow changes from elsewhere (undo), unless the user is mid-edit or the text means the same.
  if (shown !== value) {
    setShown(value);
    let same: boolean;
    try {
      same = text.trim() !== '' && JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
    } catch {
      same = error !== null;
    }
    if (!same) {
      setText(format(value));
      setError(null);
    }
  }
  return (
    <>
      <textarea
        id={id}
        rows={4}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setError(null);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value));
            setError(null);
          } catch {
            setError('Not valid JSON yet; the last valid value is kept.');
          }
        }}
        className={`${inputClass} resize-y ${mono ? 'font-mono' : ''}`}
      />
      {error && <div className="text-[11px] text-wb-danger">{error}</div>}
    </>
  );
}

/** A node id, renamed when the field is left or Enter is pressed (edges follow); refused when taken or malformed. */
function IdInput({ id, value, onRename }: { id: string; value: string; onRename(next: string): boolean }) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  const commit = () => {
    if (text === value) return setError(null);
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(text)) {
      setError('Use letters, digits and _, starting with a letter or _.');
      return;
    }
    if (!onRename(text)) setError(`Another node is already called "${text}".`);
    else setError(null);
  };
  return (
    <>
      <input
        id={id}
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(value);
        }}
        className={`${inputClass} font-mono`}
      />
      {error && (
        <div role="alert" className="text-[11px] text-wb-danger">
          {error}
        </div>
      )}
    </>
  );
}

/** A provider (from the model settings) and a model name; both empty means the default model. */
function ModelInput({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: unknown;
  onChange(v: unknown): void;
}) {
  const providers = useModels((s) => s.providers);
  const loaded = useModels((s) => s.loaded);
  useEffect(() => {
    if (!loaded)
      void useModels
        .getState()
        .load()
        .catch(() => undefined);
  }, [loaded]);
  const m = (value ?? {}) as { providerId?: string; model?: string };
  const set = (patch: { providerId?: string; model?: string }) => {
    const next = { providerId: m.providerId ?? '', model: m.model ?? '', ...patch };
    onChange(next.providerId === '' && next.model === '' ? undefined : next);
  };
  return (
    <div className="flex gap-1">
      <select
        id={id}
        aria-label={`${label}: provider`}
        value={m.providerId ?? ''}
        onChange={(e) => set({ providerId: e.target.value })}
        className={`${inputClass} w-1/2`}
      >
        <option value="">(default)</option>
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
        {m.providerId && !providers.some((p) => p.id === m.providerId) && (
          <option value={m.providerId}>{m.providerId}</option>
        )}
      </select>
      <input
        aria-label={`${label}: model`}
        value={m.model ?? ''}
        placeholder="model name"
        onChange={(e) => set({ model: e.target.value })}
        className={`${inputClass} w-1/2 font-mono`}
      />
    </div>
  );
}

/** One field of a node, as its type asks: text, numbers, choices, JSON, a model, a command, retries. */
export function FieldInput({
  field,
  value,
  onChange,
  problems,
}: {
  field: Field;
  value: unknown;
  /** For the id field: false when the rename was refused. */
  onChange(value: unknown): boolean | void;
  problems: readonly string[];
}) {
  const id = useId();
  const mono = field.mono ? 'font-mono' : '';
  const row = (control: ReactNode, htmlFor: string | undefined = id) => (
    <Row label={field.label} htmlFor={htmlFor} help={field.help} problems={problems}>
      {control}
    </Row>
  );
  switch (field.type) {
    case 'id':
      return row(
        <IdInput id={id} value={typeof value === 'string' ? value : ''} onRename={(v) => onChange(v) !== false} />,
      );
    case 'text':
      return row(
        <input
          id={id}
          value={typeof value === 'string' ? value : ''}
          placeholder={field.placeholder}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value !== '' ? e.target.value : undefined)}
          className={`${inputClass} ${mono}`}
        />,
      );
    case 'textarea':
    case 'template':
    case 'expression':
      return row(
        <textarea
          id={id}
          rows={field.type === 'expression' ? 2 : field.type === 'template' ? 5 : 2}
          spellCheck={field.type !== 'expression'}
          value={typeof value === 'string' ? value : ''}
          placeholder={field.placeholder}
          onChange={(e) => onChange(e.target.value === '' && field.type === 'textarea' ? undefined : e.target.value)}
          className={`${inputClass} resize-y ${mono}`}
        />,
      );
    case 'number':
      return row(
        <input
          id={id}
          type="number"
          min={field.min}
          max={field.max}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
          className={inputClass}
        />,
      );
    case 'select':
      return row(
        <select
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
          className={inputClass}
        >
          {field.key !== 'op' && <option value="">(default)</option>}
          {field.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>,
      );
    case 'boolean':
      return (
        <label className="flex items-center gap-2 text-[12px]">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked || undefined)} />
          {field.label}
        </label>
      );
    case 'json':
      return row(<JsonInput id={id} value={value} onChange={onChange} mono={field.mono} />);
    case 'model':
      return row(<ModelInput id={id} label={field.label} value={value} onChange={onChange} />);
    case 'command': {
      const argv = value !== null && typeof value === 'object' && Array.isArray((value as { argv?: unknown }).argv);
      const lines = argv ? (value as { argv: unknown[] }).argv.map(String).join('\n') : '';
      return row(
        <div className="flex flex-col gap-1">
          <select
            aria-label="Command form"
            value={argv ? 'argv' : 'shell'}
            onChange={(e) =>
              onChange(
                e.target.value === 'argv'
                  ? { argv: (typeof value === 'string' ? value : '').split(/\s+/).filter(Boolean) }
                  : argv
                    ? (value as { argv: string[] }).argv.join(' ')
                    : value,
              )
            }
            className={inputClass}
          >
            <option value="shell">Shell command line</option>
            <option value="argv">Program and arguments, one per line</option>
          </select>
          <textarea
            id={id}
            rows={3}
            spellCheck={false}
            value={argv ? lines : typeof value === 'string' ? value : ''}
            onChange={(e) =>
              onChange(argv ? { argv: e.target.value.split('\n').filter((l) => l !== '') } : e.target.value)
            }
            className={`${inputClass} resize-y font-mono`}
          />
        </div>,
      );
    }
    case 'retries': {
      const r = (value ?? {}) as { max?: number; backoffMs?: number };
      return row(
        <div className="flex gap-1">
          <input
            id={id}
            type="number"
            min={0}
            max={10}
            aria-label="Retries: how many"
            placeholder="0"
            value={r.max ?? ''}
            onChange={(e) => onChange(e.target.value === '' ? undefined : { ...r, max: Number(e.target.value) })}
            className={`${inputClass} w-1/2`}
          />
          <input
            type="number"
            min={0}
            aria-label="Retries: first wait (ms)"
            placeholder="1000 ms"
            disabled={r.max === undefined}
            value={r.backoffMs ?? ''}
            onChange={(e) =>
              onChange({
                ...r,
                ...(e.target.value === '' ? { backoffMs: undefined } : { backoffMs: Number(e.target.value) }),
              })
            }
            className={`${inputClass} w-1/2`}
          />
        </div>,
      );
    }
  }
}
