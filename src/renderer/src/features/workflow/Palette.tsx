import { kindIcons, unknownKindIcon } from './kind-icons';
import { kindInfo } from './node-kinds';

/** The drag type a palette item carries; the canvas accepts only this. */
export const NODE_DRAG_TYPE = 'application/x-weft-node-kind';

/** Node kinds to drag onto the canvas (or press Enter on one to add it in the middle). */
export function Palette({ onAdd }: { onAdd(kind: string): void }) {
  return (
    <nav
      aria-label="Node palette"
      className="flex w-40 shrink-0 flex-col gap-1 overflow-y-auto border-r border-wb-border bg-wb-side p-2"
    >
      <div className="px-1 pb-1 text-[11px] font-semibold tracking-wide text-wb-muted uppercase">Steps</div>
      {kindInfo.map((k) => {
        const Icon = kindIcons[k.kind] ?? unknownKindIcon;
        return (
          <button
            key={k.kind}
            type="button"
            draggable
            aria-label={`Add ${k.title} node`}
            title={`${k.summary}. Drag onto the canvas, or click to add.`}
            onDragStart={(e) => {
              e.dataTransfer.setData(NODE_DRAG_TYPE, k.kind);
              e.dataTransfer.effectAllowed = 'move';
            }}
            onClick={() => onAdd(k.kind)}
            className="flex cursor-grab items-center gap-2 rounded-sm border border-wb-border bg-wb-bg px-2 py-1.5 text-left text-[12px] hover:bg-wb-hover active:cursor-grabbing"
          >
            <span className={`h-5 w-1 shrink-0 rounded-full ${k.accent}`} />
            <Icon size={14} className="shrink-0 text-wb-muted" aria-hidden />
            <span className="truncate">{k.title}</span>
          </button>
        );
      })}
    </nav>
  );
}
