import { timeoutSecSchema } from '../../../../shared/domain/models';
import { inputClass } from './ui';

/** Weft's default waits (main's `timing.ts`), shown as placeholders so empty visibly means them. */
const DEFAULT_FIRST_TOKEN_SEC = 120;
const DEFAULT_LOCAL_FIRST_TOKEN_SEC = 300;
const DEFAULT_IDLE_SEC = 60;

/** Same literal test as main's isLoopbackUrl: local servers may first load the model from disk. */
function looksLocal(url: string): boolean {
  return /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i.test(url.trim());
}

/** What a wait field holds: empty is Weft's default (null), otherwise the rule it breaks, if any. */
export function parseWait(text: string): { value: number | null; error: string | null } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null, error: null };
  const parsed = timeoutSecSchema.safeParse(Number(trimmed));
  if (!parsed.success) return { value: null, error: `Must be a whole number of seconds from 5 to 3600.` };
  return { value: parsed.data, error: null };
}

function WaitField({
  id,
  label,
  value,
  placeholder,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  placeholder: string;
  onChange: (text: string) => void;
}) {
  const { error } = parseWait(value);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="flex flex-col gap-1">
        <input
          id={id}
          inputMode="numeric"
          className={`${inputClass} w-32`}
          value={value}
          placeholder={placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        {error && (
          <span id={`${id}-error`} role="alert" className="text-[12px] text-wb-danger">
            {error}
          </span>
        )}
      </div>
    </>
  );
}

/** The two waits of a provider's calls; empty fields keep Weft's defaults. */
export function TimeoutFields({
  baseUrl,
  firstToken,
  idle,
  onFirstToken,
  onIdle,
}: {
  baseUrl: string;
  firstToken: string;
  idle: string;
  onFirstToken: (text: string) => void;
  onIdle: (text: string) => void;
}) {
  const firstDefault = looksLocal(baseUrl) ? DEFAULT_LOCAL_FIRST_TOKEN_SEC : DEFAULT_FIRST_TOKEN_SEC;
  return (
    <>
      <WaitField
        id="provider-first-token"
        label="Wait for the first token (s)"
        value={firstToken}
        placeholder={`Default: ${firstDefault}`}
        onChange={onFirstToken}
      />
      <WaitField
        id="provider-idle"
        label="Wait between tokens (s)"
        value={idle}
        placeholder={`Default: ${DEFAULT_IDLE_SEC}`}
        onChange={onIdle}
      />
    </>
  );
}
