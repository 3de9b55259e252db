// What the window's scripts see that the DOM's types do not declare: Tauri's global API
// (app.withGlobalTauri in tauri.conf.json), which api.js alone calls.
interface Window {
  __TAURI__?: {
    core?: { invoke?: (cmd: string, args?: unknown, options?: unknown) => Promise<unknown> };
    event?: {
      listen?: (event: string, handler: (event: { event: string; id: number; payload: unknown }) => void) => Promise<() => void>;
    };
  };
}
