import type { BadgeDesign } from '../../api/images';

const PREFIX = 'laurel.badgeDesign:';

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

const isDesign = (v: unknown): v is BadgeDesign =>
  typeof v === 'object' && v !== null && ['shape', 'primary', 'secondary', 'icon', 'title'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string');

/** A badge design not yet saved with its achievement, kept for this tab (`key`: the form, e.g. `new` or the achievement id). */
export function readDesignDraft(key: string | undefined): BadgeDesign | null {
  if (!key) return null;
  try {
    const value: unknown = JSON.parse(storage()?.getItem(PREFIX + key) ?? 'null');
    return isDesign(value) ? value : null;
  } catch {
    return null;
  }
}

export function writeDesignDraft(key: string | undefined, design: BadgeDesign): void {
  if (!key) return;
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify(design));
  } catch {
    // Storage full or refused: the draft is only a convenience.
  }
}

export function clearDesignDraft(key: string | undefined): void {
  if (key) storage()?.removeItem(PREFIX + key);
}
