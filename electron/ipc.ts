/**
 * The IPC handlers: one per API operation, plus the desktop helpers. Every
 * handler first refuses any frame that is not the app's own page, then checks
 * the input in main, and only then forwards it to the service host. The raw
 * input is forwarded (not zod's parsed output): the host validates it again,
 * and re-parsing an already transformed value is not guaranteed to pass.
 */
import { app, dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { ApiError } from '../shared/api';
import type { BridgeResult } from '../shared/bridge';
import { OPERATION_NAMES, ipcChannel } from '../shared/operations';
import { CHOOSE_FOLDER_CHANNEL, CHOOSE_SAVE_PATH_CHANNEL } from './desktop-channels';
import type { ServiceHost } from './host/host-supervisor';
import { rejectInvalidInput, safeDefaultFileName } from './ipc-input';
import { isAppUrl } from './security';

function fromApp(event: IpcMainInvokeEvent): boolean {
  return Boolean(event.senderFrame && isAppUrl(event.senderFrame.url));
}

const REFUSED: BridgeResult = { ok: false, ...new ApiError('unauthorized', 'IPC from a page that is not RAIC was refused.').toBody() };

export function registerIpcHandlers(host: ServiceHost, window: () => BrowserWindow | undefined): void {
  for (const operation of OPERATION_NAMES) {
    ipcMain.handle(ipcChannel(operation), (event, input: unknown) => {
      if (!fromApp(event)) return REFUSED;
      return rejectInvalidInput(operation, input) ?? host.request(operation, input);
    });
  }

  ipcMain.handle(CHOOSE_SAVE_PATH_CHANNEL, async (event, defaultName: unknown): Promise<string | undefined> => {
    if (!fromApp(event)) return undefined;
    const options: Electron.SaveDialogOptions = {
      title: 'Save a copy from RAIC',
      // The page suggests only a file name; the folder is the user's Downloads until they pick another.
      defaultPath: path.join(app.getPath('downloads'), safeDefaultFileName(defaultName)),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const owner = window();
    const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? undefined : result.filePath;
  });

  // "Download folder" on the desktop: the folder the restore writes into. The page suggests nothing; the user picks.
  ipcMain.handle(CHOOSE_FOLDER_CHANNEL, async (event): Promise<string | undefined> => {
    if (!fromApp(event)) return undefined;
    const options: Electron.OpenDialogOptions = {
      title: 'Choose where RAIC restores the folder',
      buttonLabel: 'Restore here',
      defaultPath: app.getPath('downloads'),
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
    };
    const owner = window();
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  });
}
