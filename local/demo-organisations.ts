import { generateApiKey, hashApiKey, isApiKey } from '../functions/domain/api-keys';
import type { OrganisationRepository } from '../functions/domain/ports';
import { PRESET_IDS, type PresetId, presetPolicy } from '../functions/domain/presets';

/**
 * One demo organisation per policy preset, with a stable id (`demo-school`) so that URLs and local.json stay the same
 * from one start to the next. The table keeps only each API key's SHA-256, as in AWS; the plaintext keys are handed
 * back to the caller, which keeps them in local.json, because a demo nobody can call is no demo. They open only this
 * machine's local store.
 */

export interface DemoOrganisation {
  readonly id: string;
  readonly name: string;
  readonly preset: PresetId;
  /** Plaintext, for this local demo only. */
  readonly apiKey: string;
}

const NAMES: Record<PresetId, string> = {
  'social-care': 'Demo Social Care Provider',
  'elite-care': 'Demo Care Home',
  rcot: 'Demo Professional Body',
  generic: 'Demo Organisation (controller)',
  'generic-processor': 'Demo Organisation (processor)',
  school: 'Demo Primary School',
};

export const demoOrganisationId = (preset: PresetId): string => `demo-${preset}`;

export const demoOrganisationName = (preset: PresetId): string => NAMES[preset];

/**
 * Creates whatever demo organisation is missing and makes sure each has a working key: the key `known` gives for it
 * (from the last start's local.json) if the table still opens the organisation with it, else a new one.
 */
export async function seedDemoOrganisations(
  organisations: OrganisationRepository,
  known: readonly Partial<DemoOrganisation>[] = [],
): Promise<DemoOrganisation[]> {
  const seeded: DemoOrganisation[] = [];
  for (const preset of PRESET_IDS) {
    const id = demoOrganisationId(preset);
    const name = NAMES[preset];
    if ((await organisations.get(id)) === undefined) {
      await organisations.put({ id, name, policy: presetPolicy(preset) });
    }
    const previous = known.find((organisation) => organisation.id === id)?.apiKey;
    const stillValid =
      typeof previous === 'string' &&
      isApiKey(previous) &&
      (await organisations.byApiKeyHash(hashApiKey(previous)))?.id === id;
    const apiKey = stillValid ? previous : generateApiKey();
    if (!stillValid) await organisations.addApiKeyHash(id, hashApiKey(apiKey));
    seeded.push({ id, name, preset, apiKey });
  }
  return seeded;
}
