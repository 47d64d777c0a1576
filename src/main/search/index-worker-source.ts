/**
 * The index writer's worker thread, as source text: it is started with `eval`, so the
 * desktop bundle, the CLI bundle, the tests and the benchmark need no separate worker file.
 * It owns one shard's write connection; the SQL it runs comes in `workerData`.
 */
export const INDEX_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqliteModule);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
for (const pragma of workerData.pragmas) db.pragma(pragma);
const sql = workerData.sql;
const insertDoc = db.prepare(sql.insertDoc);
const deleteDoc = db.prepare(sql.deleteDoc);
const upsertMeta = db.prepare(sql.upsertMeta);
const deleteMeta = db.prepare(sql.deleteMeta);
const put = db.transaction((docs, fresh) => {
  for (const d of docs) {
    if (!fresh) deleteDoc.run(d.path);
    const info = insertDoc.run(d.path, d.body);
    upsertMeta.run(d.path, info.lastInsertRowid, d.mtime, d.size);
  }
});
const remove = db.transaction((paths) => {
  for (const p of paths) {
    deleteDoc.run(p);
    deleteMeta.run(p);
  }
});
parentPort.on('message', (m) => {
  try {
    if (m.type === 'put') put(m.docs, m.fresh);
    else if (m.type === 'remove') remove(m.paths);
    else if (m.type === 'close') db.close();
    parentPort.postMessage({ id: m.id, ok: true });
  } catch (error) {
    parentPort.postMessage({ id: m.id, ok: false, message: String(error && error.message) });
  }
});
`;
