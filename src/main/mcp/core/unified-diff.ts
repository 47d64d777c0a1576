// A pure line diff (Myers) rendered as a unified diff, for write tools to report what they changed.

const EQ = 0;
const DEL = 1;
const ADD = 2;
type Op = typeof EQ | typeof DEL | typeof ADD;

/** Beyond this many differing lines the middle is shown as one replaced block instead. */
const MAX_EDIT_DISTANCE = 2000;

/** Lines with their terminators, so a missing final newline is a difference too. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The shortest edit script from `a` to `b`, or null when it is longer than `maxD`. */
function myers(a: readonly string[], b: readonly string[], maxD: number): Op[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v for k in [-d, d] as it was before step d.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    if (d > maxD) return null;
    trace.push(v.slice(off - d, off + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return backtrack(trace, n, m);
}

function backtrack(trace: readonly Int32Array[], n: number, m: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d]!;
    const at = (k: number) => prev[k + d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(EQ);
      x--;
      y--;
    }
    if (x === prevX) {
      ops.push(ADD);
      y--;
    } else {
      ops.push(DEL);
      x--;
    }
  }
  while (x > 0 && y > 0) {
    ops.push(EQ);
    x--;
    y--;
  }
  return ops.reverse();
}

/** Every operation turning `a` into `b`, equal prefix and suffix included. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const middle = myers(midA, midB, MAX_EDIT_DISTANCE) ?? [...midA.map((): Op => DEL), ...midB.map((): Op => ADD)];
  return [
    ...Array.from({ length: start }, (): Op => EQ),
    ...middle,
    ...Array.from({ length: a.length - endA }, (): Op => EQ),
  ];
}

function show(prefix: string, line: string): string {
  return line.endsWith('\n') ? `${prefix}${line}` : `${prefix}${line}\n\\ No newline at end of file\n`;
}

/**
 * A unified diff (`--- a/path`, `+++ b/path`, `@@` hunks with `context` lines around each
 * change) from `before` to `after`; `before: null` is a new file. Empty when nothing changed.
 */
export function unifiedDiff(path: string, before: string | null, after: string, context = 3): string {
  const a = splitLines(before ?? '');
  const b = splitLines(after);
  const ops = editScript(a, b);
  if (ops.every((op) => op === EQ)) return '';
  // Positions in a and b before each op.
  const posA: number[] = [];
  const posB: number[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    posA.push(i);
    posB.push(j);
    if (op !== ADD) i++;
    if (op !== DEL) j++;
  }
  const out = [before === null ? '--- /dev/null\n' : `--- a/${path}\n`, `+++ b/${path}\n`];
  let index = 0;
  while (index < ops.length) {
    while (index < ops.length && ops[index] === EQ) index++;
    if (index >= ops.length) break;
    const first = Math.max(0, index - context);
    let last = index;
    // Extend the hunk while the next change is within two contexts of the last one.
    for (let k = index; k < ops.length; k++) {
      if (ops[k] !== EQ) last = k;
      else if (k - last > 2 * context) break;
    }
    const end = Math.min(ops.length, last + 1 + context);
    let countA = 0;
    let countB = 0;
    const body: string[] = [];
    for (let k = first; k < end; k++) {
      const op = ops[k]!;
      if (op === EQ) {
        body.push(show(' ', a[posA[k]!]!));
        countA++;
        countB++;
      } else if (op === DEL) {
        body.push(show('-', a[posA[k]!]!));
        countA++;
      } else {
        body.push(show('+', b[posB[k]!]!));
        countB++;
      }
    }
    const startA = countA === 0 ? posA[first]! : posA[first]! + 1;
    const startB = countB === 0 ? posB[first]! : posB[first]! + 1;
    out.push(`@@ -${startA},${countA} +${startB},${countB} @@\n`, ...body);
    index = end;
  }
  return out.join('');
}

/** Lines added and removed, for a one-line summary. */
export function diffStat(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++ ')) added++;
    else if (line.startsWith('-') && !line.startsWith('--- ')) removed++;
  }
  return { added, removed };
}
