/**
 * The only bridge between the sandboxed page and the main process: one
 * function per API operation, each invoking its own IPC channel, plus the
 * service's pushed events, the path of a dropped file or folder (Electron keeps
 * File.path away from sandboxed pages; webUtils gives it back here) and the
 * native save and folder dialogs. The page never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT_CHANNEL, ipcChannel, OPERATION_NAMES } from '../shared/operations';
import { CHOOSE_FOLDER_CHANNEL, CHOOSE_SAVE_PATH_CHANNEL } from './desktop-channels';

const bridge = Object.fromEntries(
  OPERATION_NAMES.map((operation) => [operation, (input: unknown) => ipcRenderer.invoke(ipcChannel(operation), input)]),
);

contextBridge.exposeInMainWorld('raicBridge', bridge);
contextBridge.exposeInMainWorld('raicDesktop', {
  onEvent(listener: (event: unknown) => void): () => void {
    const forward = (_ipcEvent: unknown, event: unknown) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => ipcRenderer.off(EVENT_CHANNEL, forward);
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
  chooseSavePath(defaultName: string): Promise<string | undefined> {
    return ipcRenderer.invoke(CHOOSE_SAVE_PATH_CHANNEL, String(defaultName));
  },
  chooseFolder(): Promise<string | undefined> {
    return ipcRenderer.invoke(CHOOSE_FOLDER_CHANNEL);
  },
});
