import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';

interface Check {
  /** The field's value as the form holds it: what the officer typed is judged against it. */
  value: string;
  /** Reads the typed text; null when it is not a real day (or day and time). */
  parse: (text: string) => string | null;
  required: boolean | undefined;
  /** What the field says under itself while it holds text that is not a date. */
  message: string;
  /** The form's own error for the field (from the API), shown when the typed text is fine. */
  error: ReactNode;
}

/**
 * Keeps an impossible or unfinished day (31/02/2026, 12/13/2026, 3/4) as the officer typed it and
 * says so under the field once they leave it: Mantine's DateInput otherwise quietly puts the
 * previous day back, and the form would save a day nobody meant. The text is also marked invalid
 * to the browser (setCustomValidity), so the form's own validation refuses to submit it and the
 * message shows on submit even if the officer never left the field. A real day clears both.
 */
export function useTypedDateCheck({ value, parse, required, message, error }: Check) {
  const input = useRef<HTMLInputElement>(null);
  // Text typed since the form's value last changed; null when the field shows the value itself.
  const [typed, setTyped] = useState<string | null>(null);
  const [told, setTold] = useState(false);
  useEffect(() => {
    // A real day typed, picked or set from outside (a reset after saving): nothing left to judge.
    setTyped(null);
    setTold(false);
  }, [value]);
  const invalid = typed !== null && (typed.trim() === '' ? !!required : parse(typed) === null);
  useEffect(() => input.current?.setCustomValidity(invalid ? message : ''), [invalid, message]);
  return {
    ref: input,
    // Mantine rewrites the text to the value on leaving: only when the text is a day (or rightly empty).
    fixOnBlur: !invalid,
    onInput: (e: FormEvent<HTMLInputElement>) => setTyped(e.currentTarget.value),
    onBlur: () => setTold(invalid),
    onInvalid: () => setTold(true),
    error: invalid && told ? message : error,
  };
}
