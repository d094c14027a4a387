/** Letters that Unicode does not decompose into a base letter and a mark, spelt as people type them. */
const FOLDED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * Text as searches compare it: compatibility-decomposed, marks removed, lower case, and the few letters
 * without a decomposition spelt out. Applied to what is stored and to what is searched for, so that
 * "Zoe" finds "Zoë" and "Zoë" finds "Zoe" (and "ZOË", "Zoë" written with a combining diaeresis …).
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[ßæœøłđðþı]/g, (c) => FOLDED[c] ?? c);
}
