// The operator key, when an operator has typed it on this tab: kept in sessionStorage (gone when the tab closes) and
// sent only to operator endpoints, as Authorization: Bearer.

const key = "melmage.operatorKey";

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function readOperatorKey(storage: Pick<Storage, "getItem"> = sessionStorage): string | null {
  const value = storage.getItem(key)?.trim();
  return value ? value : null;
}

export function saveOperatorKey(value: string, storage: Store = sessionStorage): void {
  const trimmed = value.trim();
  if (trimmed) storage.setItem(key, trimmed);
  else storage.removeItem(key);
}

export function forgetOperatorKey(storage: Store = sessionStorage): void {
  storage.removeItem(key);
}
