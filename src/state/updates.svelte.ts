// A new version of the app, announced in the page (issue #11, finding 2). The service worker of a new
// version installs beside the running one and waits; this says so, and reloads into the new version when
// the user asks (src/main.ts wires it to the service worker's registration).
export class AppUpdates {
  #ready = $state(false);
  #activate: (() => Promise<void>) | null = null;

  /** A new version is installed and waits for a reload. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Called by the registration when a new version waits; `activate` lets it take over and reloads. */
  waiting(activate: () => Promise<void>): void {
    this.#activate = activate;
    this.#ready = true;
  }

  async reload(): Promise<void> {
    await this.#activate?.();
  }

  dismiss(): void {
    this.#ready = false;
  }
}
