/**
 * The sign-in operations' schemas: a cloud account added by signing in with
 * the provider in a browser (rclone does the OAuth2 dance), or signed in
 * again when its token was revoked.
 */
import { z } from 'zod';

/** The remote types RAIC signs in to through a browser (what Debian's rclone 1.60 can authorize). */
export const SIGN_IN_REMOTE_TYPES = ['drive', 'onedrive', 'dropbox', 'box', 'pcloud', 'yandex', 'hidrive', 'zoho'] as const;
export type SignInRemoteType = (typeof SIGN_IN_REMOTE_TYPES)[number];

export const StartSignInInputSchema = z
  .object({
    /** The cloud to sign in to; taken from the account when one is given. */
    remoteType: z.enum(SIGN_IN_REMOTE_TYPES, { message: `Choose a cloud RAIC can sign in to: ${SIGN_IN_REMOTE_TYPES.join(', ')}.` }).optional(),
    /** Sign an existing account in again (its token was revoked) instead of adding one. */
    accountId: z.string().min(1).optional(),
  })
  .strict()
  .refine((input) => input.remoteType !== undefined || input.accountId !== undefined, { message: 'Choose the cloud to sign in to (remoteType), or the account to sign in again (accountId).', path: ['remoteType'] });

export const SignInStartedSchema = z.object({
  signInId: z.string(),
  /** The page to open in a browser on this computer; it leads to the provider's sign-in. */
  url: z.string(),
  remoteType: z.enum(SIGN_IN_REMOTE_TYPES),
});
export type SignInStarted = z.infer<typeof SignInStartedSchema>;

export const FinishSignInInputSchema = z
  .object({
    signInId: z.string().min(1),
    /** The new account's name (not needed when signing an existing account in again). */
    name: z.string().trim().min(1, 'Give the account a name.').max(100).optional(),
    /** The folder on the cloud for RAIC's objects; empty for the top. */
    root: z.string().trim().max(1024).optional(),
  })
  .strict();

export const SignInIdInputSchema = z.object({ signInId: z.string().min(1) }).strict();

/** The provider's own name for each remote type, as the tiles and messages say it. */
export const SIGN_IN_PROVIDER_NAMES: Record<SignInRemoteType, string> = {
  drive: 'Google Drive',
  onedrive: 'OneDrive',
  dropbox: 'Dropbox',
  box: 'Box',
  pcloud: 'pCloud',
  yandex: 'Yandex Disk',
  hidrive: 'HiDrive',
  zoho: 'Zoho WorkDrive',
};
