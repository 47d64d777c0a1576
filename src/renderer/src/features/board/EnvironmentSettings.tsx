import { useEffect, useState } from 'react';
import type { EnvironmentView, TaskEnvironmentInput } from '../../../../shared/ipc/domains/tasks';
import { Button } from '../../components/ui/Button';
import { FormRow } from '../../components/ui/FormRow';
import { api } from '../../lib/api';
import { describeError } from '../../lib/errors';
import { inputClass } from './ui';

interface Form {
  setup: string;
  cleanup: string;
  env: string;
  hosts: string;
  ports: string;
}

function formOf(view: EnvironmentView | null): Form {
  const e = view?.environment;
  return {
    setup: e?.setup ?? '',
    cleanup: e?.cleanup ?? '',
    env: Object.entries(e?.env ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    hosts: (e?.hosts ?? []).join('\n'),
    ports: e ? String(e.portsPerTask) : '',
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

/** The form as the file's fields, or what in the form cannot become one (the schema checks the rest). */
function environmentOf(form: Form): TaskEnvironmentInput | string {
  const env: Record<string, string> = {};
  for (const [i, line] of lines(form.env).entries()) {
    const eq = line.indexOf('=');
    if (eq <= 0) return `Environment variables, “${line.slice(0, 60)}” (line ${i + 1}): write it as KEY=value.`;
    env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  const out: TaskEnvironmentInput = {};
  if (form.setup.trim()) out.setup = form.setup.trim();
  if (form.cleanup.trim()) out.cleanup = form.cleanup.trim();
  if (Object.keys(env).length > 0) out.env = env;
  const hosts = lines(form.hosts);
  if (hosts.length > 0) out.hosts = hosts;
  if (form.ports.trim() !== '') {
    const n = Number(form.ports);
    if (!Number.isFinite(n)) return `Ports per task: “${form.ports.slice(0, 20)}” is not a number.`;
    out.portsPerTask = n;
  }
  return out;
}

const area = `${inputClass} min-h-16 font-mono`;

/**
 * `.weft/environment.json` as a form: how each task's worktree is set up and cleaned up, its
 * variables, the hosts its setup may reach and its ports. Saving writes the file (the user's own
 * edit); running the setup is what trust gates, elsewhere.
 */
export function EnvironmentSettings({ projectId }: { projectId: string }) {
  const [view, setView] = useState<EnvironmentView | null | undefined>(undefined);
  const [form, setForm] = useState<Form>(formOf(null));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    // The parent keys this by project, so a new project starts with fresh (loading) state.
    let current = true;
    api.tasks
      .environment({ projectId })
      .then((v) => {
        if (!current) return;
        setView(v);
        setForm(formOf(v));
      })
      .catch((e: unknown) => current && setError(describeError(e).message));
    return () => {
      current = false;
    };
  }, [projectId]);

  const field = (name: keyof Form) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) => {
      setForm({ ...form, [name]: e.target.value });
      setStatus(null);
    },
  });

  const save = async () => {
    setError(null);
    setStatus(null);
    const environment = environmentOf(form);
    if (typeof environment === 'string') return setError(environment);
    setSaving(true);
    try {
      const saved = await api.tasks.saveEnvironment({ projectId, environment });
      setView(saved);
      setForm(formOf(saved));
      setStatus(`Saved to ${saved.path}.`);
    } catch (e) {
      const { title, message } = describeError(e);
      setError(`${title}: ${message}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-label="Task environment" className="mt-4" data-testid="environment-settings">
      <h3 className="mb-1 font-semibold">Task environment</h3>
      <p className="mb-2 text-[12px] text-wb-muted">
        Saved in <code className="font-mono">.weft/environment.json</code>, for everyone who works in this repository.
        The setup command runs in each new task worktree before its agent starts, sandboxed, and only in a trusted
        folder.
      </p>
      {view?.problems && (
        <p role="status" className="mb-2 text-[12px] text-amber-800 dark:text-amber-400">
          The file in the repository is not valid, so these fields start empty: {view.problems}
        </p>
      )}
      <form
        className="grid grid-cols-[12rem_1fr] gap-x-3 gap-y-2 text-[13px]"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <FormRow label="Setup command" hint="e.g. npm ci. A failure fails the task with its output.">
          {(f) => <input {...f} className={`${inputClass} font-mono`} placeholder="npm ci" {...field('setup')} />}
        </FormRow>
        <FormRow label="Cleanup command" hint="Runs when a task’s worktree is removed.">
          {(f) => <input {...f} className={`${inputClass} font-mono`} {...field('cleanup')} />}
        </FormRow>
        <FormRow label="Environment variables" hint="One KEY=value a line. PORT and WEFT_PORT_BASE are Weft’s.">
          {(f) => <textarea {...f} rows={3} className={area} placeholder="NODE_ENV=test" {...field('env')} />}
        </FormRow>
        <FormRow label="Hosts the setup may reach" hint="One a line, e.g. registry.npmjs.org or *.pypi.org.">
          {(f) => <textarea {...f} rows={2} className={area} {...field('hosts')} />}
        </FormRow>
        <FormRow label="Ports per task" hint="Each task gets its own block from PORT / WEFT_PORT_BASE on (1–1000).">
          {(f) => (
            <input {...f} inputMode="numeric" className={`${inputClass} w-28`} placeholder="10" {...field('ports')} />
          )}
        </FormRow>
        <span />
        <div className="flex items-center gap-2">
          <Button type="submit" variant="primary" disabled={saving || view === undefined}>
            Save environment
          </Button>
          {status && (
            <span role="status" className="text-[12px] text-wb-muted">
              {status}
            </span>
          )}
        </div>
      </form>
      {error && (
        <p role="alert" className="mt-2 text-[12px] text-wb-danger">
          {error}
        </p>
      )}
    </section>
  );
}
