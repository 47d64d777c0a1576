import { describe, expect, it } from 'vitest';
import { parseChecklist } from '../../../src/main/fleet/checklist';

describe('Markdown checklist → tasks', () => {
  it('makes a task of each open item, with its indented lines as the description', () => {
    const md = [
      '# Sprint',
      '',
      '- [ ] Add the parser',
      '  Handle `--flag=value` too.',
      '',
      '  - [ ] short flags',
      '  - [ ] long flags',
      '* [ ] Write the docs',
      '1. [ ] Release',
      'Some prose that is not a task.',
    ].join('\n');
    expect(parseChecklist(md)).toEqual({
      items: [
        {
          title: 'Add the parser',
          description: 'Handle `--flag=value` too.\n\n- [ ] short flags\n- [ ] long flags',
        },
        { title: 'Write the docs', description: '' },
        { title: 'Release', description: '' },
      ],
      skipped: [],
    });
  });

  it('skips ticked items and names them', () => {
    const md = '- [x] Already shipped\n  with notes\n- [X] Also done\n- [ ] Still to do\n';
    expect(parseChecklist(md)).toEqual({
      items: [{ title: 'Still to do', description: '' }],
      skipped: ['Already shipped', 'Also done'],
    });
  });

  it('reads an indented list, Windows line ends and tabs', () => {
    const md = '  - [ ] One\r\n  \tdetail\r\n  - [ ] Two\r\n';
    expect(parseChecklist(md).items).toEqual([
      { title: 'One', description: 'detail' },
      { title: 'Two', description: '' },
    ]);
  });

  it('finds nothing in text without checkboxes', () => {
    expect(parseChecklist('- plain item\n- [ ]\nhello')).toEqual({ items: [], skipped: [] });
  });
});
