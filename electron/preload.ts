/**
 * The only bridge between the sandboxed page and the main process: one
 * function per API operation, each invoking its own IPC channel. The page
 * never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel, OPERATION_NAMES } from '../shared/operations';

const bridge = Object.fromEntries(
  OPERATION_NAMES.map((operation) => [operation, (input: unknown) => ipcRenderer.invoke(ipcChannel(operation), input)]),
);

contextBridge.exposeInMainWorld('raicBridge', bridge);
