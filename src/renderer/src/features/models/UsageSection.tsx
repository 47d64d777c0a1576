import { useEffect, useMemo, useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageDay } from '../../../../shared/domain/models';
import { useModels } from './state/models';
import { useNotices } from '../../stores/notifications';
import { useProjects } from '../../stores/projects';
import { useSettings } from '../../stores/settings';
import { inputClass } from './ui';

const usd = (n: number) => (n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`);
const usdTick = (n: number) => `$${Number(n.toPrecision(2))}`;
const tokens = (n: number) =>
  n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);

/** Per-day totals over every project, with empty days filled in so the axis is a real calendar. */
export function byDay(rows: readonly UsageDay[], days: number, today = new Date()) {
  const out = new Map<string, { day: string; input: number; output: number; cost: number }>();
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
    const key = d.toISOString().slice(0, 10);
    out.set(key, { day: key, input: 0, output: 0, cost: 0 });
  }
  for (const r of rows) {
    const entry = out.get(r.day) ?? { day: r.day, input: 0, output: 0, cost: 0 };
    entry.input += r.inputTokens + r.cacheTokens;
    entry.output += r.outputTokens;
    entry.cost += r.costUsd;
    out.set(r.day, entry);
  }
  return [...out.values()];
}

/** A theme colour as a literal, since SVG presentation attributes do not resolve var(). */
const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** Tokens and cost per day (chart) and per project (table), from the usage rows in SQLite. */
export function UsageSection() {
  useSettings((s) => s.settings.theme); // re-render with the theme's colours
  const usage = useModels((s) => s.usage);
  const loadUsage = useModels((s) => s.loadUsage);
  const recent = useProjects((s) => s.recent);
  const notices = useNotices();
  const [days, setDays] = useState(30);
  const [project, setProject] = useState('');
  useEffect(() => {
    loadUsage(days, project || undefined).catch(notices.error);
  }, [days, project, loadUsage, notices.error]);
  const daily = useMemo(() => byDay(usage, days), [usage, days]);
  const perProject = useMemo(() => {
    const map = new Map<string | null, { tokens: number; cost: number; calls: number }>();
    for (const r of usage) {
      const e = map.get(r.projectId) ?? { tokens: 0, cost: 0, calls: 0 };
      e.tokens += r.inputTokens + r.outputTokens + r.cacheTokens;
      e.cost += r.costUsd;
      e.calls += r.calls;
      map.set(r.projectId, e);
    }
    return [...map.entries()].sort((a, b) => b[1].cost - a[1].cost || b[1].tokens - a[1].tokens);
  }, [usage]);
  const name = (id: string | null) => (id === null ? 'No project' : (recent.find((p) => p.id === id)?.name ?? id));
  const color = { grid: cssVar('--wb-border'), muted: cssVar('--wb-muted'), accent: cssVar('--wb-accent') };
  const total = perProject.reduce((n, [, e]) => ({ tokens: n.tokens + e.tokens, cost: n.cost + e.cost }), {
    tokens: 0,
    cost: 0,
  });

  return (
    <div data-testid="model-usage">
      <div className="flex items-center gap-3">
        <select
          aria-label="Usage period"
          className={inputClass}
          value={days}
          onChange={(e) => setDays(Number(e.target.value))}
        >
          <option value={7}>Last 7 days</option>
          <option value={30}>Last 30 days</option>
          <option value={90}>Last 90 days</option>
        </select>
        <select
          aria-label="Usage project"
          className={inputClass}
          value={project}
          onChange={(e) => setProject(e.target.value)}
        >
          <option value="">All projects</option>
          {recent.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <span className="text-[12px] text-wb-muted">
          {tokens(total.tokens)} tokens · {usd(total.cost)}
        </span>
      </div>
      <div className="mt-3 h-56 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={daily} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={color.grid} vertical={false} />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} stroke={color.muted} fontSize={11} />
            <YAxis yAxisId="tokens" tickFormatter={tokens} stroke={color.muted} fontSize={11} width={44} />
            <YAxis
              yAxisId="cost"
              orientation="right"
              tickFormatter={usdTick}
              stroke={color.muted}
              fontSize={11}
              width={52}
            />
            <Tooltip
              contentStyle={{ background: 'var(--wb-side)', border: '1px solid var(--wb-border)', fontSize: 12 }}
              formatter={(value, key) => (key === 'Cost' ? usd(Number(value)) : tokens(Number(value)))}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              yAxisId="tokens"
              dataKey="input"
              name="Input tokens"
              stackId="t"
              fill={color.accent}
              isAnimationActive={false}
            />
            <Bar
              yAxisId="tokens"
              dataKey="output"
              name="Output tokens"
              stackId="t"
              fill="#8b5cf6"
              isAnimationActive={false}
            />
            <Line
              yAxisId="cost"
              dataKey="cost"
              name="Cost"
              stroke="#f59e0b"
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      {perProject.length > 0 ? (
        <table className="mt-3 w-full text-[12px]" aria-label="Usage per project">
          <thead className="text-left text-wb-muted">
            <tr>
              <th className="font-normal">Project</th>
              <th className="text-right font-normal">Calls</th>
              <th className="text-right font-normal">Tokens</th>
              <th className="text-right font-normal">Cost</th>
            </tr>
          </thead>
          <tbody>
            {perProject.map(([id, e]) => (
              <tr key={id ?? 'none'}>
                <td>{name(id)}</td>
                <td className="text-right">{e.calls}</td>
                <td className="text-right">{tokens(e.tokens)}</td>
                <td className="text-right">{usd(e.cost)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="mt-2 text-[12px] text-wb-muted">No model calls in this period.</p>
      )}
    </div>
  );
}
