// Recent files, kept across reloads in IndexedDB: the name, size and date of each file loaded, and, where
// the browser allows it (Chromium's File System Access), a handle to open it again with one click after
// the user grants access. Elsewhere the list says to drop the file again. Only the name and size of a file
// are kept, never its content.
import { getItem, setItem } from './store';

export interface RecentFile {
  name: string;
  size: number;
  lastModified: number;
  openedAt: number;
  handle?: FileSystemFileHandle;
}

const KEY = 'recent-files';
const MAX = 12;

/** What a drop or a picker gives: files, each with its handle when the browser offers one. */
export interface PickedFile {
  file: File;
  handle?: FileSystemFileHandle;
}

type HandlePermission = FileSystemFileHandle & {
  queryPermission?: (o: { mode: 'read' }) => Promise<PermissionState>;
  requestPermission?: (o: { mode: 'read' }) => Promise<PermissionState>;
};

export class RecentFiles {
  #list = $state.raw<RecentFile[]>([]);

  get list(): RecentFile[] {
    return this.#list;
  }

  async load(): Promise<void> {
    this.#list = (await getItem<RecentFile[]>(KEY)) ?? [];
  }

  async add(picked: PickedFile[]): Promise<void> {
    const same = (a: { name: string; size: number }, b: { name: string; size: number }) =>
      a.name === b.name && a.size === b.size;
    const fresh: RecentFile[] = picked.map(({ file, handle }) => ({
      name: file.name,
      size: file.size,
      lastModified: file.lastModified,
      openedAt: Date.now(),
      ...(handle ? { handle } : {}),
    }));
    this.#list = [...fresh, ...this.#list.filter((r) => !fresh.some((f) => same(f, r)))].slice(0, MAX);
    if (!(await setItem(KEY, this.#list))) {
      // a handle that cannot be stored must not cost the rest of the list
      await setItem(
        KEY,
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        this.#list.map(({ handle, ...rest }) => rest),
      );
    }
  }

  async remove(entry: RecentFile): Promise<void> {
    this.#list = this.#list.filter((r) => r !== entry);
    await setItem(KEY, this.#list);
  }

  /** The file again, through its handle, asking for access if needed; null when it cannot be had. */
  async reopen(entry: RecentFile): Promise<File | null> {
    const handle = entry.handle as HandlePermission | undefined;
    if (!handle) return null;
    try {
      let state = (await handle.queryPermission?.({ mode: 'read' })) ?? 'granted';
      if (state !== 'granted') state = (await handle.requestPermission?.({ mode: 'read' })) ?? 'denied';
      return state === 'granted' ? await handle.getFile() : null;
    } catch {
      return null; // moved, deleted, or access refused
    }
  }
}

/** Handles of dropped items, where the browser has them; must be called while the drop event runs. */
export function dropHandles(
  items: DataTransferItemList | undefined,
): Promise<(FileSystemFileHandle | undefined)[]> {
  type WithHandle = DataTransferItem & { getAsFileSystemHandle?: () => Promise<FileSystemHandle | null> };
  const pending = [...(items ?? [])]
    .filter((item) => item.kind === 'file')
    .map((item) =>
      ((item as WithHandle).getAsFileSystemHandle?.() ?? Promise.resolve(null)).then(
        (h) => (h?.kind === 'file' ? (h as FileSystemFileHandle) : undefined),
        () => undefined,
      ),
    );
  return Promise.all(pending);
}
