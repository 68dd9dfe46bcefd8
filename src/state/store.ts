// A small key-value store in IndexedDB for what Tenure remembers across reloads (saved presets, recent
// files). Every call degrades to "nothing remembered" where IndexedDB is unavailable (private windows,
// blocked storage): remembering is a convenience, never a condition for working.

const DB = 'tenure';
const STORE = 'kv';
let opening: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

function run<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T | undefined> {
  return open().then(
    (db) =>
      new Promise((resolve) => {
        if (!db) return resolve(undefined);
        try {
          const request = work(db.transaction(STORE, mode).objectStore(STORE));
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve(undefined);
        } catch {
          resolve(undefined);
        }
      }),
  );
}

export function getItem<T>(key: string): Promise<T | undefined> {
  return run('readonly', (s) => s.get(key) as IDBRequest<T>);
}

export async function setItem(key: string, value: unknown): Promise<boolean> {
  return (await run('readwrite', (s) => s.put(value, key))) !== undefined;
}

export async function removeItem(key: string): Promise<void> {
  await run('readwrite', (s) => s.delete(key));
}
