/**
 * The code of a screen worker, as a CommonJS script. It is a string run with `eval: true`
 * so the same worker starts from the built app, from tsx and from vitest alike, with no
 * separate bundle entry; the packages it needs come as resolved paths in `workerData`.
 */
export const screenWorkerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { Terminal } = require(workerData.headless);
const { SerializeAddon } = require(workerData.serialize);
const term = new Terminal({
  cols: workerData.cols,
  rows: workerData.rows,
  scrollback: workerData.scrollback,
  allowProposedApi: true,
});
const serializer = new SerializeAddon();
term.loadAddon(serializer);
let parsed = 0;
parentPort.on('message', (m) => {
  switch (m.t) {
    case 'write':
      term.write(m.data, () => {
        parsed += m.data.length;
        parentPort.postMessage({ t: 'parsed', chars: m.data.length });
      });
      break;
    case 'resize':
      term.resize(m.cols, m.rows);
      break;
    case 'serialize':
      // Writes are parsed in order: this callback runs once everything sent before is on screen.
      term.write('', () =>
        parentPort.postMessage({
          t: 'serialized',
          req: m.req,
          data: serializer.serialize({ scrollback: workerData.scrollback }),
          offset: parsed,
        }),
      );
      break;
  }
});
`;
