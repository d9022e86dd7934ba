/** Files: the folder tree of everything stored in the grid. */
export function FilesScreen({ folder }: { folder: string }) {
  return <h2>Files in {folder}</h2>;
}
