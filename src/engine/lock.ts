// The engine lock (docs/engine.md, "The lock"). After these statements no SQL, including SQL
// that arrives in a shared link, can reach the network or the file system: only files the app registered
// under USER_FILE_DIR are readable, and the configuration cannot be changed back.

export const USER_FILE_DIR = 'local/';

/** Below the 4 GB WASM ceiling, leaving room for the engine's own allocations outside the buffer pool. */
export const DEFAULT_MEMORY_LIMIT = '3GB';

/**
 * The engine's memory limit for a device with `deviceMemory` GB (navigator.deviceMemory: Chromium reports
 * 0.25 to 8, rounded; other browsers nothing): half of it, between 1 and 3 GB (32-bit WebAssembly tops out
 * at 4 GB, and the engine needs room besides its buffers). Unknown: 3 GB, as before.
 */
export function memoryLimitFor(deviceMemory: number | undefined): string {
  if (!deviceMemory || !Number.isFinite(deviceMemory)) return DEFAULT_MEMORY_LIMIT;
  const gb = Math.min(3, Math.max(1, deviceMemory / 2));
  return `${Math.round(gb * 1024)}MB`;
}

export function lockStatements(memoryLimit: string = DEFAULT_MEMORY_LIMIT): string[] {
  if (!/^\d+(\.\d+)?\s*[KMG]i?B$/i.test(memoryLimit)) throw new Error(`Bad memory limit: ${memoryLimit}`);
  return [
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    `SET memory_limit = '${memoryLimit}'`,
    'SET preserve_insertion_order = true',
    `SET allowed_directories = ['${USER_FILE_DIR}']`,
    'SET enable_external_access = false',
    'SET lock_configuration = true',
  ];
}
