/// <reference types="svelte" />
/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/vanillajs" />

// The File System Access picker: Chromium has it, other browsers do not (src/ui/Sidebar.svelte checks).
interface Window {
  showOpenFilePicker?: (options: object) => Promise<FileSystemFileHandle[]>;
}

/** The build's own name (vite.config.ts), empty unless TENURE_BUILD was set. */
declare const __TENURE_BUILD__: string;
