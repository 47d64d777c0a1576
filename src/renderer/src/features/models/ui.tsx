import type { ReactNode } from 'react';

export { Badge, inputClass } from '../../components/ui/Badge';

/** A heading inside the Models section. */
export function SubHeading({ children }: { children: ReactNode }) {
  return <h3 className="mt-5 mb-2 text-[13px] font-semibold">{children}</h3>;
}
