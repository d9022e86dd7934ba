/**
 * Where a local TCP port really listens, read from the kernel's socket table
 * (/proc/net/tcp and tcp6) rather than from what the server says of itself,
 * and whether the port answers on this machine's other addresses.
 */
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';

/** Local addresses of the listening sockets on `port` ("127.0.0.1", "0.0.0.0", "::", ...). */
export async function listeningAddresses(port: number): Promise<string[]> {
  const found: string[] = [];
  for (const [file, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]] as const) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A: LISTEN
      const [hex, portHex] = local.split(':');
      if (parseInt(portHex!, 16) !== port) continue;
      found.push(v6 ? decodeV6(hex!) : decodeV4(hex!));
    }
  }
  return found;
}

function decodeV4(hex: string): string {
  // Little-endian 32-bit word.
  return [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
}

function decodeV6(hex: string): string {
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const word = hex.slice(i, i + 8);
    const bytes = [6, 4, 2, 0].map((j) => word.slice(j, j + 2)).join('');
    words.push(bytes.slice(0, 4), bytes.slice(4, 8));
  }
  return words.map((w) => parseInt(w, 16).toString(16)).join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** This machine's non-loopback addresses (what another computer on the network would connect to). */
export function externalAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && !a.address.startsWith('fe80'))
    .map((a) => a!.address);
}

/** True when a TCP connection to address:port is accepted. */
export function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
