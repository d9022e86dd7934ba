/**
 * Big tiles, one per provider people know by name. Each tile is a button, so
 * the picker works with Tab and Enter like any other control.
 */
import { PROVIDER_CHOICES, SIGN_IN_CHOICES, type ProviderChoice } from './providerChoices';

export function ProviderPicker({ onPick }: { onPick: (choice: ProviderChoice) => void }) {
  return (
    <>
      <ul className="provider-tiles" aria-label="Sign in to a cloud">
        {SIGN_IN_CHOICES.map((choice) => (
          <li key={choice.key}>
            <button type="button" className="provider-tile" data-testid="sign-in-tile" onClick={() => onPick(choice)}>
              <span className="provider-tile-label">{choice.label}</span>
              <span className="provider-tile-description">{choice.description}</span>
            </button>
          </li>
        ))}
      </ul>
      <StorageTiles onPick={onPick} />
    </>
  );
}

function StorageTiles({ onPick }: { onPick: (choice: ProviderChoice) => void }) {
  return (
    <ul className="provider-tiles" aria-label="Where is the storage?">
      {PROVIDER_CHOICES.map((choice) => (
        <li key={choice.key}>
          <button type="button" className="provider-tile" data-testid="provider-tile" onClick={() => onPick(choice)}>
            <span className="provider-tile-label">{choice.label}</span>
            <span className="provider-tile-description">{choice.description}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
