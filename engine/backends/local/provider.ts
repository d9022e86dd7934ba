/**
 * The local-folder provider as the UI, the CLI and the config see it. Pure
 * data and zod (shared-level): the renderer imports it, so no backend code here.
 */
import { z } from 'zod';
import { absolutePath, commonAccountFields, defineProvider } from '../../../shared/provider-kit';

export const localProvider = defineProvider({
  id: 'local',
  label: 'Local folder or USB disk',
  description: 'A folder on this computer or on a disk plugged into it.',
  storage: 'blob-store',
  schema: z.object({
    provider: z.literal('local'),
    ...commonAccountFields,
    path: absolutePath('the folder where this account keeps its shares'),
  }),
  secretFields: [],
  fields: [{ name: 'path', label: 'Folder', kind: 'path', required: true, help: 'The full path of the folder; RAIC creates it if its parent exists.' }],
  pickerRank: 90,
  defaults: {
    lossProbability: 0.03,
    availability: 0.99,
    rationale:
      'Estimate. One disk without redundancy: published disk annualized failure rates (Backblaze Drive Stats, about 1.4-1.7% a year in 2022-2024) plus accidental deletion, theft and fire. Availability allows for an external disk being unplugged.',
    price: { storagePerGBMonth: 0, currency: 'USD' },
    kindName: 'Folders on this computer',
  },
  describeLocation: (s) => String(s.path),
});
