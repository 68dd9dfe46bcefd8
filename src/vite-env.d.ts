/// <reference types="svelte" />
/// <reference types="vite/client" />

// The File System Access picker: Chromium has it, other browsers do not (src/ui/Sidebar.svelte checks).
interface Window {
  showOpenFilePicker?: (options: object) => Promise<FileSystemFileHandle[]>;
}
