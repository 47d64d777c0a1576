import { useStatusItems } from '../../lib/contributions';

/** The bottom strip: where you are on the left, how things are on the right; features add items. */
export function StatusBar() {
  const items = useStatusItems();
  const render = (align: 'left' | 'right') =>
    items.filter((i) => i.align === align).map(({ id, component: Item }) => <Item key={id} />);
  // A footer (contentinfo), not a live region: screen readers would otherwise read every change
  // ("Indexing 120/4000", the clock of a running task) aloud as it happens.
  return (
    <footer
      aria-label="Status bar"
      data-testid="status-bar"
      className="flex h-6 shrink-0 items-center gap-3 bg-wb-status px-2 text-[12px] text-wb-status-fg"
    >
      {render('left')}
      <span className="ml-auto" />
      {render('right')}
    </footer>
  );
}
