import type { IsoDate, PinnedMode, Staff, TeleworkRequest } from '../domain/rotation';

/** A staff member while a generator fills them in; `finishStaff` fixes the key order. */
export interface StaffDraft {
  id: string;
  division: string;
  name: string;
  canTelework: boolean;
  maxTeleworkDays?: number;
  counters: string[];
  requests: TeleworkRequest[];
  absent: IsoDate[];
  pinned?: Record<IsoDate, PinnedMode>;
}

export function newStaff(id: string, division: string, name: string, canTelework: boolean): StaffDraft {
  return { id, division, name, canTelework, counters: [], requests: [], absent: [] };
}

/** The format's key order, optional keys only when set, days ascending. */
export function finishStaff(d: StaffDraft, counterOrder?: ReadonlyMap<string, number>): Staff {
  const counters = counterOrder
    ? d.counters.slice().sort((a, b) => (counterOrder.get(a) ?? 0) - (counterOrder.get(b) ?? 0))
    : d.counters.slice();
  const requests = d.requests.slice().sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const staff: Staff = {
    id: d.id,
    division: d.division,
    name: d.name,
    canTelework: d.canTelework,
    ...(d.maxTeleworkDays !== undefined ? { maxTeleworkDays: d.maxTeleworkDays } : {}),
    counters,
    requests,
    absent: d.absent.slice().sort(),
    ...(d.pinned !== undefined && Object.keys(d.pinned).length > 0 ? { pinned: sortKeys(d.pinned) } : {}),
  };
  return staff;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(record).sort()) out[k] = record[k];
  return out;
}

/** `t0001`, `c00042`: a prefix and a zero-padded serial. */
export function serialId(prefix: string, n: number, width: number): string {
  return prefix + String(n).padStart(width, '0');
}
