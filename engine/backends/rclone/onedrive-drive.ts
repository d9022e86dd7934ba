/**
 * OneDrive needs two options besides the token: which drive (`drive_id`)
 * and what kind it is (`drive_type`: personal, business or documentLibrary).
 * rclone's own config flow asks Microsoft Graph for them after signing in;
 * `rclone authorize` does not, so RAIC asks Graph itself with the new access
 * token. The token goes only into the Authorization header; no message here
 * ever contains it.
 */
import { BackendConfigError } from '../types';

/** Microsoft Graph's root; tests point it at the local OAuth test server. */
export const GRAPH_ROOT = 'https://graph.microsoft.com';
const DRIVE_TYPES = ['personal', 'business', 'documentLibrary'] as const;
const GRAPH_TIMEOUT_MS = 30_000;

export interface OneDriveDrive {
  driveId: string;
  driveType: (typeof DRIVE_TYPES)[number];
}

/** The access token inside rclone's token JSON. */
function accessTokenOf(tokenJson: string): string {
  try {
    const token = (JSON.parse(tokenJson) as { access_token?: unknown }).access_token;
    if (typeof token === 'string' && token) return token;
  } catch {
    // fall through: the sentence below never quotes the text
  }
  throw new BackendConfigError('the sign-in did not give an access token to look up the OneDrive drive with; sign in again', 'credentials');
}

/** The signed-in user's default drive (`GET /v1.0/me/drive`), as rclone's options want it. */
export async function fetchOneDriveDrive(tokenJson: string, graphRoot: string = GRAPH_ROOT): Promise<OneDriveDrive> {
  const accessToken = accessTokenOf(tokenJson);
  let response: Response;
  try {
    response = await fetch(`${graphRoot.replace(/\/$/, '')}/v1.0/me/drive`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
    });
  } catch {
    throw new BackendConfigError('could not reach Microsoft Graph to look up the OneDrive drive (is the network up?); sign in again later', 'unreachable');
  }
  if (response.status === 401 || response.status === 403) {
    throw new BackendConfigError(`the OneDrive drive could not be looked up: Microsoft Graph refused the sign-in (HTTP ${response.status}); sign in again`, 'credentials');
  }
  if (!response.ok) {
    throw new BackendConfigError(`the OneDrive drive could not be looked up: Microsoft Graph answered HTTP ${response.status}; sign in again later`, 'unreachable');
  }
  const body = (await response.json().catch(() => ({}))) as { id?: unknown; driveType?: unknown };
  const driveType = DRIVE_TYPES.find((type) => type === body.driveType);
  if (typeof body.id !== 'string' || !body.id || !driveType) {
    throw new BackendConfigError('the OneDrive drive could not be looked up: Microsoft Graph answered without a drive id and type; sign in again', 'invalid');
  }
  return { driveId: body.id, driveType };
}
