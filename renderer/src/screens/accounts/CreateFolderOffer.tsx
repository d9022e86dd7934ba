/** The way out of "the folder does not exist": one button that saves again, asking the service to create the folder first. */
export function CreateFolderOffer({ busy, onCreate }: { busy: boolean; onCreate: () => void }) {
  return (
    <div className="create-folder-offer" data-testid="create-folder-offer">
      <p>RAIC can create the folder on the server now, then test the connection and save the account.</p>
      <button type="button" disabled={busy} onClick={onCreate}>
        {busy ? 'Creating the folder…' : 'Create the folder'}
      </button>
    </div>
  );
}
