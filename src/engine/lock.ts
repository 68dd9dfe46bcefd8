// The engine lock (docs/engine.md, "The lock"). After these statements no SQL, including SQL
// that arrives in a shared link, can reach the network or the file system: only files the app registered
// under USER_FILE_DIR are readable, and the configuration cannot be changed back.

export const USER_FILE_DIR = 'local/';

/** Below the 4 GB WASM ceiling, leaving room for the engine's own allocations outside the buffer pool. */
export const DEFAULT_MEMORY_LIMIT = '3GB';

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
