/**
 * rclone's log lines (its stderr) turned into account errors a person can act
 * on. rclone reports a remote's failures in its own words, which may quote a
 * URL, a user name or, for some providers, a token; so the message RAIC shows
 * is one of the sentences below, and only an unrecognised failure carries an
 * excerpt of rclone's line, with every secret of the account removed.
 */
import { redactSecrets } from '../common/redact';
import { BackendConfigError } from '../types';

type Reason = BackendConfigError['reason'];

interface Rule {
  pattern: RegExp;
  reason: Reason;
  say: (remoteType: string) => string;
}

/** First match wins: sign-in problems before the generic "not found" that some of them also contain. */
const RULES: readonly Rule[] = [
  {
    pattern: /didn't find backend called|unknown backend|couldn't find backend|didn't find section in config/i,
    reason: 'invalid',
    say: (type) => `the installed rclone does not know remotes of type "${type}" (rclone help backends lists the ones it knows; a newer rclone may have it)`,
  },
  {
    pattern: /unable to authenticate|authentication failed|auth(?:entication|orization)? (?:error|required)|invalid_grant|invalid_client|unauthori[sz]ed|\b401\b|login failed|wrong password|InvalidAccessKeyId|SignatureDoesNotMatch|token (?:has )?expired|couldn't decrypt/i,
    reason: 'credentials',
    say: (type) => `the ${type} remote refused rclone's sign-in: check the user name, password, key or token in its options`,
  },
  {
    pattern: /quota|insufficient storage|storage (?:is )?full|no space left|\b507\b/i,
    reason: 'quota',
    say: (type) => `the ${type} remote is full (its quota is used up), rclone says`,
  },
  {
    pattern: /permission denied|access denied|AccessDenied|forbidden|\b403\b/i,
    reason: 'permission',
    say: (type) => `the ${type} remote let rclone sign in but does not allow RAIC to use this folder (permission denied)`,
  },
  {
    pattern: /connection refused|no such host|network is unreachable|i\/o timeout|timed? ?out|connection reset|no route to host|dial tcp|EOF$/i,
    reason: 'unreachable',
    say: (type) => `rclone cannot reach the ${type} remote (is its address right, and is the network up?)`,
  },
  {
    pattern: /directory not found|not found|no such file or directory|doesn't exist|does not exist|\b404\b/i,
    reason: 'not-found',
    say: (type) => `the folder given for the ${type} remote does not exist there, rclone says`,
  },
];

/**
 * rclone's entries with their continuation lines joined on: the s3 backend
 * writes "status code: 403, request id: ..." on an indented line of its own
 * under the error, which alone would read as a mere "403".
 */
function logEntries(lines: readonly string[]): string[] {
  const entries: string[] = [];
  for (const line of lines) {
    if (/^\s/.test(line) && entries.length > 0) entries[entries.length - 1] += ` ${line.trim()}`;
    else entries.push(line);
  }
  return entries;
}

/** The line that says what went wrong: the last ERROR or fatal entry, else the last one. */
function failureLine(lines: readonly string[]): string | undefined {
  const entries = logEntries(lines);
  const meaningful = entries.filter((line) => !/\bNOTICE\b|\bINFO\b|\bDEBUG\b/.test(line));
  return meaningful.at(-1) ?? entries.at(-1);
}

/** Without rclone's date and time prefix and level. */
function stripPrefix(line: string): string {
  return line.replace(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\s+/, '').replace(/^(ERROR|CRITICAL|Failed to \w+)\s*:\s*/, '');
}

/**
 * The account error for what rclone logged, or undefined when its lines say
 * nothing recognisable (then `rcloneExcerpt` says what it can).
 */
export function explainRcloneFailure(lines: readonly string[], remoteType: string): BackendConfigError | undefined {
  const line = failureLine(lines);
  if (!line) return undefined;
  for (const rule of RULES) {
    if (rule.pattern.test(line)) return new BackendConfigError(rule.say(remoteType), rule.reason);
  }
  return undefined;
}

/**
 * A refused sign-in or permission among rclone's ERROR entries, if any.
 * rclone's WebDAV server answers a remote that refused its key as a missing
 * file or folder (404) or an empty listing, so an operation that looks like
 * "not found" or "nothing there" is checked against what rclone logged.
 */
export function accessRefusalIn(lines: readonly string[], remoteType: string): BackendConfigError | undefined {
  for (const entry of logEntries(lines).reverse()) {
    if (!/\bERROR\b|\bCRITICAL\b/.test(entry)) continue;
    const explained = explainRcloneFailure([entry], remoteType);
    if (explained && (explained.reason === 'credentials' || explained.reason === 'permission')) return explained;
  }
  return undefined;
}

/** A short, secret-free excerpt of rclone's last words, for failures no rule recognises. */
export function rcloneExcerpt(lines: readonly string[], secrets: readonly string[]): string {
  const line = failureLine(lines);
  if (!line) return 'rclone stopped without saying why';
  const clean = redactSecrets(stripPrefix(line), [...secrets])
    // URLs may carry credentials in their user part or query (tokens, signatures).
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1***@')
    .replace(/([?&][^=\s&]*(?:token|key|sig|signature|secret|password|pass)[^=\s&]*=)[^&\s]*/gi, '$1***');
  return clean.length > 240 ? `${clean.slice(0, 240)}…` : clean;
}
