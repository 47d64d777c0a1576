import { describe, expect, it } from 'vitest';
import { DatabaseDamage } from '../../src/renderer/src/lib/database-damage';

describe('the renderer noticing a damaged database', () => {
  it('keeps the first db_corrupt message for the notice and ignores other errors', () => {
    const damage = new DatabaseDamage();
    let changes = 0;
    damage.subscribe(() => changes++);
    damage.note({ code: 'path_outside_project', message: 'no' });
    expect(damage.message).toBeNull();
    damage.note({ code: 'db_corrupt', message: "Weft's database is damaged: first." });
    damage.note({ code: 'db_corrupt', message: "Weft's database is damaged: second." });
    expect(damage.snapshot()).toBe("Weft's database is damaged: first.");
    expect(changes).toBe(1);
  });
});
