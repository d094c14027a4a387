import { useMemo } from 'react';
import { listAchievements, listIssuers } from '../api/badges';
import type { Achievement, Issuer } from '../api/types';
import { useLoad, type Loaded } from './useLoad';

/** Up to 200 of each: enough for pickers and for naming rows; pickers for larger catalogues would search. */
const PICKER_LIMIT = 200;

export function useIssuerList(): Loaded<Issuer[]> & { byId: ReadonlyMap<string, Issuer> } {
  const loaded = useLoad(async () => (await listIssuers({ limit: PICKER_LIMIT, sort: 'name' })).items, []);
  const byId = useMemo(() => new Map((loaded.data ?? []).map((i) => [i.id, i])), [loaded.data]);
  return { ...loaded, byId };
}

export function useAchievementList(): Loaded<Achievement[]> & { byId: ReadonlyMap<string, Achievement> } {
  const loaded = useLoad(async () => (await listAchievements({ limit: PICKER_LIMIT, sort: 'name' })).items, []);
  const byId = useMemo(() => new Map((loaded.data ?? []).map((a) => [a.id, a])), [loaded.data]);
  return { ...loaded, byId };
}
