/**
 * A form's unsaved work kept in this browser (localStorage) under its own key, so a reload,
 * a closed tab or a crash loses nothing typed since the last save. Storage that is full or
 * disabled only loses this safety net: saving to the server still works.
 */
export function loadLocalCopy<T>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function saveLocalCopy(key: string, copy: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(copy));
  } catch {
    // See above: the server copy is unaffected.
  }
}

export function clearLocalCopy(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing kept, nothing to clear.
  }
}
