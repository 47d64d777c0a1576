/**
 * The look every modal shares (the plain dialog and the alert dialog), kept in one place so a
 * confirmation and a form read as the same kind of surface in both themes.
 */
export const dialogClasses = {
  overlay: 'fixed inset-0 z-50 flex justify-center overflow-y-auto bg-black/40',
  center: 'items-center p-4',
  top: 'items-start px-4 pt-16 pb-4',
  panel:
    'flex max-w-full flex-col gap-3 rounded-sm border border-wb-border bg-wb-side p-4 text-wb-fg shadow-xl outline-none',
  sm: 'w-[28rem]',
  md: 'w-[35rem]',
  title: 'text-[14px] font-semibold',
  body: 'text-[13px] leading-relaxed',
  footer: 'mt-1 flex justify-end gap-2',
} as const;
