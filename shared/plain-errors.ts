/**
 * Low-level failures in plain words: what happened and what to do. The
 * service runs connection-test details and account errors through it before
 * they leave (so the CLI says the same), and the UI runs whatever it shows
 * through it again (messages from an older service, or from the browser's own
 * fetch). Codes such as ECONNREFUSED stay out of the headline; the original
 * text is kept for the "details" a person may copy into a support request.
 */
export interface PlainFailure {
  /** What happened, one sentence. */
  what: string;
  /** What to do about it, one sentence. */
  todo: string;
  /** Which rule matched, for tests and for the UI's choices (e.g. offer to create a missing folder). */
  kind: PlainFailureKind;
}

export type PlainFailureKind =
  | 'refused'
  | 'unknown-host'
  | 'timeout'
  | 'connection-dropped'
  | 'unreachable-network'
  | 'certificate'
  | 'no-permission-local'
  | 'disk-full'
  | 'sign-in-refused'
  | 'forbidden'
  | 'missing-folder'
  | 'out-of-space';

interface Rule {
  kind: PlainFailureKind;
  test: RegExp;
  what: string;
  todo: string;
}

/** Most specific first: a message may carry both a code and an HTTP status. */
const RULES: readonly Rule[] = [
  {
    kind: 'missing-folder',
    test: /folder .* does not exist|\b404\b.*(folder|collection|propfind)|(folder|collection|propfind).*\b404\b|NoSuchBucket|bucket .*does not exist/i,
    what: 'The folder (or bucket) this account points to does not exist on the server; the sign-in itself may be fine.',
    todo: 'Create the folder on the server (for Nextcloud, in its Files page), or correct the folder in the address.',
  },
  {
    kind: 'sign-in-refused',
    test: /\b401\b|unauthori[sz]ed|refused user|InvalidAccessKeyId|SignatureDoesNotMatch|authentication failed|All configured authentication methods failed/i,
    what: 'The server refused the user name or password (or key).',
    todo: 'Check them, and for services with two-step sign-in use an app password made for RAIC.',
  },
  {
    kind: 'forbidden',
    test: /\b403\b|forbidden|AccessDenied|no permission/i,
    what: 'The server knows this account but does not let it use this folder.',
    todo: 'Give the account write access to the folder, or pick a folder it may write to.',
  },
  {
    kind: 'out-of-space',
    test: /\b507\b|out of space|QuotaExceeded|insufficient storage/i,
    what: 'The account is full.',
    todo: 'Free some space there or raise its quota; RAIC puts new pieces on the other accounts meanwhile.',
  },
  {
    kind: 'refused',
    test: /ECONNREFUSED|connection refused/i,
    what: 'Nothing answered at that address: the server is not running, or the port is wrong.',
    todo: 'Start the server (or check that the service is up), and check the address and port.',
  },
  {
    kind: 'unknown-host',
    test: /ENOTFOUND|EAI_AGAIN|getaddrinfo/i,
    what: 'The server name could not be found.',
    todo: 'Check the address for typos, and that this computer is online.',
  },
  {
    kind: 'timeout',
    test: /ETIMEDOUT|timed? ?out|did not answer within/i,
    what: 'The server did not answer in time.',
    todo: 'Check that this computer is online and the server is up; RAIC tries again by itself.',
  },
  {
    kind: 'connection-dropped',
    test: /ECONNRESET|EPIPE|socket hang up/i,
    what: 'The connection broke off in the middle.',
    todo: 'Try again; if it keeps happening, check the network or the server.',
  },
  {
    kind: 'unreachable-network',
    test: /EHOSTUNREACH|ENETUNREACH|network is unreachable/i,
    what: 'This computer cannot reach that network.',
    todo: 'Check the internet connection (or VPN) and try again.',
  },
  {
    kind: 'certificate',
    test: /CERT_|self[- ]signed|unable to verify the first certificate|certificate/i,
    what: 'The server’s security certificate could not be trusted.',
    todo: 'Check the address (https and the right name); a server with its own certificate needs it installed on this computer.',
  },
  {
    kind: 'no-permission-local',
    test: /EACCES|EPERM|permission denied/i,
    what: 'This computer does not let RAIC use that file or folder.',
    todo: 'Choose a folder you own, or change its permissions.',
  },
  {
    kind: 'disk-full',
    test: /ENOSPC|no space left/i,
    what: 'The disk is full.',
    todo: 'Free some space on it and try again.',
  },
];

/** The plain explanation of a raw message, or undefined when it is already plain (no known code in it). */
export function explainFailure(raw: string): PlainFailure | undefined {
  const rule = RULES.find((candidate) => candidate.test.test(raw));
  return rule && { what: rule.what, todo: rule.todo, kind: rule.kind };
}

/** Low-level tokens a person should not have to read in a headline. */
const JARGON = /\b(E[A-Z]{3,}[A-Z_]*|HTTP \d{3}|getaddrinfo|errno)\b/;

/**
 * One message to show: the raw one when it is already plain, otherwise what
 * happened and what to do, with the raw text after "Details:" so nothing is hidden.
 */
export function plainMessage(raw: string): string {
  // Already translated (the service did it, the UI runs it again): say it once.
  if (raw.includes(' Details: ') || RULES.some((rule) => raw.includes(rule.todo))) return raw;
  const plain = explainFailure(raw);
  if (!plain) return raw;
  if (!JARGON.test(raw) && plain.kind !== 'missing-folder') return `${raw} ${plain.todo}`;
  return `${plain.what} ${plain.todo} Details: ${raw}`;
}

/**
 * A message's plain part and its technical details (what follows
 * " Details: "), so a screen can show the plain words and keep the raw text
 * behind a "Technical details" disclosure.
 */
export function splitDetails(message: string): { text: string; details?: string } {
  const at = message.indexOf(' Details: ');
  if (at < 0) return { text: message };
  return { text: message.slice(0, at), details: message.slice(at + ' Details: '.length) };
}

/** Failures where nothing answered or the connection broke: a sign-in was never tried. */
const NOT_REACHED: readonly PlainFailureKind[] = ['refused', 'unknown-host', 'timeout', 'connection-dropped', 'unreachable-network', 'certificate'];

/** The short names of connection-test checks ("credentials", "write") as a person says them. */
const CHECK_TITLES: Record<string, string> = {
  credentials: 'Sign-in',
  connect: 'Reaching the server',
  write: 'Saving a test file',
  read: 'Reading it back',
  list: 'Listing the folder',
  delete: 'Removing the test file',
  quota: 'Free space',
};

/** A check's title; a failed sign-in check whose cause is a missing folder is titled by the folder, not the sign-in. */
export function checkTitle(name: string, detail = ''): string {
  const kind = explainFailure(detail)?.kind;
  if (name === 'credentials' && kind === 'missing-folder') return 'Folder';
  if (name === 'credentials' && kind && NOT_REACHED.includes(kind)) return CHECK_TITLES.connect!;
  const known = CHECK_TITLES[name];
  if (known) return known;
  const words = name.replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
